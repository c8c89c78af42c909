"""Sphinx extension for the language editions (``himoya build`` adds it; see book/editions.py).

On every page of every edition it adds, above the page's text:

- the **language switch**: a link to the same page in each edition, relative, so it works from
  ``file://`` and a USB stick (``ru/`` beside the English pages, ``tg/`` beside them);
- a **fallback label** on a page that this edition has not translated yet ("shown in English"):
  the whole page then comes from the next language of the chain, never half-translated;
- the **review notice** on a translated page whose catalog is not marked reviewed.

It also records the English messages of every page during the English build (the same as Sphinx's
gettext builder extracts), so ``himoya build`` knows which pages each edition translates
completely; translates the table of contents' captions (sphinx-external-toc adds them after
Sphinx's own translation step); puts the book's title, footer and search text into the edition's
language; and lets the project's ``locale/<lang>/LC_MESSAGES/booktheme.po`` correct the theme's.
"""

from __future__ import annotations

import gettext
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from himoya.templating import render

STATIC = Path(__file__).resolve().parent / "static"


def _config(app: Sphinx) -> dict[str, Any]:
    """The edition settings ``himoya build`` wrote (empty for a plain jupyter-book build)."""
    path = app.config.himoya_edition
    if not path:
        return {}
    return json.loads(Path(path).read_text(encoding="utf-8"))


# --- the English messages of every page ---------------------------------------------------------


def _in_substitution_definition(node: nodes.Node) -> bool:
    while node.parent:
        if isinstance(node, nodes.substitution_definition):
            return True
        node = node.parent
    return False


def _record_messages(app: Sphinx, doctree: nodes.document) -> None:
    if not app.config.himoya_record_messages:
        return
    found = [
        msg
        for node, msg in extract_messages(doctree)
        if msg.strip() and not _in_substitution_definition(node)
    ]
    if not hasattr(app.env, "himoya_messages"):
        app.env.himoya_messages = {}
    app.env.himoya_messages[app.env.docname] = list(dict.fromkeys(found))


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, "himoya_messages", {}).pop(docname, None)


def _merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    if not hasattr(env, "himoya_messages"):
        env.himoya_messages = {}
    for docname in docnames:
        if docname in getattr(other, "himoya_messages", {}):
            env.himoya_messages[docname] = other.himoya_messages[docname]


def _write_messages(app: Sphinx, exception: Exception | None) -> None:
    target = app.config.himoya_record_messages
    if exception is not None or not target:
        return
    recorded = getattr(app.env, "himoya_messages", {})
    data = {docname: recorded.get(docname, []) for docname in sorted(app.env.found_docs)}
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")


# --- toctree captions ---------------------------------------------------------------------------


class TranslateTocCaptions(SphinxTransform):
    """Translate the captions of the toctrees that sphinx-external-toc inserts (priority 100),
    which come after Sphinx's own translation transform (priority 20)."""

    default_priority = 105

    def apply(self, **kwargs: Any) -> None:
        if not self.config.language or self.config.language == "en":
            return
        if not getattr(self.app.builder, "use_message_catalog", True):
            return
        from sphinx.locale import init as init_locale

        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [str(Path(self.env.srcdir, d)) for d in self.config.locale_dirs]
        catalog, has = init_locale(dirs, self.config.language, domain)
        if not has:
            return
        for node in self.document.findall(addnodes.toctree):
            caption = node.get("caption")
            if caption:
                translated = catalog.gettext(caption)
                if translated and translated != caption:
                    node.apply_translated_message(caption, translated)


# --- page furniture -----------------------------------------------------------------------------


def _page_link(root: str, own_prefix: str, prefix: str, pagename: str) -> str:
    up = "../" * own_prefix.count("/")
    return f"{root}{up}{prefix}{pagename}.html"


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    settings = _config(app)
    if not settings or doctree is None or "body" not in context:
        return
    language = settings["language"]
    editions = settings["editions"]
    own_prefix = settings["prefix"]
    root = context["pathto"]("", 1) if "pathto" in context else ""
    root = "" if root in {"", "#", "."} else root.rstrip("/") + "/"
    page = settings["pages"].get(pagename, {"language": language, "reviewed": True})
    words = settings["words"]
    links = [
        {
            "href": _page_link(root, own_prefix, other["prefix"], pagename),
            "name": other["name"],
            "code": other["language"],
            "current": other["language"] == language,
        }
        for other in editions
    ]
    shown = page["language"]
    furniture = render(
        "book/language-switch.html.j2",
        words=words,
        links=links,
        fallback=words["fallback"][shown] if shown != language else "",
        review=words["review"] if shown != "en" and not page["reviewed"] else "",
    )
    body = context["body"]
    if shown != language:
        body = render("book/other-language.html.j2", language=shown, body=Markup(body))
    context["body"] = furniture + body


def _outdated(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """Pages whose language or review state changed since the last build are written again, and
    every page when the editions in the language switch changed."""
    settings = _config(app)
    if not settings:
        return []
    pages = settings.get("pages", {})
    switch = [edition["language"] for edition in settings.get("editions", [])]
    before = getattr(env, "himoya_page_state", {})
    env.himoya_page_state = {**pages, "": switch}
    if before.get("") != switch:
        return sorted(env.found_docs)
    return [
        doc for doc, state in pages.items() if doc in env.found_docs and before.get(doc) != state
    ]


def _builder_inited(app: Sphinx) -> None:
    settings = _config(app)
    if not settings:
        return
    app.add_css_file("himoya-i18n.css")
    theme_catalog = settings.get("booktheme_mo")
    if theme_catalog and Path(theme_catalog).is_file():
        from sphinx import locale

        with Path(theme_catalog).open("rb") as handle:
            ours = gettext.GNUTranslations(handle)
        key = ("general", "booktheme")
        previous = locale.translators.get(key)
        if previous is not None and previous.__class__ is not gettext.NullTranslations:
            ours.add_fallback(previous)
        locale.translators[key] = ours


def _config_inited(app: Sphinx, config: Any) -> None:
    settings = _config(app)
    if not settings:
        return
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))
    for key, value in settings.get("config", {}).items():
        if key == "html_theme_options":
            config.html_theme_options.update(value)
        else:
            setattr(config, key, value)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("himoya_edition", "", "html", types=[str])
    app.add_config_value("himoya_record_messages", "", "", types=[str])
    app.add_transform(TranslateTocCaptions)
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("doctree-read", _record_messages)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _write_messages)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
