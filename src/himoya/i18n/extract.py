"""English messages of the course's data: what a catalog must translate.

Each kind of data lists its own translatable fields (``himoya.scenarios.translate``,
``himoya.screening.translate``, ``himoya.exercises.translate``); this module holds what they
share: the :class:`Entry` they list, text normalisation, and the template :class:`Catalog` made
from the entries. The book's pages are extracted by Sphinx (``himoya.book.editions``), the
program's own text from the package's ``_("...")`` calls and Jinja2 templates (:func:`ui_template`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from himoya.i18n.catalogs import messages

EXECUTED = "from the executed page"
"""The note on a message only an executed page holds (a chart's caption or alt text)."""
_BLANK_LINE = re.compile(r"\n\s*\n")


def norm_text(text: str) -> str:
    """Text as a message: paragraphs (separated by blank lines) with their spaces collapsed.

    Re-wrapping a paragraph of YAML does not change its message, so a translation stays valid.
    """
    return "\n\n".join(" ".join(part.split()) for part in _BLANK_LINE.split(text) if part.strip())


@dataclass(frozen=True)
class Entry:
    """One English message found in a data file."""

    text: str
    """The English text (normalised with :func:`norm_text`)."""
    where: str
    """The file it comes from, relative to the course root."""
    note: str = ""
    """Where in the file (``nodes.start.choices[2].label``), shown to the translator."""
    context: str | None = None
    """A gettext context, for the same English that needs different translations."""


def template(domain: str, entries: Iterable[Entry]) -> Catalog:
    """A template catalog (the English messages) for ``domain``, in the entries' order."""
    catalog = Catalog(domain=domain, project="Himoya", fuzzy=False)
    for entry in entries:
        text = entry.text
        if not text:
            continue
        existing = catalog.get(text, entry.context)
        location = (entry.where, None)
        if existing is not None:
            if location not in existing.locations:
                existing.locations.append(location)
            if entry.note and entry.note not in existing.auto_comments:
                existing.auto_comments.append(entry.note)
            continue
        catalog.add(
            text,
            locations=[location],
            auto_comments=[entry.note] if entry.note else [],
            context=entry.context,
        )
    return catalog


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when it is inside it (else the path as given)."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


_UI_SOURCES = (("**.py", "python"), ("**.j2", "jinja2.ext:babel_extract"))


def ui_template(package: Path | None = None) -> Catalog:
    """The program's own text: every ``_("...")`` / ``N_("...")`` in the package and templates."""
    from babel.messages.extract import extract_from_dir

    package = Path(package) if package else Path(__file__).resolve().parents[1]
    catalog = Catalog(domain="ui", project="Himoya", fuzzy=False)
    options = {"**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    found = extract_from_dir(
        str(package),
        method_map=list(_UI_SOURCES),
        options_map=options,
        keywords={
            "_": None,
            "N_": None,
            "gettext": None,
            "ngettext": (1, 2),
            "pgettext": ((1, "c"), 2),
        },
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        where = f"src/himoya/{Path(filename).as_posix()}"
        existing = catalog.get(message, context)
        if existing is not None:
            existing.locations.append((where, lineno))
            continue
        catalog.add(
            message,
            locations=[(where, lineno)],
            auto_comments=comments,
            context=context,
            flags=("python-format",) if isinstance(message, str) and "%(" in message else (),
        )
    return catalog


def page_templates(gettext_dir: Path, *, root: Path) -> dict[str, Catalog]:
    """The pages' templates from Sphinx's gettext output (``<docname>.pot`` files)."""
    templates = {}
    for pot in sorted(Path(gettext_dir).rglob("*.pot")):
        domain = pot.relative_to(gettext_dir).with_suffix("").as_posix()
        with pot.open("rb") as handle:
            catalog = read_po(handle)
        catalog.domain = domain
        for message in messages(catalog):
            locations = []
            for filename, _line in message.locations:
                source = (Path(gettext_dir) / filename).resolve()
                where = relative(source, root)
                if (where, None) not in locations:
                    locations.append((where, None))
            message.locations = locations
        templates[domain] = catalog
    return templates
