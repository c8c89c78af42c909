"""Safeguarding points of issue 13 and of the trainer's cold reads, kept from coming back.

Each point was once wrong in the course. The tests read the shipped pages, scenarios and exercise
specs of modules 02 and 04-07, so a later edit that brings the wording back fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / "modules"
SCOPE = (
    "02-casework",
    "04-psychosocial",
    "05-families-left-behind",
    "06-returnees",
    "07-caseload-data",
)


def scope_files() -> list[Path]:
    files = [
        p for m in SCOPE for p in sorted((MODULES / m).rglob("*")) if p.suffix in {".md", ".yml"}
    ]
    return files + sorted((ROOT / "exercises" / "specs").glob("*.yml"))


def flat(path: Path) -> str:
    """The file's text with its lines joined, so a phrase split over two lines is still found."""
    return re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))


def choice(scenario: str, node: str, label_start: str) -> dict:
    (path,) = MODULES.glob(f"*/cases/{scenario}.yml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (found,) = [c for c in data["nodes"][node]["choices"] if c["label"].startswith(label_start)]
    return found


@pytest.mark.parametrize(
    "phrase",
    [
        "camps and prisons",  # issue 13: in no source, and loaded in a module on stigma
        "Returnee children need specialised support",  # issue 13: pathologises returned children
        "does not go to the school or the police",  # issue 13: a promise the procedure may break
        "official figures",  # issue 13, exercise 06 q2: the batches are news reports
        "victim of what adults did",  # issue 13: a verdict on the mother, said to the mahalla
        "I will not tell anyone,",  # never promise secrecy (quoted only as what not to say)
    ],
)
def test_wording_issue_13_removed_does_not_come_back(phrase):
    hits = [p.relative_to(ROOT).as_posix() for p in scope_files() if phrase in flat(p)]
    assert not hits, f"{phrase!r} is back in {hits}"


def test_no_page_says_a_commission_decides_a_placement():
    decides = re.compile(r"Commission[^.]{0,80}\b(decides|decided|decide|approves)\b")
    hits = [p.name for p in scope_files() if decides.search(flat(p))]
    assert not hits, f"a Commission 'decides' (not in the fact sheet) in {hits}"


@pytest.mark.parametrize(
    ("node", "label_start"),
    [
        ("sunday-morning", "Phone the mother, say Samira is ill"),
        ("saturday-evening", "Ask her exactly what he did"),
    ],
)
def test_hiding_or_probing_a_disclosure_is_harmful_and_costs_points(node, label_start):
    found = choice("foster-child-discloses", node, label_start)
    assert found["feedback"].lstrip().startswith("Harmful")
    assert all(value < 0 for value in found["effects"].values()), found["effects"]


def test_ignoring_a_childs_worry_before_going_home_is_harmful():
    found = choice("going-home-from-the-institution", "wobble", "Ignore it.")
    assert found["feedback"].lstrip().startswith("Harmful")
    assert sum(found["effects"].values()) < 0


def test_the_hopeless_girl_in_the_casework_example_is_asked_about_suicide():
    text = flat(MODULES / "02-casework" / "referral.md")
    assert "have you been having thoughts about killing yourself?" in text


def test_the_caseload_screenings_are_scored_with_module_04s_rules_not_a_plain_sum():
    text = (MODULES / "07-caseload-data" / "screenings.md").read_text(encoding="utf-8")
    assert "score(row[" in text
    assert ".sum(axis=1)" not in text


def test_a_missed_red_flag_in_a_closed_case_means_contacting_the_family_now():
    text = flat(MODULES / "07-caseload-data" / "screenings.md")
    assert "A closed case does not mean the child is safe now." in text
    assert "contact the family today" in text


def test_the_police_review_example_does_not_hold_a_child_under_14():
    text = flat(MODULES / "07-caseload-data" / "police-contacts.md")
    assert "A child under 14 is not held" in text
    assert "never put in a cell" not in text


def test_no_page_promises_a_trained_interviewer_as_if_every_district_had_one():
    """The fact sheet verifies no such service: the worker asks the police for one (cold read,
    2 December); the facilitator's session plan said it as a given."""
    pages = [*scope_files(), *sorted((MODULES / "facilitator").glob("*.md"))]
    promise = re.compile(r"(a|the) (specially )?trained interviewer hears the child")
    hits = [p.relative_to(ROOT).as_posix() for p in pages if promise.search(flat(p))]
    assert not hits, f"a trained interviewer promised in {hits}"


def test_a_missing_notification_record_is_not_said_to_break_rule_10_1():
    """Beijing rule 10.1 asks that parents be told; a record left unwritten breaks the station's
    recording practice, not the rule (lawyer's cold read, 2 December)."""
    text = flat(MODULES / "07-caseload-data" / "police-contacts.md")
    assert "Both break the rule" not in text
    assert "which breaks rule 10.1, or nobody wrote it down" in text
