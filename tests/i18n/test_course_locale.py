"""The course's own catalogs (locale/): they compile, keep their markup and keep the promises."""

from pathlib import Path

import pytest

from himoya.cli import main
from himoya.i18n import editions
from himoya.paths import course_root
from himoya.translations.status import check, orphans

ROOT = course_root(Path(__file__).parent)


def test_every_catalog_of_the_course_passes_the_check():
    problems = check(root=ROOT)
    assert problems == [], "\n".join(str(problem) for problem in problems)


def test_the_course_has_a_russian_and_a_tajik_edition_and_russian_is_built():
    found = editions(ROOT)
    assert list(found) == ["en", "ru", "tg"]
    assert found["ru"].build
    assert found["tg"].fallback == "ru"


def test_no_catalog_is_left_over_from_a_removed_page_or_item():
    assert orphans("ru", ROOT) == []
    assert orphans("tg", ROOT) == []


def test_status_reports_every_module_for_each_language(capsys):
    assert main(["translations", "status"]) == 0
    out = capsys.readouterr().out
    for line in ("ru  Русский (Russian); falls back to en", "tg  Тоҷикӣ (Tajik); falls back to ru"):
        assert line in out
    for module in ("00-start", "04-psychosocial", "facilitator", "(program text)", "all"):
        assert f"  {module} " in out


@pytest.mark.parametrize(
    ("language", "summary", "search"),
    [
        # Sphinx's Russian catalog has "Search" but leaves the summary empty (a blank line).
        ("ru", "Поиск завершён. Найдено страниц: ${resultCount}.", "Поиск"),
        # Sphinx has no Tajik catalog: every word comes from the edition's own.
        ("tg", "Ҷустуҷӯ анҷом ёфт. Саҳифаҳои ёфтшуда: ${resultCount}.", "Ҷустуҷӯ"),
    ],
)
def test_the_search_pages_words_are_sphinxs_filled_by_the_editions_catalog(
    language, summary, search
):
    import json

    from himoya.book.editions import _sphinx_js
    from himoya.i18n.catalogs import catalog_path, read_catalog

    text = _sphinx_js(read_catalog(catalog_path(language, "sphinx", ROOT))).decode("utf-8")
    words = json.loads(text[text.index("(") + 1 : text.rindex(")")])["messages"]
    assert words["Search finished, found ${resultCount} page(s) matching the search query."] == (
        summary
    )
    assert words["Search"] == search
    assert "" not in words.values()
