"""Building the book: strict offline HTML, PDF handouts and the offline bundle."""

from himoya.book.build import BuildError, build_book
from himoya.book.offline import RemoteResource, find_remote_resources

__all__ = ["BuildError", "RemoteResource", "build_book", "find_remote_resources"]
