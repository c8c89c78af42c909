"""``himoya cohort init`` and ``himoya cohort release``."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import yaml

from himoya.grading.roster import read_roster, write_roster
from himoya.grading.sandbox import Limits
from himoya.grading.workspace import (
    CohortError,
    Workspace,
    gradebook,
    nbgrader_api,
    open_workspace,
)
from himoya.nbgrader_course import (
    StudentVersionError,
    course_assignments,
    generate_student_version,
)
from himoya.paths import course_root
from himoya.templating import render

DEFAULT_SETTINGS = {
    # A trainee gets a certificate when they submitted every module assignment of the cohort and
    # scored at least this share of the autograded points over them, in percent.
    "completion": {"min_percent": 60, "require_all_assignments": True},
    # Trainees below this share (percent) on any assignment are listed for follow-up.
    "follow_up_below_percent": 50,
    # Limits for each graded notebook, which runs in a sandbox (see grading/README.md): memory
    # per process and largest file in megabytes, processes and threads at once, seconds for the
    # whole notebook. Per cell: nbgrader_config.py (Execute.timeout). A change regrades. The
    # values are the sandbox's own defaults (grading.sandbox.Limits).
    "kernel_memory_mb": Limits.memory_mb,
    "kernel_processes": Limits.processes,
    "kernel_file_size_mb": Limits.file_size_mb,
    "notebook_seconds": Limits.notebook_seconds,
}

README = """Himoya cohort workspace
=======================

This folder holds a training cohort's roster, submissions and grades: PERSONAL DATA.
Keep it on the trainer's laptop or an encrypted drive; never put it in git or share it.

Commands (run from the course folder, with DIR being this folder):
  himoya cohort release DIR          student notebooks + one zip per assignment in DIR/usb/
  himoya cohort collect DIR FILES    returned notebooks into DIR/submitted/
  himoya cohort grade DIR            autograde everything not yet graded (resumable)
  himoya cohort feedback DIR         feedback HTML per trainee in DIR/feedback/
  himoya cohort report DIR           DIR/reports/ and DIR/certificates/
Manual grading of reflection questions: nbgrader's formgrader (see grading/README.md).
"""


def init_cohort(
    *,
    directory: Path,
    roster: Path,
    db_url: str | None = None,
    course: Path | None = None,
    language: str = "en",
) -> Workspace:
    """Create a cohort workspace with nbgrader config, gradebook, assignments and roster.

    ``language`` is the cohort's language (``cohort.yml``): each assignment whose exercise spec
    that language translates completely is released in it (see ``locale/README.md``); the others
    in English. Grading and hidden tests are the same in every language.
    """
    from himoya.i18n import EditionError, edition

    course = course or course_root()
    try:
        edition(language, course)
    except EditionError as error:
        raise CohortError(str(error)) from None
    root = Path(directory).expanduser().resolve()
    if root.exists() and any(root.iterdir()):
        raise CohortError(f"{root}: folder exists and is not empty (choose a new folder)")
    trainees = read_roster(roster)
    exercises = course / "exercises"
    assignments = [exercises / name for name in course_assignments(exercises)]
    if not assignments:
        raise CohortError(f"{exercises}: no assignments found")
    workspace = Workspace(root)
    created = not root.exists()
    root.mkdir(parents=True, exist_ok=True)
    try:
        _fill_workspace(workspace, course, assignments, trainees, db_url, language)
    except BaseException:
        # Leave no half-made workspace behind: the trainer can simply run init again.
        if created:
            shutil.rmtree(root, ignore_errors=True)
        else:
            for item in root.iterdir():
                shutil.rmtree(item) if item.is_dir() else item.unlink()
        raise
    return workspace


def _fill_workspace(
    workspace: Workspace, course: Path, assignments, trainees, db_url, language: str = "en"
) -> None:
    root = workspace.root
    config = (course / "grading" / "nbgrader_config.py").read_text(encoding="utf-8")
    if db_url:
        config += (
            f"\n# Set by `himoya cohort init --db-url`.\nc.CourseDirectory.db_url = {db_url!r}\n"
        )
    workspace.config_file.write_text(config, encoding="utf-8")
    settings = {**DEFAULT_SETTINGS, "db_url": db_url or "", "lang": language}
    schema = Path(__file__).with_name("cohort.schema.json")
    workspace.settings_file.write_text(
        "# Himoya cohort settings (edit to change the completion rule; see grading/README.md).\n"
        f"# yaml-language-server: $schema={schema.as_uri()}\n"
        + yaml.safe_dump(settings, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    (root / "README.txt").write_text(README, encoding="utf-8")
    (root / ".gitignore").write_text("*\n", encoding="utf-8")
    translated = translated_notebooks(course, language) if language != "en" else {}
    for folder in assignments:
        target = workspace.source / folder.name
        target.mkdir(parents=True)
        for notebook in sorted(folder.glob("*.ipynb")):
            text = translated.get((folder.name, notebook.stem))
            if text is not None:
                (target / notebook.name).write_text(text, encoding="utf-8")
            else:
                shutil.copy2(notebook, target / notebook.name)
    write_roster(workspace.roster_file, trainees)
    _import_students(workspace, trainees)


def translated_notebooks(course: Path, language: str) -> dict[tuple[str, str], str]:
    """(assignment, notebook) -> source notebook text in ``language``, for every exercise spec
    that ``language`` translates completely (the others are not listed)."""
    import nbformat

    from himoya.exercises.load import load_spec, spec_paths
    from himoya.exercises.notebook import notebook_for
    from himoya.exercises.translate import text_for

    found = {}
    for path in spec_paths(course):
        if text_for(path, language, root=course).language != language:
            continue
        for spec in load_spec(path, lang=language, root=course):
            found[(spec.assignment, spec.notebook)] = nbformat.writes(notebook_for(spec)) + "\n"
    return found


def _import_students(workspace: Workspace, trainees) -> None:
    with gradebook(workspace) as gb:
        for t in trainees:
            gb.update_or_create_student(t.id, first_name=t.first_name, last_name=t.last_name)


def release(*, directory: Path, assignments: tuple[str, ...] = ()) -> list[Path]:
    """Generate student versions and one USB zip per assignment; return the zip paths."""
    workspace = open_workspace(directory)
    known = workspace.assignments()
    unknown = [a for a in assignments if a not in known]
    if unknown:
        raise CohortError(
            f"unknown assignment(s): {', '.join(unknown)} (known: {', '.join(known)})"
        )
    chosen = list(assignments) or known
    api = nbgrader_api(workspace)
    workspace.usb.mkdir(exist_ok=True)
    sheet = workspace.usb / "instructions.html"
    sheet.write_text(instruction_sheet(chosen, workspace), encoding="utf-8")
    zips = []
    for assignment in chosen:
        try:
            generate_student_version(api, assignment)
        except StudentVersionError as error:
            raise CohortError(str(error)) from None
        target = workspace.usb / f"{assignment}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for notebook in sorted((workspace.release / assignment).glob("*.ipynb")):
                archive.write(notebook, f"{assignment}/{notebook.name}")
            archive.write(sheet, f"{assignment}/instructions.html")
        zips.append(target)
    return zips


def instruction_sheet(assignments: list[str], workspace: Workspace) -> str:
    """A one-page offline HTML sheet telling trainees how to do and return the exercises.

    It is in the cohort's language (``cohort.yml``).
    """
    return render(
        "grading/instructions.html.j2",
        lang=workspace.language(),
        assignments=[{"id": a, "notebooks": workspace.notebooks(a)} for a in assignments],
    )
