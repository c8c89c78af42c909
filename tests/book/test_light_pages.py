"""What ``himoya.book.light_pages`` takes out of the built pages, and that what is left works.

No whole-book build: the icon rules are cut from the theme's own stylesheet, the repeated blocks
from real screening forms, and the search index comes from a two-page Sphinx project.
"""

from __future__ import annotations

import re
from pathlib import Path

import pydata_sphinx_theme
import pytest

from himoya.book.light_pages import (
    ONCE,
    THEME_CSS,
    compact_search_index,
    drop_repeated_blocks,
    icon_codepoints,
    trim_icon_rules,
)
from himoya.screening.printable import form_fragment

THEME_STATIC = (
    Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
)
ICON_RULE = re.compile(r'(?<=[{}])(?:\.fa-[a-z0-9-]+:{1,2}before,?)+\{content:"\\[0-9a-f]{4,5}"\}')


def test_unused_icon_rules_go_and_everything_else_stays():
    css = (
        '.a{color:red}.fa-bars:before{content:"\\f0c9"}'
        '.fa-x:before,.fa-y:before{content:"\\f00d"}.fa-z:before{content:"\\f111"}'
        '@media print{.fa-z:before{content:"\\f111"}.b{margin:0}}'
        '.c .fa-z:before{content:"\\f111"}'
    )
    assert trim_icon_rules(css, {"fa-bars", "fa-y"}) == (
        '.a{color:red}.fa-bars:before{content:"\\f0c9"}.fa-y:before{content:"\\f00d"}'
        '@media print{.b{margin:0}}.c .fa-z:before{content:"\\f111"}'
    )


def test_the_themes_stylesheet_keeps_only_the_used_icons_and_every_other_rule():
    css_file = THEME_STATIC / Path(*THEME_CSS)
    if not css_file.is_file():
        pytest.skip(f"{css_file}: not in this pydata-sphinx-theme")
    css = css_file.read_text(encoding="utf-8")
    used = {"fa-bars", "fa-magnifying-glass", "fa-xmark"}
    trimmed = trim_icon_rules(css, used)
    found = icon_codepoints(css)
    assert {name: code for name, code in icon_codepoints(trimmed).items()} == {
        name: found[name] for name in used
    }
    assert len(css) - len(trimmed) > 60_000  # most of Font Awesome's 1,800 rules
    # Apart from the icon rules, not a byte changed.
    assert ICON_RULE.sub("", trimmed) == ICON_RULE.sub("", css)


def test_a_page_with_several_forms_carries_their_stylesheet_and_scorer_once():
    forms = [form_fragment(ident, interactive=True) for ident in ("phq9", "gad7", "psc17")]
    assert all(form.count(ONCE) == 2 for form in forms)  # each form alone has both
    page = drop_repeated_blocks("<style>p{}</style>".join(forms) + "<style>p{}</style>")
    assert page.count(f"<style {ONCE}>") == 1
    assert page.count(f"<script {ONCE}>") == 1
    assert page.index(f"<script {ONCE}>") < page.index("HimoyaScreening.init")
    assert page.count("HimoyaScreening.init(") == 3  # every form still starts
    assert page.count("<style>p{}</style>") == 3  # unmarked blocks are left alone


def test_different_blocks_marked_once_are_all_kept():
    html = f"<style {ONCE}>a{{}}</style><style {ONCE}>b{{}}</style><style {ONCE}>a{{}}</style>"
    assert drop_repeated_blocks(html) == f"<style {ONCE}>a{{}}</style><style {ONCE}>b{{}}</style>"


@pytest.fixture(scope="module")
def russian_site(tmp_path_factory):
    """A two-page Russian Sphinx project built with the extension (its search page and index)."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    source = tmp_path_factory.mktemp("site") / "source"
    source.mkdir()
    (source / "conf.py").write_text(
        "extensions = ['himoya.book.light_pages']\nlanguage = 'ru'\nproject = 'Проба'\n"
        # As in the course: a summary is fetched page by page, which file:// refuses.
        "html_show_search_summary = False\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text(
        "Защита детей\n============\n\n.. toctree::\n\n   second\n\n"
        "Ребёнок рассказывает о насилии; специалист выслушивает и записывает.\n",  # noqa: RUF001
        encoding="utf-8",
    )
    (source / "second.rst").write_text(
        "Опросник\n========\n\nОпросники помогают заметить, кому нужна помощь.\n",  # noqa: RUF001
        encoding="utf-8",
    )
    out = source.parent / "html"

    def build() -> None:
        with docutils_namespace():  # a second app in this process registers its nodes afresh
            _build_once()

    def _build_once() -> None:
        app = Sphinx(
            srcdir=source,
            confdir=source,
            outdir=out,
            doctreedir=source.parent / ".doctrees",
            buildername="html",
            status=None,
            warning=None,
            warningiserror=True,
        )
        app.build()

    build()
    return source, out, build


def test_the_search_index_is_utf8_without_escapes_and_holds_the_same_data(russian_site):
    from sphinx.search import js_index

    _source, out, _build = russian_site
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    data = js_index.loads(text)
    assert "\\u04" not in text
    assert '"опросник"' in text  # a Russian stem, written as letters
    assert "опросник" in data["terms"]
    assert len(text.encode()) < 0.6 * len(js_index.dumps(data).encode())
    assert compact_search_index(out) == 0  # already compact: nothing left to save


def test_sphinx_reads_the_compact_index_back_on_the_next_build(russian_site):
    from sphinx.search import js_index

    source, out, build = russian_site
    second = source / "second.rst"
    added = "\nНовое слово: ориентир.\n"  # noqa: RUF001
    second.write_text(second.read_text(encoding="utf-8") + added, encoding="utf-8")
    build()  # warningiserror: a search index Sphinx could not load would fail here
    terms = js_index.loads((out / "searchindex.js").read_text(encoding="utf-8"))["terms"]
    assert "ориентир" in terms
    assert "выслушива" in terms  # the page not read again kept its words


@pytest.mark.browser
def test_the_search_page_finds_a_page_by_a_russian_word(russian_site, browser):
    _source, out, _build = russian_site
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((out / "search.html").as_uri() + "?q=опросники")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0")
    assert "Опросник" in page.locator("#search-results").inner_text()
    page.close()
    assert errors == []
