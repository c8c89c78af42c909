"""Updating catalogs from the English works like sphinx-intl: new text missing, changed fuzzy."""

from babel.messages.catalog import Catalog

from himoya.i18n import catalog
from himoya.i18n.catalogs import catalog_path
from himoya.translations.update import update_catalogs


def _template(*messages):
    cat = Catalog(domain="pages/x")
    for text in messages:
        cat.add(text, locations=[("modules/x.md", None)])
    return cat


def _translate(root, pairs):
    path = catalog_path("ru", "pages/x", root)
    text = path.read_text(encoding="utf-8")
    for english, russian in pairs.items():
        text = text.replace(
            f'msgid "{english}"\nmsgstr ""', f'msgid "{english}"\nmsgstr "{russian}"'
        )
    path.write_text(text, encoding="utf-8")


def test_new_english_is_added_changed_english_turns_fuzzy_and_gone_english_is_dropped(mini_course):
    first = _template("Keep the child safe.", "Call the family at once.", "Old advice.")
    result = update_catalogs(templates={"pages/x": first}, languages=["ru"], root=mini_course)
    assert result.written == [catalog_path("ru", "pages/x", mini_course)]
    _translate(
        mini_course,
        {
            "Keep the child safe.": "Берегите ребёнка.",
            "Call the family at once.": "Сразу позвоните семье.",
            "Old advice.": "Старый совет.",
        },
    )
    second = _template("Keep the child safe.", "Call the family at once, today.", "A new step.")
    update_catalogs(templates={"pages/x": second}, languages=["ru"], root=mini_course)
    found = catalog("ru", "pages/x", mini_course)
    assert found.get("Keep the child safe.").string == "Берегите ребёнка."
    changed = found.get("Call the family at once, today.")
    assert changed.fuzzy
    assert changed.string == "Сразу позвоните семье."
    assert found.get("A new step.").string == ""
    assert found.get("Old advice.") is None


def test_text_without_latin_letters_is_copied_as_it_is(mini_course):
    template = _template("кӯдак", "2024", "child")
    update_catalogs(templates={"pages/x": template}, languages=["tg"], root=mini_course)
    found = catalog("tg", "pages/x", mini_course)
    assert found.get("кӯдак").string == "кӯдак"
    assert found.get("2024").string == "2024"
    assert found.get("child").string == ""


def test_a_catalog_that_would_not_change_is_not_written_again(mini_course):
    template = _template("Keep the child safe.")
    update_catalogs(templates={"pages/x": template}, languages=["ru"], root=mini_course)
    path = catalog_path("ru", "pages/x", mini_course)
    before = path.stat().st_mtime_ns
    result = update_catalogs(templates={"pages/x": template}, languages=["ru"], root=mini_course)
    assert result.written == []
    assert path.stat().st_mtime_ns == before


def test_no_line_numbers_and_no_python_format_mark_in_the_files(mini_course):
    template = Catalog(domain="pages/x")
    template.add("58% of mothers", locations=[("modules/x.md", 12)])
    update_catalogs(templates={"pages/x": template}, languages=["ru"], root=mini_course)
    text = catalog_path("ru", "pages/x", mini_course).read_text(encoding="utf-8")
    assert "#: modules/x.md\n" in text
    assert "python-format" not in text


def test_a_catalog_whose_english_is_gone_is_reported(mini_course):
    result = update_catalogs(templates={}, languages=["ru"], root=mini_course)
    assert catalog_path("ru", "scenarios/valid-minimal", mini_course) in result.orphans


def test_a_fuzzy_message_keeps_its_old_english_in_a_form_gettext_tools_accept(mini_course):
    from himoya.translations.status import check_catalog

    long_english = "Ask the child and parents; check a document. " * 4
    update_catalogs(
        templates={"pages/x": _template(long_english.strip())}, languages=["ru"], root=mini_course
    )
    _translate(mini_course, {long_english.strip(): "Спросите ребёнка и родителей."})
    changed = long_english.replace("parents", "family").strip()
    update_catalogs(templates={"pages/x": _template(changed)}, languages=["ru"], root=mini_course)
    path = catalog_path("ru", "pages/x", mini_course)
    text = path.read_text(encoding="utf-8")
    assert f'#| msgid "{long_english.strip()}"\n' in text
    assert check_catalog(path) == []


def test_a_charts_caption_from_the_executed_page_joins_the_page_template(tmp_path):
    """The gettext builder reads pages unexecuted; a chart's caption and alt text (from the cell's
    metadata) exist only in the English build's record, and must reach the translators."""
    import json

    from babel.messages.catalog import Catalog

    from himoya.book.editions import _add_executed_messages, messages_file

    template = Catalog(domain="modules/07/overview")
    template.add("Open cases", locations=[("modules/07/overview.md", None)])
    record = messages_file(tmp_path)
    record.parent.mkdir(parents=True)
    record.write_text(
        json.dumps({"modules/07/overview": ["Open cases", "", "Bar chart of open cases."]}),
        encoding="utf-8",
    )
    _add_executed_messages({"modules/07/overview": template}, tmp_path)
    assert [m.id for m in template if m.id] == ["Open cases", "Bar chart of open cases."]
    assert template["Bar chart of open cases."].locations == [("modules/07/overview.md", None)]


def test_without_an_english_build_a_charts_translated_caption_is_kept_not_dropped(mini_course):
    """The gettext builder does not run pages: before any English build, the template lacks a
    chart's caption, and updating must not throw its translation away (then it would again)."""
    from himoya.book.editions import _add_executed_messages
    from himoya.i18n.extract import EXECUTED

    built = _template("Open cases")
    built.add("Bar chart of open cases.", auto_comments=[EXECUTED])
    update_catalogs(templates={"pages/x": built}, languages=["ru"], root=mini_course)
    _translate(
        mini_course,
        {"Open cases": "Открытые дела", "Bar chart of open cases.": "Диаграмма открытых дел."},
    )
    unbuilt = {"pages/x": _template("Open cases", "Old advice.")}
    assert _add_executed_messages(unbuilt, mini_course / "_build") is False
    update_catalogs(templates=unbuilt, languages=["ru"], root=mini_course, keep_executed=True)
    found = catalog("ru", "pages/x", mini_course)
    assert found.get("Bar chart of open cases.").string == "Диаграмма открытых дел."
    assert found.get("Old advice.").string == ""
    # With a build, a caption the English no longer has is dropped like any other message.
    update_catalogs(templates=unbuilt, languages=["ru"], root=mini_course)
    assert catalog("ru", "pages/x", mini_course).get("Bar chart of open cases.") is None
