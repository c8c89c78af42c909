"""Build small cohort workspaces around the mini assignment (tests/grading/mini/mini.ipynb)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from himoya.grading.cohort import init_cohort, release
from himoya.paths import course_root

HERE = Path(__file__).parent
ROOT = course_root(HERE)
MINI = HERE / "mini" / "mini.ipynb"
BROKEN = HERE / "broken"


def fake_course(tmp: Path) -> Path:
    """A course folder holding only the mini assignment and the real nbgrader config."""
    course = tmp / "course"
    (course / "exercises" / "mini").mkdir(parents=True)
    (course / "grading").mkdir()
    shutil.copy2(MINI, course / "exercises" / "mini" / "mini.ipynb")
    shutil.copy2(ROOT / "grading" / "nbgrader_config.py", course / "grading")
    return course


def make_workspace(tmp: Path, trainees: list[str], *, timeout: int = 5, memory_mb: int = 1024):
    """An initialised and released workspace for the mini assignment."""
    roster = tmp / "roster.csv"
    lines = ["id,first_name,last_name,role,organisation,district"]
    lines += [f"{t},Фарҳод,Қодиров-{t},police,Test police,Kulob" for t in trainees]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    workspace = init_cohort(directory=tmp / "ws", roster=roster, course=fake_course(tmp))
    with workspace.config_file.open("a", encoding="utf-8") as handle:
        handle.write(f"\nc.Execute.timeout = {timeout}\n")
    settings = yaml.safe_load(workspace.settings_file.read_text(encoding="utf-8"))
    settings["kernel_memory_mb"] = memory_mb
    workspace.settings_file.write_text(yaml.safe_dump(settings), encoding="utf-8")
    release(directory=workspace.root, assignments=("mini",))
    return workspace


def hand_in(workspace, trainee: str, notebook: Path) -> None:
    folder = workspace.submitted / trainee / "mini"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(notebook, folder / "mini.ipynb")
    (folder / "timestamp.txt").write_text("2026-11-20 16:00:00.000000 UTC\n", encoding="utf-8")


def graded_right_wrong_broken(tmp: Path, trainees: tuple[str, str, str]):
    """A graded workspace where the trainees hand in right, wrong and broken (invalid JSON)."""
    from himoya.grading.autograde import grade

    workspace = make_workspace(tmp, list(trainees))
    right, wrong, broken = trainees
    hand_in(workspace, right, HERE / "mini" / "answers-correct.ipynb")
    hand_in(workspace, wrong, HERE / "mini" / "answers-wrong.ipynb")
    hand_in(workspace, broken, BROKEN / "invalid-json.ipynb")
    grade(directory=workspace.root, workers=2, progress=False)
    return workspace


def scores(workspace, db_url: str | None = None) -> dict[str, float]:
    """trainee -> autograded score on mini, for trainees with a submission in the gradebook."""
    import warnings

    from himoya.grading.workspace import gradebook

    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with gradebook(workspace, db_url) as gb:
            for student in gb.students:
                for submission in student.submissions:
                    for nb in submission.notebooks:
                        out[student.id] = nb.code_score
    return out
