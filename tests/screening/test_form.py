"""The live form driven programmatically, its static rendering and the printable form."""

import re

import pytest
from markupsafe import escape

from himoya.book.offline import scan_file
from himoya.screening import NOT_A_DIAGNOSIS, form, load_instrument, printable_form
from himoya.screening.form import ScreeningForm

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def answer(screen: ScreeningForm, values: list[int]) -> None:
    for radio, value in zip(screen.questions.values(), values, strict=False):
        radio.value = value


def test_form_shows_every_item_with_its_labels():
    screen = form("phq9")
    assert list(screen.questions) == [f"q{n}" for n in range(1, 10)]
    labels = [label for label, _ in screen.questions["q1"].options]
    assert labels == ["Not at all", "Several days", "More than half the days", "Nearly every day"]
    assert all(radio.value is None for radio in screen.questions.values())


def test_clicking_score_shows_the_result_and_no_red_flag():
    screen = form("phq9")
    answer(screen, [1, 2, 0, 3, 1, 0, 2, 1, 0])
    screen.score_button.click()
    assert screen.result is not None
    result = screen.result
    assert (result.total, result.band, result.positive) == (10, "moderate", True)
    shown = screen.result_view.value
    assert "10 of 27" in shown
    assert "moderate" in shown
    assert "Red flags:</strong> none" in shown
    assert NOT_A_DIAGNOSIS in shown


def test_item_9_red_flag_is_shown_after_scoring_again():
    screen = form("phq9")
    answer(screen, [1, 2, 0, 3, 1, 0, 2, 1, 0])
    screen.score_button.click()
    screen.questions["q9"].value = 1
    assert screen.result is None
    assert "press Score again" in screen.result_view.value
    screen.score_button.click()
    assert "Red flag: act today" in screen.result_view.value
    assert "same-day suicide-risk assessment" in screen.result_view.value


def test_age_box_changes_the_cutoff():
    screen = form("phq9", age=15)
    assert screen.age_input.value == "15"
    answer(screen, [1, 2, 0, 3, 1, 0, 2, 1, 0])
    screen.score_button.click()
    assert screen.result.positive is False
    screen.age_input.value = "30"
    screen.score_button.click()
    assert screen.result.positive is True


def test_unanswered_items_are_named_instead_of_a_result():
    screen = form("gad7")
    answer(screen, [1, 1, 1])
    screen.score_button.click()
    assert screen.result is None
    assert "Cannot score yet" in screen.result_view.value
    assert "q4, q5, q6, q7" in screen.result_view.value


def test_bad_age_text_is_reported():
    screen = form("gad7")
    answer(screen, [0] * 7)
    screen.age_input.value = "forty"
    screen.score_button.click()
    assert screen.result is None
    assert "age must be a whole number" in screen.result_view.value


def test_asq_question_5_appears_only_after_a_yes():
    screen = form("asq")
    q5_box = screen._boxes["q5"]
    assert q5_box.layout.display == "none"
    answer(screen, [0, 1, 0, 0])
    assert q5_box.layout.display == ""
    screen.questions["q5"].value = 1
    screen.score_button.click()
    assert screen.result.band == "acute positive"
    assert "Immediate action" in screen.result_view.value
    screen.questions["q2"].value = 0
    assert q5_box.layout.display == "none"
    assert screen.questions["q5"].value is None


def test_start_again_clears_answers_and_result():
    screen = form("asq")
    answer(screen, [0, 0, 0, 0])
    screen.score_button.click()
    assert screen.result is not None
    screen.reset_button.click()
    assert screen.result is None
    assert screen.result_view.value == ""
    assert all(radio.value is None for radio in screen.questions.values())


def test_mimebundle_has_the_widget_and_the_books_html_form(tmp_path):
    bundle = form("psc17")._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    static = bundle["text/html"]
    assert 'data-instrument="psc17"' in static
    assert "Screening is not diagnosis" in static
    assert "Scoring sheet" in static
    # One radio group per item, each answer with its label, and the rules for the browser.
    for item in load_instrument("psc17").items:
        group = re.findall(rf'<input type="radio" name="hs-psc17-\d+-{item.id}" value=', static)
        assert len(group) == 3, item.id
    assert '<script type="application/json" class="hs-rules">' in static
    assert "HimoyaScreening.init" in static
    assert '<button type="reset" class="hs-clear">Clear the answers</button>' in static
    page = tmp_path / "static.html"
    page.write_text(static, encoding="utf-8")
    assert scan_file(page) == []


@pytest.mark.parametrize("ident", ["phq9", "gad7", "psc17", "asq"])
def test_printable_form_is_a_full_offline_document_with_every_item(tmp_path, ident):
    document = printable_form(ident)
    assert document.startswith("<!DOCTYPE html>")
    assert document.rstrip().endswith("</html>")
    instrument = load_instrument(ident)
    for item in instrument.items:
        assert str(escape(item.text)) in document
    assert "Scoring sheet" in document
    assert "Screening is not diagnosis" in document
    assert "Pfizer" in document or ident not in {"phq9", "gad7"}
    page = tmp_path / f"{ident}.html"
    page.write_text(document, encoding="utf-8")
    assert scan_file(page) == []
    assert "<script" not in document


def test_printable_psc17_sheet_lists_the_subscale_items():
    document = printable_form("psc17")
    assert "items 2, 6, 9, 11, 15" in document
    assert "items 1, 3, 7, 13, 17" in document
    assert "items 4, 5, 8, 10, 12, 14, 16" in document


def test_printable_phq9_sheet_gives_both_cutoffs_and_the_red_flag():
    document = printable_form("phq9")
    assert "Positive screen at a total of 10 or more" in document
    assert "Ages 13-17: positive screen at a total of 11 or more" in document
    assert "Item 9 answered 1 or more" in document
