"""``himoya.justice.liability``: the age at the offence decides; art. 23 lists; protections."""

import ast
import dataclasses
import datetime as dt
import inspect
import itertools
import re

import pytest

from himoya.justice import LiabilityResult, age_rules, liability, parse_article
from himoya.justice.liability import MINOR_PROTECTIONS, NO_LIABILITY, NOT_A_CHILD

# A child born on 2011-03-10 turns 14 on 2025-03-10.
BORN = "2011-03-10"
DAY_BEFORE_14 = "2025-03-09"  # 13 years and 364 days
ON_14 = "2025-03-10"  # 14 years and 0 days

CASES = [
    # (birth, offence date, article, kwargs, age, liability age, liable, minor, status)
    pytest.param(BORN, DAY_BEFORE_14, 244, {}, 13, 14, False, False, "below-age",
                 id="theft-244-at-13y364d-not-liable"),
    pytest.param(BORN, ON_14, 244, {}, 14, 14, True, True, "minor",
                 id="theft-244-at-14y0d-liable"),
    pytest.param(BORN, ON_14, "244", {}, 14, 14, True, True, "minor", id="article-as-text"),
    pytest.param(BORN, ON_14, "art. 244", {}, 14, 14, True, True, "minor",
                 id="article-with-art-prefix"),
    pytest.param("2009-11-02", "2025-01-15", 104, {}, 15, 14, True, True, "minor",
                 id="homicide-104-at-15-liable"),
    pytest.param("2009-11-02", "2025-01-15", 247, {}, 15, 16, False, True, "below-age",
                 id="unlisted-article-at-15-not-liable"),
    pytest.param("2008-11-02", "2025-01-15", 247, {}, 16, 16, True, True, "minor",
                 id="unlisted-article-at-16-liable"),
    pytest.param("2010-06-20", "2025-02-01", "237(2)", {}, 14, 14, True, True, "minor",
                 id="237-part-2-in-brackets-listed"),
    pytest.param("2010-06-20", "2025-02-01", "237 part 3", {}, 14, 14, True, True, "minor",
                 id="237-part-3-in-words-listed"),
    pytest.param("2010-06-20", "2025-02-01", 237, {"part": 2}, 14, 14, True, True, "minor",
                 id="237-with-part-argument"),
    pytest.param("2010-06-20", "2025-02-01", "237(1)", {}, 14, 16, False, True, "below-age",
                 id="237-part-1-not-listed"),
    pytest.param("2010-06-20", "2025-02-01", 244, {"part": 3}, 14, 14, True, True, "minor",
                 id="part-of-a-wholly-listed-article-changes-nothing"),
    pytest.param("2007-04-05", "2025-04-04", 248, {}, 17, 14, True, True, "minor",
                 id="day-before-18th-birthday-minor"),
    pytest.param("2007-04-05", "2025-04-05", 248, {}, 18, 14, True, False, "adult",
                 id="18th-birthday-at-offence-not-a-child-case"),
    pytest.param("2008-02-29", "2022-02-28", 244, {}, 13, 14, False, False, "below-age",
                 id="feb29-birth-not-yet-14-on-28-feb"),
    pytest.param("2008-02-29", "2022-03-01", 244, {}, 14, 14, True, True, "minor",
                 id="feb29-birth-14-on-1-march"),
    pytest.param("2015-01-01", "2025-06-01", 104, {}, 10, 14, False, False, "below-age",
                 id="young-child-never-liable"),
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


def test_below_the_age_of_liability_the_child_is_referred_for_protection():
    result = liability(BORN, DAY_BEFORE_14, 244)
    assert result.protections == (NO_LIABILITY,)
    assert "Commission on Child Rights" in result.protections[0]
    assert "CRC/C/TJK/CO/2" in result.protections[0]


def test_a_liable_minor_gets_every_protection_with_its_source():
    result = liability(BORN, ON_14, 244)
    assert result.protections == MINOR_PROTECTIONS
    joined = " | ".join(result.protections)
    for source in (
        "Beijing Rules, rule 10.1",
        "rule 10.2",
        "CRC art. 37(d)",
        "CRC art. 37(c)",
        "CRC art. 37(b)",
        "CRC art. 40(3)(b)",
        "rule 11",
        "Criminal Code art. 86",
    ):
        assert source in joined, source
    assert "last resort" in joined


def test_an_adult_at_the_offence_is_not_a_child_case():
    result = liability("2007-04-05", "2025-04-05", 248)
    assert result.protections == (NOT_A_CHILD,)
    assert "not a child case" in result.summary


def test_listed_offence_is_named_and_unlisted_is_none():
    assert liability(BORN, ON_14, 244).offence == "larceny (theft)"
    assert liability(BORN, ON_14, 247).offence is None


def test_the_age_at_the_offence_counts_not_the_age_today():
    result = liability(BORN, DAY_BEFORE_14, 244, on_date="2026-01-01")
    assert (result.age_at_offence, result.age_on_date) == (13, 14)
    assert not result.liable
    assert any("age at the offence counts" in note for note in result.notes)


def test_a_minor_at_the_offence_who_is_adult_now_keeps_art_86():
    result = liability("2007-04-05", "2025-04-04", 248, on_date="2025-06-01")
    assert result.status == "minor"
    assert result.age_on_date == 18
    assert any("art. 86" in note for note in result.notes)


def test_result_is_frozen():
    result = liability(BORN, ON_14, 244)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.liable = False  # type: ignore[misc]


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
    result = liability(BORN, ON_14, 244)
    page = result._repr_html_()
    assert "criminally liable for art. 244" in page
    assert "<li>Parents or guardian notified immediately" in page
    assert "larceny (theft)" in page
    assert result.date_of_birth == dt.date(2011, 3, 10)


ERRORS = [
    # (birth, offence date, article, kwargs, words the message must contain)
    pytest.param(BORN, ON_14, 999, {}, ["999", "unknown"], id="unknown-article-number"),
    pytest.param(BORN, ON_14, "12", {}, ["'12'", "unknown"], id="general-part-article"),
    pytest.param(BORN, ON_14, "theft", {}, ["'theft'", "not an article"], id="not-a-number"),
    pytest.param(BORN, ON_14, None, {}, ["None", "missing"], id="article-missing"),
    pytest.param(BORN, ON_14, 237, {}, ["237", "needs a part"], id="237-without-part"),
    pytest.param(BORN, ON_14, "237(4)", {}, ["237", "part 4", "unknown"], id="237-unknown-part"),
    pytest.param(BORN, ON_14, "237(2)", {"part": 3}, ["part 2", "part=3"], id="two-parts"),
    pytest.param(BORN, ON_14, 244, {"part": 0}, ["part 0"], id="part-zero"),
    pytest.param(BORN, "2010-01-01", 244, {}, ["after offence_date"], id="born-after-offence"),
    pytest.param(None, ON_14, 244, {}, ["date_of_birth", "missing"], id="birth-missing"),
    pytest.param(BORN, None, 244, {}, ["offence_date", "missing"], id="offence-date-missing"),
    pytest.param(BORN, ON_14, 244, {"on_date": "2025-01-01"}, ["on_date", "before"],
                 id="decision-before-offence"),
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
    listed = sorted(entry.article for entry in age_rules().listed)
    assert listed == [104, 110, 111, 130, 138, 139, 179, 181, 199, 200, 202, 204, 214, 237, 244,
                      248, 249, 250, 252, 255]  # fmt: skip
    rules = age_rules()
    assert (rules.general_age, rules.listed_age, rules.minor_from, rules.adult_from) == (
        16, 14, 14, 18,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "article", "part"),
    [("244", 244, None), ("237(2)", 237, 2), ("237 (3)", 237, 3), ("237 part 2", 237, 2),
     ("237, part 3", 237, 3), ("Article 237 part 2", 237, 2), ("art.244", 244, None)],
)  # fmt: skip
def test_article_forms_are_read(text, article, part):
    ref = parse_article(text)
    assert (ref.article, ref.part) == (article, part)
