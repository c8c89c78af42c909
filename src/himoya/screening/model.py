"""Screening instruments as data: the model and the loader for ``instruments/<id>.yml``.

Every instrument the course scores is described in one YAML file shipped with the package: its
name, citation, licence and attribution, age range, items in form order, response options, missing
answer rule, subscales, bands, cut-offs (by age where they differ), red-flag rules and the
recommended action for each outcome. :func:`english_instrument` reads and checks one file (its
translation: :func:`himoya.screening.translate.load_instrument`); an error
names the file and the field that is wrong. The structure is checked with ``instrument.schema.json``
(beside this module); the code here checks what a schema cannot say (bands without gaps, one
default cut-off, red flags and items that name known items and subscales).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from himoya.errors import UserError
from himoya.schemas import problems as schema_problems
from himoya.schemas import where
from himoya.yamlfile import read_yaml

SCHEMA_VERSION = 1
SCHEMA = "instrument.schema.json"
"""The structure of an instrument file (beside this module), with a description of every field."""


class UnknownInstrumentError(UserError, ValueError):
    """An instrument id that the course does not ship; the message lists the known ids.

    A subclass of ``ValueError`` (not ``KeyError``), so ``except ValueError`` catches every kind
    of bad input to :func:`himoya.screening.score`.
    """


class InstrumentFileError(UserError, ValueError):
    """An instrument YAML file that is broken or does not follow the format."""


@dataclass(frozen=True)
class ResponseOption:
    """One answer a person can give to an item."""

    value: int
    """The score of this answer."""
    label: str
    """The answer as printed on the form, e.g. ``"Several days"``."""


@dataclass(frozen=True)
class Item:
    """One question of an instrument, in form order."""

    id: str
    """Item id used in mappings and datasets, e.g. ``"q9"``."""
    number: int
    """Position on the form, from 1."""
    text: str
    """The question or statement as printed on the form."""
    subscale: str | None = None
    """Id of the subscale the item belongs to, if any."""
    scored: bool = True
    """False for an item that is not added to the total (the ASQ's acuity question)."""
    optional: bool = False
    """True for an item that is asked only in some cases and may be left out of the responses."""
    ask_when: str = ""
    """For an optional item: when to ask it, in words."""
    unasked_note: str = ""
    """For an optional item: the note shown when it should have been asked but was not."""


@dataclass(frozen=True)
class Subscale:
    """A group of items scored separately, with its own cut-off."""

    id: str
    """Subscale id, e.g. ``"internalising"``; the key in ``ScreeningResult.subscales``."""
    name: str
    """Readable name."""
    cutoff: int | None
    """Scores at or above this are positive for the subscale (None: no cut-off)."""


@dataclass(frozen=True)
class Band:
    """A named range of totals (inclusive at both ends)."""

    min: int
    """Lowest total in the band."""
    max: int
    """Highest total in the band."""
    label: str
    """Band name, e.g. ``"moderate"``."""


@dataclass(frozen=True)
class Cutoff:
    """A total at or above which the screen is positive, for an age range (or for everyone)."""

    min_total: int
    """The cut-off: totals at or above it are positive."""
    min_age: int | None = None
    """Youngest age (years) this cut-off applies to; None with ``max_age`` None: the default."""
    max_age: int | None = None
    """Oldest age (years) this cut-off applies to."""
    source: str = ""
    """Where the cut-off comes from."""

    @property
    def is_default(self) -> bool:
        """True for the cut-off used when no age-specific one applies."""
        return self.min_age is None and self.max_age is None

    def applies_to(self, age: int) -> bool:
        """True when ``age`` falls within this cut-off's age range."""
        low = self.min_age if self.min_age is not None else 0
        high = self.max_age if self.max_age is not None else 10**6
        return low <= age <= high


@dataclass(frozen=True)
class RedFlagRule:
    """A rule that raises a red flag: an item at or above a value, or a total at or above one."""

    message: str
    """The red flag as shown to the worker."""
    action: str
    """What to do about it, now."""
    item: str | None = None
    """Item id the rule looks at (or None for a rule on the total)."""
    min_value: int | None = None
    """The flag is raised when the item's answer is at or above this value."""
    total_min: int | None = None
    """The flag is raised when the total is at or above this value."""
    band: str | None = None
    """If set, the result's band becomes this (e.g. ``"acute positive"``)."""
    positive: bool = False
    """If True, the screen is positive whenever this flag is raised."""


@dataclass(frozen=True)
class Instrument:
    """A screening instrument: everything needed to administer, score and print it."""

    id: str
    """Short id, e.g. ``"phq9"`` (the file name without ``.yml``)."""
    name: str
    """Full name, e.g. ``"Patient Health Questionnaire-9 (PHQ-9)"``."""
    short_name: str
    """Short name, e.g. ``"PHQ-9"``."""
    measures: str
    """What it screens for, in a few words."""
    respondent: str
    """Who answers."""
    citation: str
    """The publication(s) the instrument and its cut-offs come from."""
    licence: str
    """Terms of use; the course licence does not cover the instrument."""
    attribution: str
    """Attribution text to show wherever the instrument is shown."""
    url: str
    """The official address of the instrument."""
    wording_note: str
    """What the course did and did not verify about the item wording."""
    age_min: int | None
    """Youngest age (years) in the course's range for this instrument."""
    age_max: int | None
    """Oldest age (years) in the range (None: no upper limit)."""
    age_note: str
    """Where the age range comes from."""
    time_frame: str
    """The period the questions ask about."""
    instructions: str
    """The instruction printed above the items."""
    options: tuple[ResponseOption, ...]
    """Response options, lowest value first."""
    items: tuple[Item, ...]
    """Items in form order."""
    max_blank: int
    """How many scored items may be left blank (they count 0); more is an error."""
    missing_rule: str
    """The missing-answer rule, in words."""
    subscales: tuple[Subscale, ...]
    """Subscales (empty if the instrument has none)."""
    bands: tuple[Band, ...]
    """Bands of the total, covering 0 to the maximum without gaps."""
    cutoffs: tuple[Cutoff, ...]
    """Cut-offs for a positive screen: one default, plus age-specific ones."""
    red_flags: tuple[RedFlagRule, ...]
    """Red-flag rules in the order they are reported, most urgent first."""
    actions: Mapping[str, str]
    """Recommended action per outcome: ``negative``, ``positive`` and optionally
    ``subscale_positive``."""
    unscored_questions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Questions printed on the paper form but not scored: (text, answer labels)."""
    age_unknown_note: str = ""
    """Note shown when no age is given and the cut-off depends on age."""
    language: str = "en"
    """The language of the text (see :mod:`himoya.screening.translate`)."""
    requested_language: str = "en"
    """The language asked for (differs from :attr:`language` until a complete translation)."""
    reviewed: bool = True
    """False for a translation not yet reviewed by a native-speaking professional."""
    wording: str = "original"
    """The item wording: ``original`` (the instrument's own), ``working`` (a translation made for
    the course, not validated) or ``official`` (a published translation, see ``wording_source``)."""
    wording_source: str = ""
    """For an official translation: who published it, and when."""

    @property
    def validated_wording(self) -> bool:
        """True for the original wording or an official translation with its source."""
        return self.wording == "original" or (
            self.wording == "official" and bool(self.wording_source)
        )

    @property
    def scored_items(self) -> tuple[Item, ...]:
        """The items added to the total."""
        return tuple(item for item in self.items if item.scored)

    @property
    def max_total(self) -> int:
        """The highest possible total."""
        return len(self.scored_items) * max(option.value for option in self.options)

    @property
    def values(self) -> tuple[int, ...]:
        """The allowed answer values."""
        return tuple(option.value for option in self.options)

    @property
    def default_cutoff(self) -> Cutoff:
        """The cut-off used when no age-specific one applies."""
        return next(cutoff for cutoff in self.cutoffs if cutoff.is_default)

    def cutoff_for(self, age: int | None) -> Cutoff:
        """The cut-off that applies at ``age`` (the default when age is None or has none)."""
        if age is not None:
            for cutoff in self.cutoffs:
                if not cutoff.is_default and cutoff.applies_to(age):
                    return cutoff
        return self.default_cutoff

    def band_for(self, total: int) -> str:
        """The band label for ``total``."""
        for band in self.bands:
            if band.min <= total <= band.max:
                return band.label
        raise ValueError(f"{self.id}: total {total} is outside every band")

    def raised_flags(self, answers: Sequence[int | None]) -> tuple[RedFlagRule, ...]:
        """The red-flag rules that ``answers`` raise, most urgent first.

        ``answers`` are values in form order (None for a blank, counted as 0). This is the one
        place the rules in the instrument file are applied: by :func:`himoya.screening.score`, by
        the dataset generator and by the dataset validator.
        """
        values = dict(zip((item.id for item in self.items), answers, strict=False))
        total = sum(values.get(item.id) or 0 for item in self.scored_items)
        return tuple(
            rule
            for rule in self.red_flags
            if (rule.item is not None and (values.get(rule.item) or 0) >= (rule.min_value or 0))
            or (rule.total_min is not None and total >= rule.total_min)
        )

    def in_age_range(self, age: int) -> bool:
        """True when ``age`` is within the course's age range for this instrument."""
        low = self.age_min if self.age_min is not None else 0
        high = self.age_max if self.age_max is not None else 10**6
        return low <= age <= high

    @property
    def age_range_text(self) -> str:
        """The age range in words, e.g. ``"4-16"`` or ``"13 and over"`` (language asked for)."""
        from himoya.i18n import ui

        _ = ui(self.requested_language).gettext
        if self.age_min is not None and self.age_max is not None:
            return f"{self.age_min}-{self.age_max}"
        if self.age_min is not None:
            return _("{age} and over").format(age=self.age_min)
        if self.age_max is not None:
            return _("up to {age}").format(age=self.age_max)
        return _("any age")


# --- loading -----------------------------------------------------------------------------------


def _instrument_dir() -> Path:
    return Path(str(resources.files("himoya.screening").joinpath("instruments")))


@cache
def instrument_ids() -> tuple[str, ...]:
    """The ids of the instruments shipped with the course, sorted (read once per process, as
    the instruments themselves are: the dataset generator asks for every screening row)."""
    return tuple(sorted(path.stem for path in _instrument_dir().glob("*.yml")))


class _Fields:
    """Typed access to one mapping of a YAML file, with errors naming the file and field."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, Mapping):
            raise InstrumentFileError(f"{where}: expected a mapping, got {type(data).__name__}")
        self.data = data
        self.where = where

    def _get(self, key: str, kinds: tuple[type, ...], default: Any, required: bool) -> Any:
        if key not in self.data or self.data[key] is None:
            if required:
                raise InstrumentFileError(f"{self.where}: missing field '{key}'")
            return default
        value = self.data[key]
        if isinstance(value, bool) and bool not in kinds:
            raise InstrumentFileError(f"{self.where}: field '{key}' must not be true/false")
        if not isinstance(value, kinds):
            names = " or ".join(kind.__name__ for kind in kinds)
            raise InstrumentFileError(
                f"{self.where}: field '{key}' must be {names}, got {type(value).__name__}"
            )
        return value

    def text(self, key: str, default: str | None = None) -> str:
        value = self._get(key, (str,), default, default is None)
        return " ".join(str(value).split())

    def integer(self, key: str, *, required: bool = True) -> int | None:
        return self._get(key, (int,), None, required)

    def flag(self, key: str, default: bool) -> bool:
        return self._get(key, (bool,), default, False)

    def items(self, key: str, *, required: bool = True) -> list[Any]:
        return self._get(key, (list,), [], required)


def _parse(data: Any, path: Path) -> Instrument:
    where = path.name
    top = _Fields(data, where)
    if top.integer("schema_version") != SCHEMA_VERSION:
        raise InstrumentFileError(f"{where}: schema_version must be {SCHEMA_VERSION}")
    ident = top.text("id")
    if ident != path.stem:
        raise InstrumentFileError(f"{where}: id '{ident}' does not match the file name")

    options = []
    for index, raw in enumerate(top.items("response_options"), start=1):
        fields = _Fields(raw, f"{where}: response_options[{index}]")
        options.append(ResponseOption(value=fields.integer("value"), label=fields.text("label")))
    if not options:
        raise InstrumentFileError(f"{where}: response_options is empty")
    options.sort(key=lambda option: option.value)

    subscales = []
    for index, raw in enumerate(top.items("subscales", required=False), start=1):
        fields = _Fields(raw, f"{where}: subscales[{index}]")
        subscales.append(
            Subscale(
                id=fields.text("id"),
                name=fields.text("name"),
                cutoff=fields.integer("cutoff", required=False),
            )
        )
    subscale_ids = {subscale.id for subscale in subscales}

    items = []
    for number, raw in enumerate(top.items("items"), start=1):
        fields = _Fields(raw, f"{where}: items[{number}]")
        item = Item(
            id=fields.text("id"),
            number=number,
            text=fields.text("text"),
            subscale=fields.text("subscale", "") or None,
            scored=fields.flag("scored", True),
            optional=fields.flag("optional", False),
            ask_when=fields.text("ask_when", ""),
            unasked_note=fields.text("unasked_note", ""),
        )
        if item.subscale is not None and item.subscale not in subscale_ids:
            raise InstrumentFileError(
                f"{where}: item {item.id} names unknown subscale '{item.subscale}'"
            )
        items.append(item)
    ids = [item.id for item in items]
    duplicates = sorted({ident for ident in ids if ids.count(ident) > 1})
    if duplicates:
        raise InstrumentFileError(f"{where}: duplicate item id(s): {', '.join(duplicates)}")

    missing = _Fields(top.data.get("missing"), f"{where}: missing")
    bands = []
    for index, raw in enumerate(top.items("bands"), start=1):
        fields = _Fields(raw, f"{where}: bands[{index}]")
        bands.append(
            Band(min=fields.integer("min"), max=fields.integer("max"), label=fields.text("label"))
        )
    cutoffs = []
    for index, raw in enumerate(top.items("cutoffs"), start=1):
        fields = _Fields(raw, f"{where}: cutoffs[{index}]")
        cutoffs.append(
            Cutoff(
                min_total=fields.integer("min_total"),
                min_age=fields.integer("min_age", required=False),
                max_age=fields.integer("max_age", required=False),
                source=fields.text("source", ""),
            )
        )
    rules = []
    for index, raw in enumerate(top.items("red_flags", required=False), start=1):
        fields = _Fields(raw, f"{where}: red_flags[{index}]")
        rule = RedFlagRule(
            message=fields.text("message"),
            action=fields.text("action"),
            item=fields.text("item", "") or None,
            min_value=fields.integer("min_value", required=False),
            total_min=fields.integer("total_min", required=False),
            band=fields.text("band", "") or None,
            positive=fields.flag("positive", False),
        )
        if (rule.item is None) == (rule.total_min is None):
            raise InstrumentFileError(
                f"{where}: red_flags[{index}] needs either 'item' with 'min_value' or 'total_min'"
            )
        if rule.item is not None and (rule.item not in ids or rule.min_value is None):
            raise InstrumentFileError(
                f"{where}: red_flags[{index}] needs a known 'item' and a 'min_value'"
            )
        rules.append(rule)
    actions_raw = _Fields(top.data.get("actions"), f"{where}: actions")
    actions = {key: actions_raw.text(key) for key in ("negative", "positive")}
    if "subscale_positive" in actions_raw.data:
        actions["subscale_positive"] = actions_raw.text("subscale_positive")
    unscored = []
    for index, raw in enumerate(top.items("unscored_questions", required=False), start=1):
        fields = _Fields(raw, f"{where}: unscored_questions[{index}]")
        labels = tuple(" ".join(str(label).split()) for label in fields.items("options"))
        unscored.append((fields.text("text"), labels))
    age = _Fields(top.data.get("age"), f"{where}: age")

    instrument = Instrument(
        id=ident,
        name=top.text("name"),
        short_name=top.text("short_name"),
        measures=top.text("measures"),
        respondent=top.text("respondent"),
        citation=top.text("citation"),
        licence=top.text("licence"),
        attribution=top.text("attribution"),
        url=top.text("url"),
        wording_note=top.text("wording_note"),
        age_min=age.integer("min", required=False),
        age_max=age.integer("max", required=False),
        age_note=age.text("note"),
        time_frame=top.text("time_frame"),
        instructions=top.text("instructions"),
        options=tuple(options),
        items=tuple(items),
        max_blank=missing.integer("max_blank"),
        missing_rule=missing.text("rule"),
        subscales=tuple(subscales),
        bands=tuple(bands),
        cutoffs=tuple(cutoffs),
        red_flags=tuple(rules),
        actions=actions,
        unscored_questions=tuple(unscored),
        age_unknown_note=top.text("age_unknown_note", ""),
    )
    _check_consistency(instrument, where)
    return instrument


def _check_consistency(instrument: Instrument, where: str) -> None:
    expected = 0
    for band in instrument.bands:
        if band.min != expected or band.max < band.min:
            raise InstrumentFileError(
                f"{where}: bands must cover 0..{instrument.max_total} in order without gaps "
                f"(band '{band.label}' starts at {band.min}, expected {expected})"
            )
        expected = band.max + 1
    if expected != instrument.max_total + 1:
        raise InstrumentFileError(
            f"{where}: the last band ends at {expected - 1}, "
            f"but the highest total is {instrument.max_total}"
        )
    defaults = [cutoff for cutoff in instrument.cutoffs if cutoff.is_default]
    if len(defaults) != 1:
        raise InstrumentFileError(f"{where}: cutoffs need exactly one entry without an age range")


@cache
def _load_cached(ident: str) -> Instrument:
    return load_instrument_file(_instrument_dir() / f"{ident}.yml")


def english_instrument(instrument_id: str) -> Instrument:
    """The instrument ``instrument_id`` as its English file says (cached); lists known ids."""
    known = instrument_ids()
    key = instrument_id.strip().lower() if isinstance(instrument_id, str) else instrument_id
    if key not in known:
        raise UnknownInstrumentError(
            f"unknown instrument {instrument_id!r}; known instruments: {', '.join(known)}"
        )
    return _load_cached(key)


def load_instrument_file(path: Path) -> Instrument:
    """Read and check an instrument file at ``path`` (for authors adding an instrument)."""
    path = Path(path)
    data = read_yaml(path, error=InstrumentFileError, mapping=False, shown=path.name)
    found = schema_problems(data, "himoya.screening", SCHEMA)
    if found:
        raise InstrumentFileError(
            "\n".join(f"{path.name}: {where(p.path) or 'top level'}: {p.message}" for p in found)
        )
    return _parse(data, path)
