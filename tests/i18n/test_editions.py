"""Editions are read from locale/<lang>/edition.yml; a broken one is named with its field."""

import pytest

from himoya.i18n import EditionError, chain, edition, editions
from minicourse import write


def test_the_mini_course_has_english_russian_and_tajik_falling_back_to_russian(mini_course):
    found = editions(mini_course)
    assert list(found) == ["en", "ru", "tg"]
    assert chain("tg", mini_course) == ("tg", "ru", "en")
    assert chain("ru", mini_course) == ("ru", "en")
    assert edition("ru", mini_course).search_language == "ru"
    assert edition("tg", mini_course).search_language is None


def test_promises_match_names_and_patterns(mini_course):
    ru = edition("ru", mini_course)
    assert ru.promises_item("pages", "modules/00-start/index")
    assert not ru.promises_item("pages", "modules/00-start/second")
    assert ru.promises_item("scenarios", "valid-minimal")
    assert not ru.promises_item("ui", "ui")
    write(
        mini_course / "locale" / "ru" / "edition.yml",
        "language: ru\nname: Русский\nenglish_name: Russian\n"
        "promises:\n  pages: ['modules/00-start/*']\n  ui: true\n",
    )
    ru = edition("ru", mini_course)
    assert ru.promises_item("pages", "modules/00-start/second")
    assert not ru.promises_item("pages", "modules/01-demo/case")
    assert ru.promises_item("ui", "ui")


def test_an_instrument_wording_is_working_unless_an_official_source_is_named(mini_course):
    path = mini_course / "locale" / "ru" / "edition.yml"
    write(path, path.read_text(encoding="utf-8") + "instruments:\n  phq9: {wording: official}\n")
    with pytest.raises(EditionError, match=r"edition\.yml: instruments\.phq9: an official wording"):
        editions(mini_course)
    write(
        path,
        path.read_text(encoding="utf-8").replace(
            "{wording: official}", "{wording: official, source: 'Publisher, 2010'}"
        ),
    )
    ru = edition("ru", mini_course)
    assert ru.wording("phq9").validated
    assert ru.wording("gad7").wording == "working"
    assert not ru.wording("gad7").validated


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("language: ru\nname: X\nenglish_name: Y\ncolour: red\n", "unknown field 'colour'"),
        ("language: uz\nname: X\nenglish_name: Y\n", "language is 'uz', but the folder is 'ru'"),
        ("language: ru\nenglish_name: Y\n", "name is missing"),
        ("language: ru\nname: X\nenglish_name: Y\nfallback: ru\n", "must be another language"),
        ("language: ru\nname: X\nenglish_name: Y\nfallback: uz\n", "fallback 'uz' is not English"),
        ("language: ru\nname: X\nenglish_name: Y\npromises: {pages: index}\n", "promises.pages"),
        (
            "language: ru\nname: X\nenglish_name: Y\npromises: {cases: [x]}\n",
            "unknown kind 'cases'",
        ),
    ],
)
def test_a_broken_edition_file_is_named_with_what_is_wrong(mini_course, text, message):
    write(mini_course / "locale" / "ru" / "edition.yml", text)
    with pytest.raises(EditionError, match=r"ru/edition\.yml") as raised:
        editions(mini_course)
    assert message in str(raised.value)


def test_a_fallback_loop_is_refused(mini_course):
    write(
        mini_course / "locale" / "ru" / "edition.yml",
        "language: ru\nname: Русский\nenglish_name: Russian\nfallback: tg\n",
    )
    with pytest.raises(EditionError, match="fallback loop"):
        editions(mini_course)


def test_an_unknown_language_names_the_editions_there_are(mini_course):
    with pytest.raises(EditionError, match=r"no edition 'uz' \(known: en, ru, tg"):
        edition("uz", mini_course)


def test_an_empty_message_recorded_by_sphinx_does_not_make_a_page_untranslated(
    mini_course, tmp_path
):
    # Sphinx extracts an empty message from some tables (modules/00-start/paths); catalogs never
    # hold one (msgid "" is the header), so the page is still complete in Russian.
    import json

    from himoya.book.editions import EditionPlan, messages_file, prepare_locale
    from himoya.i18n.catalogs import catalog, is_translated, messages

    translated = [m.id for m in messages(catalog("ru", "modules/00-start/index", mini_course))]
    assert translated
    assert all(
        is_translated(m) for m in messages(catalog("ru", "modules/00-start/index", mini_course))
    )
    recorded = messages_file(tmp_path)
    recorded.parent.mkdir(parents=True)
    recorded.write_text(json.dumps({"modules/00-start/index": [*translated, ""]}), encoding="utf-8")
    plan = EditionPlan(edition=edition("ru", mini_course), build=tmp_path)
    shown = prepare_locale(plan, root=mini_course).pages["modules/00-start/index"]
    assert shown["language"] == "ru"
