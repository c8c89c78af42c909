"""The course's nbgrader preprocessors on their own, on handmade notebooks (no kernel, no
gradebook): what each one keeps, cuts and hides. The pipelines they run in are tested end to end
in test_feedback.py, test_autograde.py and test_hostile.py."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from nbgrader.preprocessors import Execute, LimitOutput

from himoya.grading.preprocessors import (
    HIDDEN_NOTE,
    TRUNCATED,
    HideHiddenTests,
    LimitOutputSize,
    SandboxedExecute,
    autograde_pipeline,
)

HIDDEN_CHECK = 'assert q1 == "B", "the secret answer is B"'


def _test_cell(source: str, outputs: list, grade_id: str = "t1"):
    cell = new_code_cell(source, outputs=outputs, execution_count=7)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": grade_id,
        "points": 1,
        "schema_version": 3,
    }
    return cell


def _answer_cell(source: str, outputs: list):
    cell = new_code_cell(source, outputs=outputs, execution_count=6)
    cell.metadata["nbgrader"] = {
        "grade": False,
        "solution": True,
        "locked": False,
        "grade_id": "a1",
        "schema_version": 3,
    }
    return cell


def _error(name: str, value: str):
    return new_output("error", ename=name, evalue=value, traceback=[f"{name}: {value}"])


def test_limit_output_size_cuts_long_text_and_keeps_short_text_and_errors():
    long_text = "x" * 50
    cell = new_code_cell(
        "print('x' * 50)",
        outputs=[
            new_output("stream", name="stdout", text=long_text),
            new_output("execute_result", data={"text/plain": long_text}, execution_count=1),
            new_output("stream", name="stdout", text="short"),
            _error("ValueError", "bad"),
        ],
    )
    cut, _ = LimitOutputSize(max_chars=10).preprocess_cell(cell, {}, 0)
    assert cut.outputs[0].text == "x" * 10 + TRUNCATED.format(removed=40)
    assert cut.outputs[1].data["text/plain"] == "x" * 10 + TRUNCATED.format(removed=40)
    assert cut.outputs[2].text == "short"
    assert (cut.outputs[3].ename, cut.outputs[3].evalue) == ("ValueError", "bad")


def test_the_autograde_pipeline_is_nbgraders_with_the_sandbox_and_the_size_limit():
    steps = autograde_pipeline()
    assert Execute not in steps
    assert SandboxedExecute in steps
    assert steps.index(LimitOutputSize) == steps.index(LimitOutput) + 1


def _feedback_notebook():
    hidden = f"### BEGIN HIDDEN TESTS\n{HIDDEN_CHECK}\n### END HIDDEN TESTS"
    nb = new_notebook(
        cells=[
            new_markdown_cell("## Question 1"),
            _answer_cell(
                "q1 = 'A'\nprint('watching the tests')",
                [new_output("stream", name="stdout", text="watching the tests\n" + HIDDEN_CHECK)],
            ),
            _test_cell(
                f'assert q1 in "ABCD", "q1 must be one letter"\n{hidden}',
                [_error("AssertionError", "the secret answer is B")],
            ),
            _test_cell('assert isinstance(q1, str), "q1 must be text"', [], grade_id="t2"),
            _test_cell(
                'assert q1 in "ABCD", "q1 must be one letter"',
                [_error("AssertionError", "q1 must be one letter")],
                grade_id="t3",
            ),
        ]
    )
    nb.metadata["widgets"] = {"state": {"saved": HIDDEN_CHECK}}
    return nbformat.from_dict(nb)


def test_hide_hidden_tests_leaves_no_trace_of_them_in_sources_or_outputs():
    nb, _ = HideHiddenTests().preprocess(_feedback_notebook(), {})
    text = nbformat.writes(nb)
    assert "secret answer" not in text
    assert "BEGIN HIDDEN TESTS" not in text
    assert "widgets" not in nb.metadata
    failed_hidden = nb.cells[2]
    assert HIDDEN_NOTE in failed_hidden.source
    # The hidden check's own message is not the visible test's: only "not correct" is shown.
    assert [o.text for o in failed_hidden.outputs] == ["✗ Not correct.\n"]


def test_hide_hidden_tests_says_pass_or_fail_and_keeps_a_visible_tests_message():
    nb, _ = HideHiddenTests().preprocess(_feedback_notebook(), {})
    assert [o.text for o in nb.cells[3].outputs] == ["✓ Correct.\n"]
    assert [o.text for o in nb.cells[4].outputs] == ["✗ Not correct. q1 must be one letter\n"]
    assert all(c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


def test_hide_hidden_tests_drops_what_a_trainees_cell_printed():
    nb, _ = HideHiddenTests().preprocess(_feedback_notebook(), {})
    answer = nb.cells[1]
    assert answer.source.startswith("q1 = 'A'")
    assert answer.outputs == []


def test_hide_hidden_tests_in_russian_says_pass_and_fail_in_russian():
    nb, _ = HideHiddenTests(lang="ru").preprocess(_feedback_notebook(), {})
    passed, failed = nb.cells[3].outputs[0].text, nb.cells[2].outputs[0].text
    assert passed.startswith("✓")
    assert "Correct" not in passed
    assert failed.startswith("✗")
    assert "not correct" not in failed.lower()
