"""Which language an item is shown in; per-message fallback for the program's text; review marks."""

import pytest
from babel.messages.catalog import Catalog, Message

from himoya.i18n import CatalogError, catalog, stats, translations
from himoya.i18n.catalogs import (
    catalog_path,
    fingerprint,
    is_reviewed,
    item_language,
    item_text,
    mark_reviewed,
)
from himoya.translations.update import serialise
from minicourse import write

TEMPLATE = [Message("Keep the child safe."), Message("Call the family.")]


def _po(root, language, domain, pairs, *, fuzzy=()):
    cat = Catalog(locale=language, domain=domain)
    for english, translated in pairs.items():
        cat.add(english, translated, flags=("fuzzy",) if english in fuzzy else ())
    return write(catalog_path(language, domain, root), serialise(cat).decode("utf-8"))


def test_an_item_shows_in_its_language_only_when_every_message_is_translated(mini_course):
    _po(
        mini_course,
        "ru",
        "pages/x",
        {"Keep the child safe.": "Берегите ребёнка.", "Call the family.": ""},
    )
    assert item_language("ru", "pages/x", TEMPLATE, root=mini_course) == "en"
    _po(
        mini_course,
        "ru",
        "pages/x",
        {"Keep the child safe.": "Берегите ребёнка.", "Call the family.": "Позвоните семье."},
    )
    assert item_language("ru", "pages/x", TEMPLATE, root=mini_course) == "ru"


def test_a_fuzzy_translation_does_not_count(mini_course):
    _po(
        mini_course,
        "ru",
        "pages/x",
        {"Keep the child safe.": "Берегите ребёнка.", "Call the family.": "Позвоните семье."},
        fuzzy={"Call the family."},
    )
    found = stats(catalog("ru", "pages/x", mini_course), TEMPLATE)
    assert (found.translated, found.fuzzy, found.missing) == (1, 1, 0)
    assert item_language("ru", "pages/x", TEMPLATE, root=mini_course) == "en"


def test_new_english_makes_a_complete_catalog_incomplete(mini_course):
    _po(mini_course, "ru", "pages/x", {"Keep the child safe.": "Берегите ребёнка."})
    assert item_language("ru", "pages/x", TEMPLATE[:1], root=mini_course) == "ru"
    assert item_language("ru", "pages/x", TEMPLATE, root=mini_course) == "en"


def test_tajik_falls_back_to_a_complete_russian_item_whole(mini_course):
    pairs = {"Keep the child safe.": "Берегите ребёнка.", "Call the family.": "Позвоните семье."}
    _po(mini_course, "ru", "pages/x", pairs)
    _po(mini_course, "tg", "pages/x", {"Keep the child safe.": "Кӯдакро эҳтиёт кунед."})
    text = item_text("tg", "pages/x", TEMPLATE, root=mini_course)
    assert (text.requested, text.language, text.fallback) == ("tg", "ru", True)
    # The whole item comes from Russian, even the message Tajik has.
    assert text("Keep the child safe.") == "Берегите ребёнка."


def test_the_programs_text_falls_back_message_by_message(mini_course):
    _po(mini_course, "ru", "ui", {"Back": "Назад", "Restart": "Сначала"})
    _po(mini_course, "tg", "ui", {"Back": "Бозгашт"})
    tajik = translations("tg", "ui", mini_course)
    assert tajik.gettext("Back") == "Бозгашт"
    assert tajik.gettext("Restart") == "Сначала"
    assert tajik.gettext("Score") == "Score"


def test_a_review_mark_lapses_when_the_translation_changes(mini_course):
    path = _po(mini_course, "ru", "pages/x", {"Keep the child safe.": "Берегите ребёнка."})
    assert not is_reviewed("ru", "pages/x", mini_course)
    mark = mark_reviewed("ru", "pages/x", reviewer="Dr. Test, child psychologist", root=mini_course)
    assert mark.fingerprint == fingerprint(catalog("ru", "pages/x", mini_course))
    assert "pages/x" in (mini_course / "locale" / "ru" / "reviewed.yml").read_text(encoding="utf-8")
    assert is_reviewed("ru", "pages/x", mini_course)
    text = path.read_text(encoding="utf-8").replace("Берегите ребёнка.", "Защитите ребёнка.")
    path.write_text(text, encoding="utf-8")
    assert not is_reviewed("ru", "pages/x", mini_course)


def test_a_broken_catalog_is_named(mini_course):
    path = write(catalog_path("ru", "pages/x", mini_course), 'msgid "A"\nmsgstr "Б"\nmsgid\n')
    with pytest.raises(CatalogError, match=r"pages/x\.po: not a valid gettext catalog"):
        catalog("ru", "pages/x", mini_course)
    assert path.is_file()
