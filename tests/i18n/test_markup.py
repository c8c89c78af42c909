"""A translation keeps the markup of its English: roles, links, code, directives, placeholders."""

import pytest

from himoya.i18n.markup import markup_problems, markup_tokens


def test_a_translation_that_keeps_the_markup_has_no_problem():
    english = 'Read {doc}`the steps <first-contact>` and type `q1 = "B"`; see [CRC](https://x.org).'
    russian = (
        'Прочитайте {doc}`шаги <first-contact>` и напишите `q1 = "B"`; см. [КПР](https://x.org).'
    )
    assert markup_problems(english, russian) == []


@pytest.mark.parametrize(
    ("english", "translation", "problem"),
    [
        (
            "Read {doc}`screening` first.",
            "Сначала прочитайте скрининг.",
            "the role {doc}`screening` is missing",
        ),
        (
            "Read {doc}`Start <index>`.",
            "Прочитайте {doc}`Начало <start>`.",
            "the role {doc}`index` is missing",
        ),
        ('Type `q1 = "B"`.', "Напишите `q1 = «B»`.", 'the code `q1 = "B"` is missing'),
        (
            "See [the guide](pfa.md).",
            "См. [руководство](other.md).",
            "the link to pfa.md is missing",
        ),
        ("{count} pages", "{число} страниц", "the placeholder {count} is missing"),
        ("Pages: {count}", "Страниц: {count} {extra}", "the placeholder {extra} was added"),
        ("Hello %(name)s", "Привет", "the placeholder %(name)s is missing"),
        ("Use {{ course }} now", "Используйте курс", "the substitution {{ course }} is missing"),
        ("Line<br>two", "Строка два", "the HTML tag <br> is missing"),
        (
            "**Bold** text",
            "**Жирный текст",
            "2 bold marks (**) in the English, 1 in the translation",
        ),
        ("A note[^1].", "Примечание.", "the footnote [^1] is missing"),
    ],
)
def test_lost_or_added_markup_is_named(english, translation, problem):
    assert problem in markup_problems(english, translation)


def test_words_in_a_reference_role_may_change_but_not_its_target():
    tokens = markup_tokens("See {doc}`Start here <index>` and {term}`consent`.")
    assert tokens["the role {doc}`index`"] == 1
    assert tokens["the role {term}"] == 1


def test_a_per_cent_sign_in_a_statistic_is_not_a_placeholder():
    assert markup_problems("sensitivity 88% for adults", "чувствительность 88% для взрослых") == []


def test_an_untranslated_message_has_nothing_to_compare():
    assert markup_problems("Read {doc}`screening`.", "") == []
