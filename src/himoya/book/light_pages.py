"""A small Sphinx extension that keeps the book's pages light (``extensions`` in ``_config.yml``).

Many trainees read the book on a phone, from one laptop or a USB stick, so every page counts
(``benchmarks/pages.py`` measures them). The extension:

- drops the ipywidgets state that MyST-NB embeds in every page whose code made a widget (the case
  players, the screening forms, the calculator): the book never renders widgets
  (``nb_ipywidgets_js: {}``; each of those objects also gives a ``text/html`` version that works
  without a kernel), so the state was dead weight: 15 KB on a case page, 323 KB on the screening
  forms page. JupyterLab is unaffected: it makes its widgets live;
- cuts the theme's icon font (Font Awesome "solid", 153 KB, loaded by every page) down to the
  icons the built pages and the theme's scripts name (``fa-bars``, ``fa-magnifying-glass``, …),
  with fontTools (already required by WeasyPrint). The glyphs keep their code points; the theme's
  CSS then loses the rules of the other icons (``.fa-…:before{content:"\\f…"}``: 1,834 rules,
  85 KB of the 387 KB stylesheet every page loads), since their glyphs are gone from the font;
- keeps one copy of each block marked ``data-himoya-once`` on a page: a fragment that must work
  on its own (a screening form in a notebook, a PDF or the book) carries its stylesheet and
  script, and a page with four forms carried them four times (40 KB);
- writes the search index (``searchindex.js``, the one file the search page adds) as UTF-8
  without spaces: Sphinx writes every non-ASCII letter as a six-byte ``\\uXXXX`` escape, which
  made the Russian index 477 KB instead of 266 KB and the Tajik one 885 KB. The data is the same
  JSON; Sphinx reads it back on the next build and its ``searchtools.js`` loads it unchanged.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

WIDGET_STATE_KEY = "ipywidgets_state"
"""The key under which MyST-NB registers a page's widget state as an inline script."""

ICON_FONTS = ("fa-solid-900.woff2", "fa-solid-900.ttf")
"""The theme's icon font files that pages load (``_static/vendor/fontawesome/webfonts/``)."""

_ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
_ICON_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+:{1,2}before,?)+)\{content:\"\\([0-9a-f]{4,5})\"")
_SCRIPTS = ("scripts/pydata-sphinx-theme.js", "scripts/sphinx-book-theme.js")
THEME_CSS = ("styles", "pydata-sphinx-theme.css")
"""The theme's stylesheet (under ``_static/``) that holds Font Awesome's icon rules."""
# A whole icon rule, at the start of a rule (after "{" or "}"), never part of a longer selector.
_ICON_RULE_WHOLE = re.compile(
    r"(?<=[{}])((?:\.fa-[a-z0-9-]+:{1,2}before,?)+)(\{content:\"\\[0-9a-f]{4,5}\"\})"
)
_ICON_SELECTOR = re.compile(r"\.(fa-[a-z0-9-]+):{1,2}before")

ONCE = "data-himoya-once"
"""The attribute that marks a ``<style>`` or ``<script>`` block a page needs only once."""
_ONCE_BLOCK = re.compile(rf"<(style|script) {ONCE}>(.*?)</\1>\n?", re.DOTALL)

SEARCH_INDEX = "searchindex.js"
_INDEX_PREFIX, _INDEX_SUFFIX = "Search.setIndex(", ")"


def drop_widget_state(app: Any, pagename: str, *_args: Any) -> None:
    """Forget the widget state MyST-NB noted for ``pagename`` before it writes the page."""
    metadata = getattr(app.env, "nb_metadata", None) or {}
    js_files = metadata.get(pagename, {}).get("js_files", {})
    js_files.pop(WIDGET_STATE_KEY, None)


def drop_repeated_blocks(html: str) -> str:
    """Keep the first of identical ``data-himoya-once`` blocks in ``html``; drop the others.

    A stylesheet applies to the whole page wherever it is, and a script marked so defines what the
    next ones use (it runs first), so one copy serves every fragment below it.
    """
    seen: set[tuple[str, str]] = set()

    def first_only(match: re.Match) -> str:
        key = (match.group(1), match.group(2))
        if key in seen:
            return ""
        seen.add(key)
        return match.group(0)

    return _ONCE_BLOCK.sub(first_only, html)


def one_copy_per_page(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], *_args: Any
) -> None:
    """Drop repeated ``data-himoya-once`` blocks from the page's body."""
    if "body" in context and ONCE in context["body"]:
        context["body"] = drop_repeated_blocks(context["body"])


def icon_codepoints(css: str) -> dict[str, int]:
    """Icon class name -> code point, read from the theme's CSS rules such as
    ``.fa-bars:before{content:"\\f0c9"}``."""
    found: dict[str, int] = {}
    for selectors, code in _ICON_RULE.findall(css):
        for name in re.findall(r"\.(fa-[a-z0-9-]+):", selectors):
            found[name] = int(code, 16)
    return found


def icons_used(html: Path) -> set[str]:
    """Every ``fa-…`` class named by a built page or by the theme's scripts."""
    names: set[str] = set()
    for page in html.rglob("*.html"):
        names |= set(_ICON_NAME.findall(page.read_text(encoding="utf-8", errors="replace")))
    for script in _SCRIPTS:
        path = html / "_static" / script
        if path.is_file():
            names |= set(_ICON_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def trim_icon_rules(css: str, used: set[str]) -> str:
    """``css`` without the icon rules (``.fa-x:before{content:"\\f…"}``) of icons not in ``used``;
    a rule naming several icons keeps the used ones' selectors."""

    def keep_used(match: re.Match) -> str:
        selectors = [
            selector
            for selector in match.group(1).rstrip(",").split(",")
            if _ICON_SELECTOR.fullmatch(selector).group(1) in used
        ]
        return ",".join(selectors) + match.group(2) if selectors else ""

    return _ICON_RULE_WHOLE.sub(keep_used, css)


def subset_icon_fonts(html: Path) -> list[Path]:
    """Cut the built book's icon fonts down to the icons its pages use, and the theme's CSS to
    those icons' rules; return the fonts cut."""
    from fontTools import subset

    css_file = html / "_static" / Path(*THEME_CSS)
    fonts = html / "_static" / "vendor" / "fontawesome" / "webfonts"
    if not css_file.is_file() or not fonts.is_dir():
        return []
    css = css_file.read_text(encoding="utf-8")
    codepoints = icon_codepoints(css)
    used = icons_used(html)
    wanted = sorted({codepoints[name] for name in used if name in codepoints})
    css_file.write_text(trim_icon_rules(css, used), encoding="utf-8")
    cut = []
    for name in ICON_FONTS:
        path = fonts / name
        if not path.is_file():
            continue
        options = subset.Options()
        options.flavor = "woff2" if name.endswith(".woff2") else None
        options.layout_features = ["*"]
        font = subset.load_font(str(path), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
        subset.save_font(font, str(path), options)
        cut.append(path)
    return cut


def compact_search_index(html: Path) -> int:
    """Write ``html/searchindex.js`` again as UTF-8 JSON without spaces (the same data); return
    the bytes saved (0 when there is no index or it is not in Sphinx's format)."""
    path = html / SEARCH_INDEX
    if not path.is_file():
        return 0
    text = path.read_text(encoding="utf-8")
    if not (text.startswith(_INDEX_PREFIX) and text.endswith(_INDEX_SUFFIX)):
        return 0
    data = json.loads(text[len(_INDEX_PREFIX) : -len(_INDEX_SUFFIX)])
    compact = (
        _INDEX_PREFIX
        + json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        + _INDEX_SUFFIX
    )
    before = path.stat().st_size
    path.write_text(compact, encoding="utf-8")
    return before - path.stat().st_size


def _after_build(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        subset_icon_fonts(Path(app.outdir))
        compact_search_index(Path(app.outdir))


def setup(app: Any) -> dict[str, Any]:
    # Before MyST-NB's own html-page-context handler (priority 500) adds the page's scripts.
    app.connect("html-page-context", drop_widget_state, priority=400)
    app.connect("html-page-context", one_copy_per_page)
    app.connect("build-finished", _after_build)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
