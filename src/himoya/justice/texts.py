"""The words of the age-and-liability tools, in a language: ``texts.yml`` and its translations.

``liability()``, its error messages, the live form and the calculator in the book all take their
text from ``texts.yml`` (English); the book's calculator gets the same texts as JSON. A message is
a template with ``{name}`` fields, filled by :func:`message` here and by the same rule in
``liability.js``.

Other languages come from the catalog ``locale/<lang>/LC_MESSAGES/justice/texts.po`` (see
:mod:`himoya.justice.translate`), which also translates the offences' names of
``age14_articles.yml`` and the worked table's fictional children. As for a case or a form, the
tools speak a language only when its catalog translates *all* of the current English; otherwise
all their words come from the next language of the edition's chain (for Tajik: Russian, then
English). The language is ``lang`` where a function takes one, else the one set by
:func:`in_language` (``liability(..., lang=...)`` sets it while it works), else
:func:`himoya.i18n.current_language` (``HIMOYA_LANG``, set per edition by ``himoya build``).
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

_FIELD = re.compile(r"\{([a-z_]+)\}")


@functools.cache
def english_texts() -> dict[str, Any]:
    """All texts in English, as read from ``texts.yml`` (read once)."""
    source = resources.files("himoya.justice").joinpath("texts.yml").read_text("utf-8")
    return yaml.safe_load(source)


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Words:
    """Every word of the tools in one language (the one asked for, or a fallback of it)."""

    requested: str
    """The language asked for."""
    language: str
    """The language the words are in (``requested`` or the first complete one of its chain)."""
    texts: dict[str, Any]
    """``texts.yml`` with every text in :attr:`language` (the same keys as the English)."""
    translate: Callable[[str], str] = _same
    """Any other English text of the tools in :attr:`language`: offence names, worked examples."""
    reviewed: bool = False
    """True when a native-speaking professional reviewed the catalog (English: always False)."""

    def __call__(self, english: str) -> str:
        """``english`` (an offence's name, a worked example's words) in :attr:`language`."""
        return self.translate(english) if english else english


@functools.cache
def english_words() -> Words:
    """The tools' words in English."""
    return Words(requested="en", language="en", texts=english_texts())


_ACTIVE: ContextVar[Words | None] = ContextVar("himoya_justice_words", default=None)


def words(lang: str | None = None) -> Words:
    """The tools' words in ``lang`` (default: the language set by :func:`in_language`, else the
    current language); ``EditionError`` for a language with no edition."""
    from himoya.i18n import resolve_language
    from himoya.i18n.editions import SOURCE_LANGUAGE

    if lang is None:
        active = _ACTIVE.get()
        if active is not None:
            return active
    language = resolve_language(lang)
    if language == SOURCE_LANGUAGE:
        return english_words()
    from himoya.justice.translate import words_in

    return words_in(language)


@contextlib.contextmanager
def in_language(lang: str | None) -> Iterator[Words]:
    """Within the block, :func:`text` and :func:`message` speak ``lang`` (None: as outside)."""
    token = _ACTIVE.set(words(lang))
    try:
        yield _ACTIVE.get()
    finally:
        _ACTIVE.reset(token)


def texts(lang: str | None = None) -> dict[str, Any]:
    """All texts in ``lang`` (see :func:`words`): what the book's calculator gets as JSON."""
    return words(lang).texts


def text(path: str, lang: str | None = None) -> Any:
    """The text at a dotted ``path``, e.g. ``"form.button"`` (a string or a list of strings)."""
    node: Any = texts(lang)
    for key in path.split("."):
        node = node[key]
    return node


def fill(template: str, **values: object) -> str:
    """``template`` with each ``{name}`` replaced by ``str(values[name])``.

    The same rule as ``fill`` in ``liability.js``: a name without a value is an error, not a blank.
    """

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"text {template!r} needs a value for {{{name}}}")
        return str(values[name])

    return _FIELD.sub(one, template)


def message(path: str, **values: object) -> str:
    """The text at ``path`` (in the language of :func:`words`) with its fields filled in."""
    return fill(text(path), **values)
