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
import re
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from himoya.justice.translate import words_in
from himoya.justice.words import Words, english_words

_FIELD = re.compile(r"\{([a-z_]+)\}")


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
