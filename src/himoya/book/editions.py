"""The book in every language: what ``himoya build`` does for each edition.

``_build/html/`` is the English book; each other edition goes to ``_build/html/<lang>/`` with the
same relative page paths, from its own Sphinx run (``language = <lang>``), doctrees
(``_build/.doctrees-<lang>``) and execution cache (``_build/.jupyter_cache-<lang>``: the case
players and forms print their text in the page's language, so outputs differ by language). The
kernels run with ``HIMOYA_LANG=<lang>`` (see :func:`himoya.i18n.current_language`).

The English build records every page's messages (``_build/i18n/en-messages.json``). For each other
edition, :func:`prepare_locale` then decides page by page which language the page is shown in: the
first language of the edition's chain whose catalog translates *all* of the page's current English
(else English), and writes that catalog, compiled, into ``_build/i18n/<lang>/locale/`` for Sphinx.
So a page whose English changed since it was translated shows whole in the fallback language, with
a label, until a translator catches up: never half-translated. :func:`edition_settings` tells the
extension (:mod:`himoya.book.sphinx_ext`) what to put on each page, and
:func:`share_english_outputs` gives the edition the English build's executed outputs of the pages
it shows in English, so only translated pages are executed again.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from himoya.errors import UserError
from himoya.i18n import ui
from himoya.i18n.catalogs import (
    catalog_path,
    compile_catalog,
    is_reviewed,
    item_language,
    read_catalog,
)
from himoya.i18n.editions import SOURCE_LANGUAGE, Edition, editions
from himoya.yamlfile import read_yaml

SETTINGS_DIR = "i18n"
"""Folder under ``_build/`` for the editions' settings and compiled catalogs."""

_EMPTY_PO = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'


class EditionBuildError(UserError, RuntimeError):
    """An edition could not be built; the message says which and why."""


@dataclass(frozen=True)
class EditionPlan:
    """Where one edition is built."""

    edition: Edition
    """The edition."""
    build: Path
    """The ``_build`` folder."""

    @property
    def language(self) -> str:
        return self.edition.language

    @property
    def english(self) -> bool:
        return self.language == SOURCE_LANGUAGE

    @property
    def prefix(self) -> str:
        """The edition's folder below ``_build/html`` ("" for English, ``ru/`` for Russian)."""
        return "" if self.english else f"{self.language}/"

    @property
    def html(self) -> Path:
        return self.build / "html" / self.prefix if self.prefix else self.build / "html"

    @property
    def doctrees(self) -> Path:
        return self.build / (".doctrees" if self.english else f".doctrees-{self.language}")

    @property
    def cache(self) -> Path:
        return self.build / (
            ".jupyter_cache" if self.english else f".jupyter_cache-{self.language}"
        )

    @property
    def settings_file(self) -> Path:
        return self.build / SETTINGS_DIR / f"{self.language}.json"

    @property
    def locale(self) -> Path:
        """The compiled catalogs Sphinx reads for this edition."""
        return self.build / SETTINGS_DIR / self.language / "locale"


def messages_file(build: Path) -> Path:
    """Where the English build records every page's messages."""
    return build / SETTINGS_DIR / "en-messages.json"


@dataclass
class PageLanguages:
    """What :func:`prepare_locale` decided for one edition."""

    pages: dict[str, dict] = field(default_factory=dict)
    """docname -> {"language": shown in, "reviewed": bool}."""

    @property
    def translated(self) -> list[str]:
        return [doc for doc, page in self.pages.items() if page["language"] != SOURCE_LANGUAGE]


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _place_catalog(source: Path | None, target: Path) -> None:
    """Put the catalog ``source`` (or an empty one) at ``target`` (.po) with its ``.mo``.

    An empty catalog is written rather than none, so a page that goes back to English is read
    again by Sphinx (its catalog changed) instead of keeping an old translation.
    """
    if source is not None:
        po = source.read_bytes()
        catalog = read_catalog(source)
    else:
        po = _EMPTY_PO  # the same bytes every time, so Sphinx sees no change
        catalog = read_po(io.BytesIO(po))
    changed = _write_if_changed(target, po)
    mo = target.with_suffix(".mo")
    if changed or not mo.is_file():
        mo.write_bytes(compile_catalog(catalog, path=source or target))


def prepare_locale(plan: EditionPlan, *, root: Path) -> PageLanguages:
    """Choose each page's language for ``plan``'s edition and write the catalogs Sphinx reads."""
    recorded = messages_file(plan.build)
    if not recorded.is_file():
        raise EditionBuildError(f"{recorded}: missing (the English build records it)")
    english = json.loads(recorded.read_text(encoding="utf-8"))
    folder = plan.locale / plan.language / "LC_MESSAGES"
    result = PageLanguages()
    for docname, found in english.items():
        # An empty message (Sphinx extracts one from some tables) has nothing to translate; the
        # catalogs never hold it (msgid "" is the header), so it must not make a page "incomplete".
        template = [Message(text) for text in found if text.strip()]
        shown = item_language(plan.language, docname, template, root=root)
        source = None if shown == SOURCE_LANGUAGE else catalog_path(shown, docname, root)
        _place_catalog(source, folder / f"{docname}.po")
        result.pages[docname] = {
            "language": shown,
            "reviewed": shown == SOURCE_LANGUAGE or is_reviewed(shown, docname, root),
        }
    for domain in ("sphinx", "booktheme"):
        path = catalog_path(plan.language, domain, root)
        if path.is_file():
            _place_catalog(path, folder / f"{domain}.po")
            if domain == "sphinx":
                _write_if_changed(folder / "sphinx.js", _sphinx_js(read_catalog(path)))
    return result


def _sphinx_js(catalog) -> bytes:
    """Sphinx's search page reads its words from ``sphinx.js``: Sphinx ships one per language it
    has, and an edition that brings its own ``sphinx.po`` needs one made from it. Sphinx's own
    words for the language come first (some of them empty: the search summary in Russian), and
    the edition's catalog fills and overrides them."""
    from himoya.i18n.catalogs import is_translated, messages

    words = {key: text for key, text in _shipped_sphinx_js(str(catalog.locale)).items() if text}
    words.update(
        (str(m.id), m.string)
        for m in messages(catalog)
        if is_translated(m) and isinstance(m.id, str)
    )
    data = {"locale": str(catalog.locale), "messages": words, "plural_expr": catalog.plural_expr}
    text = (
        "Documentation.addTranslations(" + json.dumps(data, ensure_ascii=False, indent=1) + ");\n"
    )
    return text.encode("utf-8")


def _shipped_sphinx_js(language: str) -> dict[str, str]:
    """The messages of the ``sphinx.js`` Sphinx ships for ``language`` (none for Tajik)."""
    import sphinx

    path = Path(sphinx.__file__).parent / "locale" / language / "LC_MESSAGES" / "sphinx.js"
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])["messages"]


def book_config(root: Path) -> dict:
    """The course's ``_config.yml``, checked against Jupyter Book's own schema of it.

    A file that is not a YAML mapping, or whose fields break the schema (a ``title`` that is not
    text), raises :class:`UserError` naming the file and field, one line each, before Sphinx runs.
    """
    from jupyter_book.config import get_validator

    path = root / "_config.yml"
    data = read_yaml(path)
    if not data:
        raise UserError(f"{path}: is empty (the book needs at least a title)")
    problems = sorted(get_validator().iter_errors(data), key=lambda error: list(error.path))
    if problems:
        raise UserError(
            "\n".join(
                f"{path}: {'.'.join(map(str, error.path)) or 'top level'}: {error.message}"
                for error in problems
            )
        )
    return data


def translated_config(language: str, root: Path) -> dict:
    """The book title, footer and search text in ``language`` (from the ``ui`` catalog)."""
    if language == SOURCE_LANGUAGE:
        return {}
    _ = ui(language, root).gettext
    book = book_config(root)
    options = dict((book.get("sphinx", {}).get("config", {}) or {}).get("html_theme_options", {}))
    theme: dict = {}
    if book.get("html", {}).get("extra_footer"):
        theme["extra_footer"] = _(book["html"]["extra_footer"].strip())
    if options.get("search_bar_text"):
        theme["search_bar_text"] = _(options["search_bar_text"])
    config: dict = {"html_theme_options": theme} if theme else {}
    if book.get("title"):
        config["html_title"] = _(book["title"])
    return config


def config_messages(root: Path) -> list[str]:
    """The English texts of ``_config.yml`` that each edition translates (``ui`` catalog)."""
    book = book_config(root)
    found = [book.get("title", ""), book.get("html", {}).get("extra_footer", "").strip()]
    options = (book.get("sphinx", {}).get("config", {}) or {}).get("html_theme_options", {})
    found.append(options.get("search_bar_text", ""))
    return [text for text in found if text]


def edition_settings(
    plan: EditionPlan, switch: list[EditionPlan], pages: PageLanguages, *, root: Path
) -> dict:
    """What the Sphinx extension needs for ``plan``'s edition."""
    language = plan.language
    _ = ui(language, root).gettext
    found = editions(root)
    fallback = {}
    for other in found.values():
        name = _(other.english_name)
        fallback[other.language] = _(
            "This page is not yet translated. Language of the text below: {language}."
        ).format(language=name)
    settings = {
        "language": language,
        "prefix": plan.prefix,
        "editions": [
            {"language": other.language, "name": other.edition.name, "prefix": other.prefix}
            for other in switch
        ],
        "pages": pages.pages,
        "words": {
            "switch": _("Language"),
            "review": _(
                "This translation has not yet been reviewed by a native-speaking "
                "child-protection professional."
            ),
            "fallback": fallback,
        },
        "config": translated_config(language, root),
    }
    mo = plan.locale / language / "LC_MESSAGES" / "booktheme.mo"
    if mo.is_file():
        settings["booktheme_mo"] = str(mo)
    return settings


def run_sphinx(
    plan: EditionPlan,
    *,
    root: Path,
    strict: bool,
    rebuild_all: bool,
    quiet: bool,
    builder: str = "html",
) -> subprocess.CompletedProcess:
    """Build ``plan``'s edition in a child process (see :mod:`himoya.book.sphinx_run`)."""
    overrides: dict = {
        "nb_execution_cache_path": str(plan.cache),
        "himoya_edition": str(plan.settings_file),
        "gettext_compact": False,
    }
    if strict:
        overrides["nitpicky"] = True
    if plan.english:
        overrides["himoya_record_messages"] = str(messages_file(plan.build))
    else:
        overrides.update(
            {
                "language": plan.language,
                "locale_dirs": [str(plan.locale)],
                "gettext_auto_build": False,
                "html_search_language": plan.edition.search_language or plan.language,
            }
        )
    spec = {
        "source": str(root),
        "outdir": str(plan.html),
        "doctreedir": str(plan.doctrees),
        "builder": builder,
        "strict": strict,
        "force_all": rebuild_all,
        "quiet": quiet,
        "overrides": overrides,
    }
    if not plan.english:
        spec["output_folder"] = str(plan.build / f"jupyter_execute-{plan.language}")
    return _sphinx_child(spec, root=root, language=plan.language)


def _sphinx_child(spec: dict, *, root: Path, language: str) -> subprocess.CompletedProcess:
    """Run :mod:`himoya.book.sphinx_run` with ``spec`` in a child process (quiet: log captured)."""
    env = {
        **os.environ,
        "HIMOYA_ROOT": str(root),
        "HIMOYA_LANG": language,
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "himoya.book.sphinx_run", json.dumps(spec)],
        cwd=root,
        env=env,
        text=True,
        capture_output=spec.get("quiet", False),
        check=False,
    )


def extract_pages(*, root: Path, quiet: bool = False) -> tuple[dict, bool]:
    """The English messages of every page, by Sphinx's gettext builder (pages are not executed).

    Writes ``_build/gettext/<docname>.pot`` (reusing its own doctrees between runs) and returns
    the templates by domain (docname), and whether the English build's record of the executed
    pages' messages was there to add (see :func:`_add_executed_messages`).
    """
    from himoya.i18n.extract import page_templates

    build = root / "_build"
    gettext_dir = build / "gettext"
    spec = {
        "source": str(root),
        "outdir": str(gettext_dir),
        "doctreedir": str(build / ".doctrees-gettext"),
        "builder": "gettext",
        "strict": False,
        "quiet": quiet,
        "overrides": {
            "gettext_compact": False,
            "gettext_uuid": False,
            "gettext_location": True,
            "gettext_additional_targets": [],
            "nb_execution_mode": "off",
        },
    }
    result = _sphinx_child(spec, root=root, language=SOURCE_LANGUAGE)
    if result.returncode != 0:
        tail = ((result.stdout or "") + (result.stderr or "")).splitlines()[-10:]
        raise EditionBuildError(
            "Sphinx could not read the English pages (gettext builder exit "
            f"{result.returncode})" + ("\n" + "\n".join(tail) if tail else "")
        )
    templates = page_templates(gettext_dir, root=root)
    return templates, _add_executed_messages(templates, build)


def _add_executed_messages(templates: dict, build: Path) -> bool:
    """Add what only the executed English pages hold (a chart's caption and alt text, which
    MyST-NB takes from the cell's metadata when it shows the output) to the page templates.

    The gettext builder reads the pages without running them, so it never sees these; the English
    build records every message a page shows (``messages_file``). Without them a page with a
    chart could never be complete in another language. Nothing is added before a first build
    (the result is then False, and the catalogs keep such messages as they are).
    """
    from himoya.i18n import extract

    recorded = messages_file(build)
    if not recorded.is_file():
        return False
    for docname, found in json.loads(recorded.read_text(encoding="utf-8")).items():
        template = templates.get(docname)
        if template is None:
            continue
        where = next((m for m in template if m.id and m.locations), None)
        locations = where.locations[:1] if where is not None else []
        for text in found:
            if text.strip() and text not in template:
                template.add(text, locations=locations, auto_comments=[extract.EXECUTED])
    return True


def share_english_outputs(plan: EditionPlan, pages: PageLanguages, *, root: Path) -> int:
    """Give the edition the English build's executed outputs of the pages it shows in English.

    Such a page is the English page with a label, so its players and forms are English too, and
    executing it again would only cost time. The outputs are copied into the edition's execution
    cache (``_build/.jupyter_cache-<lang>``), and the copies are listed in
    ``_build/i18n/<lang>/borrowed.json``; once the page is translated, its copy is removed and the
    page is executed in the edition's language. Returns how many outputs were copied.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    english_path = plan.build / ".jupyter_cache"
    if plan.english or not english_path.is_dir():
        return 0
    english, ours = get_cache(str(english_path)), get_cache(str(plan.cache))
    ledger = plan.build / SETTINGS_DIR / plan.language / "borrowed.json"
    borrowed = set(json.loads(ledger.read_text(encoding="utf-8"))) if ledger.is_file() else set()
    latest = {}
    for record in sorted(english.list_cache_records(), key=lambda r: r.created):
        latest[str(Path(record.uri).resolve())] = record
    own = {record.hashkey: record for record in ours.list_cache_records()}
    copied = 0
    for docname, page in pages.pages.items():
        record = next(
            (
                latest[key]
                for key in (str((root / f"{docname}{s}").resolve()) for s in (".md", ".ipynb"))
                if key in latest
            ),
            None,
        )
        if record is None:
            continue
        if page["language"] == SOURCE_LANGUAGE:
            if record.hashkey not in own:
                bundle = english.get_cache_bundle(record.pk)
                ours.cache_notebook_bundle(
                    CacheBundleIn(bundle.nb, bundle.record.uri, data=dict(bundle.record.data)),
                    check_validity=False,
                    overwrite=True,
                )
                borrowed.add(record.hashkey)
                copied += 1
        elif record.hashkey in borrowed:
            if record.hashkey in own:
                ours.remove_cache(own[record.hashkey].pk)
            borrowed.discard(record.hashkey)
    ledger.parent.mkdir(parents=True, exist_ok=True)
    ledger.write_text(json.dumps(sorted(borrowed)), encoding="utf-8")
    return copied
