"""A choice's scores agree with what its feedback calls it.

Scenario files have no separate verdict field: the verdict is the opening of the feedback
(modules/README.md, "feedback: why this choice is right, partly right or harmful"). The rule:

1. every feedback opens with one of :data:`VERDICTS` (more words may follow, as in "Right to
   tell, but five days late" or "Harmful here"), so a verdict is never hidden in the middle;
2. a choice whose verdict is harmful ("Harmful", "Partly harmful") changes no outcome dimension
   upwards: a trainee who picks it must never see a score rise.
"""

import re
from pathlib import Path

import pytest

from himoya.paths import course_root
from himoya.scenarios import Scenario, discover, load, read

VERDICTS = ("Good", "Right", "Partly right", "Partly wrong", "Wrong", "Partly harmful", "Harmful")
HARMFUL = ("Partly harmful", "Harmful")

SHIPPED = discover(course_root())
HERE = Path(__file__).parent


def verdict(feedback: str) -> str | None:
    """The verdict a feedback opens with (longest match first), or ``None``."""
    text = " ".join(feedback.split())
    for word in sorted(VERDICTS, key=len, reverse=True):
        if re.match(rf"{word}\b", text):
            return word
    return None


def problems(scenario: Scenario) -> list[str]:
    """One line per choice that breaks the rule, naming the node, the choice and why."""
    found = []
    for node in scenario.nodes:
        # Choices are named by their place in the file (players show them shuffled).
        for choice in sorted(node.choices, key=lambda choice: choice.position):
            where = (
                f"{scenario.id}: node {node.id}: choice {choice.position} ({choice.label[:50]!r})"
            )
            said = verdict(choice.feedback)
            if said is None:
                opening = " ".join(choice.feedback.split())[:30]
                found.append(f"{where}: feedback opens with no verdict: {opening!r}")
            elif said in HARMFUL:
                raised = {dim: value for dim, value in choice.effects if value > 0}
                if raised:
                    found.append(f"{where}: called {said!r} but raises {raised}")
    return found


@pytest.mark.parametrize(
    ("feedback", "expected"),
    [
        ("Good. Samira is safe.", "Good"),
        ("Right to tell, but five days late.", "Right"),
        ("Partly right: you wrote it down.", "Partly right"),
        ("Partly harmful. You believe her.", "Partly harmful"),
        ("Harmful, though it feels natural.", "Harmful"),
        ("  Harmful here.\n More text.", "Harmful"),
        ("Kind, and it avoids a case.", None),
        ("Rightly so.", None),
        ("It is harmful to ask.", None),
    ],
)
def test_the_verdict_is_read_from_the_opening_words(feedback, expected):
    assert verdict(feedback) == expected


def test_a_draft_with_a_harmful_choice_that_scores_is_caught():
    report = read(HERE / "harmful-choice-with-positive-score.yml", shipped=False)
    assert report.problems == ()  # a valid draft: only the verdict rule objects to it
    found = problems(report.scenario)
    assert len(found) == 2
    assert "node told: choice 1" in found[0]
    assert "called 'Harmful' but raises {'safety': 1}" in found[0]
    assert "node told: choice 2" in found[1]
    assert "opens with no verdict: 'Kind and quick" in found[1]


def test_the_rule_covers_all_nine_scenarios():
    assert len(SHIPPED) >= 9


@pytest.mark.parametrize("path", SHIPPED, ids=[path.stem for path in SHIPPED])
def test_no_choice_called_harmful_raises_a_score(path):
    assert problems(load(path)) == []
