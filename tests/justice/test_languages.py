"""The age-and-liability tools in Russian and Tajik, from the catalog ``justice/texts``.

The verdict never changes with the language; every word does, and a language whose catalog is
not complete falls back whole to the next language of the edition's chain.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from himoya.i18n.catalogs import messages
from himoya.i18n.editions import EditionError, read_edition
from himoya.justice import article_options, calculator, liability, static_calculator, worked_table
from himoya.justice.articles import rules_data
from himoya.justice.calculator import calculator_payload, standalone_page
from himoya.justice.texts import texts, words
from himoya.justice.translate import DOMAIN, entries, justice_template
from himoya.justice.words import english_texts
from himoya.paths import course_root
from himoya.translations.status import (
    Item,
    _item_stats,
    check,
    check_catalog,
    data_template,
    status,
)
from minicourse import make_mini_course

ROOT = course_root(Path(__file__).parent)
CYRILLIC = re.compile(r"[А-Яа-яЁёҒғӢӣҚқӮӯҲҳҶҷ]")
LATIN_WORD = re.compile(r"\b(?!YYYY|MM|DD|CRC|TJK|CO|JavaScript|part)[A-Za-z]{3,}\b")
FIELD = re.compile(r"\{[a-z_]+\}")
PAYLOAD = re.compile(r'<script type="application/json" class="hl-data">(?P<json>.*?)</script>')

VERDICT = ("status", "liable", "minor", "age_at_offence", "liability_age", "listed", "article",
           "part", "inserted", "on_birthday", "age_on_date")  # fmt: skip
CASES = [
    pytest.param(("2011-03-10", "2025-03-09", "244"), {}, id="below-age-day-before-14th-birthday"),
    pytest.param(("2011-03-10", "2025-03-10", "244"), {}, id="on-the-14th-birthday"),
    pytest.param(("2011-03-10", "2025-03-11", "244"), {}, id="liable-minor-theft"),
    pytest.param(("2008-05-14", "2025-08-20", "247"), {}, id="check-the-article"),
    pytest.param(("2007-04-05", "2025-04-06", "248"), {}, id="adult-at-the-offence"),
    pytest.param(("2010-06-20", "2025-02-01", "237(2)"), {}, id="bracket-part-note"),
    pytest.param(
        ("2009-11-02", "2025-01-15", "247"), {"on_date": "2026-01-20"}, id="below-age-then-now-16"
    ),
]


def strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
    else:
        yield node


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch):
    monkeypatch.delenv("HIMOYA_LANG", raising=False)


@pytest.mark.parametrize("lang", ["ru", "tg"])
def test_every_text_is_translated_with_the_same_keys_and_placeholders(lang):
    shown = words(lang)
    assert (shown.requested, shown.language) == (lang, lang)
    english = english_texts()
    translated = texts(lang)
    assert set(translated) == set(english)
    for en, tr in zip(strings(english), strings(translated), strict=True):
        english_words = LATIN_WORD.search(FIELD.sub("", en))
        assert tr != en or not english_words, en
        assert sorted(FIELD.findall(tr)) == sorted(FIELD.findall(en))
        assert CYRILLIC.search(tr) or not english_words, tr


@pytest.mark.parametrize(("case", "extra"), CASES)
@pytest.mark.parametrize("lang", ["ru", "tg"])
def test_liability_in_another_language_gives_the_same_verdict_in_its_words(lang, case, extra):
    english = liability(*case, **extra)
    answer = liability(*case, **extra, lang=lang)
    assert answer.language == lang
    for name in VERDICT:
        assert getattr(answer, name) == getattr(english, name), name
    assert answer.summary != english.summary
    assert CYRILLIC.search(answer.summary)
    assert str(english.age_at_offence) in answer.summary
    assert len(answer.protections) == len(english.protections)
    assert all(CYRILLIC.search(item) for item in answer.protections)
    assert len(answer.notes) == len(english.notes)
    assert all(CYRILLIC.search(note) for note in answer.notes)
    assert CYRILLIC.search(answer.outcome)
    assert [label for label, _ in answer.rows()] != [label for label, _ in english.rows()]
    assert [value for _, value in answer.rows()][:3] == [value for _, value in english.rows()][:3]
    assert all(CYRILLIC.search(label) for label, _ in answer.rows())
    page = answer._repr_html_()
    assert answer.summary in page.replace("&#34;", '"').replace("&#39;", "'")
    assert "What applies" not in page


def test_a_russian_answer_reads_as_russian():
    answer = liability("2011-03-10", "2025-03-11", "244", lang="ru")
    assert answer.summary == (
        "Возраст на момент преступления — 14: несёт уголовную ответственность по ст. 244 "
        "(с 14 лет, список ст. 23(2)); несовершеннолетний в смысле ст. 86."
    )
    assert answer.offence == "кража"
    assert answer.article_label == "ст. 244"
    assert answer.liable_word == "да"
    assert answer.to_dict()["summary"] == answer.summary
    assert "language" not in answer.to_dict()


@pytest.mark.parametrize(
    ("case", "english_words"),
    [
        (("2010-13-01", "2025-01-01", "244"), "is not a real calendar date"),
        (("2026-01-01", "2025-01-01", "244"), "was not yet born"),
        (("2010-01-01", "2025-01-01", "237"), "needs a part"),
        (("2010-01-01", "2025-01-01", "179(3)"), "is ambiguous"),
        (("2010-01-01", "2025-01-01", "theft"), "is not an article number"),
    ],
)
def test_errors_are_in_the_language_asked_for(case, english_words):
    with pytest.raises(ValueError, match=english_words):
        liability(*case)
    with pytest.raises(ValueError, match=CYRILLIC) as russian:
        liability(*case, lang="ru")
    assert english_words not in str(russian.value)


def test_the_part_list_in_an_error_names_the_offences_in_the_language():
    with pytest.raises(ValueError, match="part 2: aggravated hooliganism"):
        liability("2010-01-01", "2025-01-01", "237")
    with pytest.raises(ValueError, match="часть 2: хулиганство при отягчающих обстоятельствах"):
        liability("2010-01-01", "2025-01-01", "237", lang="ru")


def test_the_current_language_is_the_default(monkeypatch):
    monkeypatch.setenv("HIMOYA_LANG", "ru")
    assert liability("2011-03-10", "2025-03-11", "244").language == "ru"
    assert "Ответ" in static_calculator(element_id="c")
    assert liability("2011-03-10", "2025-03-11", "244", lang="en").summary.startswith("Aged 14")


def test_an_unknown_language_is_refused():
    with pytest.raises(EditionError, match="no edition 'xx'"):
        liability("2011-03-10", "2025-03-11", "244", lang="xx")


def test_the_static_calculator_of_a_russian_page_carries_russian_words_and_the_same_law():
    fragment = static_calculator(element_id="calc", lang="ru")
    payload = json.loads(PAYLOAD.search(fragment).group("json"))
    assert payload["texts"] == texts("ru")
    assert payload["texts"]["form"]["button"] == "Ответ"
    law, english_law = payload["rules"], rules_data()
    assert {k: v for k, v in law.items() if k != "articles"} == {
        k: v for k, v in english_law.items() if k != "articles"
    }
    offences = {item["article"]: item["offence"] for item in law["articles"]}
    assert offences[244] == "кража"
    for ours, theirs in zip(law["articles"], english_law["articles"], strict=True):
        assert ours["article"] == theirs["article"]
        assert [(p["part"], p["listed"]) for p in ours.get("parts", [])] == [
            (p["part"], p["listed"]) for p in theirs.get("parts", [])
        ]
        assert CYRILLIC.search(ours["offence"])
    assert rules_data()["articles"][0]["offence"] == "homicide"  # the English data is untouched
    assert 'lang="ru"' in fragment
    assert ">Ответ</button>" in fragment
    assert "Калькулятор возраста и ответственности" in fragment
    assert "(с 14 лет)" in fragment
    assert ">Answer<" not in fragment
    english = static_calculator(element_id="calc", lang="en")
    assert json.loads(PAYLOAD.search(english).group("json")) == calculator_payload("en")
    assert ">Answer</button>" in english


def test_the_article_list_keeps_its_values_and_translates_its_labels():
    english, russian = article_options("en"), article_options("ru")
    assert [value for _, value in russian] == [value for _, value in english]
    labels = dict((value, label) for label, value in russian)
    assert labels["237 part 2"] == (
        "237, часть 2 — хулиганство при отягчающих обстоятельствах (с 14 лет)"
    )
    assert labels["other"].startswith("Другая статья")


def test_the_live_form_speaks_the_language_it_was_given():
    form = calculator(lang="tg")
    assert form.date_of_birth.description == "Санаи таваллуд"
    assert "Ҷавоб</button>" in form._repr_mimebundle_()["text/html"]
    import datetime as dt

    form.date_of_birth.value = dt.date(2011, 3, 10)
    form.offence_date.value = dt.date(2025, 3, 10)
    assert "ҳифз" in form.answer.value
    form.article.value = "other"
    form.other_article.value = "179(3)"
    assert "Шаклро санҷед" in form.answer.value


def test_the_worked_table_in_russian_has_the_same_answers_in_russian_words():
    english, russian = worked_table(detail=True), worked_table(detail=True, lang="ru")
    assert list(russian.columns) != list(english.columns)
    assert all(CYRILLIC.search(column) for column in russian.columns)
    assert russian.index[0] == "Фаррух (Бохтар)"
    ages = {"en": list(english.iloc[:, 1]), "ru": list(russian.iloc[:, 1])}
    assert ages["en"] == ages["ru"]
    assert list(russian.iloc[:, 2]).count("нет") == list(english.iloc[:, 2]).count("no")


def test_the_standalone_page_is_in_the_language():
    page = standalone_page(lang="ru")
    assert '<html lang="ru">' in page
    assert "<title>Калькулятор возраста и ответственности" in page


# --- the catalog: extraction, status, check, fallback ---------------------------------------


def test_the_catalog_holds_every_text_offence_and_worked_example_with_where_it_comes_from():
    template = justice_template()
    assert template.domain == DOMAIN == "justice/texts"
    ids = {message.id for message in template if message.id}
    assert set(strings(english_texts())) <= ids
    assert "larceny (theft)" in ids
    assert "hooliganism (not aggravated)" in ids
    assert "took bread, the day before his 14th birthday" in ids
    notes = {note for entry in entries() for note in [entry.note]}
    assert "summary.liable" in notes
    assert "protections.minor[3]" in notes
    assert "articles.237.parts[1].offence" in notes


def test_status_and_check_count_the_justice_catalog_in_module_03():
    item = Item("justice", "justice", "justice/texts", "03-juvenile-justice")
    assert data_template(item, ROOT) is justice_template()
    for lang in ("ru", "tg"):
        counted, complete = _item_stats(item, lang, ROOT, None)
        assert counted.total == len(list(messages(justice_template())))
        assert (counted.translated, complete) == (counted.total, True)


def test_the_check_sees_a_placeholder_lost_in_a_translation(tmp_path):
    path = tmp_path / "texts.po"
    with (ROOT / "locale/ru/LC_MESSAGES/justice/texts.po").open("rb") as handle:
        catalog = read_po(handle)
    catalog.get("Aged {age} at the offence: not a child case.").string = "Это не дело ребёнка."
    with path.open("wb") as handle:
        write_po(handle, catalog)
    problems = [str(problem) for problem in check_catalog(path)]
    assert any("the placeholder {age}" in problem for problem in problems), problems


def _course_with(tmp_path: Path, *, ru: bool, tg: bool) -> Path:
    root = tmp_path / "course"
    for name in ("_config.yml", "_toc.yml"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("{}\n", encoding="utf-8")
    for lang, keep in (("ru", ru), ("tg", tg)):
        (root / "locale" / lang).mkdir(parents=True)
        shutil.copy(ROOT / "locale" / lang / "edition.yml", root / "locale" / lang)
        if keep:
            folder = root / "locale" / lang / "LC_MESSAGES" / "justice"
            folder.mkdir(parents=True)
            shutil.copy(ROOT / "locale" / lang / "LC_MESSAGES" / "justice" / "texts.po", folder)
    return root


def test_tajik_falls_back_whole_to_russian_and_russian_to_english(tmp_path, monkeypatch):
    root = _course_with(tmp_path, ru=True, tg=False)
    monkeypatch.setenv("HIMOYA_ROOT", str(root))
    assert words("tg").language == "ru"
    assert liability("2011-03-10", "2025-03-11", "244", lang="tg").offence == "кража"
    po = root / "locale/ru/LC_MESSAGES/justice/texts.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    catalog.get("Answer").string = ""  # one message missing: the whole catalog is not shown
    with po.open("wb") as handle:
        write_po(handle, catalog)
    assert words("ru").language == "en"
    assert words("tg").language == "en"
    answer = liability("2011-03-10", "2025-03-11", "244", lang="tg")
    assert answer.summary.startswith("Aged 14 at the offence")
    assert answer.offence == "larceny (theft)"


def test_an_edition_may_promise_the_justice_catalog(tmp_path):
    path = tmp_path / "ru" / "edition.yml"
    path.parent.mkdir()
    base = "language: ru\nname: Русский\nenglish_name: Russian\n"
    path.write_text(base + "promises: {justice: true}\n", encoding="utf-8")
    assert read_edition(path).promises_item("justice", "justice")
    path.write_text(base + "promises: {justice: yes please}\n", encoding="utf-8")
    with pytest.raises(EditionError, match=r"promises\.justice: must be true or false"):
        read_edition(path)


def test_a_promised_justice_catalog_is_checked_and_counted(tmp_path, monkeypatch):
    root = make_mini_course(tmp_path / "course")
    monkeypatch.setenv("HIMOYA_ROOT", str(root))
    edition = root / "locale" / "ru" / "edition.yml"
    edition.write_text(
        edition.read_text(encoding="utf-8").replace("promises:\n", "promises:\n  justice: true\n"),
        encoding="utf-8",
    )
    problems = [str(p) for p in check(root=root, languages=["ru"]) if "justice" in str(p)]
    assert len(problems) == 1
    assert "promises justice justice, but" in problems[0]
    assert "justice/texts.po does not exist" in problems[0]
    before = module_03(root)
    target = root / "locale" / "ru" / "LC_MESSAGES" / "justice"
    target.mkdir(parents=True)
    shutil.copy(ROOT / "locale" / "ru" / "LC_MESSAGES" / "justice" / "texts.po", target)
    assert [p for p in check(root=root, languages=["ru"]) if "justice" in str(p)] == []
    after = module_03(root)
    total = len(list(messages(justice_template())))
    assert after.items == before.items  # the justice item is counted in module 03 either way
    assert (after.complete, after.promised_complete) == (
        before.complete + 1,
        before.promised_complete + 1,
    )
    assert after.stats.translated == before.stats.translated + total
    assert after.stats.total == before.stats.total


def module_03(root: Path):
    (report,) = status(root=root, languages=["ru"])
    return next(row for row in report.rows if row.module == "03-juvenile-justice")
