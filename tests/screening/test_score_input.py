"""Responses as lists, mappings and labels; every kind of bad input; the result object."""

import math

import pytest

from himoya.screening import NOT_A_DIAGNOSIS, ScreeningResult, UnknownInstrumentError, score

PHQ9_TEN = [1, 2, 0, 3, 1, 0, 2, 1, 0]


def test_labels_are_accepted_in_any_letter_case_and_spacing():
    labels = [
        "several days",
        "More than half the days",
        "NOT AT ALL",
        "nearly every day",
        "  Several   days ",
        "not at all",
        "more than half the days",
        "several days",
        "Not at all",
    ]
    assert score("phq9", labels).total == score("phq9", PHQ9_TEN).total == 10


def test_asq_yes_and_no_labels():
    assert score("asq", ["No", "YES", "no", "no"]).answers == (0, 1, 0, 0, None)


def test_mapping_input_scores_like_the_list():
    mapping = {f"q{number}": value for number, value in enumerate(PHQ9_TEN, start=1)}
    assert score("phq9", mapping) == score("phq9", PHQ9_TEN)


def test_mapping_keys_are_case_insensitive_and_order_free():
    mapping = {f"Q{number}": value for number, value in reversed(list(enumerate(PHQ9_TEN, 1)))}
    assert score("phq9", mapping).total == 10


def test_mapping_may_leave_out_allowed_blanks():
    result = score("psc17", {f"q{n}": 1 for n in range(1, 15)})
    assert result.total == 14
    assert result.answers[-3:] == (None, None, None)
    assert any("q15, q16, q17" in note for note in result.notes)


def test_whole_number_strings_and_floats_are_values():
    assert score("phq9", [str(value) for value in PHQ9_TEN]).total == 10
    assert score("phq9", [float(value) for value in PHQ9_TEN]).total == 10


def test_blank_markers_count_as_unanswered():
    result = score("psc17", ["", " - ", math.nan] + [2] * 14)
    assert result.total == 28
    assert result.answers[:4] == (None, None, None, 2)


def test_three_psc17_blanks_are_scored_as_zero():
    result = score("psc17", [None] * 3 + [1] * 14)
    assert result.total == 14
    assert result.positive is False


def test_numpy_values_are_accepted():
    numpy = pytest.importorskip("numpy")
    assert score("phq9", numpy.array(PHQ9_TEN)).total == 10


def assert_error(instrument, responses, *fragments, age=None):
    with pytest.raises(ValueError, match=instrument) as raised:
        score(instrument, responses, age=age)
    message = str(raised.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


@pytest.mark.parametrize(
    ("instrument", "responses", "fragments"),
    [
        ("phq9", [1] * 8, ["expected 9 answers", "got 8"]),
        ("phq9", [1] * 10, ["expected 9 answers", "got 10"]),
        ("phq9", [], ["expected 9 answers", "got 0"]),
        ("asq", [0] * 3, ["expected 4 or 5 answers", "got 3"]),
        ("asq", [0] * 6, ["expected 4 or 5 answers", "got 6"]),
        ("psc17", [1] * 16, ["expected 17 answers"]),
    ],
)
def test_wrong_number_of_answers_is_rejected(instrument, responses, fragments):
    assert_error(instrument, responses, *fragments)


@pytest.mark.parametrize(
    ("instrument", "responses", "fragments"),
    [
        ("phq9", [4, *[0] * 8], ["item 1 (q1)", "4 is out of range"]),
        ("phq9", [*[0] * 8, -1], ["item 9 (q9)", "-1 is out of range"]),
        ("psc17", [0] * 16 + [3], ["item 17 (q17)", "3 is out of range", "'often'"]),
        ("asq", [0, 0, 2, 0], ["item 3 (q3)", "2 is out of range"]),
        ("gad7", [0, 0, "often", 0, 0, 0, 0], ["item 3 (q3)", "unknown answer 'often'"]),
        ("asq", ["yes", "maybe", "no", "no"], ["item 2 (q2)", "unknown answer 'maybe'"]),
        ("phq9", [True, *[0] * 8], ["item 1 (q1)", "True is not an answer"]),
        ("asq", [0, False, 0, 0], ["item 2 (q2)", "False is not an answer"]),
        ("phq9", [0, 1.5, *[0] * 7], ["item 2 (q2)", "1.5 is not a whole number"]),
        ("phq9", [0, math.inf, *[0] * 7], ["item 2 (q2)", "not a whole number"]),
        ("phq9", [0, [1], *[0] * 7], ["item 2 (q2)", "is not an answer"]),
    ],
)
def test_bad_answers_name_the_instrument_and_the_item(instrument, responses, fragments):
    assert_error(instrument, responses, *fragments)


def test_numpy_bool_is_rejected_like_bool():
    numpy = pytest.importorskip("numpy")
    assert_error("asq", [numpy.True_, 0, 0, 0], "item 1 (q1)", "not an answer")


def test_unknown_item_in_a_mapping_is_named():
    answers = {f"q{n}": 0 for n in range(1, 10)} | {"q10": 1}
    assert_error("phq9", answers, "unknown item 'q10'", "q1, q2")


def test_an_item_given_twice_in_a_mapping_is_rejected():
    answers = {f"q{n}": 0 for n in range(1, 10)} | {"Q1": 1}
    assert_error("phq9", answers, "q1 is given twice")


@pytest.mark.parametrize(
    ("instrument", "responses", "fragments"),
    [
        ("phq9", [0, None, *[0] * 7], ["too many missing answers", "q2", "every item"]),
        ("phq9", {"q1": 0}, ["too many missing answers", "8 not answered"]),
        ("gad7", [0] * 6 + ["-"], ["too many missing answers", "q7"]),
        ("asq", [None, 0, 0, 0], ["too many missing answers", "q1"]),
        ("psc17", [None] * 4 + [1] * 13, ["too many missing", "4 not answered", "at most 3"]),
    ],
)
def test_missing_answers_beyond_the_rule_are_rejected(instrument, responses, fragments):
    assert_error(instrument, responses, *fragments)


@pytest.mark.parametrize("responses", ["1 2 0 3 1 0 2 1 0", None, 7, b"123456789"])
def test_responses_that_are_not_a_list_or_mapping_are_rejected(responses):
    assert_error("phq9", responses, "list of answers")


@pytest.mark.parametrize("age", [-1, 121, 15.5, True, "15"])
def test_bad_age_is_rejected(age):
    assert_error("phq9", PHQ9_TEN, "age must be a whole number", age=age)


def test_unknown_instrument_is_a_value_error_listing_the_known_ids():
    with pytest.raises(UnknownInstrumentError) as raised:
        score("cries8", [0] * 8)
    assert isinstance(raised.value, ValueError)
    message = str(raised.value)
    assert "'cries8'" in message
    for ident in ("asq", "gad7", "phq9", "psc17"):
        assert ident in message


def test_instrument_id_is_case_insensitive():
    assert score("PHQ9", PHQ9_TEN).instrument == "phq9"


def test_result_is_frozen_and_reports_its_answers():
    result = score("phq9", PHQ9_TEN)
    assert isinstance(result, ScreeningResult)
    assert result.answers == tuple(PHQ9_TEN)
    with pytest.raises(AttributeError):
        result.total = 0


def test_result_html_says_a_screen_is_not_a_diagnosis_and_escapes_text():
    page = score("phq9", [*PHQ9_TEN[:8], 1])._repr_html_()
    assert NOT_A_DIAGNOSIS in page
    assert "Red flag" in page
    assert "&#34;not at all&#34;" in page  # escaped by the template (Jinja2 autoescape)
    assert '"not at all"' not in page


def test_result_text_and_dict_carry_the_same_facts():
    result = score("phq9", PHQ9_TEN, age=30)
    text = result.as_text()
    assert "total: 10 of 27" in text
    assert "red flags: none" in text
    data = result.to_dict()
    assert data["total"] == 10
    assert data["positive"] is True
    assert data["flags"] == []
    assert data["not_a_diagnosis"] == NOT_A_DIAGNOSIS
