"""The age-and-liability form (live widget + static calculator) and the worked table."""

import datetime as dt
import html
import json
import re
import subprocess
import sys

import pytest

from himoya.justice import (
    article_options,
    calculator,
    example_children,
    liability,
    static_calculator,
    worked_table,
)
from himoya.justice.articles import rules_data
from himoya.justice.texts import text, texts

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
PAYLOAD = re.compile(r'<script type="application/json" class="hl-data">(?P<json>.*?)</script>')


def test_one_object_carries_the_live_widget_and_the_static_calculator():
    bundle = calculator()._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    assert "model_id" in bundle[WIDGET_MIME]
    static = bundle["text/html"]
    assert 'data-tool="liability"' in static
    assert static.count('<input type="date"') == 2
    assert '<button type="submit"' in static
    assert "HimoyaLiability.init(" in static


def test_the_static_calculator_carries_the_law_and_the_words_from_the_yaml():
    fragment = static_calculator(element_id="calc")
    payload = json.loads(PAYLOAD.search(fragment).group("json"))
    assert payload["rules"] == rules_data()
    assert payload["texts"] == texts()
    assert "<" not in PAYLOAD.search(fragment).group("json")  # no "</script>" can end it early


def test_the_static_calculator_loads_nothing_and_writes_no_markup_from_strings():
    fragment = static_calculator()
    assert "src=" not in fragment
    assert "href=" not in fragment
    assert "http" not in fragment
    assert "innerHTML" not in fragment
    assert fragment.count("<script") == 2


def test_each_static_calculator_gets_its_own_id():
    ids = [re.search(r'data-tool="liability" id="([^"]+)"', static_calculator()).group(1)
           for _ in range(2)]  # fmt: skip
    assert ids[0] != ids[1]


def test_the_static_calculator_prints_a_note_instead_of_the_form():
    fragment = html.unescape(static_calculator())
    assert text("form.print_note") in fragment
    assert "@media print" in fragment


OPTIONS = [
    # (value of the choice, words its label must contain, words it must not contain)
    pytest.param("237 part 1", ["237, part 1", "hooliganism (not aggravated)", "from 16"],
                 ["aggravated hooliganism", "from 14"], id="237-part-1-ordinary-hooliganism"),
    pytest.param("237 part 2", ["237, part 2", "aggravated hooliganism", "from 14"], ["from 16"],
                 id="237-part-2-aggravated"),
    pytest.param("237 part 3", ["237, part 3", "aggravated hooliganism", "from 14"], ["from 16"],
                 id="237-part-3-aggravated"),
    pytest.param("255 part 1", ["255, part 1", "(simple)", "from 16"], ["aggravated", "from 14"],
                 id="255-part-1-simple-damage"),
    pytest.param("255 part 2", ["255, part 2", "aggravated", "from 14"], ["from 16"],
                 id="255-part-2-aggravated-damage"),
    pytest.param("244", ["244", "larceny (theft)", "from 14"], [], id="244-theft"),
    pytest.param("other", ["Another article", "16 or older"], [], id="another-article"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "present", "absent"), OPTIONS)
def test_the_article_list_names_each_part(value, present, absent):
    labels = {v: label for label, v in article_options()}
    for words in present:
        assert words in labels[value]
    for words in absent:
        assert words not in labels[value]


def test_every_choice_of_the_list_gives_an_answer_that_matches_its_label():
    for label, value in article_options():
        if value == "other":
            continue
        result = liability("2010-01-01", "2025-06-01", value)  # aged 15
        assert f"from {result.liability_age}" in label
        assert result.liable is (result.liability_age == 14)


def test_form_answers_when_both_dates_are_chosen():
    form = calculator()
    assert text("form.waiting") in form.answer.value
    form.date_of_birth.value = dt.date(2011, 3, 10)
    form.offence_date.value = dt.date(2025, 3, 11)
    assert "criminally liable for art. 244" in form.answer.value
    form.offence_date.value = dt.date(2025, 3, 10)  # his 14th birthday counts as 13
    assert "below the age of criminal liability" in form.answer.value


def test_form_offers_237_and_255_by_part_and_any_other_article():
    form = calculator(date_of_birth=dt.date(2010, 6, 20), offence_date=dt.date(2025, 2, 1))
    values = [value for _label, value in form.article.options]
    assert {"237 part 1", "237 part 2", "237 part 3", "255 part 1", "255 part 2", "244",
            "other"} <= set(values)  # fmt: skip
    assert "237" not in values
    assert "255" not in values
    form.article.value = "237 part 2"
    assert form.result().liable is True
    form.article.value = "237 part 1"
    assert form.result().liable is False
    assert form.other_article.layout.display == "none"
    form.article.value = "other"
    assert form.other_article.layout.display == ""
    form.other_article.value = "179^3"
    assert form.result().inserted == 3
    assert form.result().liability_age == 16
    form.other_article.value = "179(3)"
    assert "ambiguous" in form.answer.value


@pytest.mark.parametrize(
    ("lang", "aggravated", "simple", "word"),
    [("ru", "ч. 2 ст. 237", "ст. 237 ч. 1", "ст. 165"),
     ("tg", "моддаи 237 қисми 2", "м.\u00a0237\u00a0қ.\u00a01", "моддаи 165")],
)  # fmt: skip
def test_the_live_form_reads_an_article_typed_the_way_its_readers_write_it(
    lang, aggravated, simple, word
):
    form = calculator(
        date_of_birth=dt.date(2010, 6, 20), offence_date=dt.date(2025, 2, 1), lang=lang
    )
    form.article.value = "other"
    form.other_article.value = aggravated
    assert (form.result().article, form.result().part, form.result().liable) == (237, 2, True)
    form.other_article.value = simple
    assert (form.result().part, form.result().liable) == (1, False)
    form.other_article.value = "ст. 237" if lang == "ru" else "моддаи 237"
    with pytest.raises(ValueError, match="237"):
        form.result()
    assert "hl-error" in form.answer.value
    assert "part" not in form.answer.value  # the error shows the local form, not '237 part 2'
    assert word.split()[0] in form.other_article.placeholder  # the hint shows it too


def test_form_shows_a_bad_date_as_a_message_not_a_traceback():
    form = calculator(date_of_birth=dt.date(2026, 1, 1), offence_date=dt.date(2025, 1, 1))
    assert "Check the form" in form.answer.value
    assert "not yet born" in form.answer.value


def test_worked_table_has_one_row_per_child_with_the_answers():
    table = worked_table(detail=True)
    assert len(table) == len(example_children())
    rows = {
        "Farrukh (Bokhtar)": (13, "no"),
        "Farrukh, on his birthday": (13, "no"),
        "Farrukh, one day later": (14, "yes"),
        "Davron (Kulob)": (15, "no"),
        "Behruz (Kulob)": (17, "check the article (art. 23(3))"),
        "Siyovush (Dushanbe)": (14, "no"),
        "Nilufar (Isfara)": (15, "no"),
        "Manija (Vahdat)": (13, "no"),
        "Rustam (Istaravshan)": (17, "yes"),
    }
    for child, (age, liable) in rows.items():
        assert (table.loc[child, "Age that counts"], table.loc[child, "Liable?"]) == (age, liable)
    assert table.loc["Davron (Kulob)", "Liable from"] == 16
    outcome = table.loc["Rustam (Istaravshan)", "Outcome"]
    assert outcome == "Liable minor: all protections for minors"
    assert "Not a child case" in table.loc["Rustam, one day later", "What applies"]


def test_worked_table_text_is_short_enough_to_show_whole():
    # pandas cuts text longer than display.max_colwidth (50) with "..." in the book's table.
    table = worked_table().reset_index()
    longest = max(len(str(value)) for value in table.to_numpy().ravel())
    assert longest <= 50


def test_worked_table_names_the_child_whose_row_is_wrong():
    rows = [{"child": "Test child", "date_of_birth": "2012-01-01", "offence_date": "2025-01-01",
             "article": "12"}]  # fmt: skip
    with pytest.raises(ValueError, match=r"^Test child: article '12' is unknown"):
        worked_table(rows)


def test_importing_the_package_loads_neither_widgets_nor_pandas():
    code = (
        "import sys, himoya.justice; "
        "print(sorted(m for m in ('ipywidgets', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
