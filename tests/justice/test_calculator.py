"""The age-and-liability form (live widget + static HTML) and the worked table."""

import datetime as dt
import subprocess
import sys

import pytest

from himoya.justice import EXAMPLE_CHILDREN, calculator, worked_table

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def test_one_object_carries_the_live_widget_and_a_static_html_rendering():
    bundle = calculator()._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    assert "model_id" in bundle[WIDGET_MIME]
    static = bundle["text/html"]
    assert "runs in JupyterLab" in static
    assert "worked table" in static
    assert "below the age of criminal liability for art. 244" in static


def test_form_answers_when_both_dates_are_chosen():
    form = calculator()
    assert "Choose the date of birth" in form.answer.value
    form.date_of_birth.value = dt.date(2011, 3, 10)
    form.offence_date.value = dt.date(2025, 3, 10)
    assert "criminally liable for art. 244" in form.answer.value
    form.offence_date.value = dt.date(2025, 3, 9)
    assert "below the age of criminal liability" in form.answer.value


def test_form_offers_237_by_part_and_any_other_article():
    form = calculator(date_of_birth=dt.date(2010, 6, 20), offence_date=dt.date(2025, 2, 1))
    values = [value for _label, value in form.article.options]
    assert {"237(1)", "237(2)", "237(3)", "244", "other"} <= set(values)
    assert "237" not in values
    form.article.value = "237(2)"
    assert form.result().liable
    form.article.value = "237(1)"
    assert not form.result().liable
    assert form.other_article.layout.display == "none"
    form.article.value = "other"
    assert form.other_article.layout.display == ""
    form.other_article.value = 300
    assert form.result().article == 300
    assert form.result().liability_age == 16


def test_form_shows_a_bad_date_as_a_message_not_a_traceback():
    form = calculator(date_of_birth=dt.date(2026, 1, 1), offence_date=dt.date(2025, 1, 1))
    assert "Check the form" in form.answer.value
    assert "after offence_date" in form.answer.value


def test_worked_table_has_one_row_per_child_with_the_answers():
    table = worked_table()
    assert len(table) == len(EXAMPLE_CHILDREN)
    by_child = table.set_index("Child (fictional)")
    assert by_child.loc["Farrukh (Bokhtar)", "Age at offence"] == 13
    assert by_child.loc["Farrukh (Bokhtar)", "Liable?"] == "no"
    assert by_child.loc["Farrukh, one day later", "Liable?"] == "yes"
    assert by_child.loc["Davron (Kulob)", "Liable from"] == 16
    assert "Not a child case" in by_child.loc["Rustam (Istaravshan)", "What applies"]


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
