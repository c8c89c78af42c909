"""Reading a cohort's results, without nbgrader: each notebook's status, the scores from gradebook
rows, several notebooks combined, question texts from source notebooks, and cohort.yml."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from himoya.errors import CohortError
from himoya.grading.load_results import _combine, _first_paragraph, _notebook_result, _read_sources
from himoya.grading.results import (
    GRADED,
    NEEDS_MANUAL,
    NOT_GRADED_YET,
    NOT_SUBMITTED,
    PROBLEM,
    CompletionRule,
)
from himoya.grading.settings import certificate_date, read_settings
from himoya.grading.workspace import Workspace

from .handmade import person, result

CELLS = {"q1": ("code", 2.0), "q2": ("code", 1.0), "r1": ("markdown", 3.0)}


@pytest.fixture
def handed_in(tmp_path):
    """A workspace where KUL-01 handed in ``mini``; returns (workspace, trainee, state entry)."""
    workspace = Workspace(tmp_path)
    trainee = person("KUL-01")
    folder = workspace.submitted / trainee.id / "mini"
    folder.mkdir(parents=True)
    notebook = folder / "mini.ipynb"
    notebook.write_text('{"cells": []}', encoding="utf-8")
    digest = hashlib.sha256(notebook.read_bytes()).hexdigest()
    return workspace, trainee, {"digest": digest}


def read(workspace, trainee, grades, state):
    return _notebook_result(workspace, trainee, "mini", "mini", CELLS, grades, state)


def test_a_notebook_not_handed_in_is_not_submitted(tmp_path):
    r = read(Workspace(tmp_path), person(), None, {})
    assert (r.status, r.auto_score, r.max_auto, r.max_manual) == (NOT_SUBMITTED, None, 3.0, 3.0)


def test_a_notebook_changed_since_grading_is_not_graded_yet(handed_in):
    workspace, trainee, entry = handed_in
    stale = {"KUL-01/mini/mini": {**entry, "digest": "0" * 64}}
    assert read(workspace, trainee, {}, stale).status == NOT_GRADED_YET
    assert read(workspace, trainee, {}, {}).status == NOT_GRADED_YET


def test_a_problem_in_the_grading_state_counts_zero_and_says_why(handed_in):
    workspace, trainee, entry = handed_in
    state = {"KUL-01/mini/mini": {**entry, "problem": "the file is empty", "note": "n"}}
    r = read(workspace, trainee, None, state)
    assert (r.status, r.auto_score, r.note) == (PROBLEM + "the file is empty", 0.0, "n")
    assert r.problem == "the file is empty"
    assert r.percent == 0.0


def test_scores_come_from_the_gradebook_and_a_trainers_override_wins(handed_in):
    workspace, trainee, entry = handed_in
    state = {"KUL-01/mini/mini": entry}
    grades = {
        # (auto, manual, extra credit, needs manual grade)
        "q1": (2.0, None, None, False),
        "q2": (0.0, 1.0, None, False),  # the trainer gave the point by hand
        "r1": (None, 2.0, 0.5, False),
    }
    r = read(workspace, trainee, grades, state)
    assert (r.status, r.auto_score, r.manual_score) == (GRADED, 3.0, 2.5)
    assert [(i.item, i.score, i.correct) for i in r.items] == [("q1", 2.0, True), ("q2", 1.0, True)]
    assert r.percent == pytest.approx(100 * 5.5 / 6)


def test_reflections_not_yet_graded_leave_the_manual_score_blank(handed_in):
    workspace, trainee, entry = handed_in
    grades = {"q1": (2.0, None, None, False), "q2": (0.0, None, None, False)}
    r = read(workspace, trainee, grades, {"KUL-01/mini/mini": entry})
    assert (r.status, r.auto_score, r.manual_score) == (NEEDS_MANUAL, 2.0, None)
    assert r.percent == pytest.approx(100 * 2 / 3)


def test_notebooks_of_one_assignment_combine_to_the_least_finished_status():
    t = person()
    one = result(t, "06-returnees", notebook="a", auto=2.0, max_auto=4.0, manual=1.0)
    two = result(t, "06-returnees", notebook="b", status=NEEDS_MANUAL, auto=3.0, max_auto=4.0)
    both = _combine([one, two])
    assert (both.notebook, both.status, both.auto_score, both.max_auto) == (
        "a; b",
        NEEDS_MANUAL,
        5.0,
        8.0,
    )
    assert both.manual_score is None
    missing = result(t, "06-returnees", notebook="b", status=NOT_SUBMITTED)
    assert _combine(
        [result(t, "06-returnees", notebook="a", status=NOT_SUBMITTED), missing]
    ).status == (NOT_SUBMITTED)
    assert _combine([one, missing]).status == "incomplete: b"
    broken = result(t, "06-returnees", notebook="b", status=PROBLEM + "x", auto=0.0)
    assert _combine([one, broken]).status == PROBLEM + "x"


def test_the_first_paragraph_of_a_question_is_plain_and_short():
    text = "## Question 3\n\n> **Sitora** was born on `15 March 2011`.\nHow old was she?\n\nMore."
    assert _first_paragraph(text) == "Sitora was born on 15 March 2011. How old was she?"
    long = "word " * 60
    shortened = _first_paragraph(long)
    assert len(shortened) <= 140
    assert shortened.endswith(" …")


def test_question_texts_and_titles_come_from_the_source_notebooks(tmp_path):
    workspace = Workspace(tmp_path)
    folder = workspace.source / "mini"
    folder.mkdir(parents=True)
    cells = [
        {"cell_type": "markdown", "source": "# Exercise 03 · Mini\n\nIntro.", "metadata": {}},
        {
            "cell_type": "markdown",
            "source": ["Which safeguard ", "was breached?\n\nPick one."],
            "metadata": {"nbgrader": {"grade_id": "q1-question"}},
        },
    ]
    (folder / "mini.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
    (folder / "broken.ipynb").write_text("{not json", encoding="utf-8")
    questions, titles = _read_sources(workspace, ["mini"])
    assert questions == {("mini", "q1"): "Which safeguard was breached?"}
    assert titles == {"mini": "03 · Mini"}


def test_the_completion_rule_with_wrong_settings_names_them():
    with pytest.raises(CohortError, match="completion settings are not numbers"):
        CompletionRule.from_settings({"completion": {"min_percent": "sixty"}})


def test_cohort_settings_are_checked_against_the_schema(tmp_path):
    settings = tmp_path / "cohort.yml"
    settings.write_text(
        "completion: {min_percent: 75}\ncertificate_date: 2026-11-21\n", encoding="utf-8"
    )
    data = read_settings(settings)
    assert certificate_date(data) == date(2026, 11, 21)
    assert read_settings(tmp_path / "missing.yml") == {}
    settings.write_text("completion: {min_percent: 175}\nworkshp: Bokhtar\n", encoding="utf-8")
    with pytest.raises(CohortError) as raised:
        read_settings(settings)
    lines = str(raised.value).splitlines()
    assert lines == [
        f"{settings}: top level: unknown field 'workshp' (did you mean 'workshop'?)",
        f"{settings}: completion.min_percent: 175 must be between 0 and 100",
    ]
    settings.write_text("completion: [unclosed\n", encoding="utf-8")
    with pytest.raises(CohortError, match=r"cohort\.yml: line 2: YAML syntax error"):
        read_settings(settings)
