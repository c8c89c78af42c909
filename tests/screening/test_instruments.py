"""The instrument files: what they hold, and errors for broken ones."""

from pathlib import Path

import pytest

from himoya.screening import (
    InstrumentFileError,
    UnknownInstrumentError,
    instrument_ids,
    instruments,
    load_instrument,
)
from himoya.screening.model import load_instrument_file

HERE = Path(__file__).parent


def test_the_course_ships_phq9_gad7_psc17_and_asq_only():
    # The SDQ may not be embedded (its licence forbids electronic versions); CRIES-8 is left out.
    assert instrument_ids() == ("asq", "gad7", "phq9", "psc17")


@pytest.mark.parametrize(
    ("ident", "n_items", "values", "max_total"),
    [
        ("phq9", 9, (0, 1, 2, 3), 27),
        ("gad7", 7, (0, 1, 2, 3), 21),
        ("psc17", 17, (0, 1, 2), 34),
        ("asq", 5, (0, 1), 4),
    ],
)
def test_items_and_response_values(ident, n_items, values, max_total):
    instrument = load_instrument(ident)
    assert len(instrument.items) == n_items
    assert instrument.values == values
    assert instrument.max_total == max_total
    assert [item.number for item in instrument.items] == list(range(1, n_items + 1))
    assert [item.id for item in instrument.items] == [f"q{n}" for n in range(1, n_items + 1)]


@pytest.mark.parametrize("instrument", instruments(), ids=lambda instrument: instrument.id)
def test_every_instrument_carries_citation_licence_attribution_and_a_wording_note(instrument):
    for text in (instrument.citation, instrument.licence, instrument.attribution):
        assert len(text) > 20
    assert "CC BY" in instrument.licence  # says the course licence does not cover it
    assert "before" in instrument.wording_note  # check the wording before field use
    assert instrument.age_note
    assert set(instrument.actions) >= {"positive", "negative"}


@pytest.mark.parametrize("ident", ["phq9", "gad7"])
def test_phq_and_gad_carry_the_pfizer_notice(ident):
    assert "Pfizer Inc." in load_instrument(ident).attribution


def test_psc17_has_three_subscales_of_five_five_and_seven_items():
    instrument = load_instrument("psc17")
    sizes = {
        subscale.id: sum(1 for item in instrument.items if item.subscale == subscale.id)
        for subscale in instrument.subscales
    }
    assert sizes == {"internalising": 5, "attention": 5, "externalising": 7}
    assert {s.id: s.cutoff for s in instrument.subscales} == {
        "internalising": 5,
        "attention": 7,
        "externalising": 7,
    }


def test_asq_question_5_is_optional_and_not_scored():
    last = load_instrument("asq").items[-1]
    assert (last.id, last.scored, last.optional) == ("q5", False, True)


def test_unknown_id_lists_the_known_ones():
    with pytest.raises(UnknownInstrumentError, match=r"known instruments: asq, gad7, phq9, psc17"):
        load_instrument("sdq")


@pytest.mark.parametrize(
    ("fixture", "fragment"),
    [
        ("bands-with-gap.yml", "bands must cover 0..27"),
        ("red-flag-on-unknown-item.yml", "red_flags[1] needs a known 'item'"),
        ("item-without-text.yml", "items[2]: missing 'text'"),
        ("yaml-syntax-error.yml", "line 4: YAML syntax error"),
    ],
)
def test_a_broken_instrument_file_names_the_file_and_the_problem(fixture, fragment):
    with pytest.raises(InstrumentFileError) as raised:
        load_instrument_file(HERE / "fixtures" / fixture)
    message = str(raised.value)
    assert message.startswith(fixture)
    assert fragment in message
