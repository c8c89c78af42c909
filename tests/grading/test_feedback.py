"""Feedback never shows hidden tests (any delimiter nbgrader accepts) and loads nothing remote."""

import json
import shutil

import nbformat
import pytest
from nbgrader.preprocessors import ClearHiddenTests

from himoya.grading.autograde import grade
from himoya.grading.cohort import init_cohort, release
from himoya.grading.feedback import _problem_page, feedback
from himoya.grading.labels import english
from himoya.grading.preprocessors import HIDDEN_NOTE, error_message, error_name, split_hidden
from himoya.offline import scan_file

from .cohort_fixtures import BROKEN, HERE, MINI, ROOT, hand_in

pytestmark = pytest.mark.nbgrader

# Every way of writing the delimiters that nbgrader's ClearHiddenTests accepts: any line that
# *contains* "BEGIN HIDDEN TESTS" / "END HIDDEN TESTS", whatever comes before or after.
SPELLINGS = {
    "three-hashes": ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"),
    "one-hash": ("# BEGIN HIDDEN TESTS", "# END HIDDEN TESTS"),
    "no-space": ("#BEGIN HIDDEN TESTS", "#END HIDDEN TESTS"),
    "many-hashes-and-words": ("##### BEGIN HIDDEN TESTS (real check)", "## END HIDDEN TESTS ##"),
    "indented": ("    ## BEGIN HIDDEN TESTS", "    ## END HIDDEN TESTS"),
}
# nbgrader also drops a line holding the end delimiter where no region began: a test written on
# that line is hidden from trainees, so it must be from feedback too.
STRAY_END = 'assert answer == 42, "SECRET-stray-end-MESSAGE"  ### END HIDDEN TESTS'


def test_split_hidden_removes_the_region_and_says_so():
    source = "assert ok\n### BEGIN HIDDEN TESTS\nassert answer == 'B'\n### END HIDDEN TESTS"
    visible, found = split_hidden(source)
    assert found
    assert "answer == 'B'" not in visible
    assert visible == f"assert ok\n{HIDDEN_NOTE}"


@pytest.mark.parametrize(("begin", "end"), SPELLINGS.values(), ids=list(SPELLINGS))
def test_split_hidden_hides_what_nbgrader_hides(begin, end):
    """The visible lines are exactly those nbgrader leaves in the trainees' version."""
    source = f"if True:\n    assert ok\n{begin}\n    assert answer == 'B'\n{end}\n    done()"
    visible, found = split_hidden(source)
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "t", "points": 1}
    student, _ = ClearHiddenTests().preprocess_cell(cell, {}, 0)
    assert found
    assert [line for line in visible.split("\n") if line != HIDDEN_NOTE] == student.source.split(
        "\n"
    )
    assert "answer" not in visible


def test_a_line_with_only_the_end_delimiter_is_hidden_as_nbgrader_hides_it():
    source = f"assert answer is not None\n{STRAY_END}\npass"
    visible, _ = split_hidden(source)
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "t", "points": 1}
    student, _ = ClearHiddenTests().preprocess_cell(cell, {}, 0)
    shown = [line for line in visible.split("\n") if line != HIDDEN_NOTE]
    assert shown == student.source.split("\n") == ["assert answer is not None", "pass"]


def test_a_region_without_an_end_hides_the_rest_of_the_cell():
    visible, found = split_hidden("assert ok\n# BEGIN HIDDEN TESTS\nassert secret == 1")
    assert found
    assert "secret" not in visible


# --- the spellings assignment: one test cell per spelling, each printing a secret --------------


def spellings_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    answer = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION")
    answer.metadata["nbgrader"] = {
        "grade": False, "grade_id": "answer", "locked": False, "schema_version": 3,
        "solution": True, "task": False,
    }  # fmt: skip
    nb.cells.append(answer)
    for name, (begin, end) in SPELLINGS.items():
        indent = "    " if begin.startswith(" ") else ""
        hidden = [
            f'{indent}print("SECRET-{name}-PRINTED")',
            f'{indent}assert answer == 42, "SECRET-{name}-MESSAGE"',
        ]
        lines = ["if True:" if indent else "", f"{indent}assert answer is not None"]
        lines += [begin, *hidden, end, f"{indent}pass"]
        cell = nbformat.v4.new_code_cell("\n".join(line for line in lines if line != ""))
        cell.metadata["nbgrader"] = {
            "grade": True, "grade_id": f"test-{name}", "locked": True, "points": 1,
            "schema_version": 3, "solution": False, "task": False,
        }  # fmt: skip
        nb.cells.append(cell)
    cell = nbformat.v4.new_code_cell(f"assert answer is not None\n{STRAY_END}")
    cell.metadata["nbgrader"] = {
        "grade": True, "grade_id": "test-stray-end", "locked": True, "points": 1,
        "schema_version": 3, "solution": False, "task": False,
    }  # fmt: skip
    nb.cells.append(cell)
    return nb


def answered(nb: nbformat.NotebookNode, value: int) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    nb.cells[0].source = f"answer = {value}"
    return nb


@pytest.fixture(scope="module")
def feedback_pages(tmp_path_factory):
    """Feedback for the mini assignment (right, wrong, broken, and a trainee who prints the
    test cells with an IPython hook) and for the spellings assignment (right and wrong)."""
    tmp = tmp_path_factory.mktemp("feedback")
    course = tmp / "course"
    (course / "exercises" / "mini").mkdir(parents=True)
    (course / "exercises" / "spellings").mkdir(parents=True)
    (course / "grading").mkdir()
    shutil.copy2(MINI, course / "exercises" / "mini" / "mini.ipynb")
    nbformat.write(spellings_notebook(), course / "exercises" / "spellings" / "spellings.ipynb")
    shutil.copy2(ROOT / "grading" / "nbgrader_config.py", course / "grading")
    roster = tmp / "roster.csv"
    ids = ["F01", "F02", "F03", "F04", "S01", "S02"]
    roster.write_text(
        "id,first_name,last_name,role,organisation,district\n"
        + "".join(f"{t},Мадина,Юсупова,caregiver,Test,Kulob\n" for t in ids),
        encoding="utf-8",
    )
    workspace = init_cohort(directory=tmp / "ws", roster=roster, course=course)
    release(directory=workspace.root)
    hand_in(workspace, "F01", HERE / "mini" / "answers-correct.ipynb")
    hand_in(workspace, "F02", HERE / "mini" / "answers-wrong.ipynb")
    hand_in(workspace, "F03", BROKEN / "invalid-json.ipynb")
    hand_in(workspace, "F04", HERE / "hostile" / "read-the-hidden-tests.ipynb")
    for trainee, value in (("S01", 42), ("S02", 41)):
        folder = workspace.submitted / trainee / "spellings"
        folder.mkdir(parents=True)
        nbformat.write(answered(spellings_notebook(), value), folder / "spellings.ipynb")
    grade(directory=workspace.root, workers=2, progress=False)
    return workspace, feedback(directory=workspace.root)


def hidden_lines_of(path) -> set[str]:
    """Lines of hidden regions in a source notebook (those worth looking for)."""
    lines = set()
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        inside = False
        for line in "".join(cell["source"]).splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) >= 8:
                lines.add(line.strip())
    return lines


def test_no_line_of_any_hidden_test_appears_in_any_feedback_file(feedback_pages):
    workspace, pages = feedback_pages
    secrets = hidden_lines_of(MINI) | hidden_lines_of(
        workspace.source / "spellings" / "spellings.ipynb"
    )
    assert len(secrets) >= 3 + 2 * len(SPELLINGS)
    assert len(pages) == 6
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for line in secrets:
            assert line not in text, f"{page} shows hidden test line {line!r}"
        assert "HIDDEN TESTS" not in text
        assert "SECRET-" not in text


def graded_and_shown(workspace, trainee: str, assignment: str) -> tuple[str, str]:
    """The trainee's autograded notebook (what the grader saw) and feedback page, as text."""
    autograded = workspace.autograded / trainee / assignment / f"{assignment}.ipynb"
    page = workspace.feedback / trainee / assignment / f"{assignment}.html"
    return autograded.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")


def test_what_a_hidden_test_prints_is_not_shown(feedback_pages):
    graded, page = graded_and_shown(feedback_pages[0], "S02", "spellings")
    assert "SECRET-one-hash-PRINTED" in graded
    assert page.count("✗ Not correct.") == len(SPELLINGS) + 1
    assert "SECRET" not in page


def test_test_cells_a_trainee_printed_while_graded_are_not_shown(feedback_pages):
    """F04's answer cell printed every test cell it saw run (hidden tests included)."""
    graded, page = graded_and_shown(feedback_pages[0], "F04", "mini")
    assert "q2 == 14" in graded
    assert "q2 == 14" not in page
    assert page.count("✓ Correct.") == 3


def test_feedback_says_pass_or_fail_instead(feedback_pages):
    workspace, _ = feedback_pages
    right = (workspace.feedback / "F01" / "mini" / "mini.html").read_text(encoding="utf-8")
    wrong = (workspace.feedback / "F02" / "mini" / "mini.html").read_text(encoding="utf-8")
    assert right.count("✓ Correct.") == 3
    assert wrong.count("✗ Not correct.") == 3
    spelled = (workspace.feedback / "S01" / "spellings" / "spellings.html").read_text("utf-8")
    assert spelled.count("✓ Correct.") == len(SPELLINGS) + 1


def test_a_notebook_that_could_not_be_graded_gets_a_page_saying_why(feedback_pages):
    workspace, _ = feedback_pages
    text = (workspace.feedback / "F03" / "mini" / "mini.html").read_text(encoding="utf-8")
    assert "could not be graded" in text
    assert "broken JSON" in text


def test_feedback_pages_load_nothing_from_another_host(feedback_pages):
    _, pages = feedback_pages
    for page in pages:
        assert scan_file(page) == [], page


# --- what a failed cell shows ------------------------------------------------------------------

UNTERMINATED = "unterminated string literal (detected at line 1)"
UNDEFINED = "name 'q' is not defined"  # without the name Python suggests (from the namespace)


def test_an_error_shows_only_pythons_own_names():
    """Any other name is the kernel's to choose: type("<data>", (Exception,), {})."""
    assert error_name("NameError") == "NameError"
    assert error_name("CellTimeoutError") == "CellTimeoutError"
    assert error_name("SMUGGLED_KRUGKIDROVUWG2ZA") == "Error"
    assert error_name(None) == "Error"


@pytest.mark.parametrize(
    ("ename", "evalue", "source", "shown"),
    [
        ("NameError", "name 'q9' is not defined", "q1 = q9", "name 'q9' is not defined"),
        ("NameError", "name 'q9' is not defined", "q1 = 'B'", ""),
        ("NameError", "name 'q' is not defined. Did you mean: 'q8'?", "q1 = q", UNDEFINED),
        ("SyntaxError", "forged (cell, line 1)", 'q1 = "B', UNTERMINATED),
        ("SyntaxError", "forged", "q1 = 'B'", ""),
        ("ValueError", "bad answer", 'raise ValueError("bad answer")', "bad answer"),
        ("ValueError", "bad", 'raise ValueError("bad answer")', ""),
        ("ValueError", "c2VjcmV0", "raise ValueError(secret)", ""),
        ("NotImplementedError", "", "raise NotImplementedError()", ""),
    ],
)  # fmt: skip
def test_an_error_message_is_shown_only_when_made_of_the_cells_own_text(
    ename, evalue, source, shown
):
    """A message made at run time could carry what the kernel saw (hidden tests, encoded)."""
    assert error_message(ename, evalue, source) == shown


def test_a_notebook_that_could_not_be_graded_shows_no_details_of_the_failure(tmp_path):
    """A notebook's code can make nbgrader's error quote what it saw; the trainer has the
    details in problems.csv, the trainee's page has the reason only."""
    from himoya.grading.workspace import Workspace

    workspace = Workspace(tmp_path)
    for key in ("reason.nbgrader", "reason.failed"):
        reason = english(key, detail="SECRET q2 == 14")
        page = _problem_page(workspace, "T01", "mini", key, reason).read_text(encoding="utf-8")
        assert english(key, detail="…") in page
        assert "SECRET" not in page
    reason = english("reason.broken_json", line=7)
    page = _problem_page(workspace, "T01", "mini", "json", reason).read_text(encoding="utf-8")
    assert "broken JSON at line 7" in page
