"""The age-and-liability tools in another language: ``locale/<lang>/LC_MESSAGES/justice/texts.po``.

One catalog (domain ``justice/texts``) holds every word the tools show: each text of
``texts.yml`` (answers, errors, the form, the worked table's headers), the offences' names of
``age14_articles.yml`` (the article list and the answers) and the worked table's fictional
children (``worked_examples.yml``). The law itself (ages, article numbers, which parts are listed)
never changes with the language, so the answer is the same in every language; only its words are
translated. ``{name}`` fields stay in each translation (``himoya translations check`` sees them).

As for a case or a form, the tools speak a language only when its catalog translates all of the
current English; otherwise every word comes from the next language of the edition's chain.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog

from himoya.i18n import is_reviewed, item_text
from himoya.i18n.catalogs import catalog_path, reviewed_file
from himoya.i18n.editions import chain
from himoya.i18n.extract import Entry, norm_text, template
from himoya.justice.words import Words, english_texts

DOMAIN = "justice/texts"
"""The catalog domain of the justice tools' words."""

_PACKAGE = "src/himoya/justice"


def _texts_entries(node: Any, path: str = "") -> Iterator[Entry]:
    where = f"{_PACKAGE}/texts.yml"
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _texts_entries(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for number, value in enumerate(node, 1):
            yield from _texts_entries(value, f"{path}[{number}]")
    elif isinstance(node, str):
        yield Entry(norm_text(node), where, path)


def _package_yaml(name: str) -> Any:
    """A data file of this package (read here, not through the modules that use it, which
    themselves take their words from this module)."""
    return yaml.safe_load(resources.files("himoya.justice").joinpath(name).read_text("utf-8"))


def entries() -> list[Entry]:
    """Every English text of the tools, in file order: texts, offences, worked examples."""
    found = list(_texts_entries(english_texts()))
    where = f"{_PACKAGE}/age14_articles.yml"
    for item in _package_yaml("age14_articles.yml")["articles"]:
        base = f"articles.{item['article']}"
        found.append(Entry(norm_text(item["offence"]), where, f"{base}.offence"))
        for part in item.get("parts") or ():
            found.append(
                Entry(norm_text(part["offence"]), where, f"{base}.parts[{part['part']}].offence")
            )
    where = f"{_PACKAGE}/worked_examples.yml"
    for number, child in enumerate(_package_yaml("worked_examples.yml"), 1):
        for key in ("child", "what"):
            if child.get(key):
                found.append(Entry(norm_text(str(child[key])), where, f"[{number}].{key}"))
    return found


@functools.cache
def justice_template() -> Catalog:
    """The tools' English messages as a template catalog (the package's files never change)."""
    return template(DOMAIN, entries())


def localize(node: Any, translate: Callable[[str], str]) -> Any:
    """``node`` (texts.yml's data) with every string translated, keys and shape unchanged."""
    if isinstance(node, dict):
        return {key: localize(value, translate) for key, value in node.items()}
    if isinstance(node, list):
        return [localize(value, translate) for value in node]
    return translate(node) if isinstance(node, str) else node


def words_in(language: str, root: Path | None = None) -> Words:
    """The tools' words in ``language`` or the first language of its chain that has them all."""
    from himoya.paths import course_root

    root = Path(root).resolve() if root else course_root()
    files = [catalog_path(lang, DOMAIN, root) for lang in chain(language, root)]
    files += [reviewed_file(lang, root) for lang in chain(language, root)]
    stamp = tuple(path.stat().st_mtime_ns if path.is_file() else 0 for path in files)
    return _words_in(language, root, stamp)


@functools.cache
def _words_in(language: str, root: Path, _stamp: tuple[int, ...]) -> Words:
    shown = item_text(language, DOMAIN, justice_template(), root=root)
    if shown.language == "en":
        return Words(requested=language, language="en", texts=english_texts())

    def translate(english: str) -> str:
        return shown(norm_text(english))

    return Words(
        requested=language,
        language=shown.language,
        texts=localize(english_texts(), translate),
        translate=translate,
        reviewed=is_reviewed(shown.language, DOMAIN, root),
    )
