"""Module 04's executed pages in the built book: worked examples and static forms."""

import pytest

pytestmark = pytest.mark.build


def test_scoring_page_shows_the_worked_results(built_book):
    page = (built_book / "modules" / "04-psychosocial" / "scoring.html").read_text("utf-8")
    assert "10 of 27" in page
    assert "negative (cut-off 11)" in page
    assert "Red flag: act today" in page
    assert "too many missing answers" in page
    assert "A screen is not a diagnosis." in page


def test_form_page_shows_a_printable_form_per_instrument(built_book):
    page = (built_book / "modules" / "04-psychosocial" / "screening-form.html").read_text("utf-8")
    for name in ("PHQ-9", "GAD-7", "PSC-17", "ASQ"):
        assert f"({name})</p>" in page, name
    assert page.count("Scoring sheet") == 4
    assert page.count("Screening is not diagnosis.") >= 4
