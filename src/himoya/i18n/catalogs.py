"""gettext catalogs: where they are, reading them, how complete they are, which one to use.

Every translatable text belongs to a *domain*, and each language keeps one ``.po`` file per
domain in ``locale/<lang>/LC_MESSAGES/<domain>.po``:

===============================  ===========================================================
domain                           holds
===============================  ===========================================================
``modules/00-start/index``       one book page (Sphinx's gettext, ``gettext_compact = False``)
``scenarios/<id>``               one case scenario (``modules/*/cases/<id>.yml``)
``instruments/<id>``             one screening instrument
``exercises/<spec>``             one exercise spec (``exercises/specs/<spec>.yml``)
``justice/texts``                the age-and-liability tools' words (``himoya.justice``)
``ui``                           the program's own text: players, forms, handouts, cohort pages
``sphinx``, ``booktheme``        Sphinx's and the theme's messages (only where they need fixing)
===============================  ===========================================================

One file per page or item lets several translators work at once without touching the same file.

**Which language is shown.** A page, a scenario, an instrument, an exercise or the justice tools
are shown in a language only when their catalog translates *every* current English message
(nothing missing, nothing fuzzy). Otherwise the whole item comes from the next language of the
edition's chain (for Tajik: Russian, then English), so a reader never meets a half-translated
page or case.
The program's own short texts (``ui``) fall back message by message along the same chain.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from himoya.errors import UserError
from himoya.i18n.editions import SOURCE_LANGUAGE, chain, locale_dir
from himoya.yamlfile import read_yaml

UI_DOMAIN = "ui"
"""The domain of the program's own text."""


class CatalogError(UserError, ValueError):
    """A catalog cannot be read or compiled; the message names the file."""


def catalog_path(language: str, domain: str, root: Path | None = None) -> Path:
    """``locale/<language>/LC_MESSAGES/<domain>.po``."""
    return locale_dir(root) / language / "LC_MESSAGES" / f"{domain}.po"


def domain_of(path: Path, language_dir: Path) -> str:
    """The domain of a ``.po`` file below ``locale/<lang>/LC_MESSAGES``."""
    relative = Path(path).relative_to(language_dir / "LC_MESSAGES")
    return relative.with_suffix("").as_posix()


def catalog_files(language: str, root: Path | None = None) -> tuple[Path, ...]:
    """Every ``.po`` file of ``language``, sorted."""
    folder = locale_dir(root) / language / "LC_MESSAGES"
    return tuple(sorted(folder.rglob("*.po"))) if folder.is_dir() else ()


# --- reading ---------------------------------------------------------------------------------


@cache
def _read(path: str, _mtime: int, _size: int) -> Catalog:
    file = Path(path)
    try:
        with file.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        raise CatalogError(f"{file}: not a valid gettext catalog ({error})") from None
    return catalog


def read_catalog(path: Path) -> Catalog:
    """The catalog in ``path`` (read again only when the file changed).

    Raises :class:`CatalogError` naming the file and the problem when it is not a valid ``.po``.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as error:
        raise CatalogError(f"{path}: cannot be read ({error.strerror or error})") from None
    return _read(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def catalog(language: str, domain: str, root: Path | None = None) -> Catalog | None:
    """The ``language`` catalog of ``domain``, or None when there is none yet."""
    path = catalog_path(language, domain, root)
    return read_catalog(path) if path.is_file() else None


def compile_catalog(catalog: Catalog, *, path: Path | str = "") -> bytes:
    """The catalog as ``.mo`` bytes (fuzzy messages left out); :class:`CatalogError` if not."""
    buffer = io.BytesIO()
    try:
        write_mo(buffer, catalog, use_fuzzy=False)
    except Exception as error:  # babel raises plain exceptions on broken plural forms
        raise CatalogError(f"{path or catalog.domain}: does not compile ({error})") from None
    return buffer.getvalue()


# --- what a message is -----------------------------------------------------------------------


def messages(catalog: Catalog) -> Iterator[Message]:
    """The catalog's messages, without the header entry."""
    for message in catalog:
        if message.id:
            yield message


def is_translated(message: Message | None) -> bool:
    """True when the message has a translation that is used (every plural form, not fuzzy)."""
    if message is None or message.fuzzy:
        return False
    if isinstance(message.string, (list, tuple)):
        return bool(message.string) and all(part for part in message.string)
    return bool(message.string)


def _lookup(catalog: Catalog | None, message: Message) -> Message | None:
    if catalog is None:
        return None
    return catalog.get(message.id, message.context)


@dataclass(frozen=True)
class Stats:
    """How much of a catalog is translated."""

    total: int
    """Messages (of the template when one was given)."""
    translated: int
    """Messages with a translation that is used."""
    fuzzy: int
    """Messages whose translation waits for a check (the English changed, or a guess)."""

    @property
    def missing(self) -> int:
        """Messages with no translation at all."""
        return self.total - self.translated - self.fuzzy

    @property
    def complete(self) -> bool:
        """True when every message is translated (an empty catalog is complete)."""
        return self.translated == self.total

    def share(self, part: int) -> float:
        """``part`` as a share of ``total`` (1.0 for an empty catalog)."""
        return part / self.total if self.total else 1.0

    def __add__(self, other: Stats) -> Stats:
        return Stats(
            self.total + other.total,
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
        )


def stats(catalog: Catalog | None, template: Catalog | Iterable[Message] | None = None) -> Stats:
    """How much of ``catalog`` is translated.

    With ``template`` (the current English messages), only its messages count, so English text
    added since the catalog was last updated counts as missing. Without it, the catalog's own
    messages count (obsolete ones never do).
    """
    if template is None:
        wanted = list(messages(catalog)) if catalog is not None else []
    else:
        wanted = list(messages(template) if isinstance(template, Catalog) else template)
    translated = fuzzy = 0
    for message in wanted:
        found = _lookup(catalog, message) if template is not None else message
        if is_translated(found):
            translated += 1
        elif found is not None and found.fuzzy and found.string:
            fuzzy += 1
    return Stats(total=len(wanted), translated=translated, fuzzy=fuzzy)


# --- which language to use -------------------------------------------------------------------


def item_language(
    language: str,
    domain: str,
    template: Catalog | Iterable[Message],
    *,
    root: Path | None = None,
) -> str:
    """The first language of ``language``'s chain whose ``domain`` catalog is complete.

    Complete means: it translates every message of ``template`` (the current English), with
    nothing fuzzy. English ends every chain, so the answer is English when no catalog is.
    """
    wanted = list(messages(template) if isinstance(template, Catalog) else template)
    for candidate in chain(language, root):
        if candidate == SOURCE_LANGUAGE:
            return candidate
        found = catalog(candidate, domain, root)
        if found is not None and stats(found, wanted).complete:
            return candidate
    return SOURCE_LANGUAGE


@dataclass(frozen=True)
class ItemText:
    """The text of one item (a scenario, an instrument, an exercise) in the language shown."""

    requested: str
    """The language asked for."""
    language: str
    """The language the item is shown in (``requested`` or one of its fallbacks)."""
    domain: str
    """The catalog's domain."""
    _catalog: Catalog | None = None

    def __call__(self, text: str, context: str | None = None) -> str:
        """``text`` in :attr:`language` (unchanged for English)."""
        if self._catalog is None or not text:
            return text
        found = self._catalog.get(text, context)
        return found.string if is_translated(found) else text

    @property
    def fallback(self) -> bool:
        """True when the item is not shown in the language asked for."""
        return self.language != self.requested


def item_text(
    language: str,
    domain: str,
    template: Catalog | Iterable[Message],
    *,
    root: Path | None = None,
) -> ItemText:
    """An :class:`ItemText` for ``domain``: the whole item in one language of the chain."""
    chosen = item_language(language, domain, template, root=root)
    found = None if chosen == SOURCE_LANGUAGE else catalog(chosen, domain, root)
    return ItemText(requested=language, language=chosen, domain=domain, _catalog=found)


@cache
def _translations(language: str, domain: str, root: Path, stamp: tuple) -> NullTranslations:
    result: NullTranslations | None = None
    for candidate in chain(language, root):
        if candidate == SOURCE_LANGUAGE:
            break
        path = catalog_path(candidate, domain, root)
        if not path.is_file():
            continue
        data = compile_catalog(read_catalog(path), path=path)
        layer = Translations(fp=io.BytesIO(data), domain=domain)
        if result is None:
            result = layer
        else:
            result.add_fallback(layer)
    return result or NullTranslations()


def translations(language: str, domain: str = UI_DOMAIN, root: Path | None = None):
    """gettext translations of ``domain`` for ``language``, falling back message by message.

    The result has ``gettext``, ``ngettext`` and ``pgettext`` (babel's ``Translations``); an
    untranslated message comes from the next language of the chain, and English at the end.
    """
    from himoya.paths import course_root

    root = Path(root).resolve() if root else course_root()
    stamp = tuple(
        (lang, path.stat().st_mtime_ns if path.is_file() else 0)
        for lang in chain(language, root)
        for path in [catalog_path(lang, domain, root)]
    )
    return _translations(language, domain, root, stamp)


# --- review marks ----------------------------------------------------------------------------


def fingerprint(catalog: Catalog) -> str:
    """A short hash of a catalog's translations (changes when any translation changes)."""
    digest = hashlib.sha256()
    for message in sorted(messages(catalog), key=lambda m: (str(m.context), str(m.id))):
        if is_translated(message):
            digest.update(repr((message.context, message.id, message.string)).encode("utf-8"))
    return digest.hexdigest()[:16]


def reviewed_file(language: str, root: Path | None = None) -> Path:
    """``locale/<language>/reviewed.yml``: which catalogs a native-speaking professional checked."""
    return locale_dir(root) / language / "reviewed.yml"


@dataclass(frozen=True)
class ReviewMark:
    """One catalog marked reviewed."""

    domain: str
    """The catalog's domain."""
    reviewer: str
    """Who reviewed it (name and role)."""
    date: str
    """When (YYYY-MM-DD)."""
    fingerprint: str
    """The catalog's :func:`fingerprint` when it was reviewed."""


def review_marks(language: str, root: Path | None = None) -> dict[str, ReviewMark]:
    """The review marks of ``language`` by domain (empty when nothing is reviewed yet)."""
    path = reviewed_file(language, root)
    if not path.is_file():
        return {}
    data = read_yaml(path, error=CatalogError)
    marks = {}
    for domain, raw in data.items():
        if not isinstance(raw, dict) or not all(
            str(raw.get(key, "")).strip() for key in ("reviewer", "date", "fingerprint")
        ):
            raise CatalogError(f"{path}: {domain}: needs reviewer, date and fingerprint")
        marks[str(domain)] = ReviewMark(
            str(domain), str(raw["reviewer"]), str(raw["date"]), str(raw["fingerprint"])
        )
    return marks


def is_reviewed(language: str, domain: str, root: Path | None = None) -> bool:
    """True when ``domain``'s catalog is marked reviewed and has not changed since."""
    mark = review_marks(language, root).get(domain)
    if mark is None:
        return False
    found = catalog(language, domain, root)
    return found is not None and fingerprint(found) == mark.fingerprint


def mark_reviewed(
    language: str,
    domain: str,
    *,
    reviewer: str,
    on: date | None = None,
    root: Path | None = None,
) -> ReviewMark:
    """Record that ``reviewer`` reviewed ``domain``'s catalog as it is now."""
    found = catalog(language, domain, root)
    if found is None:
        raise CatalogError(f"{catalog_path(language, domain, root)}: no such catalog")
    if not reviewer.strip():
        raise CatalogError("the reviewer's name is empty")
    mark = ReviewMark(
        domain, reviewer.strip(), (on or date.today()).isoformat(), fingerprint(found)
    )
    path = reviewed_file(language, root)
    data = {  # a broken reviewed.yml stops here, naming the entry, before it is rewritten
        name: {"reviewer": old.reviewer, "date": old.date, "fingerprint": old.fingerprint}
        for name, old in review_marks(language, root).items()
    }
    data[domain] = {"reviewer": mark.reviewer, "date": mark.date, "fingerprint": mark.fingerprint}
    header = (
        "# Catalogs reviewed by a native-speaking child-protection professional.\n"
        "# Written by `himoya translations review`; a catalog changed after its review shows the\n"
        "# 'awaiting review' notice again until it is reviewed again. See locale/README.md.\n"
    )
    body = yaml.safe_dump(dict(sorted(data.items())), allow_unicode=True, sort_keys=False)
    path.write_text(header + body, encoding="utf-8")
    return mark
