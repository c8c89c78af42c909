"""Real nbgrader on every assignment: solutions score full marks, blanks and cheats score zero."""

import json

import pytest

from .nbgrader_course import (
    assignments,
    code_scores,
    make_course,
    nbgrader,
    submit,
    with_always_equal_answers,
)

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """A temporary course: every assignment generated, three trainees submitted and autograded."""
    course = make_course(tmp_path_factory.mktemp("nbgrader"))
    for assignment in assignments():
        nbgrader(course, "generate_assignment", assignment)
        source = {
            p.name: json.loads(p.read_text())
            for p in (course / "source" / assignment).glob("*.ipynb")
        }
        release = {
            p.name: json.loads(p.read_text())
            for p in (course / "release" / assignment).glob("*.ipynb")
        }
        submit(course, "solutions", assignment, source)
        submit(course, "blank", assignment, release)
        submit(
            course,
            "alwaysequal",
            assignment,
            {n: with_always_equal_answers(nb) for n, nb in release.items()},
        )
        nbgrader(course, "autograde", assignment)
    return course


def test_there_is_an_assignment_for_every_module_and_the_knowledge_check():
    expected = {
        "01-foundations",
        "02-casework",
        "03-juvenile-justice",
        "04-psychosocial",
        "05-families-left-behind",
        "06-returnees",
        "07-caseload-data",
        "knowledge-check",
    }
    assert expected <= set(assignments())


@pytest.mark.parametrize("assignment", assignments())
def test_solution_notebooks_score_full_marks_on_autograded_cells(graded_course, assignment):
    scores = code_scores(graded_course, assignment, "solutions")
    assert scores
    for notebook, (score, maximum) in scores.items():
        assert maximum > 0, notebook
        assert score == maximum, f"{assignment}/{notebook}: {score} of {maximum}"


@pytest.mark.parametrize("assignment", assignments())
def test_released_notebooks_score_zero(graded_course, assignment):
    for notebook, (score, _) in code_scores(graded_course, assignment, "blank").items():
        assert score == 0, f"{assignment}/{notebook} scored {score} unanswered"


@pytest.mark.parametrize("assignment", assignments())
def test_an_answer_that_equals_everything_scores_zero(graded_course, assignment):
    for notebook, (score, _) in code_scores(graded_course, assignment, "alwaysequal").items():
        assert score == 0, f"{assignment}/{notebook} gave {score} points to an always-equal object"


@pytest.mark.parametrize("assignment", assignments())
def test_released_notebooks_hold_no_solution_or_hidden_test(graded_course, assignment):
    for path in (graded_course / "release" / assignment).glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "Model answer and rubric"):
            assert marker not in text, f"{path.name} contains {marker!r}"
        source = json.loads(
            (graded_course / "source" / assignment / path.name).read_text(encoding="utf-8")
        )
        for cell in source["cells"]:
            src = "".join(cell["source"])
            if "### BEGIN HIDDEN TESTS" in src:
                hidden = src.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
                for line in filter(None, (ln.strip() for ln in hidden.splitlines())):
                    assert line not in text, f"{path.name} leaks hidden test line {line!r}"
            if "### BEGIN SOLUTION" in src:
                solution = src.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
                for line in filter(None, (ln.strip() for ln in solution.splitlines())):
                    assert line not in text, f"{path.name} leaks solution line {line!r}"
