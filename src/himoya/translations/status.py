"""``himoya translations status`` and ``check``: how far each edition is, and what is broken.

:func:`status` counts, per language and module, the messages translated, fuzzy (waiting for a
check because the English changed) and missing. :func:`check` lists what must fail CI:

- a catalog that cannot be read or compiled (a syntax error, a broken plural form, a
  ``python-format`` placeholder that does not match);
- a translation that broke its English's markup (a role, a link, code, a directive, a
  substitution or a placeholder lost or added; see :mod:`himoya.i18n.markup`);
- an item an edition promises (``promises:`` in ``edition.yml``) that is missing or not complete;
- a broken ``edition.yml`` or ``reviewed.yml``.

Work still to do in what an edition does not promise is reported by ``status``, never an error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from himoya.i18n.catalogs import (
    UI_DOMAIN,
    CatalogError,
    Stats,
    catalog_files,
    catalog_path,
    compile_catalog,
    domain_of,
    is_translated,
    messages,
    read_catalog,
    review_marks,
    stats,
)
from himoya.i18n.editions import (
    KINDS,
    SOURCE_LANGUAGE,
    Edition,
    EditionError,
    editions,
    locale_dir,
    matching,
)
from himoya.i18n.markup import markup_problems
from himoya.paths import course_root

PROGRAM = "(program text)"
"""The status row of the ``ui`` catalog."""
THEME = "(Sphinx and theme)"
"""The status row of the ``sphinx`` and ``booktheme`` catalogs."""


@dataclass(frozen=True)
class Item:
    """One translatable thing of the course: a page, a scenario, an instrument, a spec, the UI."""

    kind: str
    """``pages``, ``scenarios``, ``instruments``, ``exercises``, ``justice`` or ``ui``."""
    name: str
    """Docname, scenario id, instrument id, spec name, ``justice`` or ``ui``."""
    domain: str
    """Its catalog's domain."""
    module: str
    """The module it belongs to (the status row)."""


def course_items(root: Path | None = None) -> list[Item]:
    """Every translatable item of the course, in book order."""
    from himoya.book.handouts import toc_docnames
    from himoya.exercises.load import spec_paths
    from himoya.justice.translate import DOMAIN as JUSTICE_DOMAIN
    from himoya.scenarios import discover, load
    from himoya.screening import instrument_ids

    root = Path(root) if root else course_root()
    found = []
    for docname in toc_docnames(root):
        parts = docname.split("/")
        module = parts[1] if len(parts) > 2 and parts[0] == "modules" else parts[0]
        found.append(Item("pages", docname, docname, module))
    for path in discover(root):
        scenario = load(path, root=root, lang=SOURCE_LANGUAGE)
        found.append(Item("scenarios", scenario.id, f"scenarios/{scenario.id}", scenario.module))
    for ident in instrument_ids():
        found.append(Item("instruments", ident, f"instruments/{ident}", "04-psychosocial"))
    for path in spec_paths(root):
        found.append(Item("exercises", path.stem, f"exercises/{path.stem}", path.stem))
    found.append(Item("justice", "justice", JUSTICE_DOMAIN, "03-juvenile-justice"))
    found.append(Item("ui", UI_DOMAIN, UI_DOMAIN, PROGRAM))
    return found


def data_template(item: Item, root: Path) -> Catalog | None:
    """The current English messages of a data item (None for a page: Sphinx extracts those)."""
    if item.kind == "scenarios":
        from himoya.scenarios import load
        from himoya.scenarios.translate import scenario_template

        return scenario_template(load(item.name, root=root, lang=SOURCE_LANGUAGE), root=root)
    if item.kind == "instruments":
        from himoya.screening import load_instrument
        from himoya.screening.translate import instrument_template

        return instrument_template(load_instrument(item.name, lang=SOURCE_LANGUAGE))
    if item.kind == "exercises":
        from himoya.exercises.translate import spec_template

        return spec_template(root / "exercises" / "specs" / f"{item.name}.yml", root=root)
    if item.kind == "justice":
        from himoya.justice.translate import justice_template

        return justice_template()
    if item.kind == "ui":
        from himoya.translations.update import course_ui_template

        return course_ui_template(root)
    return None


def page_template(item: Item, gettext_dir: Path | None, root: Path | None = None) -> Catalog | None:
    """A page's English messages from the last Sphinx gettext run, when there is one.

    A page edited since that run (a merge, a pull) has a stale template, which would report
    problems that are not there: the page is then counted from its catalog alone, as with no
    run at all, until ``himoya translations update`` reads it again.
    """
    if gettext_dir is None:
        return None
    pot = Path(gettext_dir) / f"{item.domain}.pot"
    if not pot.is_file():
        return None
    if root is not None:
        made = pot.stat().st_mtime
        sources = [Path(root) / f"{item.name}{suffix}" for suffix in (".md", ".ipynb")]
        if any(source.is_file() and source.stat().st_mtime > made for source in sources):
            return None
    from babel.messages.pofile import read_po

    with pot.open("rb") as handle:
        return read_po(handle)


# --- status -----------------------------------------------------------------------------------


@dataclass
class Row:
    """Progress of one module (or the program's text) in one language."""

    module: str
    stats: Stats = field(default_factory=lambda: Stats(0, 0, 0))
    items: int = 0
    complete: int = 0
    promised: int = 0
    promised_complete: int = 0
    planned: int = 0
    planned_complete: int = 0
    reviewed: int = 0

    def as_dict(self) -> dict:
        return {
            "module": self.module,
            "messages": self.stats.total,
            "translated": self.stats.translated,
            "fuzzy": self.stats.fuzzy,
            "missing": self.stats.missing,
            "items": self.items,
            "complete": self.complete,
            "promised": self.promised,
            "promised_complete": self.promised_complete,
            "planned": self.planned,
            "planned_complete": self.planned_complete,
            "reviewed": self.reviewed,
        }


@dataclass
class LanguageStatus:
    """Progress of one edition."""

    edition: Edition
    rows: list[Row]

    @property
    def total(self) -> Row:
        row = Row("all")
        for part in self.rows:
            row.stats = row.stats + part.stats
            for name in (
                "items",
                "complete",
                "promised",
                "promised_complete",
                "planned",
                "planned_complete",
                "reviewed",
            ):
                setattr(row, name, getattr(row, name) + getattr(part, name))
        return row


def _item_stats(
    item: Item,
    language: str,
    root: Path,
    gettext_dir: Path | None,
    templates: dict[Item, Catalog | None] | None = None,
) -> tuple[Stats, bool]:
    """``templates``: English templates already made in this run, shared by the languages (the
    program text's template alone reads every source file of the package)."""
    path = catalog_path(language, item.domain, root)
    current = read_catalog(path) if path.is_file() else None
    templates = {} if templates is None else templates
    if item not in templates:
        if item.kind == "pages":
            templates[item] = page_template(item, gettext_dir, root)
        else:
            templates[item] = data_template(item, root)
    template = templates[item]
    if template is not None:
        result = stats(current, template)
    elif current is not None:
        result = stats(current)
    else:
        result = Stats(0, 0, 0)
    complete = current is not None and result.complete and result.total > 0
    return result, complete


def status(
    *,
    languages: Iterable[str] | None = None,
    root: Path | None = None,
    gettext_dir: Path | None = None,
) -> list[LanguageStatus]:
    """Progress per language and module (pages counted against ``gettext_dir`` when given)."""
    from himoya.i18n.catalogs import is_reviewed

    root = Path(root) if root else course_root()
    found = editions(root)
    chosen = [lang for lang in (languages or found) if lang != SOURCE_LANGUAGE]
    items = course_items(root)
    templates: dict[Item, Catalog | None] = {}
    result = []
    for language in chosen:
        edition = found[language]
        rows: dict[str, Row] = {}
        for item in items:
            row = rows.setdefault(item.module, Row(item.module))
            item_stats, complete = _item_stats(item, language, root, gettext_dir, templates)
            row.stats = row.stats + item_stats
            row.items += 1
            row.complete += complete
            if edition.promises_item(item.kind, item.name):
                row.promised += 1
                row.promised_complete += complete
            if edition.planned.covers(item.kind, item.name):
                row.planned += 1
                row.planned_complete += complete
            row.reviewed += is_reviewed(language, item.domain, root)
        theme = Row(THEME)
        for domain in ("sphinx", "booktheme"):
            path = catalog_path(language, domain, root)
            if path.is_file():
                theme.stats = theme.stats + stats(read_catalog(path))
                theme.items += 1
                theme.complete += stats(read_catalog(path)).complete
        if theme.items:
            rows[THEME] = theme
        ordered = sorted(rows.values(), key=lambda r: (r.module.startswith("("), r.module))
        result.append(LanguageStatus(edition, ordered))
    return result


def format_status(report: list[LanguageStatus]) -> str:
    """The status as a plain-text table per language."""
    lines = []
    for entry in report:
        edition = entry.edition
        lines.append(
            f"{edition.language}  {edition.name} ({edition.english_name}); "
            f"falls back to {edition.fallback}"
        )
        lines.append(
            f"  {'module':<22} {'messages':>8} {'translated':>10} {'fuzzy':>6} {'missing':>8} "
            f"{'complete':>9} {'promised':>9} {'planned':>9} {'reviewed':>8}"
        )
        for row in [*entry.rows, entry.total]:
            s = row.stats
            promised = f"{row.promised_complete}/{row.promised}" if row.promised else "-"
            planned = f"{row.planned_complete}/{row.planned}" if row.planned else "-"
            lines.append(
                f"  {row.module:<22} {s.total:>8} {s.share(s.translated):>10.0%} "
                f"{s.share(s.fuzzy):>6.0%} {s.share(s.missing):>8.0%} "
                f"{row.complete:>4}/{row.items:<4} {promised:>9} {planned:>9} {row.reviewed:>8}"
            )
        lines.append("")
    lines.append(
        "complete: items (pages, cases, forms, exercises) with every message translated; only "
        "those are shown in the language.\npromised, planned: complete/listed in edition.yml "
        "(a promise must be complete; a plan is the edition's goal)."
    )
    return "\n".join(lines)


def status_json(report: list[LanguageStatus]) -> str:
    """The status as JSON (one object per language with its rows)."""
    return json.dumps(
        [
            {
                "language": entry.edition.language,
                "name": entry.edition.name,
                "fallback": entry.edition.fallback,
                "modules": [row.as_dict() for row in entry.rows],
                "total": entry.total.as_dict(),
            }
            for entry in report
        ],
        ensure_ascii=False,
        indent=2,
    )


# --- check -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something that must fail CI, as one line naming the file and the message."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _short(text: object, width: int = 60) -> str:
    text = text[0] if isinstance(text, (list, tuple)) else str(text)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _msgfmt(path: Path) -> list[Problem]:
    """GNU msgfmt's verdict (what Poedit and every gettext tool use); none when not installed.

    babel reads some broken files without a word (an unterminated string drops its message), so
    the strict compiler judges the syntax where it exists (``make test`` installs Debian's
    gettext). Placeholders are checked with the rest of the markup, in a translator's words.
    """
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    result = subprocess.run(
        [msgfmt, "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        return []
    lines = [line.strip() for line in result.stderr.splitlines() if "warning" not in line]
    detail = "; ".join(line for line in lines if line)[:500]
    return [Problem(str(path), f"does not compile (msgfmt: {detail})")]


def check_catalog(path: Path) -> list[Problem]:
    """Problems of one ``.po`` file: unreadable, not compiling, broken markup."""
    where = str(path)
    if not Path(path).is_file():
        what = "is a folder, not a .po file" if Path(path).is_dir() else "no such file"
        return [Problem(where, what)]
    compiled = _msgfmt(Path(path))
    if compiled:
        return compiled
    try:
        catalog = read_catalog(path)
        compile_catalog(catalog, path=path)
    except CatalogError as error:
        return [Problem(where, str(error).removeprefix(f"{path}: "))]
    from babel.messages.catalog import TranslationError
    from babel.messages.checkers import num_plurals

    problems = []
    for message in messages(catalog):
        # Placeholders are checked below with the rest of the markup: babel's own python-format
        # check takes "58% of" for a format string and would fail a correct translation.
        try:
            num_plurals(catalog, message)
        except TranslationError as error:
            problems.append(Problem(where, f"msgid {_short(message.id)!r}: {error}"))
    for message in messages(catalog):
        if not is_translated(message):
            continue
        originals = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for original in originals[:1]:
            for translated in strings:
                for problem in markup_problems(original, translated):
                    problems.append(Problem(where, f"msgid {_short(original)!r}: {problem}"))
    return problems


def check(
    *,
    languages: Iterable[str] | None = None,
    root: Path | None = None,
    gettext_dir: Path | None = None,
    paths: Iterable[Path] | None = None,
) -> list[Problem]:
    """Everything that must fail CI (an empty list when all is well).

    With ``paths``, only those ``.po`` files are checked (compiling and markup): a translator's
    quick check of the file they work on.
    """
    if paths is not None:
        return [problem for path in paths for problem in check_catalog(Path(path))]
    root = Path(root) if root else course_root()
    try:
        found = editions(root)
    except EditionError as error:
        return [Problem("locale", str(error))]
    chosen = [lang for lang in (languages or found) if lang != SOURCE_LANGUAGE]
    problems: list[Problem] = []
    items = course_items(root)
    templates: dict[Item, Catalog | None] = {}
    for language in chosen:
        edition = found[language]
        for path in catalog_files(language, root):
            problems.extend(check_catalog(path))
        try:
            review_marks(language, root)
        except CatalogError as error:
            problems.append(Problem(str(locale_dir(root) / language), str(error)))
        problems.extend(_promise_problems(edition, items, root, gettext_dir, templates))
    return problems


def _promise_problems(
    edition: Edition,
    items: list[Item],
    root: Path,
    gettext_dir: Path | None,
    templates: dict[Item, Catalog | None],
) -> list[Problem]:
    problems = []
    where = str(edition.path or f"locale/{edition.language}/edition.yml")
    for kind in KINDS:
        names = [item.name for item in items if item.kind == kind]
        for pattern in edition.promises.patterns(kind):
            if not matching([pattern], names):
                problems.append(Problem(where, f"promises {kind} {pattern!r}, which matches none"))
    for item in items:
        if not edition.promises_item(item.kind, item.name):
            continue
        path = catalog_path(edition.language, item.domain, root)
        if not path.is_file():
            kind = item.kind.removesuffix("s")
            problems.append(
                Problem(
                    where,
                    f"promises {kind} {item.name}, but {path} does not exist "
                    "(run `himoya translations update`)",
                )
            )
            continue
        try:
            item_stats, complete = _item_stats(item, edition.language, root, gettext_dir, templates)
        except CatalogError as error:
            problems.append(Problem(str(path), str(error)))
            continue
        if not complete:
            problems.append(
                Problem(
                    str(path),
                    f"promised by {edition.language}, but not complete: {item_stats.missing} "
                    f"missing, {item_stats.fuzzy} fuzzy of {item_stats.total} messages",
                )
            )
    return problems


def orphans(language: str, root: Path | None = None) -> list[Path]:
    """Catalogs of ``language`` that belong to no page or item of the course any more."""
    from himoya.translations.update import MANUAL_DOMAINS

    root = Path(root) if root else course_root()
    known = {item.domain for item in course_items(root)}
    language_dir = locale_dir(root) / language
    return [
        path
        for path in catalog_files(language, root)
        if domain_of(path, language_dir) not in known | MANUAL_DOMAINS
    ]
