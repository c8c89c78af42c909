"""A cohort workspace: an nbgrader course directory plus Himoya's own files.

```
DIR/
  nbgrader_config.py   gradebook.db   roster.csv   cohort.yml
  source/ release/ submitted/ autograded/ feedback/        (nbgrader's layout)
  usb/        one zip per assignment + instructions.html, for distribution
  collected/  read-only copies of everything collected, by batch
  reports/    grades.csv, index.html, problems.csv
  certificates/
  .himoya/    grading state (resumable), kernels, worker scratch space
```
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml


class CohortError(Exception):
    """A cohort command cannot go on; the message says what and where, in one line or a list."""


@dataclass(frozen=True)
class Workspace:
    """Paths of one cohort workspace."""

    root: Path
    """The workspace folder (nbgrader's course root)."""

    @property
    def config_file(self) -> Path:
        return self.root / "nbgrader_config.py"

    @property
    def roster_file(self) -> Path:
        return self.root / "roster.csv"

    @property
    def settings_file(self) -> Path:
        return self.root / "cohort.yml"

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def release(self) -> Path:
        return self.root / "release"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def usb(self) -> Path:
        return self.root / "usb"

    @property
    def collected(self) -> Path:
        return self.root / "collected"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def certificates(self) -> Path:
        return self.root / "certificates"

    @property
    def private(self) -> Path:
        return self.root / ".himoya"

    def assignments(self) -> list[str]:
        """Assignment ids in ``source/``, sorted."""
        if not self.source.is_dir():
            return []
        return sorted(
            p.name for p in self.source.iterdir() if p.is_dir() and any(p.glob("*.ipynb"))
        )

    def notebooks(self, assignment: str) -> list[str]:
        """Notebook names (without ``.ipynb``) of one assignment, sorted."""
        return sorted(p.stem for p in (self.source / assignment).glob("*.ipynb"))

    def settings(self) -> dict:
        if not self.settings_file.is_file():
            return {}
        return yaml.safe_load(self.settings_file.read_text(encoding="utf-8")) or {}

    def db_url(self) -> str:
        return self.settings().get("db_url") or f"sqlite:///{self.root / 'gradebook.db'}"


def open_workspace(directory: Path) -> Workspace:
    """The workspace at ``directory``, or ``CohortError`` if it was not made by ``cohort init``."""
    root = Path(directory).expanduser().resolve()
    workspace = Workspace(root)
    if not workspace.config_file.is_file() or not workspace.settings_file.is_file():
        raise CohortError(f"{root}: not a cohort workspace (run `himoya cohort init {directory}`)")
    return workspace


def tool_env() -> dict[str, str]:
    """Environment with this Python's bin folder first on PATH (nbgrader runs `alembic`)."""
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}


def ensure_tools_on_path() -> None:
    """Put this Python's bin folder on PATH for nbgrader calls made in this process."""
    os.environ.update({"PATH": tool_env()["PATH"]})


def nbgrader_api(workspace: Workspace, **overrides):
    """An ``NbGraderAPI`` for the workspace, with its config file and optional overrides."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    ensure_tools_on_path()
    config = PyFileConfigLoader(workspace.config_file.name, path=str(workspace.root)).load_config()
    extra = Config()
    for dotted, value in overrides.items():
        section, name = dotted.split(".", 1)
        setattr(extra[section], name, value)
    config.merge(extra)
    config.CourseDirectory.root = str(workspace.root)
    config.CourseDirectory.db_url = overrides.get("CourseDirectory.db_url", workspace.db_url())
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def gradebook(workspace: Workspace, db_url: str | None = None):
    """nbgrader's ``Gradebook`` for the workspace (a context manager)."""
    from nbgrader.api import Gradebook

    ensure_tools_on_path()
    return Gradebook(db_url or workspace.db_url())
