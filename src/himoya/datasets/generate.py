"""Generate the synthetic caseload, seeded, byte for byte reproducible.

Every random draw comes from a :class:`numpy.random.Generator` passed in (no global state). The
top-level generator is split with ``spawn`` into one child per table, so a change to how police
contacts are drawn does not change the cases. The distributions are documented in
``datasets/README.md`` (the datasheet); the numbers below are invented to look plausible, not
estimates of anything real.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import itertools
import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from himoya.datasets.schema import (
    ARTICLES,
    CASES_RAW_TABLE,
    CONCERNS,
    DEFAULT_SEED,
    DISTRICT_NAMES,
    DISTRICTS,
    EXAMPLE_TIMEFRAMES,
    EXTRACT_DATE,
    FIRST_DAY,
    HOUSEHOLDS,
    IDENTIFIED_BY,
    INSTRUMENT_ITEMS,
    MAX_ITEMS,
    REGIONS,
    RISK_LEVELS,
    SERVICES,
    TABLES,
    Table,
    datapackage_descriptor,
)
from himoya.screening.translate import load_instrument

Row = dict[str, Any]

N_CASES = 2400
N_POLICE_CONTACTS = 900
_DAYS = (EXTRACT_DATE - FIRST_DAY).days + 1

# --- small helpers ---------------------------------------------------------------------------


def _index(rng: np.random.Generator, weights) -> int:
    """An index drawn with the given (unnormalised) weights, from one uniform draw."""
    cumulative = list(itertools.accumulate(float(w) for w in weights))
    found = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
    return min(found, len(cumulative) - 1)


def _pick(rng: np.random.Generator, options: tuple[str, ...], weights) -> str:
    return options[_index(rng, weights)]


def _days(value: float) -> dt.timedelta:
    return dt.timedelta(days=math.floor(value))


def _weighted_days(rng: np.random.Generator, size: int) -> list[dt.date]:
    """``size`` days between FIRST_DAY and EXTRACT_DATE: fewer at weekends, slowly rising."""
    offsets = np.arange(_DAYS)
    weekday = np.array([(FIRST_DAY + dt.timedelta(days=int(i))).weekday() for i in offsets])
    weights = (1 + 0.3 * offsets / _DAYS) * np.where(weekday == 5, 0.5, 1.0)
    weights = weights * np.where(weekday == 6, 0.3, 1.0)
    chosen = np.sort(rng.choice(_DAYS, size=size, p=weights / weights.sum()))
    return [FIRST_DAY + dt.timedelta(days=int(i)) for i in chosen]


# --- districts and caseworkers -----------------------------------------------------------------

# Invented child populations: a range per size class, a random figure inside it.
_POPULATION_RANGE = {
    "large": (85_000, 150_000),
    "medium": (45_000, 90_000),
    "small": (20_000, 45_000),
}
_SIZE = {
    **dict.fromkeys(
        ("Khujand", "Bokhtar", "Kulob", "Rudaki", "Vahdat", "Hisor", "Tursunzoda", "Vose"), "large"
    ),
    **dict.fromkeys(DISTRICTS["Dushanbe"], "large"),
    **dict.fromkeys(("Varzob", "Buston"), "small"),
}
# Slower first contact and follow-up in remote or mountainous districts (invented factors).
_REMOTENESS = {"Rasht": 1.7, "Varzob": 1.3, "Panjakent": 1.25, "Farkhor": 1.2, "Hamadoni": 1.15}
_URBAN = {"Khujand": 1.5, "Bokhtar": 1.3, "Kulob": 1.2}


def _districts(rng: np.random.Generator) -> list[Row]:
    rows = []
    for region in REGIONS:
        for name in DISTRICTS[region]:
            low, high = _POPULATION_RANGE[_SIZE.get(name, "medium")]
            population = int(round(rng.uniform(low, high), -2))
            rows.append(
                {"district": name, "region": region, "child_population_synthetic": population}
            )
    return sorted(rows, key=lambda row: row["district"])


@dataclass(frozen=True)
class _Caseworker:
    id: str
    district: str
    pace: float  # 1.0 = keeps the timeframes on average; 2.0 = visits half as often
    weight: float  # share of the district's cases


def _caseworkers(rng: np.random.Generator, expected: dict[str, float]) -> list[_Caseworker]:
    """About one caseworker per 50 expected cases in each district."""
    workers = []
    number = 0
    for name in DISTRICT_NAMES:
        for _ in range(max(1, round(expected[name] / 50))):
            number += 1
            pace = float(np.clip(rng.lognormal(0.12, 0.2), 0.85, 1.8))
            workers.append(_Caseworker(f"CW-{number:03d}", name, pace, 1.0))
    # A few overloaded caseworkers: more cases and slower follow-up.
    overloaded = rng.choice(len(workers), size=4, replace=False)
    for index in sorted(int(i) for i in overloaded):
        worker = workers[index]
        workers[index] = _Caseworker(worker.id, worker.district, float(rng.uniform(2.0, 3.0)), 1.6)
    return workers


# --- cases -------------------------------------------------------------------------------------

_HOUSEHOLD_P = (0.21, 0.12, 0.25, 0.10, 0.15, 0.04, 0.13)
_CONCERN_BASE = dict(
    zip(CONCERNS, (0.20, 0.10, 0.08, 0.03, 0.09, 0.10, 0.07, 0.12, 0.09, 0.08, 0.04), strict=True)
)
_CONCERN_BY_HOUSEHOLD = {
    "parent_abroad": {"neglect": 1.3, "family_separation": 1.5, "out_of_school": 1.3},
    "abandoned_by_migrant_parent": {"neglect": 1.8, "family_separation": 1.6, "child_labour": 1.4},
    "kinship_care": {"neglect": 1.2, "out_of_school": 1.2, "family_separation": 1.4},
    "returnee_conflict_zone": {"psychosocial_distress": 6.0, "out_of_school": 2.0},
    "institution": {"family_separation": 3.0, "disability_support": 2.5},
    "both_parents": {"physical_violence": 1.4, "child_marriage_risk": 1.5},
    "single_parent": {"neglect": 1.2, "child_labour": 1.3},
}
_AGE_RANGE = {
    "neglect": (0, 17, 1.2, 2.2),
    "physical_violence": (3, 17, 1.5, 1.5),
    "emotional_abuse": (5, 17, 1.5, 1.5),
    "sexual_abuse": (5, 17, 2.0, 1.5),
    "child_labour": (9, 17, 1.8, 1.2),
    "out_of_school": (7, 17, 1.5, 1.2),
    "conflict_with_law": (10, 17, 3.0, 1.0),
    "psychosocial_distress": (5, 17, 1.5, 1.3),
    "family_separation": (0, 17, 1.2, 1.5),
    "disability_support": (0, 17, 1.2, 1.6),
    "child_marriage_risk": (14, 17, 2.0, 1.0),
}
_FEMALE_SHARE = {"conflict_with_law": 0.12, "child_marriage_risk": 0.95, "child_labour": 0.35}
_RISK_P = {  # low, medium, high
    "neglect": (0.30, 0.50, 0.20),
    "physical_violence": (0.15, 0.45, 0.40),
    "emotional_abuse": (0.30, 0.50, 0.20),
    "sexual_abuse": (0.05, 0.30, 0.65),
    "child_labour": (0.30, 0.50, 0.20),
    "out_of_school": (0.65, 0.30, 0.05),
    "conflict_with_law": (0.35, 0.50, 0.15),
    "psychosocial_distress": (0.30, 0.50, 0.20),
    "family_separation": (0.35, 0.45, 0.20),
    "disability_support": (0.55, 0.40, 0.05),
    "child_marriage_risk": (0.10, 0.45, 0.45),
}
_IDENTIFIED_BY_P = {  # police, school, health_worker, community, family, helpline, other_agency
    "conflict_with_law": (0.80, 0.08, 0.0, 0.05, 0.04, 0.0, 0.03),
    "out_of_school": (0.02, 0.70, 0.02, 0.12, 0.06, 0.02, 0.06),
    "disability_support": (0.0, 0.15, 0.55, 0.10, 0.12, 0.0, 0.08),
    "sexual_abuse": (0.25, 0.15, 0.20, 0.10, 0.10, 0.15, 0.05),
}
_IDENTIFIED_BY_DEFAULT = (0.12, 0.25, 0.14, 0.22, 0.12, 0.06, 0.09)
# First-contact delay in days: gamma(shape, scale), times the caseworker's pace.
_FIRST_CONTACT = {"high": (1.1, 0.85), "medium": (1.6, 1.2), "low": (1.7, 2.4)}
_DURATION_MEDIAN = {"low": 100, "medium": 160, "high": 220}
_CLOSURE_P = ("goals_met", "no_longer_wants_support", "transferred", "moved_away_lost_contact")


@dataclass(frozen=True)
class _Hidden:
    """What the generator knows about a case beyond its row (used for screenings)."""

    age: int  # true age at identification, even when the row's age is blank
    distress: float  # latent level of distress, drives screening answers
    end: dt.date  # closure date, or the extract date for open cases


def _case(
    rng: np.random.Generator, *, case_id: str, identified: dt.date, worker: _Caseworker
) -> tuple[Row, _Hidden]:
    household = _pick(rng, HOUSEHOLDS, _HOUSEHOLD_P)
    factors = _CONCERN_BY_HOUSEHOLD.get(household, {})
    concern = _pick(rng, CONCERNS, [_CONCERN_BASE[c] * factors.get(c, 1.0) for c in CONCERNS])
    low, high, a, b = _AGE_RANGE[concern]
    age = low + min(int(rng.beta(a, b) * (high - low + 1)), high - low)
    age_fraction = float(rng.uniform(0, 1))
    female = rng.uniform() < _FEMALE_SHARE.get(concern, 0.49)
    risk = _pick(rng, RISK_LEVELS, _RISK_P[concern])
    source = _pick(rng, IDENTIFIED_BY, _IDENTIFIED_BY_P.get(concern, _IDENTIFIED_BY_DEFAULT))
    frame = EXAMPLE_TIMEFRAMES[risk]
    pace = worker.pace * _REMOTENESS.get(worker.district, 1.0)

    # The case's history, step by step; a step after the extract date has not happened yet.
    shape, scale = _FIRST_CONTACT[risk]
    first_contact = identified + _days(rng.gamma(shape, scale) * pace)
    assessed = first_contact + _days(1 + rng.gamma(2.0, {"high": 1.2, "medium": 2.5}.get(risk, 4)))
    plan = assessed + _days(1 + rng.gamma(2.0, 3.0) * math.sqrt(pace))
    early_close = rng.uniform() < 0.12
    if early_close:
        closed = assessed + _days(rng.uniform(0, 15))
        reason = _pick(rng, _CLOSURE_P, (0.25, 0.35, 0.25, 0.15))
        plan = None
    else:
        duration = rng.lognormal(math.log(_DURATION_MEDIAN[risk]), 0.6)
        closed = plan + _days(duration)
        reason = _pick(rng, _CLOSURE_P, (0.72, 0.08, 0.08, 0.12))
    turns_18 = identified + _days((18 - age - age_fraction) * 365.25)
    if turns_18 < closed:
        closed = max(turns_18, plan or assessed)
        reason = "turned_18"

    end = min(closed, EXTRACT_DATE)
    if closed > EXTRACT_DATE:
        closed, reason = None, None
    first_contact_row = first_contact if first_contact <= end else None
    assessed_row = assessed if assessed <= end else None
    plan_row = plan if plan is not None and plan <= end else None

    # Follow-ups after the case plan, at the worker's pace.
    count, last = 0, None
    if plan_row is not None:
        current = plan_row
        while True:
            gap = frame.follow_up_days * pace * rng.lognormal(0.0, 0.22)
            visit = current + dt.timedelta(days=max(1, round(gap)))
            if visit > end:
                break
            count, last, current = count + 1, visit, visit
    # Realistic gaps in the record: a step that happened but was not written down.
    if first_contact_row is not None and rng.uniform() < 0.015:
        first_contact_row = None
    if assessed_row is not None and rng.uniform() < 0.02:
        assessed_row = None

    # As in module 02: after each contact, the next one is due that many days later.
    recorded = [d for d in (first_contact_row, assessed_row, plan_row, last) if d is not None]
    due = None
    if closed is None and recorded:
        due = max(recorded) + dt.timedelta(days=frame.follow_up_days)
    age_row: int | None = age
    if rng.uniform() < (0.08 if household == "returnee_conflict_zone" else 0.01):
        age_row = None
    if rng.uniform() < 0.03:
        source = None

    distress = float(
        rng.normal(
            {"psychosocial_distress": 1.0, "sexual_abuse": 1.0, "emotional_abuse": 0.7}.get(
                concern, 0.6 if concern == "physical_violence" else 0.0
            )
            + {
                "returnee_conflict_zone": 0.5,
                "abandoned_by_migrant_parent": 0.4,
                "parent_abroad": 0.2,
            }.get(household, 0.0),
            0.9,
        )
    )
    row = {
        "case_id": case_id,
        "district": worker.district,
        "caseworker_id": worker.id,
        "child_sex": "female" if female else "male",
        "child_age": age_row,
        "household": household,
        "main_concern": concern,
        "risk_level": risk,
        "identified_by": source,
        "identified_on": identified,
        "first_contact_on": first_contact_row,
        "assessed_on": assessed_row,
        "case_plan_on": plan_row,
        "follow_up_count": count,
        "last_follow_up_on": last,
        "next_follow_up_due": due,
        "closed_on": closed,
        "closure_reason": reason,
    }
    return row, _Hidden(age=age, distress=distress, end=end)


def _cases(rng: np.random.Generator, districts: list[Row]) -> tuple[list[Row], dict[str, _Hidden]]:
    population = {row["district"]: row["child_population_synthetic"] for row in districts}
    rate = {name: float(rng.lognormal(0.0, 0.3)) for name in DISTRICT_NAMES}
    district_weights = np.array([population[name] * rate[name] for name in DISTRICT_NAMES])
    shares = district_weights / district_weights.sum()
    workers = _caseworkers(rng, dict(zip(DISTRICT_NAMES, shares * N_CASES, strict=True)))
    by_district = {name: [w for w in workers if w.district == name] for name in DISTRICT_NAMES}
    rows, hidden = [], {}
    for number, identified in enumerate(_weighted_days(rng, N_CASES), start=1):
        district = DISTRICT_NAMES[_index(rng, district_weights)]
        team = by_district[district]
        worker = team[_index(rng, [w.weight for w in team])]
        case_id = f"C-{number:05d}"
        row, secret = _case(rng, case_id=case_id, identified=identified, worker=worker)
        rows.append(row)
        hidden[case_id] = secret
    return rows, hidden


# --- referrals ---------------------------------------------------------------------------------

_SERVICE_AFFINITY = {
    "neglect": {"social_assistance": 3, "health": 2, "education": 1},
    "physical_violence": {"health": 2, "psychosocial_support": 2, "legal_aid": 2},
    "emotional_abuse": {"psychosocial_support": 3, "mental_health": 1},
    "sexual_abuse": {"health": 3, "mental_health": 2, "legal_aid": 3, "psychosocial_support": 2},
    "child_labour": {"education": 3, "social_assistance": 2},
    "out_of_school": {"education": 4, "social_assistance": 1},
    "conflict_with_law": {"legal_aid": 3, "education": 2, "psychosocial_support": 1},
    "psychosocial_distress": {"psychosocial_support": 3, "mental_health": 3},
    "family_separation": {"migrant_support_centre": 3, "social_assistance": 2, "legal_aid": 1},
    "disability_support": {"disability_services": 4, "health": 2, "education": 1},
    "child_marriage_risk": {"education": 2, "legal_aid": 2, "psychosocial_support": 2},
}
_RECEIVED_P = {
    "health": 0.86,
    "mental_health": 0.50,
    "psychosocial_support": 0.72,
    "education": 0.78,
    "social_assistance": 0.68,
    "legal_aid": 0.60,
    "migrant_support_centre": 0.66,
    "disability_services": 0.55,
}
_COMPLETION_DAYS = {
    "health": 10,
    "mental_health": 35,
    "psychosocial_support": 18,
    "education": 25,
    "social_assistance": 30,
    "legal_aid": 20,
    "migrant_support_centre": 14,
    "disability_services": 40,
}
_FAILURE = ("declined_by_family", "did_not_attend", "service_not_available", "pending")


def _referrals(rng: np.random.Generator, cases: list[Row], hidden: dict[str, _Hidden]) -> list[Row]:
    drafts = []
    for case in cases:
        start = case["case_plan_on"]
        if start is None:
            continue
        affinity = _SERVICE_AFFINITY[case["main_concern"]]
        if case["household"] in ("parent_abroad", "abandoned_by_migrant_parent"):
            affinity = {
                **affinity,
                "migrant_support_centre": affinity.get("migrant_support_centre", 0) + 2,
            }
        weights = np.array([affinity.get(s, 0.15) for s in SERVICES], dtype=float)
        count = min(int(rng.poisson(1.1)), 4)
        services = rng.choice(len(SERVICES), size=count, replace=False, p=weights / weights.sum())
        remote = _REMOTENESS.get(case["district"], 1.0)
        end = hidden[case["case_id"]].end
        for index in sorted(int(i) for i in services):
            service = SERVICES[index]
            referred = start + _days(rng.gamma(1.3, 10.0))
            if referred > end:
                continue
            completed, outcome = None, "pending"
            if rng.uniform() < _RECEIVED_P[service] / remote:
                done = referred + _days(1 + rng.gamma(2.0, _COMPLETION_DAYS[service] / 2))
                if done <= EXTRACT_DATE:
                    completed, outcome = done, "service_received"
            elif (EXTRACT_DATE - referred).days > 45:
                not_available = 0.5 if service in ("mental_health", "disability_services") else 0.2
                outcome = _pick(rng, _FAILURE, (0.4, 0.4, not_available * remote, 0.12))
            drafts.append(
                {
                    "case_id": case["case_id"],
                    "service": service,
                    "referred_on": referred,
                    "completed_on": completed,
                    "outcome": outcome,
                }
            )
    drafts.sort(key=lambda row: (row["referred_on"], row["case_id"], row["service"]))
    return [{"referral_id": f"R-{number:05d}", **row} for number, row in enumerate(drafts, start=1)]


# --- screenings --------------------------------------------------------------------------------

_SCREEN_P = {
    "psychosocial_distress": 0.8,
    "sexual_abuse": 0.55,
    "physical_violence": 0.45,
    "emotional_abuse": 0.5,
}
_SCREEN_P_HOUSEHOLD = {
    "returnee_conflict_zone": 0.8,
    "abandoned_by_migrant_parent": 0.45,
    "parent_abroad": 0.3,
}
# Ordinal cut points on the latent scale: an answer is the number of cut points exceeded.
_CUTS = {"phq9": (0.9, 1.9, 2.7), "gad7": (0.8, 1.8, 2.6), "psc17": (0.7, 1.9)}
# Item difficulty (added to the child's distress); item 9 of the PHQ-9 is rarely endorsed.
_OFFSETS = {
    "phq9": (0.2, 0.3, 0.4, 0.5, 0.0, 0.1, 0.2, -0.5, -1.5),
    "gad7": (0.4, 0.2, 0.3, 0.1, -0.3, 0.2, -0.2),
    "psc17": (
        0.1,
        0.0,
        -0.1,
        0.2,
        0.0,
        0.3,
        0.2,
        0.1,
        0.0,
        0.1,
        -0.2,
        -0.1,
        0.0,
        -0.3,
        -0.4,
        -0.2,
        0.1,
    ),
}
_ASQ_THRESHOLDS = (2.1, 2.3, 2.4, 2.9)


def _answers(rng: np.random.Generator, instrument: str, distress: float) -> list[int | None]:
    if instrument == "asq":
        answers: list[int | None] = [
            int(rng.uniform() < 1 / (1 + math.exp(-2.2 * (distress - t)))) for t in _ASQ_THRESHOLDS
        ]
        answers.append(int(rng.uniform() < 0.2) if any(answers) else None)
        return answers
    cuts = _CUTS[instrument]
    answers = []
    for offset in _OFFSETS[instrument]:
        latent = distress + offset + rng.normal(0, 0.8)
        answers.append(sum(latent > cut for cut in cuts))
    if instrument == "psc17":
        blanks = [i for i in range(len(answers)) if rng.uniform() < 0.01][:2]
        for i in blanks:
            answers[i] = None
    return answers


def red_flag(instrument: str, answers: list[int | None]) -> bool:
    """A red flag under the instrument's own rules (its ``red_flags`` in the screening YAML)."""
    return bool(load_instrument(instrument).raised_flags(answers))


def _screenings(
    rng: np.random.Generator, cases: list[Row], hidden: dict[str, _Hidden]
) -> list[Row]:
    drafts = []
    for case in cases:
        secret = hidden[case["case_id"]]
        if case["assessed_on"] is None or secret.age < 4:
            continue
        p = max(
            _SCREEN_P.get(case["main_concern"], 0.12),
            _SCREEN_P_HOUSEHOLD.get(case["household"], 0.0),
        )
        if rng.uniform() >= p:
            continue
        if secret.age >= 12:
            chosen = [
                i for i, q in (("phq9", 0.85), ("gad7", 0.6), ("asq", 0.35)) if rng.uniform() < q
            ]
            chosen = chosen or ["phq9"]
        else:
            chosen = ["psc17"] + (["asq"] if secret.age >= 10 and rng.uniform() < 0.3 else [])
        day = case["assessed_on"] + _days(rng.gamma(1.5, 3.0))
        if day > secret.end:
            continue
        for instrument in chosen:
            answers = _answers(rng, instrument, secret.distress)
            followed = None
            if red_flag(instrument, answers):
                roll = rng.uniform()
                if roll < 0.72:
                    followed = day
                elif roll < 0.84:
                    followed = day + dt.timedelta(days=int(rng.integers(1, 4)))
                if followed is not None and followed > EXTRACT_DATE:
                    followed = None
            row = {
                "case_id": case["case_id"],
                "instrument": instrument,
                "respondent": "caregiver" if instrument == "psc17" else "child",
                "screened_on": day,
            }
            padded = answers + [None] * (MAX_ITEMS - len(answers))
            row.update({f"q{i}": value for i, value in enumerate(padded, start=1)})
            row["red_flag_followed_up_on"] = followed
            drafts.append(row)
    order = {name: i for i, name in enumerate(INSTRUMENT_ITEMS)}
    drafts.sort(key=lambda row: (row["screened_on"], row["case_id"], order[row["instrument"]]))
    return [
        {"screening_id": f"S-{number:05d}", **row} for number, row in enumerate(drafts, start=1)
    ]


# --- police contacts ---------------------------------------------------------------------------

_AGE_P = {12: 0.03, 13: 0.05, 14: 0.14, 15: 0.22, 16: 0.27, 17: 0.29}
_ARTICLE_P = (0.64, 0.12, 0.07, 0.06, 0.05, 0.04, 0.02)  # in the order of ARTICLES
_SERIOUS = ("111", "248", "200")
_HELD_P = {
    "244": 0.35,
    "237": 0.40,
    "111": 0.55,
    "248": 0.70,
    "252": 0.35,
    "255": 0.35,
    "200": 0.75,
}


def _police_contacts(rng: np.random.Generator, districts: list[Row]) -> list[Row]:
    population = {row["district"]: row["child_population_synthetic"] for row in districts}
    region = {row["district"]: row["region"] for row in districts}
    weights = np.array(
        [
            population[name] * (1.6 if region[name] == "Dushanbe" else _URBAN.get(name, 1.0))
            for name in DISTRICT_NAMES
        ]
    )
    ages = tuple(_AGE_P)
    rows = []
    for number, day in enumerate(_weighted_days(rng, N_POLICE_CONTACTS), start=1):
        year = day.year - FIRST_DAY.year  # 0, 1, 2: practice slowly improves
        district = DISTRICT_NAMES[_index(rng, weights)]
        age = ages[_index(rng, _AGE_P.values())]
        female = rng.uniform() < 0.1
        article = _pick(rng, ARTICLES, _ARTICLE_P)
        serious = article in _SERIOUS
        held_p = (0.2 if age < 14 else _HELD_P[article]) * (1 - 0.1 * year)
        hours = 0.0
        if rng.uniform() < held_p:
            median = 12.0 if serious else 4.0
            hours = float(min(96.0, max(0.5, round(rng.lognormal(math.log(median), 0.85), 1))))
        minutes = None
        if rng.uniform() >= 0.07:
            minutes = round(rng.lognormal(math.log(55 - 10 * year), 1.0))
        lawyer_p = 0.25 + 0.10 * year + (0.15 if hours > 0 else 0.0) + (0.1 if serious else 0.0)
        lawyer = bool(rng.uniform() < lawyer_p)
        age_days = (EXTRACT_DATE - day).days
        diverted = False
        if age < 14:
            outcome = (
                "referred_to_commission" if rng.uniform() < 0.85 else "released_no_further_action"
            )
        else:
            divert_p = 0.05 if serious else 0.20 + 0.08 * year
            diverted = bool(rng.uniform() < divert_p)
            if diverted:
                if age_days < 120:
                    outcome = "diversion_ongoing"
                else:
                    outcome = (
                        "diversion_completed" if rng.uniform() < 0.8 else "diversion_not_completed"
                    )
            else:
                released_p = 0.2 if serious else 0.45
                if rng.uniform() < released_p:
                    outcome = "released_no_further_action"
                elif age_days < 180 and rng.uniform() < 0.5:
                    outcome = "pending_investigation"
                else:
                    outcome = "case_sent_to_court"
        rows.append(
            {
                "contact_id": f"P-{number:05d}",
                "contact_on": day,
                "district": district,
                "child_age": age,
                "child_sex": "female" if female else "male",
                "article": article,
                "hours_in_custody": hours,
                "minutes_to_parent_notification": minutes,
                "legal_assistance_present": lawyer,
                "diverted": diverted,
                "outcome": outcome,
            }
        )
    return rows


# --- the messy raw file ------------------------------------------------------------------------

_TYPOS = {
    "Bokhtar": "Bohtar",
    "Kulob": "Kulyab",
    "Vose": "Vosse",
    "Danghara": "Dangara",
    "Jaloliddini Balkhi": "Jaloliddin Balkhi",
    "Kushoniyon": "Kushonion",
    "Farkhor": "Farhor",
    "Hamadoni": "Hamadony",
}
_MISSING = ("", "NA", "n/a", "-")


def _messy_date(rng: np.random.Generator, value: dt.date | None) -> str:
    if value is None:
        return _pick(rng, _MISSING, (0.55, 0.2, 0.15, 0.1))
    style = _pick(rng, ("iso", "dot", "slash"), (0.55, 0.3, 0.15))
    if style == "dot":
        return value.strftime("%d.%m.%Y")
    if style == "slash":
        return value.strftime("%d/%m/%Y")
    return value.isoformat()


def _messy_text(rng: np.random.Generator, value: str) -> str:
    style = _pick(rng, ("same", "title", "upper", "space"), (0.72, 0.12, 0.06, 0.10))
    if style == "title":
        return value[:1].upper() + value[1:]
    if style == "upper":
        return value.upper()
    if style == "space":
        return _pick(rng, (f" {value}", f"{value} ", f" {value} "), (1, 1, 1))
    return value


def _messy_row(rng: np.random.Generator, case: Row) -> Row:
    district = case["district"]
    style = _pick(rng, ("same", "lower", "upper", "space", "typo"), (0.78, 0.06, 0.04, 0.06, 0.06))
    if style == "lower":
        district = district.lower()
    elif style == "upper":
        district = district.upper()
    elif style == "space":
        district = f"{district} "
    elif style == "typo":
        district = _TYPOS.get(district, district)
    number = case["caseworker_id"][3:]
    worker = _pick(
        rng,
        (f"CW-{number}", f"cw-{number}", f"CW{number}", f"CW-{int(number)}"),
        (0.8, 0.1, 0.05, 0.05),
    )
    sex = case["child_sex"]
    sex = _pick(rng, (sex, sex.title(), sex[0].upper(), sex[0], sex.upper()), (5, 2, 1.5, 1, 0.5))
    age = case["child_age"]
    if age is None:
        age_text = _pick(rng, _MISSING, (0.4, 0.2, 0.2, 0.2))
    else:
        age_text = _pick(rng, (str(age), f"{age} years", f" {age}"), (0.9, 0.05, 0.05))
    household = case["household"]
    household = _pick(
        rng, (household, household.replace("_", " "), household.upper()), (0.86, 0.1, 0.04)
    )
    return {
        "case_id": case["case_id"],
        "district": district,
        "caseworker_id": worker,
        "child_sex": sex,
        "child_age": age_text,
        "household": household,
        "risk_level": _messy_text(rng, case["risk_level"]),
        "identified_on": _messy_date(rng, case["identified_on"]),
        "first_contact_on": _messy_date(rng, case["first_contact_on"]),
        "closed_on": _messy_date(rng, case["closed_on"]),
    }


def _cases_raw(rng: np.random.Generator, cases: list[Row]) -> list[Row]:
    chosen = [
        case
        for case in cases
        if case["district"] in DISTRICTS["Khatlon"] and case["identified_on"].year == 2024
    ]
    rows = []
    for case in chosen:
        row = _messy_row(rng, case)
        rows.append(row)
        roll = rng.uniform()
        if roll < 0.06:
            rows.append(dict(row))  # an exact duplicate
        elif roll < 0.09:
            rows.append(_messy_row(rng, case))  # the same case typed again differently
    order = rng.permutation(len(rows))
    return [rows[int(i)] for i in order]


# --- writing -----------------------------------------------------------------------------------


def generate_tables(*, rng: np.random.Generator) -> dict[str, list[Row]]:
    """Every table of the synthetic caseload as rows (dicts of Python values), by table name."""
    district_rng, case_rng, referral_rng, screening_rng, police_rng, raw_rng = rng.spawn(6)
    districts = _districts(district_rng)
    cases, hidden = _cases(case_rng, districts)
    return {
        "districts": districts,
        "cases": cases,
        "referrals": _referrals(referral_rng, cases, hidden),
        "screenings": _screenings(screening_rng, cases, hidden),
        "police_contacts": _police_contacts(police_rng, districts),
        "cases_raw": _cases_raw(raw_rng, cases),
    }


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "number":
        return f"{value:.1f}"
    if kind == "date":
        return value.isoformat()
    return str(value)


def csv_text(table: Table, rows: list[Row]) -> str:
    """The CSV file for ``rows`` of ``table``: UTF-8 text, ``\\n`` line ends, fixed formats."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([field.name for field in table.fields])
    kinds = [(field.name, field.type) for field in table.fields]
    for row in rows:
        writer.writerow([_cell(row[name], kind) for name, kind in kinds])
    return buffer.getvalue()


def dataset_texts(*, seed: int = DEFAULT_SEED) -> dict[str, str]:
    """File name → file text for every file ``himoya datasets generate`` writes."""
    tables = generate_tables(rng=np.random.default_rng(seed))
    texts = {TABLES[name].path: csv_text(TABLES[name], rows) for name, rows in tables.items()}
    descriptor = datapackage_descriptor(seed=seed)
    texts["datapackage.json"] = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    return dict(sorted(texts.items()))


__all__ = [
    "CASES_RAW_TABLE",
    "csv_text",
    "dataset_texts",
    "generate_tables",
    "red_flag",
]
