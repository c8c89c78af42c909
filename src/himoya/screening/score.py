"""Scoring a screening instrument: responses in, a :class:`ScreeningResult` out.

Responses may be given as

- a list (or any iterable) of answers in form order,
- a mapping item id -> answer (``{"q1": 2, "q9": 0, ...}``; ids are case-insensitive),

and each answer as a value (``2``, ``"2"``, ``2.0``) or as its label, in any letter case
(``"More than half the days"``, ``"yes"``). ``None``, ``""``, ``"-"`` and NaN (an empty cell in a
data frame) mean "not answered". An item left out of a mapping is not answered either. Whether
unanswered items are allowed, and how many, is the instrument's missing-answer rule.

Bad input raises ``ValueError`` with one line naming the instrument and the item: a wrong number of
answers, an unknown item id, a value out of range, an unknown label, a boolean (``True`` is not an
answer, even though Python counts it as 1), a number that is not whole, or more missing answers
than the instrument allows. An unknown instrument raises :class:`UnknownInstrumentError`, also a
``ValueError``, listing the known ids.

An age outside the instrument's age range is scored, with a note that the result is outside the
validated age range and must be interpreted with care.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from himoya.screening.model import Instrument, Item, load_instrument
from himoya.templating import render
from himoya.ui import fill, ui_strings

NOT_A_DIAGNOSIS = (
    "A screen is not a diagnosis. It only shows who needs a fuller assessment by a trained person."
)
BANNER_TEXT = "A screen only shows who needs a fuller assessment by a trained person."
_BLANK_STRINGS = frozenset({"", "-"})
_WHOLE_NUMBER = re.compile(r"[+-]?\d+")
_MAX_AGE = 120


@dataclass(frozen=True)
class ScreeningResult:
    """The scored result of one screening. A screen is never a diagnosis."""

    instrument: str
    """Id of the instrument, e.g. ``"phq9"``."""
    name: str
    """Short name of the instrument, e.g. ``"PHQ-9"``."""
    total: int
    """Sum of the scored items (blanks allowed by the instrument count 0)."""
    max_total: int
    """Highest possible total."""
    band: str
    """Band of the total, e.g. ``"moderate"`` (for the ASQ a red flag can set the band)."""
    subscales: dict[str, int] = field(hash=False)
    """Subscale id -> subscale score (empty for instruments without subscales)."""
    positive_subscales: tuple[str, ...]
    """Ids of the subscales at or above their own cut-off."""
    positive: bool
    """True when the screen is positive under the instrument's rule for this age."""
    cutoff: int
    """The total at or above which the screen is positive, for this age."""
    flags: tuple[str, ...]
    """Red flags that need action the same day or now, most urgent first (empty: none)."""
    action: str
    """The recommended next step. Never a diagnosis."""
    notes: tuple[str, ...]
    """Notes on how to read the result: age outside the range, blanks counted 0, and similar."""
    age: int | None
    """The age in years given for scoring (None: not given)."""
    answers: tuple[int | None, ...]
    """The answer value per item, in form order (None: not answered)."""

    @property
    def red_flag(self) -> bool:
        """True when at least one red flag was raised."""
        return bool(self.flags)

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data (for JSON)."""
        data = asdict(self)
        data["subscales"] = dict(self.subscales)
        data["flags"] = list(self.flags)
        data["notes"] = list(self.notes)
        data["positive_subscales"] = list(self.positive_subscales)
        data["answers"] = list(self.answers)
        data["not_a_diagnosis"] = NOT_A_DIAGNOSIS
        return data

    def as_text(self) -> str:
        """The result as a few lines of plain text (what the command line prints)."""
        lines = [
            f"{self.name} ({self.instrument})",
            f"total: {self.total} of {self.max_total}",
            f"band: {self.band}",
            f"positive: {'yes' if self.positive else 'no'} (cut-off {self.cutoff})",
        ]
        for key, value in self.subscales.items():
            mark = " (at or above its cut-off)" if key in self.positive_subscales else ""
            lines.append(f"subscale {key}: {value}{mark}")
        if self.flags:
            lines.extend(f"RED FLAG: {flag}" for flag in self.flags)
        else:
            lines.append("red flags: none")
        lines.append(f"action: {self.action}")
        lines.extend(f"note: {note}" for note in self.notes)
        lines.append(NOT_A_DIAGNOSIS)
        return "\n".join(lines)

    def result_rows(self) -> list[tuple[str, str]]:
        """The result as (label, value) rows, in the words the forms show (``ui-strings.yml``)."""
        ui = ui_strings("screening")
        screen = "screen_positive" if self.positive else "screen_negative"
        rows = [
            (ui["total"], fill(ui["total_value"], total=self.total, max=self.max_total)),
            (ui["band"], self.band),
            (ui["screen"], fill(ui[screen], cutoff=self.cutoff)),
        ]
        rows.extend(
            (
                fill(ui["subscale"], name=key),
                f"{value}{ui['at_or_above'] if key in self.positive_subscales else ''}",
            )
            for key, value in self.subscales.items()
        )
        if self.age is not None:
            rows.append((ui["age"], fill(ui["age_value"], age=self.age)))
        return rows

    def _repr_html_(self) -> str:
        return render(
            "screening/result.html.j2",
            result=self,
            rows=self.result_rows(),
            ui=ui_strings("screening"),
            fill=fill,
        )


# --- input checking ----------------------------------------------------------------------------


def _label(instrument: Instrument, item: Item) -> str:
    return f"{instrument.id} item {item.number} ({item.id})"


def _allowed(instrument: Instrument) -> str:
    values = ", ".join(str(value) for value in instrument.values)
    labels = ", ".join(repr(option.label.lower()) for option in instrument.options)
    return f"use {values} or one of {labels}"


def _is_blank(value: Any) -> bool:
    if value is None or type(value).__name__ in {"NAType", "NaTType"}:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in _BLANK_STRINGS


def _answer_value(instrument: Instrument, item: Item, value: Any) -> int | None:
    """One answer as an allowed value, or None when unanswered; ValueError naming the item."""
    if _is_blank(value):
        return None
    where = _label(instrument, item)
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise ValueError(
            f"{where}: {value!r} is not an answer (true/false is not accepted); "
            f"{_allowed(instrument)}"
        )
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, numbers.Real):
        number_f = float(value)
        if not math.isfinite(number_f) or not number_f.is_integer():
            raise ValueError(f"{where}: {value!r} is not a whole number; {_allowed(instrument)}")
        number = int(number_f)
    elif isinstance(value, str):
        text = " ".join(value.split())
        if _WHOLE_NUMBER.fullmatch(text):
            number = int(text)
        else:
            for option in instrument.options:
                if option.label.casefold() == text.casefold():
                    return option.value
            raise ValueError(f"{where}: unknown answer {value!r}; {_allowed(instrument)}")
    else:
        raise ValueError(
            f"{where}: {value!r} ({type(value).__name__}) is not an answer; {_allowed(instrument)}"
        )
    if number not in instrument.values:
        raise ValueError(f"{where}: {number} is out of range; {_allowed(instrument)}")
    return number


def _answers(instrument: Instrument, responses: Any) -> tuple[int | None, ...]:
    items = instrument.items
    if isinstance(responses, Mapping):
        by_id = {item.id: item for item in items}
        found: dict[str, int | None] = {}
        for key, value in responses.items():
            ident = key.strip().lower() if isinstance(key, str) else key
            if ident not in by_id:
                raise ValueError(
                    f"{instrument.id}: unknown item {key!r}; the items are "
                    f"{', '.join(item.id for item in items)}"
                )
            if ident in found:
                raise ValueError(f"{instrument.id}: item {ident} is given twice")
            found[ident] = _answer_value(instrument, by_id[ident], value)
        return tuple(found.get(item.id) for item in items)
    if isinstance(responses, str | bytes) or not isinstance(responses, Iterable):
        raise ValueError(
            f"{instrument.id}: responses must be a list of answers in form order or a mapping "
            f"item id -> answer, not {type(responses).__name__}"
        )
    given = list(responses)
    required = sum(1 for item in items if not item.optional)
    # Optional items are at the end of the form (the ASQ's question 5), so they may be left off.
    if not required <= len(given) <= len(items):
        expected = f"{len(items)}" if required == len(items) else f"{required} or {len(items)}"
        raise ValueError(
            f"{instrument.id}: expected {expected} answers (one per item, in form order), "
            f"got {len(given)}"
        )
    given += [None] * (len(items) - len(given))
    return tuple(
        _answer_value(instrument, item, value) for item, value in zip(items, given, strict=True)
    )


def _check_age(instrument: Instrument, age: Any) -> int | None:
    if age is None:
        return None
    bad = isinstance(age, bool) or not isinstance(age, numbers.Real)
    if not bad and not isinstance(age, numbers.Integral):
        bad = not (math.isfinite(float(age)) and float(age).is_integer())
    if bad or not 0 <= int(age) <= _MAX_AGE:
        raise ValueError(
            f"{instrument.id}: age must be a whole number of years from 0 to {_MAX_AGE}, "
            f"got {age!r}"
        )
    return int(age)


# --- scoring -----------------------------------------------------------------------------------


def score(instrument_id: str, responses: Any, *, age: int | None = None) -> ScreeningResult:
    """Score one set of responses to the instrument ``instrument_id``.

    ``responses``: a list in form order, or a mapping item id -> answer; answers as values or
    labels (see the module documentation). ``age``: the person's age in whole years; it selects
    an age-specific cut-off (PHQ-9: 11 for ages 13-17) and adds a note when it is outside the
    instrument's age range. Returns a :class:`ScreeningResult`; raises ``ValueError`` naming the
    instrument and item on bad input.
    """
    instrument = load_instrument(instrument_id)
    age = _check_age(instrument, age)
    answers = _answers(instrument, responses)
    notes: list[str] = []

    blanks = [
        item.id
        for item, answer in zip(instrument.items, answers, strict=True)
        if answer is None and not item.optional
    ]
    if len(blanks) > instrument.max_blank:
        allowed = (
            "every item must be answered"
            if instrument.max_blank == 0
            else f"at most {instrument.max_blank} may be blank"
        )
        raise ValueError(
            f"{instrument.id}: too many missing answers: {len(blanks)} not answered "
            f"({', '.join(blanks)}); {allowed}"
        )
    if blanks:
        notes.append(
            f"{len(blanks)} item(s) not answered ({', '.join(blanks)}), counted as 0. "
            f"{instrument.missing_rule}"
        )

    values = dict(zip((item.id for item in instrument.items), answers, strict=True))
    total = sum(values[item.id] or 0 for item in instrument.scored_items)
    subscales = {
        subscale.id: sum(
            values[item.id] or 0 for item in instrument.items if item.subscale == subscale.id
        )
        for subscale in instrument.subscales
    }
    positive_subscales = tuple(
        subscale.id
        for subscale in instrument.subscales
        if subscale.cutoff is not None and subscales[subscale.id] >= subscale.cutoff
    )
    cutoff = instrument.cutoff_for(age)
    positive_by_total = total >= cutoff.min_total
    positive = positive_by_total
    band = instrument.band_for(total)

    raised = instrument.raised_flags(answers)
    for rule in raised:
        positive = positive or rule.positive
    override = next((rule.band for rule in raised if rule.band), None)
    if override:
        band = override

    for item in instrument.items:
        if not item.optional:
            continue
        if values[item.id] is None and positive_by_total and item.unasked_note:
            notes.append(item.unasked_note)
        elif values[item.id] is not None and not positive_by_total and item.ask_when:
            notes.append(
                f"Question {item.number} is normally asked only when {item.ask_when}; "
                "the answer given was still used."
            )

    if age is None and instrument.age_unknown_note:
        notes.append(instrument.age_unknown_note)
    elif age is not None and not instrument.in_age_range(age):
        notes.append(
            f"Age {age} is outside the validated age range for the {instrument.short_name} "
            f"({instrument.age_range_text}); interpret with care. {instrument.age_note}"
        )

    if positive:
        outcome = instrument.actions["positive"]
    elif positive_subscales and "subscale_positive" in instrument.actions:
        names = [s.name for s in instrument.subscales if s.id in positive_subscales]
        outcome = (
            f"{instrument.actions['subscale_positive']} "
            f"At or above its own cut-off: {'; '.join(names)}."
        )
    else:
        outcome = instrument.actions["negative"]
    action = f"{raised[0].action} {outcome}" if raised else outcome

    return ScreeningResult(
        instrument=instrument.id,
        name=instrument.short_name,
        total=total,
        max_total=instrument.max_total,
        band=band,
        subscales=subscales,
        positive_subscales=positive_subscales,
        positive=positive,
        cutoff=cutoff.min_total,
        flags=tuple(rule.message for rule in raised),
        action=action,
        notes=tuple(notes),
        age=age,
        answers=answers,
    )


# --- the same rules for the browser -------------------------------------------------------------


def scoring_rules(instrument_id: str) -> dict[str, Any]:
    """Everything :func:`score` uses about an instrument, as plain data for the browser.

    The book's static forms embed this (as JSON) and ``static/scorer.js`` applies it exactly as
    :func:`score` does: one source of rules (the instrument YAML) for Python and the browser. A
    test scores random answers both ways and compares.
    """
    instrument = load_instrument(instrument_id)
    return {
        "id": instrument.id,
        "short_name": instrument.short_name,
        "max_total": instrument.max_total,
        "max_blank": instrument.max_blank,
        "missing_rule": instrument.missing_rule,
        "max_age": _MAX_AGE,
        "age_min": instrument.age_min,
        "age_max": instrument.age_max,
        "age_range_text": instrument.age_range_text,
        "age_note": instrument.age_note,
        "age_unknown_note": instrument.age_unknown_note,
        "values": list(instrument.values),
        "items": [
            {
                "id": item.id,
                "number": item.number,
                "subscale": item.subscale,
                "scored": item.scored,
                "optional": item.optional,
                "ask_when": item.ask_when,
                "unasked_note": item.unasked_note,
            }
            for item in instrument.items
        ],
        "subscales": [
            {"id": sub.id, "name": sub.name, "cutoff": sub.cutoff} for sub in instrument.subscales
        ],
        "bands": [{"min": b.min, "max": b.max, "label": b.label} for b in instrument.bands],
        "cutoffs": [
            {"min_total": c.min_total, "min_age": c.min_age, "max_age": c.max_age}
            for c in instrument.cutoffs
        ],
        "red_flags": [
            {
                "message": rule.message,
                "action": rule.action,
                "item": rule.item,
                "min_value": rule.min_value,
                "total_min": rule.total_min,
                "band": rule.band,
                "positive": rule.positive,
            }
            for rule in instrument.red_flags
        ],
        "actions": dict(instrument.actions),
    }
