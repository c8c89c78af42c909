"""The real gradebook, written by the main process only (see :mod:`himoya.grading.autograde`).

Workers grade into private SQLite copies of a snapshot (:func:`snapshot`) and send back what
nbgrader's autograde recorded (a :class:`JobResult`); :func:`write_result` records it in the real
gradebook, SQLite or PostgreSQL, as nbgrader's autograde would, never touching manual grades.
"""

from __future__ import annotations

import sqlite3
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from himoya.grading.workspace import CohortError, Workspace, gradebook, nbgrader_api
from himoya.nbgrader_course import StudentVersionError, generate_student_version


@dataclass(frozen=True)
class Job:
    """One submitted notebook to grade."""

    student: str
    assignment: str
    notebook: str
    digest: str
    """SHA-256 of the submitted notebook's bytes: a changed file is graded again."""
    timestamp: str
    source: str = ""
    """Digest of the assignment's source notebook and files: changed tests mean a regrade."""

    @property
    def key(self) -> str:
        return f"{self.student}/{self.assignment}/{self.notebook}"


@dataclass
class JobResult:
    """What a worker sends back for one notebook."""

    job: Job
    grades: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    late_penalty: float | None = None
    """nbgrader's late-submission penalty for the notebook (None: not late or no policy)."""
    problem: str = ""
    """Empty when the notebook was graded normally; otherwise why it scored zero."""
    note: str = ""
    """Something repaired before grading (e.g. copied test cells), graded anyway."""
    seconds: dict = field(default_factory=dict)
    """Where the worker's time went for this notebook (for profiling)."""


def snapshot(workspace: Workspace, db_url: str) -> Path:
    """A consistent private SQLite copy of the gradebook for the workers, whatever its database.

    Workers grade into copies of this file and never into the real gradebook: nbgrader's
    autograde zeroes every notebook of the assignment missing from the folder it grades, which
    on a shared server gradebook zeroes notebooks other workers are grading at the same time.
    """
    target = workspace.private / "gradebook-snapshot.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    if db_url.startswith("sqlite:///"):
        source = Path(db_url.removeprefix("sqlite:///"))
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return target
    copy_gradebook(db_url, f"sqlite:///{target}")
    return target


def copy_gradebook(source_url: str, target_url: str) -> None:
    """Copy every row of every nbgrader table from one database into a new gradebook."""
    import sqlalchemy as sa
    from nbgrader.api import Base, Gradebook

    with Gradebook(target_url):
        pass  # nbgrader creates the tables and records its schema version
    # One snapshot of every table, even while another trainer's grading writes to the server.
    server = sa.engine.make_url(source_url).get_backend_name() in ("postgresql", "mysql")
    source = sa.create_engine(
        source_url, **({"isolation_level": "REPEATABLE READ"} if server else {})
    )
    target = sa.create_engine(target_url)
    try:
        with source.connect() as read, target.begin() as write:
            for table in reversed(Base.metadata.sorted_tables):
                write.execute(table.delete())
            for table in Base.metadata.sorted_tables:
                rows = [dict(row._mapping) for row in read.execute(sa.select(table))]
                if rows:
                    write.execute(table.insert(), rows)
    finally:
        source.dispose()
        target.dispose()


def _timestamp(text: str):
    """The submission time as nbgrader records it (``timestamp.txt`` parsed to naive UTC)."""
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(text) if text else None
    except ValueError:
        return None


def _zero_missing(gb, workspace: Workspace, student: str, assignment: str) -> None:
    """As nbgrader: a notebook of the assignment not handed in scores zero, no manual grading."""
    folder = workspace.submitted / student / assignment
    for notebook in gb.find_assignment(assignment).notebooks:
        if (folder / f"{notebook.name}.ipynb").exists():
            continue
        submitted = gb.find_submission_notebook(notebook.name, assignment, student)
        for grade in submitted.grades:
            grade.auto_score = 0
            grade.needs_manual_grade = False


def write_result(gb, workspace: Workspace, result: JobResult, zeroed: set | None = None) -> None:
    """Record one notebook's grading in the real gradebook, as nbgrader's autograde does.

    ``zeroed`` holds the submissions whose missing notebooks were already set to zero in this
    run (nbgrader does it each time it grades a submission; once per run is the same).
    """
    from nbgrader.api import MissingEntry

    job = result.job
    stamp = _timestamp(job.timestamp)
    try:
        submission = gb.find_submission(job.assignment, job.student)
    except MissingEntry:
        submission = None
    if submission is None or (stamp is not None and submission.timestamp != stamp):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gb.update_or_create_student(job.student)
            if stamp is not None:
                gb.update_or_create_submission(job.assignment, job.student, timestamp=stamp)
            else:
                gb.update_or_create_submission(job.assignment, job.student)
    if zeroed is None or (job.student, job.assignment) not in zeroed:
        _zero_missing(gb, workspace, job.student, job.assignment)
        if zeroed is not None:
            zeroed.add((job.student, job.assignment))
    notebook = gb.find_submission_notebook(job.notebook, job.assignment, job.student)
    by_name = {g["name"]: g for g in result.grades}
    for grade in notebook.grades:
        found = by_name.get(grade.name)
        if result.problem or found is None:
            # A broken notebook scores zero on its autograded cells; nothing to grade by hand.
            grade.auto_score = 0.0 if grade.cell.cell_type == "code" else None
            grade.needs_manual_grade = False
        else:
            grade.auto_score = found["auto_score"]
            grade.needs_manual_grade = found["needs_manual_grade"]
    comments = {c["name"]: c for c in result.comments}
    for comment in notebook.comments:
        if comment.name in comments:
            comment.auto_comment = comments[comment.name]["auto_comment"]
    notebook.late_submission_penalty = None if result.problem else result.late_penalty
    gb.db.commit()


def _registered_sources_differ(gb, workspace: Workspace, assignment: str) -> bool:
    """True when ``source/`` has other tests or points than the gradebook has registered."""
    import nbformat

    try:
        registered = gb.find_assignment(assignment)
    except Exception:
        return True
    notebooks = {nb.name: nb for nb in registered.notebooks}
    if set(notebooks) != set(workspace.notebooks(assignment)):
        return True
    for name, notebook in notebooks.items():
        path = workspace.source / assignment / f"{name}.ipynb"
        cells = nbformat.read(path, as_version=4).cells
        sources = {c.name: c.source for c in notebook.source_cells}
        points = {c.name: c.max_score for c in notebook.grade_cells}
        for cell in cells:
            meta = cell.metadata.get("nbgrader", {})
            grade_id = meta.get("grade_id")
            if not grade_id:
                continue
            # The gradebook keeps a solution cell as trainees get it (solution cleared): only
            # the other cells (tests, locked text) are restored from it when grading.
            if not meta.get("solution") and sources.get(grade_id) != cell.source:
                return True
            if meta.get("grade") and points.get(grade_id) != float(meta.get("points", 0)):
                return True
    return False


def register_assignments(workspace: Workspace, jobs: list[Job]) -> None:
    """Register (again) every assignment being graded whose tests in ``source/`` changed.

    nbgrader restores each test cell from the gradebook, so changed tests must reach it first:
    this runs nbgrader's ``generate_assignment`` as ``cohort release`` does (it refuses, and we
    say so, when cells were added or removed after trainees handed in).
    """
    needed = sorted({job.assignment for job in jobs})
    with gradebook(workspace) as gb:
        stale = [a for a in needed if _registered_sources_differ(gb, workspace, a)]
    if stale:
        api = nbgrader_api(workspace)
        for assignment in stale:
            try:
                generate_student_version(api, assignment)
            except StudentVersionError as error:
                raise CohortError(f"could not register the changed tests: {error}") from None
