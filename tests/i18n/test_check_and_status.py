"""`himoya translations check` fails on what must fail CI, and only on that; status counts."""

import pytest

from himoya.cli import main
from himoya.i18n.catalogs import catalog_path, messages
from himoya.justice.translate import justice_template
from himoya.translations.status import check, format_status, status
from minicourse import write


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_mini_course_keeps_its_promises(mini_course):
    assert check(root=mini_course) == []


def test_a_catalog_that_does_not_compile_fails_naming_the_file(mini_course):
    path = write(
        catalog_path("ru", "modules/00-start/second", mini_course), 'msgid "x\nmsgstr "y"\n'
    )
    problems = [str(p) for p in check(root=mini_course)]
    assert any(str(path) in p and "does not compile" in p for p in problems)


def test_a_translation_that_drops_a_role_fails_naming_the_message(mini_course):
    path = catalog_path("ru", "modules/00-start/index", mini_course)
    _replace(path, "Дальше прочитайте {doc}`second`.", "Дальше прочитайте вторую страницу.")
    problems = [str(p) for p in check(root=mini_course)]
    assert problems == [
        f"{path}: msgid 'This course helps police officers protect children. Read {{d…': "
        "the role {doc}`second` is missing"
    ]


def test_a_promised_page_with_an_untranslated_message_fails(mini_course):
    path = catalog_path("ru", "modules/00-start/index", mini_course)
    _replace(path, 'msgstr "Позвоните семье."', 'msgstr ""')
    problems = [str(p) for p in check(root=mini_course)]
    assert problems == [
        f"{path}: promised by ru, but not complete: 1 missing, 0 fuzzy of 6 messages"
    ]


def test_a_promised_case_whose_catalog_is_missing_fails(mini_course):
    catalog_path("ru", "scenarios/valid-minimal", mini_course).unlink()
    problems = [str(p) for p in check(root=mini_course)]
    assert len(problems) == 1
    assert "promises scenario valid-minimal, but" in problems[0]
    assert "does not exist (run `himoya translations update`)" in problems[0]


def test_a_promise_that_matches_nothing_fails(mini_course):
    path = mini_course / "locale" / "ru" / "edition.yml"
    _replace(path, "scenarios: [valid-minimal]", "scenarios: [valid-minimal, no-such-case]")
    problems = [str(p) for p in check(root=mini_course)]
    assert problems == [f"{path}: promises scenarios 'no-such-case', which matches none"]


def test_work_still_to_do_where_nothing_is_promised_does_not_fail(mini_course):
    # Tajik promises nothing and has no catalog at all; Russian's second page is untranslated.
    write(
        catalog_path("tg", "modules/00-start/index", mini_course),
        'msgid ""\nmsgstr ""\n"Language: tg\\n"\n\nmsgid "Start here"\nmsgstr ""\n',
    )
    assert check(root=mini_course) == []


def test_status_counts_translated_fuzzy_and_missing_per_module(mini_course):
    path = catalog_path("ru", "modules/00-start/index", mini_course)
    _replace(path, 'msgstr "Позвоните семье."', 'msgstr ""')
    report = {entry.edition.language: entry for entry in status(root=mini_course)}
    rows = {row.module: row for row in report["ru"].rows}
    start = rows["00-start"]
    assert (start.stats.translated, start.stats.missing, start.items, start.complete) == (
        5,
        1,
        2,
        0,
    )
    assert (start.promised, start.promised_complete) == (1, 0)
    case = rows["03-juvenile-justice"]  # the scenario's module field, and the justice tools
    assert (case.items, case.complete) == (2, 1)
    # The mini course translates its case but not the justice tools' words.
    assert case.stats.missing == len(list(messages(justice_template())))
    text = format_status(list(report.values()))
    assert "ru  Русский (Russian); falls back to en" in text
    assert "tg  Тоҷикӣ (Tajik); falls back to ru" in text


def test_the_check_command_exits_non_zero_and_names_the_problem(mini_course, capsys):
    path = catalog_path("ru", "modules/00-start/index", mini_course)
    _replace(path, "Дальше прочитайте {doc}`second`.", "Дальше прочитайте вторую страницу.")
    assert main(["translations", "check", str(path)]) == 1
    out = capsys.readouterr()
    assert "the role {doc}`second` is missing" in out.out
    assert "1 problem(s) in the translations" in out.err


def test_an_unknown_language_is_one_line(mini_course, capsys):
    assert main(["translations", "status", "--lang", "uz"]) == 1
    assert "no edition 'uz'" in capsys.readouterr().err


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_marking_a_catalog_reviewed_from_the_command_line(mini_course, capsys, language):
    domain = "modules/00-start/index"
    if language == "tg":
        assert main(["translations", "review", "tg", domain, "--reviewer", "A. B."]) == 1
        assert "no such catalog" in capsys.readouterr().err
        return
    assert main(["translations", "review", "ru", domain, "--reviewer", "A. B., psychologist"]) == 0
    assert "marked reviewed: ru modules/00-start/index by A. B., psychologist" in (
        capsys.readouterr().out
    )


def test_a_page_edited_since_the_last_gettext_run_is_not_judged_by_its_stale_template(tmp_path):
    """After a merge or a pull the pages are newer than ``_build/gettext``: their old templates
    would report problems that are not there, so such a page counts from its catalog alone."""
    import os

    from himoya.translations.status import Item, page_template

    item = Item(kind="pages", name="modules/x/page", domain="modules/x/page", module="x")
    pot = tmp_path / "gettext" / "modules/x/page.pot"
    pot.parent.mkdir(parents=True)
    pot.write_text('msgid ""\nmsgstr ""\n\nmsgid "Old words."\nmsgstr ""\n', encoding="utf-8")
    page = tmp_path / "modules/x/page.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Page\n\nOld words.\n", encoding="utf-8")
    os.utime(pot, (1_000_000, 1_000_000))
    os.utime(page, (900_000, 900_000))
    assert "Old words." in page_template(item, tmp_path / "gettext", tmp_path)
    os.utime(page, (1_100_000, 1_100_000))
    assert page_template(item, tmp_path / "gettext", tmp_path) is None
