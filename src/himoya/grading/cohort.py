"""``himoya cohort init`` and ``himoya cohort release``."""

from __future__ import annotations

import html
import shutil
import zipfile
from pathlib import Path

import yaml

from himoya.grading.roster import read_roster, write_roster
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

DEFAULT_SETTINGS = {
    # A trainee gets a certificate when they submitted every module assignment of the cohort and
    # scored at least this share of the autograded points over them, in percent.
    "completion": {"min_percent": 60, "require_all_assignments": True},
    # Trainees below this share (percent) on any assignment are listed for follow-up.
    "follow_up_below_percent": 50,
    # Limits for each graded notebook, which runs in a sandbox (see grading/README.md): memory
    # per process and largest file in megabytes, processes and threads at once, seconds for the
    # whole notebook. Per cell: nbgrader_config.py (Execute.timeout). A change regrades.
    "kernel_memory_mb": 1536,
    "kernel_processes": 64,
    "kernel_file_size_mb": 64,
    "notebook_seconds": 600,
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
    *, directory: Path, roster: Path, db_url: str | None = None, course: Path | None = None
) -> Workspace:
    """Create a cohort workspace with nbgrader config, gradebook, assignments and roster."""
    course = course or course_root()
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
        _fill_workspace(workspace, course, assignments, trainees, db_url)
    except BaseException:
        # Leave no half-made workspace behind: the trainer can simply run init again.
        if created:
            shutil.rmtree(root, ignore_errors=True)
        else:
            for item in root.iterdir():
                shutil.rmtree(item) if item.is_dir() else item.unlink()
        raise
    return workspace


def _fill_workspace(workspace: Workspace, course: Path, assignments, trainees, db_url) -> None:
    root = workspace.root
    config = (course / "grading" / "nbgrader_config.py").read_text(encoding="utf-8")
    if db_url:
        config += (
            f"\n# Set by `himoya cohort init --db-url`.\nc.CourseDirectory.db_url = {db_url!r}\n"
        )
    workspace.config_file.write_text(config, encoding="utf-8")
    settings = {**DEFAULT_SETTINGS, "db_url": db_url or ""}
    workspace.settings_file.write_text(
        "# Himoya cohort settings (edit to change the completion rule).\n"
        + yaml.safe_dump(settings, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    (root / "README.txt").write_text(README, encoding="utf-8")
    (root / ".gitignore").write_text("*\n", encoding="utf-8")
    for folder in assignments:
        target = workspace.source / folder.name
        target.mkdir(parents=True)
        for notebook in sorted(folder.glob("*.ipynb")):
            shutil.copy2(notebook, target / notebook.name)
    write_roster(workspace.roster_file, trainees)
    _import_students(workspace, trainees)


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
    """A one-page offline HTML sheet telling trainees how to do and return the exercises."""
    rows = "\n".join(
        f"<tr><td>{html.escape(a)}</td><td>"
        + ", ".join(f"<code>{html.escape(n)}.ipynb</code>" for n in workspace.notebooks(a))
        + "</td></tr>"
        for a in assignments
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Himoya exercises: how to do and return them</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 46rem; margin: 1.5rem auto;
       padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }}
h1 {{ font-size: 1.5rem; }} code {{ background: #f1f1f1; padding: 0 .2rem; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #999; padding: .3rem .6rem; }}
li {{ margin-bottom: .4rem; }}
</style></head><body>
<h1>Himoya exercises: how to do and return them</h1>
<p>You do not need the internet. You need the laptop with JupyterLab that your trainer prepared.</p>
<ol>
<li>Copy the exercise file (<code>.ipynb</code>) from the USB stick to the laptop.</li>
<li>Open it in JupyterLab (double-click it in the file list on the left).</li>
<li>Read each question. Type your answer in the grey cell under it, exactly in the form shown,
for example <code>q1 = "B"</code>. Press <b>Shift+Enter</b> to run the cell.</li>
<li>The next cell checks only the <b>form</b> of your answer. A message such as
"q1 must be one letter in quotes" means: correct the form and run the cell again.</li>
<li>Write the reflection answers in the white text cells (double-click to edit).</li>
<li>Do not delete, copy or split cells. Save with <b>Ctrl+S</b>.</li>
<li><b>Return the file:</b> rename it by putting your trainee ID and an underscore in front,
for example <code>KUL-07_03-juvenile-justice.ipynb</code>, and copy it to the
<code>RETURN</code> folder on the trainer's USB stick. Your trainer will give you written
feedback.</li>
</ol>
<h2>Exercises in this set</h2>
<table><tr><th>Assignment</th><th>File(s)</th></tr>
{rows}
</table>
<p>All cases in the exercises are fictional.</p>
</body></html>
"""
