"""Properties that hold for every instrument and every valid set of answers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from himoya.screening import instrument_ids, load_instrument, score


@st.composite
def answers_and_position(draw):
    """An instrument id, a full set of valid answers, and one item whose answer can rise."""
    ident = draw(st.sampled_from(instrument_ids()))
    instrument = load_instrument(ident)
    values = instrument.values
    answers = [draw(st.sampled_from(values)) for _ in instrument.items]
    position = draw(st.integers(min_value=0, max_value=len(answers) - 1))
    age = draw(st.none() | st.integers(min_value=0, max_value=100))
    return ident, answers, position, age


@given(answers_and_position())
def test_total_stays_in_range_and_never_falls_when_one_answer_rises(case):
    ident, answers, position, age = case
    instrument = load_instrument(ident)
    before = score(ident, answers, age=age)
    assert 0 <= before.total <= instrument.max_total
    assert before.band in {band.label for band in instrument.bands} | {"acute positive"}
    for subscale, value in before.subscales.items():
        assert 0 <= value <= before.total, subscale
    higher = [value for value in instrument.values if value > answers[position]]
    if not higher:
        return
    raised = list(answers)
    raised[position] = higher[0]
    after = score(ident, raised, age=age)
    assert after.total >= before.total
    assert after.positive or not before.positive
    assert len(after.flags) >= len(before.flags)


@pytest.mark.parametrize("ident", ["phq9", "gad7", "psc17", "asq"])
def test_pandas_missing_values_count_as_blanks(ident):
    pandas = pytest.importorskip("pandas")
    instrument = load_instrument(ident)
    row = pandas.Series([0] * len(instrument.items), dtype="Int64")
    if instrument.max_blank:
        row.iloc[0] = pandas.NA
    if instrument.items[-1].optional:
        row.iloc[-1] = pandas.NA
    result = score(ident, list(row))
    assert result.total == 0
