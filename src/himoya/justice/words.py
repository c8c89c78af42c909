"""The tools' words as data: the English of ``texts.yml`` and :class:`Words`, a language's words.

The base of :mod:`himoya.justice.texts` (which picks the language) and
:mod:`himoya.justice.translate` (which reads a language's catalog); it imports neither.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml


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
