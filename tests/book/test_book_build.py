"""The whole book builds strictly and offline; a planted CDN script fails the build by name."""

import shutil
from pathlib import Path

import pytest
import yaml

from himoya.book import BuildError, build_book
from himoya.book.offline import find_remote_resources

HERE = Path(__file__).parent


def _toc_files(node) -> list[str]:
    files = []
    if isinstance(node, dict):
        if "file" in node:
            files.append(node["file"])
        if "root" in node:
            files.append(node["root"])
        for value in node.values():
            files.extend(_toc_files(value))
    elif isinstance(node, list):
        for item in node:
            files.extend(_toc_files(item))
    return files


@pytest.mark.build
def test_book_builds_strictly_with_a_page_for_every_toc_entry(built_book, course_dir):
    assert (built_book / "index.html").is_file()
    toc = yaml.safe_load((course_dir / "_toc.yml").read_text(encoding="utf-8"))
    for page in _toc_files(toc):
        assert (built_book / f"{page}.html").is_file(), f"no built page for {page}"


@pytest.mark.build
def test_built_book_loads_nothing_from_another_host(built_book):
    assert find_remote_resources(built_book) == []


@pytest.mark.build
def test_every_module_has_a_built_landing_page(built_book, course_dir):
    slugs = sorted(p.name for p in (course_dir / "modules").iterdir() if p.is_dir())
    assert slugs == [
        "00-start",
        "01-foundations",
        "02-casework",
        "03-juvenile-justice",
        "04-psychosocial",
        "05-families-left-behind",
        "06-returnees",
        "07-caseload-data",
        "facilitator",
    ]
    for slug in slugs:
        assert (built_book / "modules" / slug / "index.html").is_file(), slug


@pytest.mark.build
def test_planted_cdn_script_fails_the_build_naming_page_and_url(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(HERE / "planted-cdn-book", book)
    with pytest.raises(BuildError) as raised:
        build_book(source=book, output=book, strict=True, quiet=True)
    message = str(raised.value)
    assert "cdn-page.html" in message
    assert "https://cdn.example.org/tracker.js" in message
    assert [item.url for item in raised.value.remote] == ["https://cdn.example.org/tracker.js"]


@pytest.mark.build
def test_pages_carry_nothing_the_book_does_not_use(built_book):
    # Widget state (the book shows static players and forms), thebe (no live kernels), Font
    # Awesome's script (the theme's CSS draws the icons), unused extensions and, outside the
    # search page, the search index: see _templates/layout.html and src/himoya/book/light_pages.py.
    found = {}
    for page in built_book.rglob("*.html"):
        if "_static" in page.relative_to(built_book).parts:
            continue
        text = page.read_text(encoding="utf-8")
        unused = [
            marker
            for marker in (
                "application/vnd.jupyter.widget-state+json",
                "THEBE_JS_URL",
                "sphinx-thebe",
                "scripts/fontawesome.js",
                "sphinx-design",
                "togglebutton",
            )
            if marker in text
        ]
        if page.name != "search.html" and "searchindex.js" in text:
            unused.append("searchindex.js")
        if unused:
            found[page.relative_to(built_book).as_posix()] = unused
    assert found == {}
    assert (built_book / "search.html").read_text(encoding="utf-8").count("searchindex.js") == 1


@pytest.mark.build
def test_the_icon_font_holds_the_icons_the_pages_use_and_no_others(built_book):
    from fontTools.ttLib import TTFont

    from himoya.book.light_pages import icon_codepoints, icons_used

    css = (built_book / "_static" / "styles" / "pydata-sphinx-theme.css").read_text("utf-8")
    codepoints = icon_codepoints(css)
    used = {codepoints[name] for name in icons_used(built_book) if name in codepoints}
    assert {codepoints["fa-bars"], codepoints["fa-magnifying-glass"]} <= used
    font = built_book / "_static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
    assert used <= set(TTFont(font).getBestCmap())
    assert font.stat().st_size < 20_000
