"""Drive nbgrader from Python on any course folder: its tools, its config, student versions.

Used by the trainer workflow (``himoya.grading``: a cohort workspace) and by the offline bundle
(``himoya.book.bundle``: a throw-away course folder), so both release exercises the same way.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from functools import cache
from pathlib import Path

from himoya.errors import UserError


class StudentVersionError(UserError, RuntimeError):
    """nbgrader could not make an assignment's student version; the message says why."""


_EXCEPTION_LINE = re.compile(r"^\s*[\w.]+(?:Error|Exception): ")
"""A traceback's last line, ``sqlalchemy.exc.DatabaseError: ...``."""
_QUIET = logging.NullHandler()


def tool_env() -> dict[str, str]:
    """Environment with this Python's bin folder first on PATH (nbgrader runs `alembic`)."""
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}


def ensure_tools_on_path() -> None:
    """Put this Python's bin folder on PATH for nbgrader calls made in this process, and let a
    new gradebook learn its schema version without starting a process (:func:`alembic_head`)."""
    os.environ.update({"PATH": tool_env()["PATH"]})
    import nbgrader.api

    nbgrader.api.get_alembic_version = alembic_head


@cache
def alembic_head() -> str:
    """The revision nbgrader records in a new gradebook: the head of its migration scripts.

    nbgrader's own ``get_alembic_version`` runs ``alembic heads`` in a new process for every new
    gradebook, and that process imports nbgrader again: seconds of CPU for each ``cohort init``.
    This reads the same scripts with alembic's API, once per process, and gives the same answer.
    """
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    return ScriptDirectory(ALEMBIC_DIR).get_heads()[0]


def course_assignments(exercises: Path) -> list[str]:
    """Assignment ids in an nbgrader source-style folder (sub-folders holding notebooks)."""
    if not exercises.is_dir():
        return []
    return sorted(p.name for p in exercises.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def nbgrader_api(root: Path, *, db_url: str, **overrides):
    """An ``NbGraderAPI`` for the course at ``root`` with its ``nbgrader_config.py``.

    ``overrides`` are dotted config names (``"Execute.timeout": 5``) applied on top of the file.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    ensure_tools_on_path()
    # nbgrader's gradebook logs a failed write (a read-only gradebook) with its traceback on
    # tornado's application logger; with no handler there, Python prints it on stderr. The cause
    # comes back in nbgrader's result and is reported in one line (generate_student_version).
    logging.getLogger("tornado.application").addHandler(_QUIET)
    config_file = Path(root) / "nbgrader_config.py"
    try:
        config = PyFileConfigLoader(config_file.name, path=str(root)).load_config()
    except Exception as error:  # the file is Python a trainer may have edited: anything can fail
        what = str(error).strip().splitlines()
        raise UserError(
            f"{config_file}: nbgrader cannot read it ({type(error).__name__}: "
            f"{what[0] if what else 'no detail'})"
        ) from None
    extra = Config()
    for dotted, value in overrides.items():
        section, name = dotted.split(".", 1)
        setattr(extra[section], name, value)
    config.merge(extra)
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = db_url
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def generate_student_version(api, assignment: str) -> None:
    """Run nbgrader's ``generate_assignment`` (student version + gradebook entry) or raise."""
    result = api.generate_assignment(assignment, force=True, create=True)
    if not result["success"]:
        lines = (result.get("error") or result.get("log") or "").strip().splitlines()
        # nbgrader's own last line only says "see the traceback above"; the cause is the last
        # exception in its log (e.g. a gradebook that is not a database).
        causes = [
            line.strip()
            for line in (result.get("log") or "").splitlines()
            if _EXCEPTION_LINE.match(line) and "NbGraderException" not in line
        ]
        reason = causes[-1] if causes else (lines[-1] if lines else "unknown error")
        raise StudentVersionError(
            f"{assignment}: nbgrader could not make the student version: {reason}"
        )
