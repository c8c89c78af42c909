"""``himoya cohort grade``: parallel, resumable autograding with nbgrader, one notebook at a time.

nbgrader grades one submission after another in a single process, and a broken notebook can stop
a whole batch. Here:

* the work list is every submitted notebook whose contents changed since it was last graded
  (``.himoya/grading-state.json``), so a second run resumes where a killed one stopped;
* a pool of worker processes (default: one per CPU) each runs nbgrader's own ``autograde`` in its
  private copy of the course (``.himoya/work/<worker>/``) with its own copy of the gradebook, so
  workers never write the same SQLite file;
* the main process is the only writer of the real gradebook: it copies each notebook's grades and
  comments in, moves the autograded notebook into ``autograded/``, then records the notebook as
  done; killing it at any moment loses at most the notebooks in flight;
* a notebook that is empty, not valid JSON, has copied test cells, loops, eats memory, exits or
  kills its kernel costs only its own grade, and is listed with the reason in
  ``reports/problems.csv``.

Scores are nbgrader's own (same preprocessors, same checksums, same restored test cells); a test
compares them with plain sequential ``nbgrader autograde``.
"""

from __future__ import annotations

import concurrent.futures as futures
import hashlib
import json
import multiprocessing
import os
import shutil
import sqlite3
import sys
import warnings
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from himoya.grading.preprocessors import autograde_pipeline
from himoya.grading.workspace import (
    CohortError,
    Workspace,
    gradebook,
    nbgrader_api,
    open_workspace,
)
from himoya.nbgrader_course import StudentVersionError, generate_student_version

STATE_VERSION = 1
GRADER_KERNEL = "himoya-grader"


@dataclass(frozen=True)
class Job:
    """One submitted notebook to grade."""

    student: str
    assignment: str
    notebook: str
    digest: str
    """SHA-256 of the submitted notebook's bytes: a changed file is graded again."""
    timestamp: str

    @property
    def key(self) -> str:
        return f"{self.student}/{self.assignment}/{self.notebook}"


@dataclass
class JobResult:
    """What a worker sends back for one notebook."""

    job: Job
    grades: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    problem: str = ""
    """Empty when the notebook was graded normally; otherwise why it scored zero."""
    note: str = ""
    """Something repaired before grading (e.g. copied test cells), graded anyway."""


@dataclass(frozen=True)
class GradeSummary:
    """What one ``grade`` run did."""

    graded: int
    """Notebooks graded normally in this run."""
    problems: int
    """Notebooks that scored zero because they were broken (see ``reports/problems.csv``)."""
    skipped: int
    """Notebooks already graded and unchanged."""
    seconds: float


def _state_path(workspace: Workspace) -> Path:
    return workspace.private / "grading-state.json"


def load_state(workspace: Workspace) -> dict:
    path = _state_path(workspace)
    if not path.is_file():
        return {"version": STATE_VERSION, "notebooks": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def _save_state(workspace: Workspace, state: dict) -> None:
    path = _state_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.part")
    partial.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    partial.replace(path)


def pending_jobs(workspace: Workspace, state: dict) -> tuple[list[Job], int]:
    """Submitted notebooks not yet graded in their current form, and the count already done."""
    known = set(workspace.assignments())
    done = state.get("notebooks", {})
    jobs, skipped = [], 0
    if not workspace.submitted.is_dir():
        return jobs, skipped
    for student_dir in sorted(p for p in workspace.submitted.iterdir() if p.is_dir()):
        for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if assignment_dir.name not in known:
                continue
            stamp_file = assignment_dir / "timestamp.txt"
            stamp = stamp_file.read_text(encoding="utf-8").strip() if stamp_file.exists() else ""
            expected = set(workspace.notebooks(assignment_dir.name))
            for path in sorted(assignment_dir.glob("*.ipynb")):
                if path.stem not in expected:
                    continue
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                job = Job(student_dir.name, assignment_dir.name, path.stem, digest, stamp)
                if done.get(job.key, {}).get("digest") == digest:
                    skipped += 1
                else:
                    jobs.append(job)
    return jobs, skipped


def _install_grader_kernel(workspace: Workspace, memory_mb: int) -> Path:
    """Install a memory-capped kernelspec; return the Jupyter data folder that holds it."""
    data_dir = workspace.private / "jupyter"
    spec_dir = data_dir / "kernels" / GRADER_KERNEL
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [
            sys.executable,
            "-m",
            "himoya.grading.kernel",
            "--memory-mb",
            str(memory_mb),
            "--IPKernelApp.log_level=ERROR",
            "-f",
            "{connection_file}",
        ],
        "display_name": "Python 3 (Himoya grader, memory-capped)",
        "language": "python",
        "env": {"PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return data_dir


# --- worker side -------------------------------------------------------------------------------

_WORKER: dict = {}


def _worker_init(root: str, snapshot: str | None, db_url: str, jupyter_data: str) -> None:
    """Set up this worker's private course copy (runs once per worker process)."""
    import warnings

    # nbgrader and the kernels it starts log to stderr; the trainer sees our progress bar and a
    # one-line reason per problem instead (nbgrader's log is still captured for those reasons).
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 (lives as long as the worker)
    # nbgrader 0.9 with SQLAlchemy 2 warns about its own session use; it is harmless here.
    warnings.filterwarnings("ignore", module="nbgrader")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    workspace = Workspace(Path(root))
    private = workspace.private / "work" / f"w{os.getpid()}"
    if private.exists():
        shutil.rmtree(private)
    (private / "submitted").mkdir(parents=True)
    (private / "source").symlink_to(workspace.source, target_is_directory=True)
    shutil.copy2(workspace.config_file, private / "nbgrader_config.py")
    if snapshot:
        shutil.copy2(snapshot, private / "gradebook.db")
        db_url = f"sqlite:///{private / 'gradebook.db'}"
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [jupyter_data, os.environ.get("JUPYTER_PATH", "")])
    )
    _WORKER.update(workspace=workspace, private=Workspace(private), db_url=db_url)


def _check_notebook(path: Path) -> tuple[dict | None, str, str]:
    """Read a submitted notebook; return (notebook, problem, note) with repairs applied."""
    import nbformat

    data = path.read_bytes()
    if not data.strip():
        return None, "the file is empty", ""
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "the file is not UTF-8 text", ""
    except json.JSONDecodeError as error:
        return None, f"not a valid notebook: broken JSON at line {error.lineno}", ""
    try:
        nb = nbformat.from_dict(raw)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no cells")
        nbformat.validate(nb, relax_add_props=True)
    except Exception as error:
        return None, f"not a valid notebook: {str(error).splitlines()[0][:150]}", ""
    seen: set[str] = set()
    copies = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if grade_id is None:
            continue
        if grade_id in seen:
            del cell.metadata["nbgrader"]
            copies.append(grade_id)
        seen.add(grade_id)
    note = ""
    if copies:
        note = (
            "a graded cell was copied or split ("
            + ", ".join(sorted(set(copies)))
            + "); the extra copy was ignored"
        )
    return nb, "", note


def _extract(private: Workspace, db_url: str, job: Job) -> tuple[list[dict], list[dict]]:
    with gradebook(private, db_url) as gb:
        nb = gb.find_submission_notebook(job.notebook, job.assignment, job.student)
        grades = [
            {
                "name": g.name,
                "auto_score": g.auto_score,
                "needs_manual_grade": bool(g.needs_manual_grade),
            }
            for g in nb.grades
        ]
        comments = [{"name": c.name, "auto_comment": c.auto_comment} for c in nb.comments]
    return grades, comments


def _grade_one(job: Job) -> JobResult:
    """Grade one submitted notebook in this worker's private course copy."""
    import nbformat

    workspace: Workspace = _WORKER["workspace"]
    private: Workspace = _WORKER["private"]
    db_url: str = _WORKER["db_url"]
    result = JobResult(job=job)
    source = workspace.submitted / job.student / job.assignment / f"{job.notebook}.ipynb"
    nb, problem, note = _check_notebook(source)
    result.note = note
    if nb is None:
        result.problem = problem
        return result
    folder = private.submitted / job.student / job.assignment
    if folder.parent.exists():
        shutil.rmtree(folder.parent)
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{job.notebook}.ipynb")
    if job.timestamp:
        (folder / "timestamp.txt").write_text(job.timestamp + "\n", encoding="utf-8")
    api = nbgrader_api(
        private,
        **{
            "CourseDirectory.db_url": db_url,
            "Execute.kernel_name": GRADER_KERNEL,
            "Autograde.autograde_preprocessors": autograde_pipeline(),
        },
    )
    outcome = api.autograde(job.assignment, job.student, force=True, create=True)
    produced = private.autograded / job.student / job.assignment / f"{job.notebook}.ipynb"
    if not outcome["success"] or not produced.exists():
        result.problem = _failure_reason(outcome)
        return result
    result.grades, result.comments = _extract(private, db_url, job)
    target = workspace.autograded / job.student / job.assignment
    target.mkdir(parents=True, exist_ok=True)
    for item in produced.parent.iterdir():
        if item.is_file():
            partial = target / (item.name + ".part")
            shutil.copy2(item, partial)
            partial.replace(target / item.name)
    shutil.rmtree(private.autograded / job.student, ignore_errors=True)
    return result


def _failure_reason(outcome: dict) -> str:
    text = "\n".join(filter(None, [outcome.get("error"), outcome.get("log")]))
    lowered = text.lower()
    if "deadkernel" in lowered or "kernel died" in lowered or "kernel is dead" in lowered:
        return "the notebook stopped its Python kernel (kernel died: exit, crash or memory)"
    if "timeout" in lowered:
        return "the notebook did not finish in time"
    if "memoryerror" in lowered:
        return "the notebook used too much memory"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    detail = next((line for line in reversed(lines) if "Error" in line), lines[-1] if lines else "")
    return f"nbgrader could not grade it: {detail[:200]}"


def _grade_job(job: Job) -> JobResult:
    try:
        return _grade_one(job)
    except Exception as error:  # a worker must never die on one notebook
        return JobResult(job=job, problem=f"grading failed: {type(error).__name__}: {error}"[:300])


# --- main side ---------------------------------------------------------------------------------


def _snapshot(workspace: Workspace, db_url: str) -> Path | None:
    """A consistent copy of the SQLite gradebook for the workers (None for a server database)."""
    if not db_url.startswith("sqlite:///"):
        return None
    source = Path(db_url.removeprefix("sqlite:///"))
    target = workspace.private / "gradebook-snapshot.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def _write_result(gb, result: JobResult) -> None:
    job = result.job
    try:
        gb.find_student(job.student)
    except Exception:
        gb.add_student(job.student)
    try:
        gb.find_submission(job.assignment, job.student)
    except Exception:
        from nbgrader.utils import parse_utc

        stamp = parse_utc(job.timestamp.removesuffix(" UTC")) if job.timestamp else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            submission = gb.add_submission(job.assignment, job.student, timestamp=stamp)
        # As in nbgrader: a notebook not handed in scores zero and needs no manual grading.
        for other in submission.notebooks:
            for grade in other.grades:
                grade.needs_manual_grade = False
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
    gb.db.commit()


def _ensure_assignments(workspace: Workspace, jobs: list[Job]) -> None:
    """Every assignment being graded must be in the gradebook (it is after `cohort release`)."""
    needed = sorted({job.assignment for job in jobs})
    with gradebook(workspace) as gb:
        missing = [a for a in needed if a not in {x.name for x in gb.assignments}]
    if missing:
        api = nbgrader_api(workspace)
        for assignment in missing:
            try:
                generate_student_version(api, assignment)
            except StudentVersionError as error:
                raise CohortError(f"could not register it in the gradebook: {error}") from None


def grade(*, directory: Path, workers: int | None = None, progress: bool = True) -> GradeSummary:
    """Autograde every submitted notebook not yet graded in its current form."""
    from tqdm import tqdm

    workspace = open_workspace(directory)
    state = load_state(workspace)
    jobs, skipped = pending_jobs(workspace, state)
    started = datetime.now(UTC)
    if not jobs:
        return GradeSummary(graded=0, problems=0, skipped=skipped, seconds=0.0)
    _ensure_assignments(workspace, jobs)
    settings = workspace.settings()
    jupyter_data = _install_grader_kernel(workspace, int(settings.get("kernel_memory_mb", 2048)))
    db_url = workspace.db_url()
    snapshot = _snapshot(workspace, db_url)
    workers = max(1, workers or os.cpu_count() or 1)
    graded = problems = 0
    context = multiprocessing.get_context("spawn")
    bar = tqdm(total=len(jobs), unit="notebook", desc="grading", disable=not progress)
    try:
        with (
            gradebook(workspace, db_url) as gb,
            futures.ProcessPoolExecutor(
                max_workers=min(workers, len(jobs)),
                mp_context=context,
                initializer=_worker_init,
                initargs=(
                    str(workspace.root),
                    str(snapshot) if snapshot else None,
                    db_url,
                    str(jupyter_data),
                ),
            ) as pool,
        ):
            pending = {pool.submit(_grade_job, job): job for job in jobs}
            for done in futures.as_completed(pending):
                result = done.result()
                _write_result(gb, result)
                entry = {
                    "digest": result.job.digest,
                    "graded_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "problem": result.problem,
                    "note": result.note,
                }
                state.setdefault("notebooks", {})[result.job.key] = entry
                _save_state(workspace, state)
                if result.problem:
                    problems += 1
                    bar.write(f"problem: {result.job.key}: {result.problem}")
                else:
                    graded += 1
                bar.update(1)
    finally:
        bar.close()
        shutil.rmtree(workspace.private / "work", ignore_errors=True)
    seconds = (datetime.now(UTC) - started).total_seconds()
    return GradeSummary(graded=graded, problems=problems, skipped=skipped, seconds=seconds)


def problems_table(workspace: Workspace) -> list[dict]:
    """Rows for every notebook whose last grading found a problem or repaired something."""
    rows = []
    for key, entry in sorted(load_state(workspace).get("notebooks", {}).items()):
        if entry.get("problem") or entry.get("note"):
            student, assignment, notebook = key.split("/")
            rows.append(
                {
                    "trainee": student,
                    "assignment": assignment,
                    "notebook": notebook,
                    "problem": entry.get("problem", ""),
                    "note": entry.get("note", ""),
                }
            )
    return rows


__all__ = ["GradeSummary", "Job", "JobResult", "asdict", "grade", "pending_jobs", "problems_table"]
