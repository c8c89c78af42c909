"""The engine: transitions, scoring, flags, back and restart, and the debrief."""

import dataclasses
from pathlib import Path

import pytest

from himoya.scenarios import (
    back,
    choices,
    choose,
    debrief,
    is_finished,
    load,
    restart,
    start,
)

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def lost_boy():
    return load(HERE / "valid-minimal.yml")


@pytest.fixture(scope="module")
def consent():
    return load(HERE / "flags.yml")


def _labels(state):
    return [choice.label for choice in choices(state)]


def _pick(state, label_start):
    """Make the offered choice whose label starts with ``label_start`` (choices are shuffled)."""
    matches = [i for i, label in enumerate(_labels(state)) if label.startswith(label_start)]
    assert len(matches) == 1, f"{label_start!r} among {_labels(state)}"
    return choose(state, matches[0])


CONSENT_GOOD_PATH = (
    "Explain your role",
    "Talk with Nigina alone",
    "Share the plan with the family, as agreed.",
    "Agree a quiet place",
    "Meet Nigina and her aunt",
    "Tell her about the plan the family agreed.",
)


def test_start_is_at_the_start_node_with_zero_scores(lost_boy):
    state = start(lost_boy)
    assert state.node == "found"
    assert state.flags == frozenset()
    assert state.scores == (("safety", 0), ("rights", 0), ("wellbeing", 0))
    assert state.path == ()
    assert not is_finished(state)


def test_choose_moves_adds_effects_sets_flags_and_records_the_step(lost_boy):
    state = _pick(start(lost_boy), "Stay with him")
    assert state.node == "uncle"
    assert state.flags == {"family_called"}
    assert state.scores == (("safety", 2), ("rights", 0), ("wellbeing", 1))
    (step,) = state.path
    assert step.node == "found"
    assert step.label.startswith("Stay with him")
    assert step.refs == ("crc-3",)
    assert step.effects == (("safety", 2), ("wellbeing", 1))
    assert "best interests" in step.feedback


def test_scores_add_up_over_the_path(lost_boy):
    state = _pick(_pick(start(lost_boy), "Stay with him"), "Leave him on the bench")
    assert is_finished(state)
    assert state.node == "left-alone"
    assert state.score("safety") == 0
    assert state.score("wellbeing") == 1


def test_states_are_not_changed_in_place(lost_boy):
    first = start(lost_boy)
    choose(first, 0)
    assert first.node == "found"
    assert first.path == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.node = "uncle"


def test_choose_out_of_range_names_the_node_and_the_range(lost_boy):
    with pytest.raises(IndexError, match=r"choice 2 is not offered at node 'found': pick 0 to 1"):
        choose(start(lost_boy), 2)
    with pytest.raises(IndexError, match="choice -1 is not offered"):
        choose(start(lost_boy), -1)
    with pytest.raises(TypeError, match="whole number"):
        choose(start(lost_boy), "1")


def test_choosing_at_an_ending_is_an_error(lost_boy):
    state = _pick(start(lost_boy), "Take him to the station")
    assert is_finished(state)
    assert choices(state) == ()
    with pytest.raises(ValueError, match=r"finished .*nothing left to choose"):
        choose(state, 0)


def test_requires_and_requires_not_decide_what_is_offered(consent):
    with_consent = _pick(_pick(start(consent), "Explain your role"), "Talk with Nigina")
    without = _pick(_pick(start(consent), "Start the assessment"), "Talk with Nigina")
    assert with_consent.node == without.node == "plan"
    assert sorted(_labels(with_consent)) == [
        "Keep the plan to yourself for now.",
        "Share the plan with the family, as agreed.",
    ]
    assert sorted(_labels(without)) == [
        "Keep the plan to yourself for now.",
        "Share the plan with the family anyway.",
    ]


def test_a_flag_set_early_opens_a_choice_later(consent):
    state = start(consent)
    for label in CONSENT_GOOD_PATH[:5]:  # consent, talk alone, share plan, school, review
        state = _pick(state, label)
    assert state.node == "followup"
    assert state.flags == {"consent", "family_informed"}
    assert "Tell her about the plan the family agreed." in _labels(state)
    state = _pick(state, "Tell her about the plan")
    assert state.node == "together"
    assert state.score("family") == 3

    other = start(consent)
    # Keeps the plan to themself: the family is never informed.
    for label in (*CONSENT_GOOD_PATH[:2], "Keep the plan", *CONSENT_GOOD_PATH[3:5]):
        other = _pick(other, label)
    assert "Tell her about the plan the family agreed." not in _labels(other)
    assert len(choices(other)) == 2


def test_back_undoes_the_last_choice_with_its_flags_and_scores(consent):
    one = choose(start(consent), 0)
    two = choose(one, 0)
    assert back(two) == one
    assert back(one) == start(consent)
    assert back(one).flags == frozenset()


def test_back_at_the_start_is_an_error(consent):
    with pytest.raises(ValueError, match="at its start; nothing to go back to"):
        back(start(consent))


def test_restart_returns_to_a_fresh_start(consent):
    state = choose(choose(start(consent), 0), 0)
    assert restart(state) == start(consent)


def test_debrief_lists_choices_scores_cited_standards_and_the_ending(consent):
    state = start(consent)
    for label in CONSENT_GOOD_PATH:
        state = _pick(state, label)
    result = debrief(state)
    assert result.ending is not None
    assert result.ending.kind == "good"
    assert result.ending.title == "A plan the family shares"
    assert result.steps[0].label.startswith("Explain your role")
    assert len(result.steps) == 6
    assert dict(result.scores) == {"safety": 1, "rights": 1, "wellbeing": 2, "family": 3}
    # Cited in order of first use (crc-12 at the first choice), each once.
    assert [ref.id for ref in result.cited] == ["crc-12", "crc-3"]
    assert result.questions == ("What made the plan work?",)
    page = result._repr_html_()
    assert "A plan the family shares" in page
    assert "What made the plan work?" in page
    assert "UN Convention on the Rights of the Child, art. 12, 1989" in page


def test_debrief_before_the_end_has_no_ending(lost_boy):
    result = debrief(_pick(start(lost_boy), "Stay with him"))
    assert result.ending is None
    assert result.questions == ()
    assert "not finished" in result._repr_html_()
