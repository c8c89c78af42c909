"""Himoya: an open training-course kit on child protection for Tajikistan and Central Asia."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("himoya")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
