"""Exercise 07 promises "no programming": every graded answer can be read from a printed table.

Each question of ``exercises/specs/07-caseload-data.yml`` has a read-only cell that prints a
table. The test runs the notebook's setup, then each question's cell as Jupyter would (the last
expression is shown), and checks that the number the grader expects is printed there, as a
trainee would read it. It also checks that the diversion share counts only children aged 14 and
over, as the module page does.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from himoya.exercises import load_spec
from himoya.paths import course_root

SPEC = course_root(Path(__file__).parent) / "exercises" / "specs" / "07-caseload-data.yml"
(ASSIGNMENT,) = load_spec(SPEC)


def shown(code: str, namespace: dict) -> str:
    """Run ``code`` in ``namespace``; return what Jupyter would show for its last expression."""
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    if last is None:
        return ""
    return str(eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace))


def expected_value(code: str) -> float:
    namespace: dict = {}
    exec(code, namespace)
    return namespace["expected"]


@pytest.fixture(scope="module")
def namespace() -> dict:
    names: dict = {}
    exec(ASSIGNMENT.setup_code, names)
    return names


@pytest.mark.parametrize("question", ASSIGNMENT.questions, ids=lambda q: q.id)
def test_every_answer_can_be_read_from_the_table_its_cell_prints(question, namespace):
    assert question.setup_code, f"{question.id}: no cell prints a table to read the answer from"
    printed = shown(question.setup_code, dict(namespace))
    expected = expected_value(question.expected_code)
    if question.kind == "integer":
        assert re.search(rf"(?<![\d.]){expected}(?![\d.])", printed), (question.id, printed)
    else:
        assert f"{expected:.2f}" in printed, (question.id, expected, printed)


@pytest.mark.parametrize("question", ASSIGNMENT.questions, ids=lambda q: q.id)
def test_the_question_tells_the_trainee_where_to_read_and_offers_code_only_as_a_challenge(
    question,
):
    text = " ".join(question.text.split())
    assert "the cell below" in text.lower()
    assert "*Optional challenge (not graded):*" in text


def test_the_diversion_share_counts_only_children_aged_14_and_over(namespace):
    (q2,) = [q for q in ASSIGNMENT.questions if q.id == "q2"]
    contacts = namespace["police_contacts"]
    liable = contacts[contacts["child_age"] >= 14]
    assert expected_value(q2.expected_code) == pytest.approx(liable["diverted"].mean())
    everyone = contacts["diverted"].mean()
    assert abs(liable["diverted"].mean() - everyone) > q2.tolerance  # the fix changes the answer
    assert "aged 14 and over" in q2.text
    solved = dict(namespace)
    exec(q2.solution_code, solved)
    assert solved["q2"] == pytest.approx(liable["diverted"].mean(), abs=q2.tolerance)


def test_the_intro_no_longer_asks_for_pandas():
    assert "No programming is needed" in ASSIGNMENT.intro
    assert "Write a line or two of pandas" not in ASSIGNMENT.intro
