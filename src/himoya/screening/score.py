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

from himoya.i18n import N_, ui
from himoya.screening.model import Instrument, Item
from himoya.screening.translate import load_instrument
from himoya.templating import render
from himoya.ui import fill, ui_strings

NOT_A_DIAGNOSIS = N_(
    "A screen is not a diagnosis. It only shows who needs a fuller assessment by a trained person."
)
BANNER_TEXT = N_("A screen only shows who needs a fuller assessment by a trained person.")
MESSAGES = {
    "blank": N_("{count} item(s) not answered ({items}), counted as 0."),
    "asked_anyway": N_(
        "Question {number} is normally asked only when {when}; the answer given was still used."
    ),
    "age_outside": N_(
        "Age {age} is outside the validated age range for the {name} ({ages}); interpret with care."
    ),
    "own_cutoff": N_("At or above its own cut-off: {names}."),
    "bad_age": N_("{id}: age must be a whole number of years from 0 to {max}, got {age}"),
    "too_many": N_("{id}: too many missing answers: {count} not answered ({items}); {allowed}"),
    "every_item": N_("every item must be answered"),
    "at_most": N_("at most {count} may be blank"),
}
"""The sentences a result's notes and a refusal are made of, by key: :func:`score` and the book's
static forms (``static/scorer.js``, through :func:`scoring_rules`) fill in the same words."""
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
    language: str = "en"
    """The language of the texts (band, flags, action, notes): the one asked for when scoring."""

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
        data["not_a_diagnosis"] = ui(self.language).gettext(NOT_A_DIAGNOSIS)
        return data

    def as_text(self) -> str:
        """The result as a few lines of plain text (what the command line prints)."""
        _ = ui(self.language).gettext
        lines = [
            f"{self.name} ({self.instrument})",
            _("total: {total} of {max_total}").format(total=self.total, max_total=self.max_total),
            _("band: {band}").format(band=self.band),
            (
                _("positive: yes (cut-off {cutoff})")
                if self.positive
                else _("positive: no (cut-off {cutoff})")
            ).format(cutoff=self.cutoff),
        ]
        for key, value in self.subscales.items():
            mark = _(" (at or above its cut-off)") if key in self.positive_subscales else ""
            lines.append(_("subscale {name}: {value}").format(name=key, value=value) + mark)
        if self.flags:
            lines.extend(_("RED FLAG: {flag}").format(flag=flag) for flag in self.flags)
        else:
            lines.append(_("red flags: none"))
        lines.append(_("action: {action}").format(action=self.action))
        lines.extend(_("note: {note}").format(note=note) for note in self.notes)
        lines.append(_(NOT_A_DIAGNOSIS))
        return "\n".join(lines)

    def result_rows(self) -> list[tuple[str, str]]:
        """The result as (label, value) rows, in the words the forms show (``ui-strings.yml``),
        in the result's language."""
        words = ui_strings("screening", self.language)
        screen = "screen_positive" if self.positive else "screen_negative"
        rows = [
            (words["total"], fill(words["total_value"], total=self.total, max=self.max_total)),
            (words["band"], self.band),
            (words["screen"], fill(words[screen], cutoff=self.cutoff)),
        ]
        rows.extend(
            (
                fill(words["subscale"], name=key),
                f"{value}{words['at_or_above'] if key in self.positive_subscales else ''}",
            )
            for key, value in self.subscales.items()
        )
        if self.age is not None:
            rows.append((words["age"], fill(words["age_value"], age=self.age)))
        return rows

    def _repr_html_(self) -> str:
        return render(
            "screening/result.html.j2",
            lang=self.language,
            result=self,
            rows=self.result_rows(),
            ui=ui_strings("screening", self.language),
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


def _answer_value(
    instrument: Instrument, item: Item, value: Any, also: tuple[str, ...] = ()
) -> int | None:
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
            # The English labels are always understood too (code written for the English book).
            for label, option in zip(also, instrument.options, strict=False):
                if label.casefold() == text.casefold():
                    return option.value
            raise ValueError(f"{where}: unknown answer {value!r}; {_allowed(instrument)}")
    else:
        raise ValueError(
            f"{where}: {value!r} ({type(value).__name__}) is not an answer; {_allowed(instrument)}"
        )
    if number not in instrument.values:
        raise ValueError(f"{where}: {number} is out of range; {_allowed(instrument)}")
    return number


def _answers(
    instrument: Instrument, responses: Any, also: tuple[str, ...] = ()
) -> tuple[int | None, ...]:
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
            found[ident] = _answer_value(instrument, by_id[ident], value, also)
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
        _answer_value(instrument, item, value, also)
        for item, value in zip(items, given, strict=True)
    )


def _check_age(instrument: Instrument, age: Any) -> int | None:
    _ = ui(instrument.requested_language).gettext
    if age is None:
        return None
    bad = isinstance(age, bool) or not isinstance(age, numbers.Real)
    if not bad and not isinstance(age, numbers.Integral):
        bad = not (math.isfinite(float(age)) and float(age).is_integer())
    if bad or not 0 <= int(age) <= _MAX_AGE:
        raise ValueError(
            fill(_(MESSAGES["bad_age"]), id=instrument.id, max=_MAX_AGE, age=repr(age))
        )
    return int(age)


# --- scoring -----------------------------------------------------------------------------------


def score(
    instrument_id: str, responses: Any, *, age: int | None = None, lang: str | None = None
) -> ScreeningResult:
    """Score one set of responses to the instrument ``instrument_id``.

    ``responses``: a list in form order, or a mapping item id -> answer; answers as values or
    labels (see the module documentation). ``age``: the person's age in whole years; it selects
    an age-specific cut-off (PHQ-9: 11 for ages 13-17) and adds a note when it is outside the
    instrument's age range. Returns a :class:`ScreeningResult`; raises ``ValueError`` naming the
    instrument and item on bad input. ``lang`` (default: the current language) is the language of
    the result's texts; answers may be given as labels in that language or in English.
    """
    instrument = load_instrument(instrument_id, lang=lang)
    english = load_instrument(instrument_id, lang="en")
    _ = ui(instrument.requested_language).gettext
    age = _check_age(instrument, age)
    answers = _answers(instrument, responses, tuple(option.label for option in english.options))
    notes: list[str] = []

    blanks = [
        item.id
        for item, answer in zip(instrument.items, answers, strict=True)
        if answer is None and not item.optional
    ]
    if len(blanks) > instrument.max_blank:
        allowed = (
            _(MESSAGES["every_item"])
            if instrument.max_blank == 0
            else fill(_(MESSAGES["at_most"]), count=instrument.max_blank)
        )
        raise ValueError(
            fill(
                _(MESSAGES["too_many"]),
                id=instrument.id,
                count=len(blanks),
                items=", ".join(blanks),
                allowed=allowed,
            )
        )
    if blanks:
        notes.append(
            fill(_(MESSAGES["blank"]), count=len(blanks), items=", ".join(blanks))
            + f" {instrument.missing_rule}"
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
            notes.append(fill(_(MESSAGES["asked_anyway"]), number=item.number, when=item.ask_when))

    if age is None and instrument.age_unknown_note:
        notes.append(instrument.age_unknown_note)
    elif age is not None and not instrument.in_age_range(age):
        notes.append(
            fill(
                _(MESSAGES["age_outside"]),
                age=age,
                name=instrument.short_name,
                ages=instrument.age_range_text,
            )
            + f" {instrument.age_note}"
        )

    if positive:
        outcome = instrument.actions["positive"]
    elif positive_subscales and "subscale_positive" in instrument.actions:
        names = [s.name for s in instrument.subscales if s.id in positive_subscales]
        own = fill(_(MESSAGES["own_cutoff"]), names="; ".join(names))
        outcome = f"{instrument.actions['subscale_positive']} {own}"
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
        language=instrument.requested_language,
    )


# --- the same rules for the browser -------------------------------------------------------------


def scoring_rules(instrument_id: str, lang: str | None = None) -> dict[str, Any]:
    """Everything :func:`score` uses about an instrument, as plain data for the browser.

    The book's static forms embed this (as JSON) and ``static/scorer.js`` applies it exactly as
    :func:`score` does: one source of rules (the instrument YAML) for Python and the browser. A
    test scores random answers both ways and compares. The texts (bands, flags, actions, notes
    and the sentences of :data:`MESSAGES`) are in ``lang`` (default: the current language), as
    :func:`score` gives them for that language.
    """
    instrument = load_instrument(instrument_id, lang=lang)
    _ = ui(instrument.requested_language).gettext
    return {
        "messages": {key: _(text) for key, text in MESSAGES.items()},
        "id": instrument.id,
        "language": instrument.requested_language,
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
