"""Why a notebook could not be graded, in the cohort's language (no nbgrader needed).

Grading records its reasons and repair notes in English; the report page, ``problems.csv``, the
follow-up list and the feedback read them back through the ``ui`` catalog. The CSV column names
and ``grades.csv``'s ``status`` stay in English (grading/README.md, "A cohort in Russian or
Tajik").
"""

import csv
import dataclasses
import re

import pytest

from himoya.grading.labels import REASONS, english, in_language, reason, status, text
from himoya.grading.report import render_html
from himoya.grading.results import NOT_GRADED_YET, NOT_SUBMITTED, PROBLEM, summarise
from himoya.grading.tables import (
    GRADES_COLUMNS,
    PROBLEMS_COLUMNS,
    advice_for,
    write_grades_csv,
    write_problems_csv,
)

from .handmade import RULE, person, result
from .handmade import small_cohort as handmade_cohort

FIELDS = {
    "line": "12",
    "detail": "Unterminated string; starting at line 3",
    "seconds": "600",
    "cells": "q1, q3",
    "names": "__eq__, setattr",
}
LATIN_WORD = re.compile(r"\b[A-Za-z]{4,}\b")


def _fields(key: str) -> dict[str, str]:
    return {name: value for name, value in FIELDS.items() if "{" + name + "}" in REASONS[key]}


@pytest.mark.parametrize("lang", ["ru", "tg"])
@pytest.mark.parametrize("key", sorted(REASONS))
def test_every_recorded_reason_is_shown_in_the_cohorts_language(key, lang):
    recorded = english(key, **_fields(key))
    assert reason(recorded) == recorded  # English outside a language block
    with in_language(lang):
        shown = reason(recorded)
        assert shown == text(key, **_fields(key))
    for value in _fields(key).values():
        assert value in shown  # numbers, cell ids and nbgrader's own words stay as they are
    words = set(LATIN_WORD.findall(shown)) - set(LATIN_WORD.findall(" ".join(FIELDS.values())))
    assert words <= {"Python", "nbgrader", "exit", "JSON"}, words
    assert re.search("[а-яА-ЯҷҳқғӯӣҶҲҚҒӮӢ]", shown)


def test_notes_joined_by_a_semicolon_are_each_translated():
    copied = english("note.copied", cells="q2")
    tampering = english("note.tampering", names="setattr")
    with in_language("ru"):
        assert reason(f"{copied}; {tampering}") == (
            f"{text('note.copied', cells='q2')}; {text('note.tampering', names='setattr')}"
        )
        # A text no template reads (an older version's words) is shown as it was recorded.
        assert reason(f"{copied}; something else") == (
            f"{text('note.copied', cells='q2')}; something else"
        )
        assert reason("") == ""


def test_a_status_is_shown_in_the_language_and_its_reason_too():
    broken = PROBLEM + english("reason.broken_json", line=3)
    with in_language("tg"):
        assert status(NOT_SUBMITTED) == "супорида нашудааст"
        assert status(NOT_GRADED_YET) == "ҳанӯз санҷида нашудааст"
        assert status(broken) == "мушкилот: файл дафтари дуруст нест: JSON дар сатри 3 вайрон аст"
        assert status("something new") == "something new"
    assert status(broken) == broken


def test_the_advice_is_chosen_from_the_english_reason_in_every_language():
    timeout = english("reason.timeout")
    with in_language("ru"):
        assert advice_for(timeout) == text("advice.timeout")
        assert advice_for(english("reason.notebook_seconds", seconds=600)) == text("advice.other")
        assert advice_for("", english("note.copied", cells="q1")) == text("advice.repaired")


def cohort_in(lang: str, root):
    """The hand-made cohort, with one more notebook that could not be graded (an endless loop),
    summarised in ``lang`` (as ``himoya cohort report`` does in the cohort's language)."""
    with in_language(lang):
        base = handmade_cohort(root)
        late = person("KUL-04", first="Нилуфар", last="Саидова")
        loop = result(late, status=PROBLEM + english("reason.timeout"), auto=0.0)
        problem = {
            "trainee": "KUL-04",
            "assignment": "03-juvenile-justice",
            "notebook": "03-juvenile-justice",
            "problem": english("reason.timeout"),
            "note": "",
        }
        return dataclasses.replace(
            base,
            trainees=(*base.trainees, late),
            results=(*base.results, loop),
            summaries=(*base.summaries, summarise(late, (loop,), None, None, RULE, has_kc=True)),
            problems=(*base.problems, problem),
        )


def test_a_russian_report_shows_the_reasons_and_repairs_in_russian(tmp_path):
    cohort = cohort_in("ru", tmp_path)
    with in_language("ru"):
        page = render_html(cohort)
    assert "тетрадь не успела выполниться за отведённое время" in page  # problems and follow-up
    assert page.count("тетрадь не успела выполниться") == 2
    assert "оцениваемая ячейка была скопирована или разделена (q1)" in page
    assert "did not finish in time" not in page
    assert "copied or split" not in page
    assert "Сотрудник милиции" in page  # the roles chart's caption names roles in Russian
    assert "Police officer" not in page


def test_a_tajik_problems_csv_has_english_columns_and_tajik_text(tmp_path):
    cohort = cohort_in("tg", tmp_path)
    with in_language("tg"):
        problems = write_problems_csv(cohort, tmp_path / "problems.csv")
        grades = write_grades_csv(cohort, tmp_path / "grades.csv")
        advice = text("advice.timeout")
    with problems.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == PROBLEMS_COLUMNS
    repaired, loop = rows
    assert repaired["note"] == (
        "ҳуҷайрае, ки хол мегирад, нусхабардорӣ ё ҷудо карда шуд (q1); "
        "нусхаи зиёдатӣ ба ҳисоб гирифта нашуд"
    )
    assert loop["problem"] == "дафтар дар вақти муқарраршуда ба охир нарасид"
    assert loop["what_to_do"] == advice
    assert advice.startswith("Як ҳуҷайра")
    with grades.open(encoding="utf-8-sig", newline="") as handle:
        statuses = {row["id"]: row["status"] for row in csv.DictReader(handle)}
    assert tuple(GRADES_COLUMNS)[-2] == "status"
    assert statuses["KUL-04"] == "problem: the notebook did not finish in time"
