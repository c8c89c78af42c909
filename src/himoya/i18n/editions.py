"""Editions: which languages the course has, and what each one promises.

English is the source: every text is written in English, in the pages and the YAML files. Each
other language is an *edition* described by ``locale/<lang>/edition.yml``::

    language: ru                 # the folder's name
    name: Русский                # in its own language (the language switch shows it)
    english_name: Russian
    fallback: en                 # where this edition's text comes from when it has none yet
    build: true                  # `himoya build` makes it (false: only `himoya build --lang ru`)
    search_language: ru          # Sphinx search stemmer (default: the language; English
                                 # rules when Sphinx has none; tg uses its fallback's, ru)
    promises:                    # must be complete: CI fails when one is missing or incomplete
      pages: [modules/00-start/index, "modules/04-psychosocial/case-*"]
      scenarios: [grandmother-and-three]
      instruments: [phq9]
      exercises: [04-psychosocial]
      ui: true                   # the program's own text (players, forms, handouts, cohorts)
      justice: true              # the age-and-liability tools' words (catalog justice/texts)
    planned: {...}               # same shape: what the edition is to cover (status shows it)
    instruments:
      phq9: {wording: working}   # or {wording: official, source: "who published it, year"}

Adding a language is adding such a file (``himoya translations update`` then writes its
catalogs); no code changes. A language's *chain* is the language, then its fallback, then the
fallback's fallback, ending with English.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from himoya.errors import UserError
from himoya.paths import course_root
from himoya.yamlfile import read_yaml

SOURCE_LANGUAGE = "en"
"""The language every text is written in."""

KINDS = ("pages", "scenarios", "instruments", "exercises")
"""Kinds of item an edition lists in ``promises`` and ``planned`` (plus the single catalogs)."""

SINGLE = ("ui", "justice")
"""Single catalogs an edition includes with ``<name>: true``: the program's own text (``ui``) and
the age-and-liability tools' words (``justice``, catalog ``justice/texts``)."""

WORDING = ("working", "official")
"""How an instrument's translated item wording may be described."""

_LANG = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")
_FIELDS = {
    "language",
    "name",
    "english_name",
    "fallback",
    "build",
    "search_language",
    "promises",
    "planned",
    "instruments",
}


class EditionError(UserError, ValueError):
    """An ``edition.yml`` file is wrong; the message names the file and the field."""


@dataclass(frozen=True)
class ItemList:
    """Items of each kind, as names or shell patterns (``modules/04-psychosocial/*``)."""

    pages: tuple[str, ...] = ()
    """Page docnames (``modules/00-start/index``) or patterns."""
    scenarios: tuple[str, ...] = ()
    """Scenario ids or patterns."""
    instruments: tuple[str, ...] = ()
    """Instrument ids or patterns."""
    exercises: tuple[str, ...] = ()
    """Exercise spec names (``04-psychosocial``, ``knowledge-check``) or patterns."""
    ui: bool = False
    """True when the program's own text (``ui`` catalog) is included."""
    justice: bool = False
    """True when the age-and-liability tools' words (``justice/texts`` catalog) are included."""

    def patterns(self, kind: str) -> tuple[str, ...]:
        """The names or patterns listed for ``kind`` (one of :data:`KINDS`)."""
        return getattr(self, kind)

    def covers(self, kind: str, name: str) -> bool:
        """True when ``name`` (of ``kind``) is listed, by name or by pattern."""
        if kind in SINGLE:
            return getattr(self, kind)
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self.patterns(kind))

    def __bool__(self) -> bool:
        return any(getattr(self, kind) for kind in SINGLE) or any(
            self.patterns(kind) for kind in KINDS
        )


@dataclass(frozen=True)
class InstrumentWording:
    """What a translation of a screening instrument's items is."""

    wording: str
    """``working`` (the course's own, not validated) or ``official`` (published, with source)."""
    source: str = ""
    """For an official translation: who published it, where, and when."""

    @property
    def validated(self) -> bool:
        """True only for an official translation with its source."""
        return self.wording == "official" and bool(self.source)


@dataclass(frozen=True)
class Edition:
    """One language edition of the course, from ``locale/<lang>/edition.yml``."""

    language: str
    """Language code, e.g. ``ru``; the folder under ``locale/`` and under ``_build/html/``."""
    name: str
    """The language's name in the language itself (``Русский``)."""
    english_name: str
    """The language's name in English."""
    fallback: str = SOURCE_LANGUAGE
    """Where text comes from while this edition has none (English or another edition)."""
    build: bool = True
    """Whether ``himoya build`` makes this edition without being asked."""
    search_language: str | None = None
    """Sphinx's search language (stemming); None: the edition's language (Sphinx uses English
    rules for a language it has no stemmer for)."""
    promises: ItemList = field(default_factory=ItemList)
    """What must be complete (CI checks it)."""
    planned: ItemList = field(default_factory=ItemList)
    """What the edition is to cover (``himoya translations status`` shows progress)."""
    instruments: Mapping[str, InstrumentWording] = field(default_factory=dict)
    """Per instrument id: what the translated item wording is."""
    path: Path | None = None
    """The ``edition.yml`` file."""

    def promises_item(self, kind: str, name: str) -> bool:
        """True when this edition promises the item ``name`` of ``kind``."""
        return self.promises.covers(kind, name)

    def wording(self, instrument_id: str) -> InstrumentWording:
        """What this edition's wording of ``instrument_id`` is (``working`` unless stated)."""
        return self.instruments.get(instrument_id, InstrumentWording("working"))


ENGLISH = Edition(language=SOURCE_LANGUAGE, name="English", english_name="English")
"""The source edition (it has no ``edition.yml``)."""


def locale_dir(root: Path | None = None) -> Path:
    """The course's ``locale/`` folder."""
    return (Path(root) if root else course_root()) / "locale"


def _items(data: Any, where: str) -> ItemList:
    if data is None:
        return ItemList()
    if not isinstance(data, dict):
        raise EditionError(f"{where}: must be a mapping of kind -> list of names")
    unknown = sorted(set(data) - {*KINDS, *SINGLE})
    if unknown:
        raise EditionError(
            f"{where}: unknown kind {unknown[0]!r} (kinds: {', '.join((*KINDS, *SINGLE))})"
        )
    lists: dict[str, Any] = {}
    for kind in KINDS:
        value = data.get(kind) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise EditionError(f"{where}.{kind}: must be a list of names or patterns")
        lists[kind] = tuple(value)
    singles: dict[str, bool] = {}
    for name in SINGLE:
        singles[name] = data.get(name, False)
        if not isinstance(singles[name], bool):
            raise EditionError(f"{where}.{name}: must be true or false")
    return ItemList(**lists, **singles)


def read_edition(path: Path) -> Edition:
    """Read and check one ``locale/<lang>/edition.yml``."""
    path = Path(path)
    data = read_yaml(path, error=EditionError)
    if not data:
        raise EditionError(f"{path}: is empty (it needs at least language, name, english_name)")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise EditionError(f"{path}: unknown field {unknown[0]!r}")
    folder = path.parent.name
    language = data.get("language")
    if language != folder:
        raise EditionError(f"{path}: language is {language!r}, but the folder is {folder!r}")
    if not isinstance(language, str) or not _LANG.match(language):
        raise EditionError(f"{path}: language {language!r} is not a language code such as ru")
    if language == SOURCE_LANGUAGE:
        raise EditionError(f"{path}: English is the source language, not an edition")
    for key in ("name", "english_name"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise EditionError(f"{path}: {key} is missing")
    fallback = data.get("fallback", SOURCE_LANGUAGE)
    if not isinstance(fallback, str) or not _LANG.match(fallback) or fallback == language:
        raise EditionError(f"{path}: fallback {fallback!r} must be another language code")
    build = data.get("build", True)
    if not isinstance(build, bool):
        raise EditionError(f"{path}: build must be true or false")
    search = data.get("search_language")
    if search is not None and (not isinstance(search, str) or not _LANG.match(search)):
        raise EditionError(f"{path}: search_language {search!r} must be a language code")
    wordings: dict[str, InstrumentWording] = {}
    raw_instruments = data.get("instruments") or {}
    if not isinstance(raw_instruments, dict):
        raise EditionError(f"{path}: instruments must map instrument ids to {{wording: ...}}")
    for ident, raw in raw_instruments.items():
        where = f"{path}: instruments.{ident}"
        if not isinstance(raw, dict) or raw.get("wording") not in WORDING:
            raise EditionError(f"{where}: wording must be one of {', '.join(WORDING)}")
        source = raw.get("source", "")
        if not isinstance(source, str):
            raise EditionError(f"{where}: source must be text")
        if raw["wording"] == "official" and not source.strip():
            raise EditionError(f"{where}: an official wording needs its source")
        wordings[str(ident)] = InstrumentWording(raw["wording"], source.strip())
    return Edition(
        language=language,
        name=data["name"].strip(),
        english_name=data["english_name"].strip(),
        fallback=fallback,
        build=build,
        search_language=search,
        promises=_items(data.get("promises"), f"{path}: promises"),
        planned=_items(data.get("planned"), f"{path}: planned"),
        instruments=wordings,
        path=path,
    )


def _fingerprint(root: Path) -> tuple[tuple[str, int], ...]:
    folder = locale_dir(root)
    if not folder.is_dir():
        return ()
    return tuple(
        (str(path), path.stat().st_mtime_ns) for path in sorted(folder.glob("*/edition.yml"))
    )


@cache
def _editions(root: Path, _stamp: tuple[tuple[str, int], ...]) -> dict[str, Edition]:
    found = {SOURCE_LANGUAGE: ENGLISH}
    for path in sorted(locale_dir(root).glob("*/edition.yml")):
        edition = read_edition(path)
        found[edition.language] = edition
    for edition in found.values():
        if edition.language != SOURCE_LANGUAGE and edition.fallback not in found:
            raise EditionError(
                f"{edition.path}: fallback {edition.fallback!r} is not English or an edition "
                f"(editions: {', '.join(sorted(found))})"
            )
    for language in found:
        chain_of(language, found)  # fails on a loop
    return found


def editions(root: Path | None = None) -> dict[str, Edition]:
    """Every edition by language code, English first, then the ``locale/*/edition.yml``."""
    root = Path(root).resolve() if root else course_root()
    return _editions(root, _fingerprint(root))


def languages(root: Path | None = None) -> tuple[str, ...]:
    """The language codes of every edition, English first."""
    return tuple(editions(root))


def edition(language: str, root: Path | None = None) -> Edition:
    """The edition of ``language``; ``EditionError`` naming the known ones if there is none."""
    found = editions(root)
    if language not in found:
        raise EditionError(
            f"no edition {language!r} (known: {', '.join(found)}; an edition is "
            f"locale/<lang>/edition.yml)"
        )
    return found[language]


def chain_of(language: str, found: Mapping[str, Edition]) -> tuple[str, ...]:
    """``language``, its fallback, the fallback's fallback, ..., ending with English."""
    chain = [language]
    while chain[-1] != SOURCE_LANGUAGE:
        nxt = found[chain[-1]].fallback
        if nxt in chain:
            raise EditionError(f"fallback loop: {' -> '.join([*chain, nxt])}")
        chain.append(nxt)
    return tuple(chain)


def chain(language: str, root: Path | None = None) -> tuple[str, ...]:
    """The fallback chain of ``language`` (see :func:`chain_of`).

    English needs no course folder: the package's data (instruments, generated datasets) is read
    in English anywhere, e.g. in a trainee's notebook outside the course.
    """
    if language == SOURCE_LANGUAGE:
        return (SOURCE_LANGUAGE,)
    found = editions(root)
    edition(language, root)
    return chain_of(language, found)


def matching(patterns: Iterable[str], names: Iterable[str]) -> tuple[str, ...]:
    """The names that match any of the patterns, in the order of ``names``."""
    patterns = tuple(patterns)
    return tuple(n for n in names if any(fnmatch.fnmatchcase(n, p) for p in patterns))
