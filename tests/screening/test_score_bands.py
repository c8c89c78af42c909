"""Scoring at every band boundary (both sides), cut-offs by age, subscales and red flags.

The expected values are written out here, independently of the instrument files, so a wrong
number in a YAML file fails a test.
"""

import pytest

from himoya.screening import score


def spread(total: int, n_items: int, max_value: int, *, last_zero: bool = False) -> list[int]:
    """Answers for ``n_items`` items that add up to ``total``, filled from the first item."""
    answers = []
    usable = n_items - 1 if last_zero else n_items
    for index in range(n_items):
        value = min(max_value, total) if index < usable else 0
        answers.append(value)
        total -= value
    assert total == 0, "total too high for these items"
    return answers


PHQ9_BANDS = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately severe"),
    (19, "moderately severe"),
    (20, "severe"),
    (24, "severe"),
]


@pytest.mark.parametrize(("total", "band"), PHQ9_BANDS)
def test_phq9_band_and_positive_at_each_boundary(total, band):
    result = score("phq9", spread(total, 9, 3, last_zero=True))
    assert result.total == total
    assert result.band == band
    assert result.positive is (total >= 10)
    assert result.flags == ()


def test_phq9_top_of_the_scale_is_severe_with_the_item_9_flag():
    result = score("phq9", [3] * 9)
    assert (result.total, result.max_total, result.band) == (27, 27, "severe")
    assert len(result.flags) == 1


GAD7_BANDS = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]


@pytest.mark.parametrize(("total", "band"), GAD7_BANDS)
def test_gad7_band_and_positive_at_each_boundary(total, band):
    result = score("gad7", spread(total, 7, 3))
    assert (result.total, result.max_total) == (total, 21)
    assert result.band == band
    assert result.positive is (total >= 10)
    assert result.flags == ()


@pytest.mark.parametrize(
    ("age", "total", "positive", "cutoff"),
    [
        (12, 10, True, 10),
        (12, 11, True, 10),
        (13, 10, False, 11),
        (13, 11, True, 11),
        (17, 10, False, 11),
        (17, 11, True, 11),
        (18, 10, True, 10),
        (18, 11, True, 10),
        (None, 10, True, 10),
    ],
)
def test_phq9_positive_depends_on_age(age, total, positive, cutoff):
    result = score("phq9", spread(total, 9, 3, last_zero=True), age=age)
    assert result.positive is positive
    assert result.cutoff == cutoff
    assert result.band == "moderate"


def test_phq9_below_13_is_scored_with_a_note_about_the_validated_age_range():
    result = score("phq9", spread(10, 9, 3, last_zero=True), age=12)
    assert result.total == 10
    assert any("outside the validated age range" in note for note in result.notes)


def test_phq9_inside_the_age_range_has_no_age_note():
    result = score("phq9", spread(10, 9, 3, last_zero=True), age=15)
    assert not any("age" in note.lower() for note in result.notes)


def test_phq9_without_age_says_which_cutoff_was_used():
    result = score("phq9", spread(10, 9, 3, last_zero=True))
    assert any("Age not given" in note for note in result.notes)


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_item_9_above_zero_is_a_same_day_red_flag_even_with_a_low_total(item9):
    result = score("phq9", [0] * 8 + [item9])
    assert result.positive is False
    assert len(result.flags) == 1
    assert "same-day" in result.flags[0]
    assert result.action.startswith("Today")
    assert result.red_flag


def test_phq9_item_9_at_zero_raises_no_flag():
    result = score("phq9", [3] * 8 + [0])
    assert result.flags == ()
    assert result.red_flag is False


def psc17(internalising: int, attention: int, externalising: int) -> dict[str, int]:
    """PSC-17 answers (as a mapping) with the given subscale scores."""
    groups = {
        "internalising": ["q2", "q6", "q9", "q11", "q15"],
        "attention": ["q1", "q3", "q7", "q13", "q17"],
        "externalising": ["q4", "q5", "q8", "q10", "q12", "q14", "q16"],
    }
    wanted = {
        "internalising": internalising,
        "attention": attention,
        "externalising": externalising,
    }
    answers = {}
    for name, items in groups.items():
        answers.update(zip(items, spread(wanted[name], len(items), 2), strict=True))
    return answers


@pytest.mark.parametrize(
    ("subscales", "total", "band", "positive"),
    [
        ((0, 0, 0), 0, "below cut-off", False),
        ((4, 6, 4), 14, "below cut-off", False),
        ((4, 6, 5), 15, "at or above cut-off", True),
        ((10, 10, 14), 34, "at or above cut-off", True),
    ],
)
def test_psc17_total_band_and_positive_at_the_boundary(subscales, total, band, positive):
    result = score("psc17", psc17(*subscales))
    assert (result.total, result.max_total) == (total, 34)
    assert result.band == band
    assert result.positive is positive


@pytest.mark.parametrize(
    ("name", "below", "at"),
    [("internalising", 4, 5), ("attention", 6, 7), ("externalising", 6, 7)],
)
def test_psc17_each_subscale_cutoff_both_sides(name, below, at):
    def scores(value):
        base = {"internalising": 0, "attention": 0, "externalising": 0, name: value}
        return psc17(base["internalising"], base["attention"], base["externalising"])

    under = score("psc17", scores(below))
    over = score("psc17", scores(at))
    assert under.subscales[name] == below
    assert over.subscales[name] == at
    assert name not in under.positive_subscales
    assert over.positive_subscales == (name,)
    assert over.positive is False
    assert over.action != under.action
    assert "one area" in over.action


def test_psc17_subscales_follow_the_paper_form_order():
    # Item 1 (fidgety) is attention, item 2 (sad) internalising, item 4 (refuses to share)
    # externalising, as on the PSC-17 form.
    answers = [0] * 17
    answers[0], answers[1], answers[3] = 2, 1, 2
    result = score("psc17", answers)
    assert result.subscales == {"internalising": 1, "attention": 2, "externalising": 2}


@pytest.mark.parametrize(
    ("answers", "band", "positive", "flags"),
    [
        (["no", "no", "no", "no"], "negative", False, 0),
        (["no", "no", "no", "no", "no"], "negative", False, 0),
        (["yes", "no", "no", "no"], "non-acute positive", True, 1),
        (["no", "no", "no", "yes", "no"], "non-acute positive", True, 1),
        (["yes", "yes", "yes", "yes", "no"], "non-acute positive", True, 1),
        (["no", "yes", "no", "no", "yes"], "acute positive", True, 2),
    ],
)
def test_asq_outcomes(answers, band, positive, flags):
    result = score("asq", answers)
    assert result.band == band
    assert result.positive is positive
    assert len(result.flags) == flags


def test_asq_acute_flag_comes_first_and_asks_for_immediate_action():
    result = score("asq", ["yes", "no", "no", "no", "yes"])
    assert "acute" in result.flags[0]
    assert result.action.startswith("Immediate action")


def test_asq_positive_without_question_5_asks_for_it():
    result = score("asq", ["no", "no", "yes", "no"])
    assert any("ask question 5 now" in note for note in result.notes)


def test_asq_question_5_yes_after_four_noes_is_still_acted_on():
    result = score("asq", [0, 0, 0, 0, 1])
    assert result.band == "acute positive"
    assert result.positive is True
    assert any("normally asked only" in note for note in result.notes)


def test_asq_total_counts_only_questions_1_to_4():
    assert score("asq", [1, 1, 0, 0, 1]).total == 2


@pytest.mark.parametrize(
    ("instrument", "answers", "age"),
    [("gad7", [0] * 7, 16), ("psc17", [0] * 17, 17), ("asq", [0] * 4, 9)],
)
def test_age_outside_the_range_is_scored_with_a_note(instrument, answers, age):
    result = score(instrument, answers, age=age)
    assert result.age == age
    assert any("outside the validated age range" in note for note in result.notes)
