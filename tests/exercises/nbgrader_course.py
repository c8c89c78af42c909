"""Helpers to run real nbgrader on the course's exercises in a temporary course directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from himoya.paths import course_root

ROOT = course_root(Path(__file__).parent)
NBGRADER = str(Path(sys.executable).with_name("nbgrader"))

ALWAYS_EQUAL = '''class AlwaysEqual:
    """Claims to equal everything: must never earn a point."""
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __hash__(self): return 0
    def __contains__(self, item): return True
    def __iter__(self): return iter(())
    def __len__(self): return 0
    def __bool__(self): return True
    def __getattr__(self, name): return lambda *args, **kwargs: self
    def __sub__(self, other): return 0
    def __rsub__(self, other): return 0
    def __abs__(self): return 0
    def __le__(self, other): return True
    def __lt__(self, other): return True
    def __ge__(self, other): return True
    def __gt__(self, other): return True
'''


def assignments() -> list[str]:
    return sorted(
        p.name for p in (ROOT / "exercises").iterdir() if p.is_dir() and any(p.glob("*.ipynb"))
    )


def make_course(tmp: Path) -> Path:
    course = tmp / "course"
    (course / "source").mkdir(parents=True)
    config = (ROOT / "grading" / "nbgrader_config.py").read_text(encoding="utf-8")
    config += f"\nc.CourseDirectory.root = {str(course)!r}\n"
    (course / "nbgrader_config.py").write_text(config, encoding="utf-8")
    for name in assignments():
        shutil.copytree(
            ROOT / "exercises" / name,
            course / "source" / name,
            ignore=shutil.ignore_patterns("*.yml", ".ipynb_checkpoints"),
        )
    return course


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [NBGRADER, *args, "--force"],
        cwd=course,
        # nbgrader runs `alembic` by name to set up its database: the venv's bin must be on PATH.
        env={**os.environ, "PATH": f"{Path(NBGRADER).parent}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stderr[-3000:]}"
    return result


def submit(course: Path, student: str, assignment: str, notebooks: dict[str, dict]) -> None:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for name, nb in notebooks.items():
        (folder / name).write_text(json.dumps(nb), encoding="utf-8")
    (folder / "timestamp.txt").write_text("2026-11-20 16:00:00.000000 Asia/Dushanbe\n")


def answer_cells(nb: dict) -> list[dict]:
    return [
        cell
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        and cell.get("metadata", {}).get("nbgrader", {}).get("solution")
    ]


def with_always_equal_answers(nb: dict) -> dict:
    nb = json.loads(json.dumps(nb))
    for cell in answer_cells(nb):
        first = "".join(cell["source"]).splitlines()[0]
        name = first.split("in the form:")[1].split("=")[0].strip()
        cell["source"] = f"{ALWAYS_EQUAL}\n{name} = AlwaysEqual()\n"
    return nb


def code_scores(course: Path, assignment: str, student: str) -> dict[str, tuple[float, float]]:
    """notebook -> (autograded score, autograded maximum) from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission(assignment, student)
        return {nb.name: (nb.code_score, nb.max_code_score) for nb in submission.notebooks}
