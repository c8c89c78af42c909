"""``himoya translations update``: bring every catalog in step with the English.

For every domain (see :mod:`himoya.i18n.catalogs`) the English messages are extracted into a
template: the book's pages by Sphinx's gettext builder (``_build/gettext/**/*.pot``), the data by
the ``translate`` module of each kind of data, the program's own text from ``_("...")`` calls. Then
each edition's ``.po`` file is updated from its template the way ``sphinx-intl update`` does it,
with babel's ``Catalog.update``:

- a new English message is added, untranslated;
- a changed English message keeps its old translation, marked **fuzzy** (a translator checks it:
  a fuzzy translation is never shown);
- a message whose English is gone is dropped;
- a message with no Latin letter in it (a Russian or Tajik term, a number) is copied as it is.

A file is written only when something in it changed, so translators working on other files are
never disturbed. Line numbers are left out of the source references for the same reason.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from himoya.i18n.catalogs import UI_DOMAIN, catalog_path, messages
from himoya.i18n.editions import SOURCE_LANGUAGE, editions
from himoya.i18n.extract import EXECUTED, ui_template
from himoya.paths import course_root

_LATIN = re.compile(r"[A-Za-z]")
# No wrapping: one line per string. (babel wraps "#| msgid" comments at 76 when the width is 0,
# which breaks them, so the width is simply larger than any paragraph.)
_PO_WIDTH = 10_000


@dataclass
class UpdateResult:
    """What ``himoya translations update`` did."""

    templates: int = 0
    """How many domains have English messages."""
    written: list[Path] = field(default_factory=list)
    """The ``.po`` files created or changed."""
    orphans: list[Path] = field(default_factory=list)
    """``.po`` files whose English is gone (a page or item was removed or renamed)."""


# --- templates ---------------------------------------------------------------------------------


def data_templates(root: Path) -> dict[str, Catalog]:
    """Templates of the scenarios, instruments, exercise specs, the justice tools' words (one
    catalog, ``justice/texts``) and the program's text."""
    from himoya.exercises.load import spec_paths
    from himoya.exercises.translate import spec_template
    from himoya.justice.translate import justice_template
    from himoya.scenarios import discover, load
    from himoya.scenarios.translate import domain as scenario_domain
    from himoya.scenarios.translate import scenario_template
    from himoya.screening import instrument_ids, load_instrument
    from himoya.screening.translate import instrument_template

    templates: dict[str, Catalog] = {}
    for path in discover(root):
        scenario = load(path, root=root, lang=SOURCE_LANGUAGE)
        templates[scenario_domain(scenario)] = scenario_template(scenario, root=root)
    for ident in instrument_ids():
        template = instrument_template(load_instrument(ident, lang=SOURCE_LANGUAGE))
        templates[template.domain] = template
    for path in spec_paths(root):
        template = spec_template(path, root=root)
        templates[template.domain] = template
    templates[justice_template().domain] = justice_template()
    templates[UI_DOMAIN] = course_ui_template(root)
    return templates


def course_ui_template(root: Path) -> Catalog:
    """The program's own text (``_()`` calls, templates and ``ui-strings.yml``), plus the book's
    title and footer and the languages' names."""
    from himoya.book.editions import config_messages
    from himoya.ui import ui_messages

    catalog = ui_template()
    where = ("src/himoya/ui-strings.yml", None)
    for text, key in ui_messages():
        existing = catalog.get(text)
        if existing is None:
            catalog.add(text, locations=[where], auto_comments=[key])
            continue
        if where not in existing.locations:
            existing.locations.append(where)
        if key not in existing.auto_comments:
            existing.auto_comments.append(key)
    for text in config_messages(root):
        if catalog.get(text) is None:
            catalog.add(text, locations=[("_config.yml", None)])
    for edition in editions(root).values():
        if catalog.get(edition.english_name) is None:
            where = f"locale/{edition.language}/edition.yml" if edition.path else "English"
            catalog.add(edition.english_name, locations=[(where, None)])
    return catalog


# --- updating one catalog ---------------------------------------------------------------------


def _untranslatable(text: object) -> bool:
    return isinstance(text, str) and not _LATIN.search(text)


def updated_catalog(
    template: Catalog, existing: Catalog | None, language: str, *, keep_executed: bool = False
) -> Catalog:
    """``existing`` (or a new catalog) brought in step with ``template``.

    ``keep_executed``: the template could not hold the messages only an executed page shows (no
    English build yet), so those already in the catalog stay as they are rather than being lost.
    """
    if existing is None:
        catalog = Catalog(locale=language, domain=template.domain, project="Himoya", fuzzy=False)
        catalog.update(template, update_creation_date=False)
    else:
        catalog = existing
        catalog.update(template, update_creation_date=False)
    kept = [m for m in catalog.obsolete.values() if keep_executed and EXECUTED in m.auto_comments]
    catalog.obsolete.clear()
    for message in kept:
        catalog[message.id] = message
    for message in messages(catalog):
        if _untranslatable(message.id) and (not message.string or message.fuzzy):
            message.string = message.id
            message.flags.discard("fuzzy")
    return catalog


def serialise(catalog: Catalog) -> bytes:
    """The catalog as ``.po`` text, the way this project writes it.

    babel marks any text with a per cent sign followed by a letter ("58% of") as a Python format
    string, and gettext editors would then reject a correct translation; no message of this
    course is one, so the mark is dropped.
    """
    for message in catalog:
        message.flags.discard("python-format")
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=_PO_WIDTH,
        omit_header=False,
        include_previous=True,
        include_lineno=False,
        sort_output=False,
    )
    return buffer.getvalue()


def _body(data: bytes) -> bytes:
    """The ``.po`` text without the header dates (they change on every write)."""
    return re.sub(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', b"", data, flags=re.M)


def write_if_changed(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` to ``path`` unless the file already says the same; True if written."""
    data = serialise(catalog)
    if path.is_file() and _body(path.read_bytes()) == _body(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


# --- everything -------------------------------------------------------------------------------


DATA_FOLDERS = frozenset({"scenarios", "instruments", "exercises", "justice"})
"""The first part of the data catalogs' domains (their English comes from data, not from pages)."""

MANUAL_DOMAINS = frozenset({"sphinx", "booktheme"})
"""Catalogs kept by hand (Sphinx's and the theme's own messages, where the shipped ones fail)."""


def update_catalogs(
    *,
    templates: dict[str, Catalog],
    languages: Iterable[str] | None = None,
    root: Path | None = None,
    on_file: Callable[[Path], None] | None = None,
    pages: bool = True,
    keep_executed: bool = False,
) -> UpdateResult:
    """Update every edition's catalogs from ``templates`` (domain -> English messages).

    ``pages`` False means the templates hold no pages: page catalogs are then not orphans.
    ``keep_executed``: the page templates lack what only executed pages show (no English build
    yet); the catalogs keep those messages (see :func:`updated_catalog`).
    """
    from himoya.i18n.catalogs import catalog_files, domain_of, read_catalog
    from himoya.i18n.editions import locale_dir

    root = Path(root) if root else course_root()
    chosen = [lang for lang in (languages or editions(root)) if lang != SOURCE_LANGUAGE]
    result = UpdateResult(templates=len(templates))
    for language in chosen:
        for domain, template in templates.items():
            path = catalog_path(language, domain, root)
            existing = read_catalog(path) if path.is_file() else None
            # read_catalog caches by file; update a private copy so the cache stays the file's.
            if existing is not None:
                with path.open("rb") as handle:
                    existing = read_po(handle)
            catalog = updated_catalog(template, existing, language, keep_executed=keep_executed)
            if write_if_changed(path, catalog):
                result.written.append(path)
                if on_file is not None:
                    on_file(path)
        language_dir = locale_dir(root) / language
        for path in catalog_files(language, root):
            domain = domain_of(path, language_dir)
            if domain in templates or domain in MANUAL_DOMAINS:
                continue
            if pages or domain.split("/")[0] in DATA_FOLDERS:
                result.orphans.append(path)
    return result
