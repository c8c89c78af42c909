"""``himoya.justice.liability``: the age at the offence decides; art. 23 lists; protections."""

import ast
import dataclasses
import datetime as dt
import inspect
import itertools
import re

import pytest

from himoya.justice import LiabilityResult, age_at, age_rules, liability, parse_article
from himoya.justice.texts import text

MINOR_PROTECTIONS = tuple(text("protections.minor"))
NO_LIABILITY = tuple(text("protections.below_age"))
NOT_A_CHILD = tuple(text("protections.adult"))
CHECK_FIRST = tuple(text("protections.check_article"))

# A child born on 2011-03-10: 14th birthday on 2025-03-10.
BORN = "2011-03-10"
DAY_BEFORE_14 = "2025-03-09"
ON_14TH_BIRTHDAY = "2025-03-10"
DAY_AFTER_14 = "2025-03-11"

CASES = [
    # (birth, offence date, article, kwargs, age that counts, liability age, liable, minor, status)
    # The child-favourable birthday rule: a new age counts from the day after the birthday.
    pytest.param(BORN, DAY_BEFORE_14, 244, {}, 13, 14, False, False, "below-age",
                 id="theft-244-the-day-before-the-14th-birthday-not-liable"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, 244, {}, 13, 14, False, False, "below-age",
                 id="theft-244-on-the-14th-birthday-counts-as-13"),
    pytest.param(BORN, DAY_AFTER_14, 244, {}, 14, 14, True, True, "minor",
                 id="theft-244-the-day-after-the-14th-birthday-liable"),
    pytest.param("2007-04-05", "2025-04-04", 248, {}, 17, 14, True, True, "minor",
                 id="day-before-18th-birthday-minor"),
    pytest.param("2007-04-05", "2025-04-05", 248, {}, 17, 14, True, True, "minor",
                 id="on-the-18th-birthday-still-a-minor"),
    pytest.param("2007-04-05", "2025-04-06", 248, {}, 18, 14, True, False, "adult",
                 id="day-after-18th-birthday-not-a-child-case"),
    pytest.param("2008-02-29", "2022-02-28", 244, {}, 13, 14, False, False, "below-age",
                 id="feb29-birth-13-on-28-feb"),
    pytest.param("2008-02-29", "2022-03-01", 244, {}, 13, 14, False, False, "below-age",
                 id="feb29-birth-1-march-is-the-birthday-counts-as-13"),
    pytest.param("2008-02-29", "2022-03-02", 244, {}, 14, 14, True, True, "minor",
                 id="feb29-birth-14-from-2-march"),
    pytest.param("2008-02-29", "2024-02-29", 244, {}, 15, 14, True, True, "minor",
                 id="feb29-birth-leap-year-birthday-counts-as-15"),
    pytest.param("2015-01-01", "2025-06-01", 104, {}, 10, 14, False, False, "below-age",
                 id="young-child-never-liable"),
    # Forms of the article.
    pytest.param(BORN, DAY_AFTER_14, "244", {}, 14, 14, True, True, "minor", id="article-as-text"),
    pytest.param(BORN, DAY_AFTER_14, "art. 244", {}, 14, 14, True, True, "minor",
                 id="article-with-art-prefix"),
    pytest.param("2009-11-02", "2025-01-15", 104, {}, 15, 14, True, True, "minor",
                 id="homicide-104-at-15-liable"),
    # Art. 237 hooliganism and art. 255 damage to property: the part decides.
    pytest.param("2010-06-20", "2025-02-01", "237 part 1", {}, 14, 16, False, False, "below-age",
                 id="237-part-1-not-listed-at-14"),
    pytest.param("2010-06-20", "2025-02-01", "237(2)", {}, 14, 14, True, True, "minor",
                 id="237-part-2-in-brackets-listed"),
    pytest.param("2010-06-20", "2025-02-01", "237 part 3", {}, 14, 14, True, True, "minor",
                 id="237-part-3-in-words-listed"),
    pytest.param("2010-06-20", "2025-02-01", 237, {"part": 2}, 14, 14, True, True, "minor",
                 id="237-with-part-argument"),
    pytest.param("2008-06-20", "2025-02-01", "237 part 1", {}, 16, 16, True, True, "minor",
                 id="237-part-1-at-16-liable"),
    pytest.param("2010-01-01", "2025-06-01", "255(1)", {}, 15, 16, False, False, "below-age",
                 id="255-part-1-simple-damage-at-15-not-liable"),
    pytest.param("2010-01-01", "2025-06-01", "255 part 2", {}, 15, 14, True, True, "minor",
                 id="255-aggravated-part-at-15-liable"),
    pytest.param("2009-01-01", "2025-06-01", "255 part 1", {}, 16, 16, True, True, "minor",
                 id="255-part-1-at-16-liable"),
    pytest.param("2010-06-20", "2025-02-01", 244, {"part": 3}, 14, 14, True, True, "minor",
                 id="part-of-a-wholly-listed-article-changes-nothing"),
    # Art. 23(3): an article not named in art. 23(2) may set a higher age itself.
    pytest.param("2009-11-02", "2025-01-15", 247, {}, 15, 16, False, False, "below-age",
                 id="unlisted-article-at-15-not-liable-and-not-a-minor"),
    pytest.param("2008-11-02", "2025-01-15", 247, {}, 16, 16, None, True, "check-article",
                 id="unlisted-article-at-16-check-the-article"),
    pytest.param("2008-01-01", "2025-06-01", 165, {}, 17, 16, None, True, "check-article",
                 id="art-165-at-17-not-said-liable"),
    pytest.param("2000-01-01", "2025-06-01", 165, {}, 25, 16, None, False, "adult",
                 id="unlisted-article-adult-not-a-child-case"),
    # Inserted articles (written with a raised number) are not the article's parts.
    pytest.param("2010-06-20", "2025-02-01", "179^3", {}, 14, 16, False, False, "below-age",
                 id="inserted-179-3-is-not-on-the-list"),
    pytest.param("2010-06-20", "2025-02-01", "179\N{SUPERSCRIPT THREE}", {}, 14, 16, False, False,
                 "below-age", id="inserted-179-with-a-raised-3"),
    pytest.param("2010-06-20", "2025-02-01", "179 part 3", {}, 14, 14, True, True, "minor",
                 id="179-part-3-in-words-is-terrorism"),
    pytest.param("2008-06-20", "2025-02-01", "179^1", {}, 16, 16, None, True, "check-article",
                 id="inserted-179-1-at-16-check-the-article"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("birth", "offence", "article", "kwargs", "age", "min_age", "liable", "minor", "status"),
    CASES,
)
def test_liability_table(birth, offence, article, kwargs, age, min_age, liable, minor, status):
    result = liability(birth, offence, article, **kwargs)
    assert isinstance(result, LiabilityResult)
    assert (result.age_at_offence, result.liability_age) == (age, min_age)
    assert (result.liable, result.minor, result.status) == (liable, minor, status)


SUMMARIES = [
    # (birth, offence date, article, words the summary must contain, words it must not contain)
    pytest.param("2008-01-01", "2025-06-01", "165",
                 ["16, unless the article itself sets a higher age (art. 23(3)) — check the "
                  "article"],
                 ["criminally liable"], id="art-165-at-17"),
    pytest.param("2010-01-01", "2025-06-01", "255 part 1",
                 ["below the age of criminal liability for art. 255(1)", "(16, art. 23(1))"],
                 ["a minor under art. 86"], id="255-part-1-at-15"),
    pytest.param("2010-01-01", "2025-06-01", "255 part 2",
                 ["criminally liable for art. 255(2)", "art. 23(2) list"], [],
                 id="255-part-2-at-15"),
    pytest.param("2010-06-20", "2025-02-01", "179^3",
                 ["art. 179\N{SUPERSCRIPT THREE}", "(16, art. 23(1))"], ["art. 179(3)"],
                 id="inserted-article-label"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, "244", ["Aged 13 at the offence", "below the age"], [],
                 id="on-the-14th-birthday"),
]  # fmt: skip


@pytest.mark.parametrize(("birth", "offence", "article", "present", "absent"), SUMMARIES)
def test_summary_says_what_the_law_says(birth, offence, article, present, absent):
    summary = liability(birth, offence, article).summary
    for words in present:
        assert words in summary
    for words in absent:
        assert words not in summary


def test_age_at_stays_the_calendar_age_while_liability_counts_from_the_next_day():
    assert age_at(BORN, ON_14TH_BIRTHDAY) == 14
    result = liability(BORN, ON_14TH_BIRTHDAY, 244)
    assert (result.age_at_offence, result.on_birthday) == (13, True)
    assert any("day after the birthday" in note for note in result.notes)
    assert not liability(BORN, DAY_AFTER_14, 244).on_birthday
    assert not liability(BORN, BORN, 244).on_birthday  # the day of birth is not a birthday


PROTECTIONS = [
    # (birth, offence date, article, the protections)
    pytest.param(BORN, DAY_BEFORE_14, 244, NO_LIABILITY, id="below-age-protection-referral"),
    pytest.param(BORN, DAY_AFTER_14, 244, MINOR_PROTECTIONS, id="liable-minor"),
    pytest.param("2008-01-01", "2025-06-01", 165, CHECK_FIRST + MINOR_PROTECTIONS,
                 id="check-the-article-first"),
    pytest.param("2007-04-05", "2025-04-06", 248, NOT_A_CHILD, id="adult"),
]  # fmt: skip


@pytest.mark.parametrize(("birth", "offence", "article", "expected"), PROTECTIONS)
def test_protections_by_status(birth, offence, article, expected):
    assert liability(birth, offence, article).protections == expected


def test_every_protection_names_its_source():
    joined = " | ".join(MINOR_PROTECTIONS + NO_LIABILITY + NOT_A_CHILD + CHECK_FIRST)
    for source in (
        "Beijing Rules, rule 10.1",
        "rule 10.2",
        "CRC art. 37(d)",
        "CRC art. 37(c)",
        "CRC art. 37(b)",
        "CRC art. 40(3)(b)",
        "rule 11",
        "Criminal Code art. 86",
        "CRC/C/TJK/CO/2",
        "Commission on Child Rights",
        "art. 23(3)",
        "Havana Rules",
    ):
        assert source in joined, source  # fmt: skip
    assert "last resort" in joined


def test_the_article_37_c_and_d_protections_are_for_a_child_who_is_held():
    # CRC art. 37(c) and (d) protect "every child deprived of liberty", not every liable minor.
    held_only = [p for p in MINOR_PROTECTIONS if "37(c)" in p or "37(d)" in p]
    assert len(held_only) == 2
    assert all(p.startswith("If held:") for p in held_only), held_only
    # The rest of the list (parents told, release considered, last resort) applies to every minor.
    assert not any(p.startswith("If held:") for p in MINOR_PROTECTIONS if p not in held_only)
    (legal,) = [p for p in held_only if "37(d)" in p]
    assert "this course reads as before questioning" in legal  # labelled as the course's reading


def test_the_age_at_the_offence_counts_not_the_age_today():
    result = liability(BORN, DAY_BEFORE_14, 244, on_date="2026-01-01")
    assert (result.age_at_offence, result.age_on_date) == (13, 14)
    assert result.liable is False
    assert any("age at the offence counts" in note for note in result.notes)


def test_a_minor_at_the_offence_who_is_adult_now_keeps_art_86():
    result = liability("2007-04-05", "2025-04-04", 248, on_date="2025-06-01")
    assert result.status == "minor"
    assert result.age_on_date == 18
    assert any("art. 86" in note for note in result.notes)


def test_a_child_below_the_age_of_liability_is_not_shown_as_a_minor():
    result = liability("2009-11-02", "2025-01-15", 247)  # 15, an offence from 16
    labels = [label for label, _value in result.rows()]
    assert "Minor under art. 86?" not in labels
    assert "Minor under art. 86" not in result._repr_html_()
    liable = liability("2009-11-02", "2025-01-15", 244)
    assert ("Minor under art. 86?", "yes") in liable.rows()
    check = liability("2008-01-01", "2025-06-01", 165)
    assert ("Minor under art. 86?", "yes, if liable") in check.rows()
    assert ("Criminally liable?", "check the article (art. 23(3))") in check.rows()


def test_a_bracket_part_of_a_listed_article_warns_about_inserted_articles():
    result = liability(BORN, DAY_AFTER_14, "244(2)")
    assert result.liable is True
    assert any("244^2" in note and "raised number" in note for note in result.notes)
    assert not liability(BORN, DAY_AFTER_14, "244 part 2").notes


def test_listed_offence_is_named_and_unlisted_is_none():
    assert liability(BORN, DAY_AFTER_14, 244).offence == "larceny (theft)"
    assert liability(BORN, DAY_AFTER_14, 247).offence is None
    part_1 = liability(BORN, DAY_AFTER_14, "237 part 1")
    assert part_1.offence == "hooliganism (not aggravated)"
    assert part_1.listed is False
    assert liability(BORN, DAY_AFTER_14, "237 part 2").offence == "aggravated hooliganism"


def test_result_is_frozen_and_converts_to_plain_data():
    result = liability(BORN, DAY_AFTER_14, 244)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.liable = False  # type: ignore[misc]
    data = result.to_dict()
    assert data["date_of_birth"] == "2011-03-10"
    assert data["protections"] == list(MINOR_PROTECTIONS)
    assert result.date_of_birth == dt.date(2011, 3, 10)


def test_every_result_field_has_a_docstring():
    tree = ast.parse(inspect.getsource(LiabilityResult))
    body = tree.body[0].body
    documented = {
        statement.target.id
        for statement, following in itertools.pairwise(body)
        if isinstance(statement, ast.AnnAssign)
        and isinstance(following, ast.Expr)
        and isinstance(following.value, ast.Constant)
        and isinstance(following.value.value, str)
    }
    assert {field.name for field in dataclasses.fields(LiabilityResult)} <= documented


def test_html_shows_the_answer_and_escapes_text():
    page = liability(BORN, DAY_AFTER_14, 244)._repr_html_()
    assert "criminally liable for art. 244" in page
    assert "<li>Parents or guardian notified immediately" in page
    assert "larceny (theft)" in page
    noted = liability(BORN, DAY_AFTER_14, "244(2)")._repr_html_()
    assert "&#39;244^2&#39;" in noted  # the note's quotes, escaped by the template


ERRORS = [
    # (birth, offence date, article, kwargs, words the message must contain)
    pytest.param(BORN, ON_14TH_BIRTHDAY, 999, {}, ["999", "unknown"], id="unknown-article-number"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, "12", {}, ["'12'", "unknown"], id="general-part-article"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, "theft", {}, ["'theft'", "not an article"],
                 id="not-a-number"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, None, {}, ["article", "missing"], id="article-missing"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, "  ", {}, ["article", "missing"], id="article-blank"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, 237, {}, ["237", "needs a part", "part 2"],
                 id="237-without-part"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, "255", {}, ["255", "needs a part", "part 2"],
                 id="255-without-part"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, "237(4)", {}, ["237", "part 4", "unknown"],
                 id="237-unknown-part"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, "255 part 3", {}, ["255", "part 3", "unknown"],
                 id="255-unknown-part"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, "179(3)", {}, ["'179(3)'", "ambiguous", "179 part 3",
                 "179^3"], id="179-bracket-is-ambiguous"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, "179(1)", {}, ["ambiguous"], id="179-1-is-ambiguous"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, "237(2)", {"part": 3}, ["part 2", "part=3"],
                 id="two-parts"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, 244, {"part": 0}, ["part 0"], id="part-zero"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, "244 part 0", {}, ["part 0"], id="part-zero-written"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, "179^0", {}, ["part 0"], id="inserted-zero"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, 2.5, {}, ["2.5", "must be a number"], id="float"),
    pytest.param(BORN, "2010-01-01", 244, {}, ["after the date of the offence", "not yet born"],
                 id="born-after-offence"),
    pytest.param(None, ON_14TH_BIRTHDAY, 244, {}, ["date of birth", "missing"], id="birth-missing"),
    pytest.param(BORN, None, 244, {}, ["date of the offence", "missing"],
                 id="offence-date-missing"),
    pytest.param(BORN, "2025-02-30", 244, {}, ["date of the offence", "'2025-02-30'",
                 "not a real calendar date"], id="no-such-day"),
    pytest.param("10.03.2011", ON_14TH_BIRTHDAY, 244, {}, ["date of birth", "YYYY-MM-DD"],
                 id="dotted-date"),
    pytest.param(BORN, ON_14TH_BIRTHDAY, 244, {"on_date": "2025-01-01"},
                 ["date of the decision", "before"], id="decision-before-offence"),
]  # fmt: skip


@pytest.mark.parametrize(("birth", "offence", "article", "kwargs", "words"), ERRORS)
def test_bad_input_raises_a_one_line_message_naming_it(birth, offence, article, kwargs, words):
    with pytest.raises(ValueError, match=re.escape(words[0])) as raised:
        liability(birth, offence, article, **kwargs)
    message = str(raised.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_the_age_14_list_is_the_one_in_the_criminal_code_art_23_2():
    rules = age_rules()
    listed = sorted(entry.article for entry in rules.listed)
    assert listed == [104, 110, 111, 130, 138, 139, 179, 181, 199, 200, 202, 204, 214, 237, 244,
                      248, 249, 250, 252, 255]  # fmt: skip
    by_part = {entry.article: entry.listed_parts for entry in rules.listed if entry.parts}
    assert by_part == {237: (2, 3), 255: (2,)}
    assert (rules.general_age, rules.listed_age, rules.minor_from, rules.adult_from) == (
        16, 14, 14, 18,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "article", "part", "inserted"),
    [("244", 244, None, None), ("237(2)", 237, 2, None), ("237 (3)", 237, 3, None),
     ("237 part 2", 237, 2, None), ("237, part 3", 237, 3, None),
     ("Article 237 part 2", 237, 2, None), ("art.244", 244, None, None),
     ("ART. 237 PT. 2", 237, 2, None), ("179^2", 179, None, 2),
     ("179 ^ 2", 179, None, 2), ("179\N{SUPERSCRIPT ONE}", 179, None, 1),
     ("300\N{SUPERSCRIPT ONE}\N{SUPERSCRIPT ZERO}", 300, None, 10),
     ("  244\u00a0", 244, None, None)],
)  # fmt: skip
def test_article_forms_are_read(text, article, part, inserted):
    ref = parse_article(text)
    assert (ref.article, ref.part, ref.inserted) == (article, part, inserted)


# How a Russian or a Tajik trainee writes an article: the words of the course's own catalogs
# (justice/texts.po: «ст.», «часть» / «моддаи», «қисми») and their abbreviations, in either order,
# in any case, with ordinary or non-breaking spaces.
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "article", "part"),
    [("ст. 237 ч. 2", 237, 2), ("237 часть 2", 237, 2), ("статья 237, часть 2", 237, 2),
     ("237 ч.2", 237, 2), ("Ст.237 Ч.3", 237, 3), ("СТАТЬЯ 255 ЧАСТЬ 2", 255, 2),
     (f"ст.{NBSP}237{NBSP}ч.{NBSP}2", 237, 2), ("ст 244", 244, None), ("Статья 244", 244, None),
     ("ч. 2 ст. 237", 237, 2), ("часть 2 статьи 237", 237, 2), ("Ч.1 СТ.255", 255, 1),
     ("моддаи 237 қисми 2", 237, 2), ("м. 237 қ. 2", 237, 2), ("Моддаи 237, қисми 3", 237, 3),
     ("МОДДАИ 255 ҚИСМИ 2", 255, 2), (f"м.{NBSP}255{NBSP}қ.{NBSP}1", 255, 1),
     ("қисми 2 моддаи 237", 237, 2), ("қ. 2 м. 237", 237, 2), ("моддаи 244", 244, None),
     ("237 кисми 2", 237, 2), ("part 2 of art. 237", 237, 2)],
)  # fmt: skip
def test_articles_written_the_russian_and_tajik_way_are_read(text, article, part):
    ref = parse_article(text)
    assert (ref.article, ref.part, ref.inserted) == (article, part, None)
    english = f"{article} part {part}" if part else str(article)
    assert liability(BORN, DAY_AFTER_14, text) == liability(BORN, DAY_AFTER_14, english)


@pytest.mark.parametrize(
    "text",
    ["ст.", "ч. 2", "237 ч.", "ч. 2 237", "2 ст. 237", "статья", "ст. 237 ч", "моддаи", "қисми 2",
     "м. 237 қисм", "ст. 237 ч. 2 ч. 3", "с. 237", "ст. ст. 237", "ıart 244", "ſt. 244"],
)  # fmt: skip
def test_a_russian_or_tajik_word_without_its_number_is_refused(text):
    with pytest.raises(ValueError, match="is not an article number"):
        parse_article(text)


def test_the_part_of_a_russian_article_decides_as_in_english():
    assert liability(BORN, DAY_AFTER_14, "ч. 1 ст. 237").liable is False
    assert liability(BORN, DAY_AFTER_14, "моддаи 237 қисми 2").liable is True
    with pytest.raises(ValueError, match="needs a part"):
        liability(BORN, DAY_AFTER_14, "ст. 237")
