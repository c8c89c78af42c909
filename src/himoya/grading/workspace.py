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

from dataclasses import dataclass
from pathlib import Path

from himoya.errors import CohortError
from himoya.nbgrader_course import ensure_tools_on_path, tool_env
from himoya.nbgrader_course import nbgrader_api as _nbgrader_api

__all__ = [
    "CohortError",
    "Workspace",
    "database_url",
    "ensure_tools_on_path",
    "gradebook",
    "nbgrader_api",
    "open_workspace",
    "tool_env",
]


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
        """``cohort.yml``, checked against ``cohort.schema.json`` (see ``grading/settings.py``)."""
        from himoya.grading.settings import read_settings

        return read_settings(self.settings_file)

    def language(self) -> str:
        """The cohort's language (``cohort.yml``; English for workspaces made before it)."""
        return str(self.settings().get("lang") or "en")

    def db_url(self) -> str:
        return database_url(self.settings().get("db_url") or "") or (
            f"sqlite:///{self.root / 'gradebook.db'}"
        )


def database_url(url: str) -> str:
    """A gradebook URL as SQLAlchemy should open it; PostgreSQL through psycopg 3.

    ``postgresql://`` is SQLAlchemy's name for its default PostgreSQL driver, which is psycopg 3
    only from SQLAlchemy 2.1 on; Himoya's ``[postgres]`` extra installs psycopg 3, so say so.
    Raises ``CohortError`` when the driver is not installed.
    """
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("postgresql+psycopg://"):
        import importlib.util

        if importlib.util.find_spec("psycopg") is None:
            raise CohortError(
                "the gradebook is on PostgreSQL but its driver is not installed: "
                "run `pip install 'himoya[postgres]'` (psycopg 3) in Himoya's environment"
            )
    return url


def open_workspace(directory: Path) -> Workspace:
    """The workspace at ``directory``, or ``CohortError`` if it was not made by ``cohort init``."""
    root = Path(directory).expanduser().resolve()
    workspace = Workspace(root)
    if not workspace.config_file.is_file() or not workspace.settings_file.is_file():
        raise CohortError(f"{root}: not a cohort workspace (run `himoya cohort init {directory}`)")
    workspace.settings()  # a broken cohort.yml stops here, naming the field, before any work
    return workspace


def nbgrader_api(workspace: Workspace, **overrides):
    """An ``NbGraderAPI`` for the workspace, with its config file and optional overrides."""
    db_url = overrides.pop("CourseDirectory.db_url", None) or workspace.db_url()
    return _nbgrader_api(workspace.root, db_url=db_url, **overrides)


def gradebook(workspace: Workspace, db_url: str | None = None):
    """nbgrader's ``Gradebook`` for the workspace (a context manager)."""
    from nbgrader.api import Gradebook
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    ensure_tools_on_path()
    url = database_url(db_url or "") or workspace.db_url()
    try:
        return Gradebook(url)
    except SQLAlchemyError as error:
        try:  # the message may be shown on a projector: never the password
            shown = make_url(url).render_as_string(hide_password=True)
        except ArgumentError:
            shown = url
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        raise CohortError(
            f"{shown}: nbgrader cannot open this gradebook ({reason[0] if reason else 'no detail'})"
        ) from None
