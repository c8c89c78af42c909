"""The offline check of the built book: :func:`find_remote_resources` over ``_build/html``.

The page scanner itself lives in :mod:`himoya.offline`, shared with the grading steps (feedback
pages and the cohort report are checked with it too).
"""

from __future__ import annotations

from himoya.offline import RemoteResource, find_remote_resources, is_remote, scan_file

__all__ = ["RemoteResource", "find_remote_resources", "is_remote", "scan_file"]
