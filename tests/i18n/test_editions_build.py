"""The mini course builds strictly in English, Russian and Tajik (Tajik falling back to Russian)."""

import json
import re
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import url2pathname

import pytest

from himoya.book import build_book
from himoya.i18n.catalogs import catalog_path, mark_reviewed
from minicourse import make_mini_course, write

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_mini_course(tmp_path_factory.mktemp("editions") / "course")
    html = build_book(source=root, strict=True, quiet=True, languages=["ru", "tg"])
    return root, html


def _page(html: Path, path: str) -> str:
    return (html / path).read_text(encoding="utf-8")


def _switch(page: str) -> dict[str, str]:
    """The language switch's links: language -> href."""
    nav = re.search(r'<nav class="himoya-languages".*?</nav>', page, re.DOTALL).group(0)
    return {lang: href for href, lang in re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', nav)}


def test_each_edition_has_every_page_at_the_same_path(built):
    _root, html = built
    for page in ("modules/00-start/index", "modules/00-start/second", "modules/01-demo/case"):
        for prefix in ("", "ru/", "tg/"):
            assert (html / f"{prefix}{page}.html").is_file(), f"{prefix}{page}"
    assert '<html lang="ru"' in _page(html, "ru/modules/00-start/index.html")
    assert '<html lang="tg"' in _page(html, "tg/modules/00-start/index.html")


def test_the_language_switch_leads_to_the_same_page_in_each_edition(built):
    _root, html = built
    for prefix, others in (("", ("ru", "tg")), ("ru/", ("en", "tg")), ("tg/", ("en", "ru"))):
        page = html / f"{prefix}modules/00-start/second.html"
        links = _switch(page.read_text(encoding="utf-8"))
        assert sorted(links) == sorted(others)
        for lang, href in links.items():
            target = Path(url2pathname(urljoin(page.as_uri(), href)[len("file://") :]))
            expected = html / ("" if lang == "en" else f"{lang}/") / "modules/00-start/second.html"
            assert target.resolve() == expected.resolve(), (prefix, lang, href)


def test_a_translated_page_is_russian_and_awaits_review(built):
    _root, html = built
    page = _page(html, "ru/modules/00-start/index.html")
    assert "Добро пожаловать в мини-курс" in page
    assert "Welcome to the mini course" not in page.split('<nav class="himoya-languages"')[1]
    assert "himoya-review" in page
    assert "himoya-fallback" not in page
    # The table of contents' captions are translated too (sphinx-external-toc adds them late).
    assert "С чего начать" in page


def test_an_untranslated_page_is_whole_in_english_with_a_label(built):
    _root, html = built
    page = _page(html, "ru/modules/00-start/second.html")
    assert "himoya-fallback" in page
    assert '<div lang="en"><section' in page
    assert "This page has no translation yet" in page


def test_tajik_pages_without_tajik_come_whole_from_russian(built):
    _root, html = built
    page = _page(html, "tg/modules/00-start/index.html")
    assert '<div lang="ru">' in page
    assert "Добро пожаловать в мини-курс" in page
    settings = json.loads((html.parent / "i18n" / "tg.json").read_text(encoding="utf-8"))
    assert settings["pages"]["modules/00-start/index"]["language"] == "ru"
    assert settings["pages"]["modules/00-start/second"]["language"] == "en"


def test_the_case_player_speaks_the_editions_language(built):
    _root, html = built
    for prefix, title in (("", "A boy alone"), ("ru/", "Мальчик один"), ("tg/", "Мальчик один")):
        page = _page(html, f"{prefix}modules/01-demo/case.html")
        data = json.loads(re.search(r'class="himoya-data">(.*?)</script>', page).group(1))
        assert data["title"].startswith(title), prefix


def test_an_untranslated_page_keeps_the_english_builds_outputs(built):
    _root, html = built
    assert "outputs of the English build: en" in _page(html, "ru/modules/00-start/second.html")
    borrowed = json.loads((html.parent / "i18n" / "ru" / "borrowed.json").read_text("utf-8"))
    assert len(borrowed) == 1


def test_each_edition_has_its_own_search_and_execution_cache(built):
    root, html = built
    assert "RussianStemmer" in _page(html, "ru/_static/language_data.js")
    assert "RussianStemmer" not in _page(html, "tg/_static/language_data.js")
    index = _page(html, "ru/searchindex.js")
    assert "\\u0434\\u043e\\u0431\\u0440" in index  # "добр", the stem of the Russian title
    for cache in (".jupyter_cache", ".jupyter_cache-ru", ".jupyter_cache-tg"):
        assert (root / "_build" / cache).is_dir(), cache
    assert not (html / "jupyter_execute").exists()


def test_a_review_mark_and_a_new_translation_show_on_the_next_build(built):
    root, html = built
    mark_reviewed("ru", "modules/00-start/index", reviewer="A. Reviewer", root=root)
    write(
        catalog_path("ru", "modules/00-start/second", root),
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "A page without a translation"\nmsgstr "Страница, теперь переведённая"\n\n'
        'msgid "This page has no translation yet, so every edition shows it in English."\n'
        'msgstr "Теперь у этой страницы есть перевод."\n',
    )
    build_book(source=root, strict=True, quiet=True, languages=["ru"])
    assert "himoya-review" not in _page(html, "ru/modules/00-start/index.html")
    # The case's own catalog is not reviewed: its notice stays in the player.
    assert "has not yet been reviewed" in _page(html, "ru/modules/01-demo/case.html")
    second = _page(html, "ru/modules/00-start/second.html")
    assert "Страница, теперь переведённая" in second
    assert "himoya-fallback" not in second
    # Translated now, the page is executed in Russian instead of borrowing English outputs.
    assert "outputs of the English build: ru" in second
    assert json.loads((html.parent / "i18n" / "ru" / "borrowed.json").read_text("utf-8")) == []
