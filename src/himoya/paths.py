"""Where the course lives on disk.

The course root is the folder holding ``_config.yml`` and ``_toc.yml``. It is found from the
``HIMOYA_ROOT`` environment variable, else by walking up from the current directory, else from the
location of this package (an editable install inside the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

from himoya.errors import CourseNotFoundError

_MARKERS = ("_config.yml", "_toc.yml")


def _is_root(path: Path) -> bool:
    return all((path / marker).is_file() for marker in _MARKERS)


def course_root(start: Path | None = None) -> Path:
    """Return the course root folder.

    Raises ``CourseNotFoundError`` (a ``FileNotFoundError``) saying where it looked.
    """
    env = os.environ.get("HIMOYA_ROOT")
    if env:
        root = Path(env).expanduser().resolve()
        if _is_root(root):
            return root
        raise CourseNotFoundError(f"HIMOYA_ROOT={env} has no _config.yml and _toc.yml")
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if _is_root(candidate):
            return candidate
    package_dir = Path(__file__).resolve().parent
    for candidate in package_dir.parents:
        if _is_root(candidate):
            return candidate
    raise CourseNotFoundError(
        f"no Himoya course found in {here} or its parents "
        "(looked for _config.yml and _toc.yml; set HIMOYA_ROOT to the course folder)"
    )
