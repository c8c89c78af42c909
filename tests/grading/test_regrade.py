"""A notebook is graded again when its file, the assignment's tests or the limits change, only then.

One cohort of two trainees (one right, one wrong) is graded once; each test takes a copy of the
graded workspace, changes one thing and grades again.
"""

import json
import shutil
import subprocess
import sys

import pytest
import yaml

from himoya.grading.autograde import grade, load_state
from himoya.grading.workspace import Workspace, gradebook, tool_env

from .cohort_fixtures import HERE, hand_in, make_workspace, scores

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("regrade")
    workspace = make_workspace(tmp, ["R01", "R02"])
    hand_in(workspace, "R01", HERE / "mini" / "answers-correct.ipynb")
    hand_in(workspace, "R02", HERE / "mini" / "answers-wrong.ipynb")
    first = grade(directory=workspace.root, workers=2, progress=False)
    assert (first.graded, first.skipped) == (2, 0)
    return workspace


@pytest.fixture
def copy(graded, tmp_path):
    """A copy of the graded workspace, to change one thing in."""
    shutil.copytree(graded.root, tmp_path / "ws", symlinks=True)
    return Workspace(tmp_path / "ws")


def graded_at(workspace) -> dict[str, str]:
    return {key: e["graded_at"] for key, e in load_state(workspace)["notebooks"].items()}


def test_nothing_changed_nothing_is_graded_again(copy):
    before = graded_at(copy)
    again = grade(directory=copy.root, workers=2, progress=False)
    assert (again.graded, again.problems, again.skipped) == (0, 0, 2)
    assert graded_at(copy) == before
    assert scores(copy) == {"R01": 7, "R02": 0}


def test_a_changed_submission_is_graded_again_alone(copy):
    hand_in(copy, "R02", HERE / "mini" / "answers-partly-right.ipynb")
    again = grade(directory=copy.root, workers=2, progress=False)
    assert (again.graded, again.skipped) == (1, 1)
    assert scores(copy) == {"R01": 7, "R02": 4}


def test_changed_tests_are_registered_and_every_notebook_is_graded_again(copy):
    """The trainer corrects a hidden test in source/: question 2 now expects 15, not 14."""
    path = copy.source / "mini" / "mini.ipynb"
    text = path.read_text(encoding="utf-8")
    assert text.count("q2 == 14") == 1
    path.write_text(text.replace("q2 == 14", "q2 == 15"), encoding="utf-8")
    again = grade(directory=copy.root, workers=2, progress=False)
    assert (again.graded, again.skipped) == (2, 0)
    # R01 answered 14: right under the old test, wrong (3 points less) under the new one.
    assert scores(copy) == {"R01": 4, "R02": 0}
    with gradebook(copy) as gb:
        sources = {c.name: c.source for c in gb.find_notebook("mini", "mini").source_cells}
    assert "q2 == 15" in sources["q2"]


def test_a_changed_limit_grades_every_notebook_again(copy):
    settings = yaml.safe_load(copy.settings_file.read_text(encoding="utf-8"))
    settings["kernel_memory_mb"] = 900
    copy.settings_file.write_text(yaml.safe_dump(settings), encoding="utf-8")
    again = grade(directory=copy.root, workers=2, progress=False)
    assert (again.graded, again.skipped) == (2, 0)
    assert scores(copy) == {"R01": 7, "R02": 0}
    third = grade(directory=copy.root, workers=2, progress=False)
    assert (third.graded, third.skipped) == (0, 2)


def test_a_changed_time_per_cell_grades_every_notebook_again(copy):
    with copy.config_file.open("a", encoding="utf-8") as handle:
        handle.write("\nc.Execute.timeout = 7\n")
    again = grade(directory=copy.root, workers=2, progress=False)
    assert (again.graded, again.skipped) == (2, 0)


def test_regrade_grades_everything_again_and_keeps_manual_grades(copy):
    with gradebook(copy) as gb:
        grade_r1 = gb.find_grade("r1", "mini", "mini", "R01")
        grade_r1.manual_score = 1.5
        gb.db.commit()
    before = graded_at(copy)
    result = subprocess.run(
        [sys.executable, "-m", "himoya.cli", "cohort", "grade", str(copy.root), "--regrade"],
        env=tool_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "graded 2 notebook(s), 0 with problems, 0 already graded" in result.stdout
    assert all(graded_at(copy)[key] >= stamp for key, stamp in before.items())
    with gradebook(copy) as gb:
        assert gb.find_grade("r1", "mini", "mini", "R01").manual_score == 1.5
    assert scores(copy) == {"R01": 7, "R02": 0}


def test_the_state_is_one_file_written_whole(copy):
    state = json.loads((copy.private / "grading-state.json").read_text(encoding="utf-8"))
    assert state["version"] == 2
    entry = state["notebooks"]["R01/mini/mini"]
    assert set(entry) >= {"digest", "source", "limits", "timestamp", "graded_at", "problem"}
    assert not list(copy.private.glob("*.part"))
