"""Languages: one English source, gettext catalogs for the Russian and Tajik editions.

- :func:`current_language` is the language a page is being built in (``HIMOYA_LANG``, set by
  ``himoya build`` for each edition); players and forms show their text in it by default.
- :func:`ui` gives the program's own short texts (buttons, headings, notices) in a language.
- :mod:`himoya.i18n.editions` reads ``locale/<lang>/edition.yml`` (what an edition promises).
- :mod:`himoya.i18n.catalogs` reads the ``.po`` files and decides which language an item shows in.
- :mod:`himoya.i18n.markup` checks that a translation kept the markup of its English.
- :mod:`himoya.i18n.extract` makes the English templates the catalogs are updated from.
- Updating the catalogs and reporting progress (``himoya translations``) is
  :mod:`himoya.translations`, a tool that reads the course's content.

The workflow for authors, translators and reviewers is ``locale/README.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

from himoya.i18n.catalogs import (
    UI_DOMAIN,
    CatalogError,
    ItemText,
    Stats,
    catalog,
    catalog_path,
    is_reviewed,
    item_text,
    read_catalog,
    stats,
    translations,
)
from himoya.i18n.editions import (
    ENGLISH,
    SOURCE_LANGUAGE,
    Edition,
    EditionError,
    chain,
    edition,
    editions,
    languages,
)

LANGUAGE_VARIABLE = "HIMOYA_LANG"
"""The environment variable that holds the language of the edition being built."""


def current_language() -> str:
    """The language of the page being built: ``HIMOYA_LANG``, else English.

    ``himoya build`` sets it for each edition, so the case players and the forms on a Russian page
    speak Russian; in JupyterLab it is English unless the trainer sets it.
    """
    value = os.environ.get(LANGUAGE_VARIABLE, "").strip()
    return value or SOURCE_LANGUAGE


def resolve_language(language: str | None) -> str:
    """``language``, or the current language when it is None; ``EditionError`` if unknown."""
    chosen = current_language() if language is None else language
    if chosen != SOURCE_LANGUAGE:
        edition(chosen)
    return chosen


def ui(language: str | None = None, root: Path | None = None):
    """The program's own text (domain ``ui``) in ``language`` (default: the current one).

    Use ``_ = ui(lang).gettext`` and write ``_("Back")``: ``himoya translations update`` finds
    every ``_("...")`` in the package and its templates. Untranslated messages fall back along
    the edition's chain, message by message, to English.
    """
    return translations(resolve_language(language), UI_DOMAIN, root)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (translate it where it is used)."""
    return message


__all__ = [
    "ENGLISH",
    "LANGUAGE_VARIABLE",
    "N_",
    "SOURCE_LANGUAGE",
    "UI_DOMAIN",
    "CatalogError",
    "Edition",
    "EditionError",
    "ItemText",
    "Stats",
    "catalog",
    "catalog_path",
    "chain",
    "current_language",
    "edition",
    "editions",
    "is_reviewed",
    "item_text",
    "languages",
    "read_catalog",
    "resolve_language",
    "stats",
    "translations",
    "ui",
]
