"""The one error type for a user's mistake.

A :class:`UserError` says what is wrong and where (the file, row, node or item) in words a trainer
or an author can act on. ``himoya.cli.main`` catches it once, prints ``himoya: error: <message>``
and exits with 1: no traceback. Every error type that reports bad input (a broken scenario, a bad
roster row, a missing course folder) is a subclass, so a caller can also catch the narrower type.
A bug in the package is *not* a ``UserError``: it keeps its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a missing file: the message names it and what is wrong (one line per item)."""


class CourseNotFoundError(UserError, FileNotFoundError):
    """No course folder (``_config.yml`` and ``_toc.yml``) where one was looked for."""


class CohortError(UserError):
    """A cohort command cannot go on; the message says what and where, in one line or a list."""
