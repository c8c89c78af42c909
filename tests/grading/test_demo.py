"""The synthetic demo cohort: fictional answers of the right kind, planted faults, and the whole
workflow end to end with real nbgrader."""

import contextlib
import copy
import csv
import io
import json
import shutil
import subprocess

import nbformat
import numpy as np
import pytest

from himoya.cli import main
from himoya.grading import demo as demo_module
from himoya.grading.demo import (
    answer_notebook,
    break_notebook,
    demo_roster,
    solution_region,
    wrong_answer,
    wrong_value,
)
from himoya.grading.roster import SAFE_ID, read_roster, write_roster
from himoya.offline import scan_file
from himoya.roles import ROLES

from .cohort_fixtures import MINI

SOURCE = json.loads(MINI.read_text(encoding="utf-8"))


def released_version(source: dict) -> dict:
    """What nbgrader's release does to answer cells, enough for these tests."""
    nb = copy.deepcopy(source)
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            first = "".join(cell["source"]).splitlines()[0]
            cell["source"] = f"{first}\n# Type your answer here (replace this line)"
        elif meta.get("solution"):
            cell["source"] = "Type your answer here (double-click to edit)."
    return nb


def answers(nb: dict) -> dict[str, str]:
    return {
        cell["metadata"]["nbgrader"]["grade_id"]: "".join(cell["source"])
        for cell in nb["cells"]
        if cell["metadata"].get("nbgrader", {}).get("solution")
    }


def run(nb: dict, chance: float, quality: str = "average", seed: int = 1) -> dict:
    return answer_notebook(
        released=released_version(SOURCE),
        source=SOURCE,
        chance=lambda question: chance,
        quality=quality,
        rng=np.random.default_rng(seed),
    )


def test_the_solution_region_is_what_lies_between_the_markers():
    code = "# Your answer\n### BEGIN SOLUTION\nq1 = 'B'\n### END SOLUTION\n"
    assert solution_region(code) == "q1 = 'B'"
    assert solution_region("q1 = 'B'") == ""


@pytest.mark.parametrize(
    ("value", "options"),
    [
        (True, []),
        (False, []),
        (13, []),
        (0, []),
        (0.2857, []),
        ("C", ["A", "B", "C", "D"]),
        ("b", ["a", "b", "c"]),
        ("last resort", []),
        (["a", "c"], ["a", "b", "c"]),
        (["b"], ["a", "b", "c", "d"]),
    ],
)
def test_a_wrong_value_has_the_same_kind_and_differs(value, options):
    for seed in range(20):
        wrong = wrong_value(value, options=options, rng=np.random.default_rng(seed))
        assert type(wrong) is type(value)
        assert wrong != value
        if isinstance(value, float):
            assert abs(wrong - value) > 0.01  # outside the tests' tolerance
        if isinstance(value, str) and len(value) == 1:
            assert wrong in options
        if isinstance(value, list):
            assert set(wrong) <= set(options)


@pytest.mark.parametrize(("example", "expected_type"), [(12, int), (0.5, float), (True, bool)])
def test_a_computed_answer_is_nudged_but_keeps_its_kind(example, expected_type):
    solution = "held = [x for x in data if x > 0]\nq4 = type(EXAMPLE)(sum(held) / 2)"
    for seed in range(10):
        code = wrong_answer(solution, example=example, options=[], rng=np.random.default_rng(seed))
        assert code.startswith("held = [x for x in data if x > 0]\nq4 = ")
        space = {"data": [3, 5, -1, 8], "EXAMPLE": example}
        exec(solution, space)
        right = space["q4"]
        exec(code, space)
        assert type(space["q4"]) is expected_type
        assert space["q4"] != right


def test_an_answer_that_is_not_an_assignment_is_left_blank():
    rng = np.random.default_rng(0)
    assert wrong_answer("def f(x):\n    return x", example=None, options=[], rng=rng) == ""
    assert wrong_answer("q1 = (", example=1, options=[], rng=rng) == ""


def test_right_answers_are_the_source_solutions():
    nb = run(SOURCE, chance=1.0)
    filled = answers(nb)
    assert filled["q1-answer"].endswith("q1 = 'B'")
    assert filled["q2-answer"].endswith("q2 = 14")
    assert filled["q3-answer"].endswith("q3 = ['a', 'c']")
    assert all("Type your answer here" not in text for text in filled.values())
    assert filled["r1"]  # a reflection was written
    nbformat.validate(nbformat.from_dict(nb))


def test_wrong_answers_are_plausible_values_of_the_same_kind():
    filled = answers(run(SOURCE, chance=0.0))
    assert filled["q1-answer"].splitlines()[-1] in ("q1 = 'A'", "q1 = 'C'")
    q2 = int(filled["q2-answer"].splitlines()[-1].split("=")[1])
    assert q2 != 14
    assert filled["q3-answer"].splitlines()[-1].startswith("q3 = [")
    assert filled["q3-answer"].splitlines()[-1] != "q3 = ['a', 'c']"


def test_the_released_notebook_itself_is_not_changed():
    released = released_version(SOURCE)
    before = json.dumps(released, sort_keys=True)
    answer_notebook(
        released=released,
        source=SOURCE,
        chance=lambda q: 1.0,
        quality="weak",
        rng=np.random.default_rng(0),
    )
    assert json.dumps(released, sort_keys=True) == before


def grade_ids(nb: dict) -> list[str]:
    return [
        c["metadata"]["nbgrader"]["grade_id"]
        for c in nb["cells"]
        if c["metadata"].get("nbgrader", {}).get("grade")
    ]


def test_each_planted_fault_is_there():
    nb = run(SOURCE, chance=1.0)
    with pytest.raises(json.JSONDecodeError):
        json.loads(break_notebook(nb, "invalid-json"))
    looping = json.loads(break_notebook(nb, "endless-loop"))
    assert "while True:\n    pass" in answers(looping)["q1-answer"]
    exiting = json.loads(break_notebook(nb, "sys-exit"))
    assert "sys.exit()" in answers(exiting)["q1-answer"]
    deleted = json.loads(break_notebook(nb, "deleted-test-cell"))
    assert grade_ids(deleted) == [g for g in grade_ids(nb) if g != "q1"]
    copied = json.loads(break_notebook(nb, "copied-cell"))
    assert grade_ids(copied).count("q1") == 2
    ids = [c.get("id") for c in copied["cells"] if "id" in c]
    assert len(ids) == len(set(ids))  # a copy made in JupyterLab gets a new cell id
    with pytest.raises(ValueError, match="unknown way"):
        break_notebook(nb, "melted")


def test_the_demo_roster_is_fictional_valid_and_repeatable(tmp_path):
    people = demo_roster(count=12, rng=np.random.default_rng(7))
    again = demo_roster(count=12, rng=np.random.default_rng(7))
    assert people == again
    trainees = tuple(p.trainee for p in people)
    assert {t.role for t in trainees} == set(ROLES)
    assert {p.quality for p in people} == {"excellent", "average", "weak"}
    assert all(SAFE_ID.match(t.id) for t in trainees)
    assert len({t.id for t in trainees}) == 12
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in t.full_name) for t in trainees)
    path = tmp_path / "roster.csv"
    write_roster(path, trainees)
    assert read_roster(path) == trainees


def test_the_demo_roster_never_gives_a_trainee_a_public_figures_name():
    # Each banned name can really be put together from the lists, so the guard is what keeps it out.
    for first, last in demo_module._PUBLIC_FIGURES:
        assert first in demo_module._MALE + demo_module._FEMALE
        assert last.removesuffix("а") in demo_module._SURNAMES  # noqa: RUF001
    names = {
        (p.trainee.first_name, p.trainee.last_name)
        for seed in range(6)
        for p in demo_roster(count=300, rng=np.random.default_rng(seed))
    }
    assert len(names) > 300
    assert not names & demo_module._PUBLIC_FIGURES


def test_demo_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "something.txt").write_text("x", encoding="utf-8")
    assert main(["demo", str(tmp_path), "--trainees", "2"]) == 1
    assert "not empty" in capsys.readouterr().err


def test_demo_refuses_zero_trainees(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "new"), "--trainees", "0"]) == 1
    assert "--trainees must be at least 1" in capsys.readouterr().err


# --- end to end --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "demo-cohort"
    argv = [
        "demo",
        str(folder),
        "--trainees",
        "4",
        "--assignments",
        "03-juvenile-justice",
        "knowledge-check",
        "--workers",
        "2",
        "--quiet",
    ]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(argv)
    return folder, code, printed.getvalue()


@pytest.mark.nbgrader
def test_the_demo_runs_every_step_and_prints_it(demo):
    folder, code, printed = demo
    assert code == 0, printed
    for step in range(1, 9):
        assert f"[{step}/8]" in printed
    assert "broken on purpose" in printed
    assert "looks like a copy of" in printed  # the stray -Copy1 file is named, not collected
    assert "demo done: 4 fictional trainees, 12 notebooks" in printed
    for path in ("roster.csv", "demo/RETURN.zip", "usb/03-juvenile-justice.zip"):
        assert (folder / path).is_file(), path


@pytest.mark.nbgrader
def test_the_demo_writes_feedback_reports_and_certificates(demo):
    folder, _, _ = demo
    trainees = read_roster(folder / "roster.csv")
    for trainee in trainees:
        assert list((folder / "feedback" / trainee.id).rglob("*.html")), trainee.id
    page = folder / "reports" / "index.html"
    assert scan_file(page) == []
    certificates = sorted((folder / "certificates").glob("*.pdf"))
    assert certificates
    if shutil.which("pdftotext"):
        first = next(t for t in trainees if t.id == certificates[0].stem)
        text = subprocess.run(
            ["pdftotext", str(certificates[0]), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert first.full_name in " ".join(text.split())


@pytest.mark.nbgrader
def test_the_demo_grades_show_the_planted_faults_and_the_gain(demo):
    folder, _, _ = demo
    with (folder / "reports" / "grades.csv").open(encoding="utf-8-sig", newline="") as handle:
        grades = list(csv.DictReader(handle))
    # 4 trainees x (1 module + pre-test + post-test)
    assert len(grades) == 12
    supervisor = [g for g in grades if g["role"] == "supervisor"]
    assert [g["notebook"] for g in supervisor] == [
        "03-juvenile-justice",
        "pre-supervisor",
        "post-supervisor",
    ]
    assert any("broken JSON" in g["status"] for g in grades)
    with (folder / "reports" / "problems.csv").open(encoding="utf-8-sig", newline="") as handle:
        problems = list(csv.DictReader(handle))
    assert any("broken JSON" in p["problem"] for p in problems)
    # The first half of the roster hands in clean work; the planted faults are in the second.
    first_half = {t.id for t in read_roster(folder / "roster.csv")[:2]}
    assert not any(g["status"].startswith("problem") for g in grades if g["id"] in first_half)
    percents = {
        (g["id"], g["notebook"].split("-")[0]): float(g["percent"])
        for g in grades
        if g["assignment"] == "knowledge-check" and g["status"] == "graded"
    }
    gains = [
        percents[(tid, "post")] - percents[(tid, "pre")]
        for tid in first_half
        if (tid, "pre") in percents and (tid, "post") in percents
    ]
    assert gains
    assert sum(gains) / len(gains) > 0
