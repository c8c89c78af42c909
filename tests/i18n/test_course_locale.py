"""The course's own catalogs (locale/): they compile, keep their markup and keep the promises."""

from pathlib import Path

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
