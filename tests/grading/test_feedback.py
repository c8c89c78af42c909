"""Feedback never shows hidden-test source and loads nothing from another host."""

import json

import pytest

from himoya.grading.feedback import HIDDEN_BEGIN, HIDDEN_END, feedback, split_hidden
from himoya.offline import scan_file

from .cohort_fixtures import MINI, graded_right_wrong_broken

pytestmark = pytest.mark.nbgrader


def hidden_lines(notebook) -> set[str]:
    lines = set()
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if HIDDEN_BEGIN in source:
            block = source.split(HIDDEN_BEGIN)[1].split(HIDDEN_END)[0]
            # Lines that say something (not a lone bracket) must never reach a trainee.
            lines |= {line.strip() for line in block.splitlines() if len(line.strip()) >= 8}
    return lines


def test_split_hidden_removes_the_region_and_says_so():
    source = "assert ok\n### BEGIN HIDDEN TESTS\nassert answer == 'B'\n### END HIDDEN TESTS"
    visible, found = split_hidden(source)
    assert found
    assert "answer == 'B'" not in visible
    assert visible.startswith("assert ok\n# (The grader also ran hidden checks")


@pytest.fixture(scope="module")
def feedback_pages(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feedback")
    workspace = graded_right_wrong_broken(tmp, ("F01", "F02", "F03"))
    return workspace, feedback(directory=workspace.root)


def test_no_line_of_any_hidden_test_appears_in_any_feedback_file(feedback_pages):
    _, pages = feedback_pages
    secrets = hidden_lines(MINI)
    assert secrets
    assert len(pages) == 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for line in secrets:
            assert line not in text, f"{page} shows hidden test line {line!r}"
        assert "HIDDEN TESTS" not in text


def test_feedback_says_pass_or_fail_instead(feedback_pages):
    workspace, _ = feedback_pages
    right = (workspace.feedback / "F01" / "mini" / "mini.html").read_text(encoding="utf-8")
    wrong = (workspace.feedback / "F02" / "mini" / "mini.html").read_text(encoding="utf-8")
    assert right.count("✓ Correct.") == 3
    assert wrong.count("✗ Not correct.") == 3


def test_a_notebook_that_could_not_be_graded_gets_a_page_saying_why(feedback_pages):
    workspace, _ = feedback_pages
    text = (workspace.feedback / "F03" / "mini" / "mini.html").read_text(encoding="utf-8")
    assert "could not be graded" in text
    assert "broken JSON" in text


def test_feedback_pages_load_nothing_from_another_host(feedback_pages):
    _, pages = feedback_pages
    for page in pages:
        assert scan_file(page) == [], page
