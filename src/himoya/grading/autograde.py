"""``himoya cohort grade``: parallel, resumable, sandboxed autograding with nbgrader.

nbgrader grades one submission after another in a single process, runs each notebook with the
trainer's rights, and a broken notebook can stop a whole batch. Here:

* the work list is every submitted notebook whose submission, assignment source (its tests and
  files) or grading limits changed since it was last graded, all three recorded in one state file
  written atomically (``.himoya/grading-state.json``): a second run resumes where a killed one
  stopped, and ``regrade=True`` (``--regrade``) grades everything again;
* a pool of worker processes (default: one per CPU) each runs nbgrader's own ``autograde`` in its
  private copy of the course (``.himoya/work/<worker>/``) with its own private SQLite copy of the
  gradebook, whatever the real gradebook is (SQLite or a PostgreSQL server). nbgrader's autograde
  zeroes every notebook of the assignment missing from the folder it grades, so a worker never
  writes to the real gradebook;
* the main process is the only writer of the real gradebook: it records what nbgrader's autograde
  records (the student, the submission and its timestamp, each grade's automatic score and
  whether it needs a manual grade, the automatic comments, the late-submission penalty, zero for
  notebooks not handed in), never touching manual grades; then it moves the autograded notebook
  into ``autograded/`` and records the notebook as done;
* every kernel runs in a sandbox (:mod:`himoya.grading.sandbox`) with limits on memory,
  processes, file size and time;
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
import re
import shutil
import sys
import time
import warnings
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from himoya.grading.gradebook_writer import (
    Job,
    JobResult,
    register_assignments,
    snapshot,
    write_result,
)
from himoya.grading.labels import english, printable
from himoya.grading.preprocessors import autograde_pipeline
from himoya.grading.sandbox import (
    LAUNCHER,
    LIMIT_EVENTS,
    NOT_PROTECTED,
    TIMES,
    Limits,
    sandbox_problem,
)
from himoya.grading.workspace import (
    Workspace,
    gradebook,
    nbgrader_api,
    open_workspace,
)

STATE_VERSION = 2
GRADER_KERNEL = "himoya-grader"


@dataclass(frozen=True)
class GradeSummary:
    """What one ``grade`` run did."""

    graded: int
    """Notebooks graded normally in this run."""
    problems: int
    """Notebooks that scored zero because they were broken (see ``reports/problems.csv``)."""
    skipped: int
    """Notebooks already graded, unchanged, under the same tests and limits."""
    seconds: float
    sandbox: str = ""
    """``"bubblewrap"``, or why notebooks ran without the sandbox."""
    profile: dict = field(default_factory=dict)
    """Mean seconds per notebook graded normally: wall, kernel start-up, execution, nbgrader's
    own work, and CPU seconds of the worker and of the kernel (see ``benchmarks/grading.py``)."""


# --- the grading state --------------------------------------------------------------------------


def _state_path(workspace: Workspace) -> Path:
    return workspace.private / "grading-state.json"


def load_state(workspace: Workspace) -> dict:
    """The grading state: per notebook key, what was graded (digests, limits) and any problem."""
    path = _state_path(workspace)
    if not path.is_file():
        return {"version": STATE_VERSION, "notebooks": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def _save_state(workspace: Workspace, state: dict) -> None:
    """Write the state atomically: a crash leaves the old file or the new one, never half."""
    path = _state_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.part")
    with partial.open("w", encoding="utf-8") as handle:
        json.dump(state, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(path)


def source_digest(workspace: Workspace, assignment: str, notebook: str) -> str:
    """Digest of what grading a notebook depends on in ``source/``: the notebook and the files."""
    folder = workspace.source / assignment
    digest = hashlib.sha256()
    digest.update((folder / f"{notebook}.ipynb").read_bytes())
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix != ".ipynb":
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def pending_jobs(
    workspace: Workspace, state: dict, *, limits: str = "", regrade: bool = False
) -> tuple[list[Job], int]:
    """Notebooks to grade (new, changed, or graded under other tests or limits) and the rest."""
    known = set(workspace.assignments())
    done = state.get("notebooks", {})
    jobs, skipped = [], 0
    if not workspace.submitted.is_dir():
        return jobs, skipped
    sources: dict[tuple[str, str], str] = {}
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
                where = (assignment_dir.name, path.stem)
                if where not in sources:
                    sources[where] = source_digest(workspace, *where)
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                job = Job(student_dir.name, *where, digest, stamp, sources[where])
                entry = done.get(job.key, {})
                same = (
                    entry.get("digest") == digest
                    and entry.get("source") == job.source
                    and entry.get("limits") == limits
                    and entry.get("timestamp", stamp) == stamp
                )
                if same and not regrade:
                    skipped += 1
                else:
                    jobs.append(job)
    return jobs, skipped


def cell_timeout(workspace: Workspace) -> int:
    """nbgrader's per-cell time limit (``Execute.timeout``) for the workspace."""
    from nbgrader.preprocessors import Execute

    api = nbgrader_api(workspace)
    return int(Execute(config=api.config).timeout or 0)


def workspace_limits(workspace: Workspace) -> Limits:
    return Limits.from_settings(workspace.settings(), cell_seconds=cell_timeout(workspace))


def _install_grader_kernel(workspace: Workspace) -> Path:
    """Install the grading kernelspec; return the Jupyter data folder that holds it."""
    data_dir = workspace.private / "jupyter"
    spec_dir = data_dir / "kernels" / GRADER_KERNEL
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [
            sys.executable,
            "-m",
            LAUNCHER,
            "--IPKernelApp.log_level=ERROR",
            "-f",
            "{connection_file}",
        ],
        "display_name": "Python 3 (Himoya grader, sandboxed)",
        "language": "python",
        # The kernel runs in a session of its own in the sandbox: interrupt it by message.
        "interrupt_mode": "message",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return data_dir


# --- worker side -------------------------------------------------------------------------------

_WORKER: dict = {}


def _worker_init(root: str, snapshot: str, jupyter_data: str, kernel_config: dict) -> None:
    """Set up this worker's private course copy (runs once per worker process)."""
    # nbgrader and the kernels it starts log to stderr; the trainer sees our progress bar and a
    # one-line reason per problem instead (nbgrader's log is still captured for those reasons).
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 (lives as long as the worker)
    # Warnings go nowhere in a worker (nbgrader 0.9 with SQLAlchemy 2 warns about its own
    # session use, nbformat about the cell ids it repairs), and a forked worker must not keep
    # the parent's filters (under pytest, every warning is an error).
    warnings.resetwarnings()
    warnings.simplefilter("ignore")
    workspace = Workspace(Path(root))
    private = workspace.private / "work" / f"w{os.getpid()}"
    if private.exists():
        shutil.rmtree(private)
    (private / "submitted").mkdir(parents=True)
    (private / "source").symlink_to(workspace.source, target_is_directory=True)
    shutil.copy2(workspace.config_file, private / "nbgrader_config.py")
    shutil.copy2(snapshot, private / "gradebook.db")
    db_url = f"sqlite:///{private / 'gradebook.db'}"
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [jupyter_data, os.environ.get("JUPYTER_PATH", "")])
    )
    _reuse_gradebook_engine(db_url)
    overrides = {f"SandboxKernelManager.{key}": value for key, value in kernel_config.items()}
    if kernel_config.get("sandbox"):
        from himoya.grading.sandbox import close_at_exit

        # When the worker ends, its templates stop and no process of its sandbox user is left.
        close_at_exit()
    if kernel_config.get("sandbox") and kernel_config.get("warm"):
        # Start this worker's kernel template now: it imports while the first notebook is
        # prepared by nbgrader.
        from himoya.grading.sandbox import prestart_template

        prestart_template(kernel_config)
    _WORKER.update(
        workspace=workspace, private=Workspace(private), db_url=db_url, overrides=overrides
    )


def _reuse_gradebook_engine(db_url: str) -> None:
    """One SQLAlchemy engine for the worker's private gradebook, kept open, not waiting for disk.

    nbgrader opens a new ``Gradebook`` a dozen times per notebook, each with a new engine that
    starts with an empty statement cache, inspects the schema, creates missing tables and is
    disposed of again: most of the worker's own time went to that. In a worker the private copy
    always has nbgrader's tables, so one engine serves every ``Gradebook``, and nothing checks
    the schema again. The copy is thrown away after the run, so its commits need not wait for the
    disk (``synchronous=OFF``); the real gradebook is written by the main process.
    """
    import nbgrader.api
    import sqlalchemy as sa

    engine = sa.create_engine(db_url, future=True)

    @sa.event.listens_for(engine, "connect")
    def _fast(connection, _record) -> None:
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA journal_mode=MEMORY")

    tables = sa.inspect(engine).get_table_names()
    create_engine, inspect, metadata = sa.create_engine, sa.inspect, nbgrader.api.Base.metadata
    create_all = metadata.create_all

    class Schema:
        def get_table_names(self) -> list[str]:
            return tables

    nbgrader.api.create_engine = lambda url, *a, **k: (
        engine if str(url) == db_url else create_engine(url, *a, **k)
    )
    nbgrader.api.inspect = lambda bind: Schema() if bind is engine else inspect(bind)
    metadata.create_all = lambda bind=None, **k: None if bind is engine else create_all(bind, **k)
    engine.dispose = lambda *a, **k: None
    _validate_metadata_without_checking_the_schema()


def _validate_metadata_without_checking_the_schema() -> None:
    """nbgrader checks every cell's metadata with ``jsonschema.validate``, which first checks
    nbgrader's own (fixed, valid) schema against the JSON Schema meta-schema: a fifth of the
    worker's time. Same validation and same errors, without checking the schema each time."""
    import types

    import jsonschema
    import nbgrader.nbgraderformat.common as common

    def validate(instance, schema):
        validator = jsonschema.validators.validator_for(schema)(schema)
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    common.jsonschema = types.SimpleNamespace(validate=validate)


MAX_NOTEBOOK_MB = 50
"""Largest notebook file graded (as large as a file in a collected zip may be)."""
MAX_CELLS = 2000
"""Most cells a graded notebook may have (the course's longest has under a hundred): checking,
running and storing a million empty cells would hold a grading worker for an hour."""


def _check_notebook(path: Path) -> tuple[dict | None, str, str]:
    """Read a submitted notebook; return (notebook, problem, note) with repairs applied."""
    import nbformat

    if path.stat().st_size > MAX_NOTEBOOK_MB * 1024 * 1024:
        size = f"{path.stat().st_size / 1024 / 1024:.0f} MB, more than {MAX_NOTEBOOK_MB} MB"
        return None, english("reason.not_a_notebook", detail=size), ""
    data = path.read_bytes()
    if not data.strip():
        return None, english("reason.empty"), ""
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None, english("reason.not_utf8"), ""
    except json.JSONDecodeError as error:
        return None, english("reason.broken_json", line=error.lineno), ""
    except RecursionError:
        return None, english("reason.not_a_notebook", detail="JSON nested too deeply"), ""
    cells = raw.get("cells") if isinstance(raw, dict) else None
    if isinstance(cells, list) and len(cells) > MAX_CELLS:
        detail = f"{len(cells):,} cells, more than {MAX_CELLS:,}"
        return None, english("reason.not_a_notebook", detail=detail), ""
    try:
        nb = nbformat.from_dict(raw)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no cells")
        nbformat.validate(nb, relax_add_props=True)
    except Exception as error:
        detail = str(error).splitlines()[0][:150]
        return None, english("reason.not_a_notebook", detail=detail), ""
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
    notes = []
    if copies:
        notes.append(english("note.copied", cells=", ".join(sorted(set(copies)))))
    tampering = _tampering(nb)
    if tampering:
        notes.append(english("note.tampering", names=", ".join(tampering)))
    return nb, "", "; ".join(notes)


TAMPERING = re.compile(
    r"\b(get_ipython|set_custom_exc|excepthook|showtraceback|run_cell\w*|builtins|__builtins__"
    r"|__eq__|__ne__|__bool__|__instancecheck__|sys\.modules|setattr|ctypes|gc\.get_referrers)\b"
)
"""Names an answer has no use for in the course's exercises, but a trainee who patches the
kernel, the tests' helpers or comparisons needs. The sandbox keeps such code from other trainees'
grades and files; inside its own kernel it could pass its own tests, so it is flagged."""


def _tampering(nb) -> list[str]:
    """The suspicious names used in the notebook's answer cells, sorted."""
    found: set[str] = set()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if cell.get("cell_type") == "code" and isinstance(meta, dict) and meta.get("solution"):
            found.update(TAMPERING.findall(str(cell.get("source", ""))))
    return sorted(found)


def _extract(private: Workspace, db_url: str, job: Job) -> tuple[list[dict], list[dict], float]:
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
        penalty = nb.late_submission_penalty
    return grades, comments, penalty


def _grade_one(job: Job) -> JobResult:
    """Grade one submitted notebook in this worker's private course copy."""
    import nbformat

    clock = time.perf_counter()
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
            # The kernel and its sandbox are thrown away: no polite shutdown to wait for.
            "Execute.shutdown_kernel": "immediate",
            "Autograde.autograde_preprocessors": autograde_pipeline(),
            **_WORKER["overrides"],
        },
    )
    LIMIT_EVENTS.clear()
    started, cpu = time.perf_counter(), _cpu()
    outcome = api.autograde(job.assignment, job.student, force=True, create=True)
    result.seconds.update(_split(started, cpu))
    produced = private.autograded / job.student / job.assignment / f"{job.notebook}.ipynb"
    if LIMIT_EVENTS:
        result.problem = LIMIT_EVENTS[0]
        return result
    if not outcome["success"] or not produced.exists():
        result.problem = _failure_reason(outcome)
        return result
    result.grades, result.comments, result.late_penalty = _extract(private, db_url, job)
    target = workspace.autograded / job.student / job.assignment
    target.mkdir(parents=True, exist_ok=True)
    for item in produced.parent.iterdir():
        if item.is_file():
            partial = target / (item.name + ".part")
            shutil.copy2(item, partial)
            partial.replace(target / item.name)
    shutil.rmtree(private.autograded / job.student, ignore_errors=True)
    result.seconds["total"] = time.perf_counter() - clock
    return result


def _cpu() -> tuple[float, float]:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _split(started: float, cpu: tuple[float, float]) -> dict:
    """Where one ``autograde`` call's time went: kernel start-up, execution, nbgrader's own."""
    ended, (own, kids) = time.perf_counter(), _cpu()
    launch = TIMES.get("launch", started)
    ready = TIMES.get("ready", launch)
    done = TIMES.get("done", ended)
    return {
        "wall": ended - started,
        "startup": ready - launch,
        "execution": done - ready,
        "nbgrader": (ended - started) - (done - launch),
        "cpu_worker": own - cpu[0],
        "cpu_kernel": TIMES.get("cpu_kernel", kids - cpu[1]),
        "warm": TIMES.get("warm", 0.0),
    }


def _failure_reason(outcome: dict) -> str:
    text = "\n".join(filter(None, [outcome.get("error"), outcome.get("log")]))
    lowered = text.lower()
    if "deadkernel" in lowered or "kernel died" in lowered or "kernel is dead" in lowered:
        return english("reason.kernel_died")
    if "timeout" in lowered:
        return english("reason.timeout")
    if "memoryerror" in lowered:
        return english("reason.memory")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    detail = next((line for line in reversed(lines) if "Error" in line), lines[-1] if lines else "")
    return english("reason.nbgrader", detail=detail[:200])


def _grade_job(job: Job) -> JobResult:
    try:
        result = _grade_one(job)
    except Exception as error:  # a worker must never die on one notebook
        detail = f"{type(error).__name__}: {error}"[:284]
        result = JobResult(job=job, problem=english("reason.failed", detail=detail))
    # A reason or a note may quote the notebook (a cell's name, an error): the trainer reads it
    # in a terminal and a spreadsheet, where control characters would act.
    result.problem, result.note = printable(result.problem), printable(result.note)
    return result


def _pool_context():
    """How to start the grading workers: ``fork`` when this process has a single thread.

    A forked worker starts at once with everything this process imported (nbgrader, nbconvert,
    jsonschema: several seconds of CPU for each spawned worker). Forking a process that runs
    other threads can deadlock the child (and Python 3.12 warns), so then workers are spawned.
    """
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def course_imports(workspace: Workspace, assignments: list[str]) -> list[str]:
    """Modules the assignments' source notebooks import (the warm kernels import them first)."""
    import ast

    import nbformat

    names: set[str] = set()
    for assignment in assignments:
        for path in sorted((workspace.source / assignment).glob("*.ipynb")):
            try:
                cells = nbformat.read(path, as_version=4).cells
            except Exception:
                continue
            for cell in cells:
                if cell.cell_type != "code":
                    continue
                code = "\n".join(
                    line
                    for line in cell.source.splitlines()
                    if not line.lstrip().startswith(("%", "!"))
                )
                try:
                    tree = ast.parse(code)
                except SyntaxError:
                    continue
                for node in ast.walk(tree):
                    if isinstance(node, ast.Import):
                        names.update(alias.name for alias in node.names)
                    elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                        names.add(node.module)
    return sorted(names)


def _kernel_config(
    limits: Limits, sandboxed: bool, warm: bool = True, preload: list[str] | None = None
) -> dict:
    from himoya.paths import course_root

    # The course's datasets folder, as ``load_dataset`` finds it (without importing pandas).
    try:
        data = course_root() / "datasets"
    except FileNotFoundError:
        data = None
    if data is not None and not (data / "datapackage.json").is_file():
        data = None
    return {
        "sandbox": sandboxed,
        "warm": warm,
        "preload": list(preload or []),
        "memory_mb": limits.memory_mb,
        "processes": limits.processes,
        "file_size_mb": limits.file_size_mb,
        "notebook_seconds": limits.notebook_seconds,
        "datasets": str(data) if data else "",
    }


def grade(
    *,
    directory: Path,
    workers: int | None = None,
    progress: bool = True,
    regrade: bool = False,
) -> GradeSummary:
    """Autograde every submitted notebook not yet graded in its current form.

    A notebook is graded again when its file, the assignment's source (tests, files) or the
    grading limits changed since it was graded; ``regrade=True`` grades every notebook again.
    """
    from tqdm import tqdm

    workspace = open_workspace(directory)
    state = load_state(workspace)
    if state.get("version") != STATE_VERSION:
        state = {"version": STATE_VERSION, "notebooks": state.get("notebooks", {})}
    limits = workspace_limits(workspace)
    jobs, skipped = pending_jobs(workspace, state, limits=limits.fingerprint(), regrade=regrade)
    started = datetime.now(UTC)
    if not jobs:
        return GradeSummary(graded=0, problems=0, skipped=skipped, seconds=0.0)
    problem = sandbox_problem() if workspace.settings().get("sandbox", True) else ""
    if workspace.settings().get("sandbox", True) is False:
        problem = "sandbox: false in cohort.yml"
    if problem:
        print("warning: " + NOT_PROTECTED.format(reason=problem), file=sys.stderr)
    register_assignments(workspace, jobs)
    jupyter_data = _install_grader_kernel(workspace)
    db_url = workspace.db_url()
    snapshot_file = snapshot(workspace, db_url)
    workers = max(1, workers or os.cpu_count() or 1)
    graded = problems = 0
    timings: list[dict] = []
    kernels = _kernel_config(
        limits,
        sandboxed=not problem,
        warm=bool(workspace.settings().get("warm_kernels", True)),
        preload=course_imports(workspace, sorted({job.assignment for job in jobs})),
    )
    kernels["kernels_dir"] = str(jupyter_data / "kernels")
    pool = futures.ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=_pool_context(),
        initializer=_worker_init,
        initargs=(str(workspace.root), str(snapshot_file), str(jupyter_data), kernels),
    )
    # Workers start with the first job, before this process opens the gradebook or starts the
    # progress bar's thread (see _pool_context).
    pending = {pool.submit(_grade_job, job): job for job in jobs}
    bar = tqdm(total=len(jobs), unit="notebook", desc="grading", disable=not progress)
    zeroed: set[tuple[str, str]] = set()
    try:
        with gradebook(workspace, db_url) as gb:
            for done in futures.as_completed(pending):
                result = done.result()
                write_result(gb, workspace, result, zeroed)
                entry = {
                    "digest": result.job.digest,
                    "source": result.job.source,
                    "limits": limits.fingerprint(),
                    "timestamp": result.job.timestamp,
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
                    timings.append(result.seconds)
                bar.update(1)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        bar.close()
        shutil.rmtree(workspace.private / "work", ignore_errors=True)
        snapshot_file.unlink(missing_ok=True)
    seconds = (datetime.now(UTC) - started).total_seconds()
    return GradeSummary(
        graded=graded,
        problems=problems,
        skipped=skipped,
        seconds=seconds,
        sandbox=f"off: {problem}" if problem else "bubblewrap",
        profile={
            key: sum(t.get(key, 0.0) for t in timings) / len(timings)
            for key in (timings[0] if timings else {})
        },
    )


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


__all__ = [
    "GradeSummary",
    "Job",
    "JobResult",
    "asdict",
    "grade",
    "load_state",
    "pending_jobs",
    "problems_table",
]
