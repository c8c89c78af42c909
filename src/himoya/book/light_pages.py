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
  with fontTools (already required by WeasyPrint). The glyphs keep their code points, so the
  theme's CSS is unchanged.
"""

from __future__ import annotations

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


def drop_widget_state(app: Any, pagename: str, *_args: Any) -> None:
    """Forget the widget state MyST-NB noted for ``pagename`` before it writes the page."""
    metadata = getattr(app.env, "nb_metadata", None) or {}
    js_files = metadata.get(pagename, {}).get("js_files", {})
    js_files.pop(WIDGET_STATE_KEY, None)


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


def subset_icon_fonts(html: Path) -> list[Path]:
    """Cut the built book's icon fonts down to the icons its pages use; return the fonts cut."""
    from fontTools import subset

    css_file = html / "_static" / "styles" / "pydata-sphinx-theme.css"
    fonts = html / "_static" / "vendor" / "fontawesome" / "webfonts"
    if not css_file.is_file() or not fonts.is_dir():
        return []
    codepoints = icon_codepoints(css_file.read_text(encoding="utf-8"))
    wanted = sorted({codepoints[name] for name in icons_used(html) if name in codepoints})
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


def _after_build(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        subset_icon_fonts(Path(app.outdir))


def setup(app: Any) -> dict[str, Any]:
    # Before MyST-NB's own html-page-context handler (priority 500) adds the page's scripts.
    app.connect("html-page-context", drop_widget_state, priority=400)
    app.connect("build-finished", _after_build)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
