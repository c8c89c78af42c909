"""The book's age-and-liability calculator in headless Chromium, offline, against ``liability()``.

The calculator is rendered into a standalone page (the same fragment the book shows) and opened
from ``file://`` with every other request aborted. ``HimoyaLiability.engine(...).compute`` must
give exactly what ``liability(...).to_dict()`` gives (or the same one-line error) for every listed
article and part at every age threshold, and for generated cases: birthdays, 29 February,
inserted articles, written forms of an article and bad input.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from himoya.justice import article_options, liability
from himoya.justice.articles import raised
from himoya.justice.calculator import standalone_page
from himoya.justice.dates import birthday_in

pytestmark = pytest.mark.browser

ENGINE = """(cases) => {
  const root = document.querySelector('[data-tool="liability"]');
  const calc = HimoyaLiability.engine(JSON.parse(root.querySelector("script.hl-data").textContent));
  return cases.map(c => {
    const result = calc.compute(c[0], c[1], c[2]);
    return result.error ? {answer: result} : {answer: result, rows: calc.rows(result)};
  });
}"""

VALUES = [value for _label, value in article_options() if value != "other"]


class OfflinePage:
    """A page that aborts every request that is not ``file:`` or ``data:`` and records errors."""

    def __init__(self, browser, *, width: int, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


@pytest.fixture(scope="module")
def calculator_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("calculator") / "calculator.html"
    path.write_text(standalone_page(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def engine_page(browser, calculator_file):
    offline = OfflinePage(browser, width=1000)
    offline.page.goto(calculator_file.as_uri())
    yield offline
    offline.page.close()
    assert offline.blocked == []
    assert offline.errors == []


def python_answer(case: tuple[str, str, str], lang: str = "en") -> dict:
    try:
        result = liability(*case, lang=lang)
    except ValueError as error:
        return {"answer": {"error": str(error)}}
    return {"answer": result.to_dict(), "rows": [list(row) for row in result.rows()]}


def assert_same_answers(page, cases: list[tuple[str, str, str]], lang: str = "en") -> None:
    browser_answers = page.evaluate(ENGINE, [list(case) for case in cases])
    for case, in_browser in zip(cases, browser_answers, strict=True):
        assert in_browser == python_answer(case, lang), case


def threshold_cases() -> list[tuple[str, str, str]]:
    """Every choice of the list, for a child born on 10 March 2008 and on 29 February 2008, the
    day before, on and after each birthday from the 12th to the 19th."""
    cases = []
    for birth in (dt.date(2008, 3, 10), dt.date(2008, 2, 29)):
        for age in range(12, 20):
            birthday = birthday_in(birth.year + age, birth)
            for shift in (-1, 0, 1):
                day = (birthday + dt.timedelta(days=shift)).isoformat()
                cases.extend((birth.isoformat(), day, value) for value in VALUES)
    return cases


def test_every_listed_article_and_part_at_every_threshold_gives_the_same_answer(engine_page):
    cases = threshold_cases()
    assert len(cases) > 1000
    assert_same_answers(engine_page.page, cases)


@pytest.mark.parametrize("lang", ["ru", "tg"])
def test_a_translated_calculator_gives_the_answers_and_messages_of_liability_in_its_language(
    browser, tmp_path, lang
):
    path = tmp_path / f"calculator-{lang}.html"
    path.write_text(standalone_page(lang=lang), encoding="utf-8")
    offline = OfflinePage(browser, width=1000)
    try:
        offline.page.goto(path.as_uri())
        cases = threshold_cases()[::7] + [
            ("2010-01-01", "2025-06-01", bad)
            for bad in ("237", "255 part 4", "179(3)", "244(2)", "theft", "", "99999", "179^3")
        ]
        cases += [
            ("2010-01-01", "2025-06-01", typed)
            for typed in ("ст. 237 ч. 2", "ч. 1 ст. 237", "статья 255, часть 4", "ст. 237",
                          "моддаи 237 қисми 2", "м. 255 қ. 1", "қисми 3 моддаи 237", "м. 179(3)")
        ]  # fmt: skip
        cases += [("2010-13-01", "2025-06-01", "244"), ("2026-01-01", "2025-06-01", "244")]
        assert_same_answers(offline.page, cases, lang)
        answers = offline.page.evaluate(ENGINE, [["2010-01-01", "2025-06-01", "237"]])
        assert "part" not in answers[0]["answer"]["error"].replace("part 2", "")
        assert offline.blocked == []
        assert offline.errors == []
    finally:
        offline.page.close()


LEAP_DAYS = st.sampled_from(range(1992, 2032, 4)).map(lambda year: dt.date(year, 2, 29))
BIRTHS = st.one_of(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)), LEAP_DAYS)
FORMS = ["{n}", "{n}({p})", "{n} ({p})", "{n} part {p}", "art. {n}, part {p}", "Article {n}",
         "ART.{n} PT. {p}", "{n}^{p}", "{n} ^ {p}", "{n}.{p}", "{n}-{p}", " {n}\u00a0", "{n}p.{p}",
         "{n}(0{p})", "{n} part", "part {p} of art. {n}", "part {p} {n}"]  # fmt: skip
# How a Russian or a Tajik trainee writes it (articles.py): the words, their abbreviations, either
# order, non-breaking spaces; and near misses (no number, a word alone, a stray letter).
LOCAL_FORMS = ["ст. {n} ч. {p}", "{n} часть {p}", "статья {n}, часть {p}", "{n} ч.{p}", "ст.{n}",
               "ст.\u00a0{n}\u00a0ч.\u00a0{p}", "ч. {p} ст. {n}", "часть {p} статьи {n}",
               "моддаи {n} қисми {p}", "м. {n} қ. {p}", "м.\u00a0{n}\u00a0қ.\u00a0{p}",
               "қисми {p} моддаи {n}", "қ.{p} м.{n}", "{n} кисми {p}", "модда {n} қисм {p}",
               "ст. {n}^{p}", "м. {n}({p})", "ст. {n} ч.", "ч. {p} {n}", "{p} ст. {n}", "с. {n}",
               "ст. {n} ч. {p} ч. {p}", "ст. ст. {n}", "моддаи{n}қисми{p}",
               "ст. {n} к. {p}"]  # fmt: skip
ARTICLES = st.one_of(
    st.sampled_from(VALUES),
    st.builds(
        lambda form, n, p, upper: (str.upper if upper else str)(form.format(n=n, p=p)),
        st.sampled_from(FORMS + LOCAL_FORMS),
        st.integers(90, 420) | st.sampled_from([179, 237, 244, 255, 165, 247]),
        st.integers(0, 12),
        st.booleans(),
    ),
    st.builds(lambda n, p: f"{n}{raised(p)}", st.sampled_from([179, 244, 255, 300]),
              st.integers(0, 12)),
    st.sampled_from(["", "  ", "237", "255", "179(3)", "179(1)", "255(3)", "237(4)", "theft",
                     "\u0662\u0664\u0664", "\uff12\uff14\uff14", "244\n", "2 44", "99999"]),
    st.text(max_size=8),
)  # fmt: skip


def test_every_written_form_in_every_language_gives_the_same_answer(engine_page):
    cases = [
        ("2010-01-01", "2025-06-01", case(form.format(n=n, p=p)))
        for form in FORMS + LOCAL_FORMS
        for n in (237, 255, 244, 179, 165)
        for p in (0, 1, 2, 3)
        for case in (str, str.upper)
    ]
    assert_same_answers(engine_page.page, cases)
    answered = [c for c, r in zip(cases, map(python_answer, cases), strict=True)
                if "error" not in r["answer"]]  # fmt: skip
    assert ("2010-01-01", "2025-06-01", "МОДДАИ 237 ҚИСМИ 2") in answered
    assert ("2010-01-01", "2025-06-01", "ч. 2 ст. 237") in answered
    assert len(answered) > len(cases) / 2


@st.composite
def cases_near_birthdays(draw) -> tuple[str, str, str]:
    """A child, an offence within two days of a birthday (ages 0-25), and an article."""
    birth = draw(BIRTHS)
    year = min(birth.year + draw(st.integers(0, 25)), 9999)
    day = birthday_in(year, birth) + dt.timedelta(days=draw(st.integers(-2, 2)))
    return birth.isoformat(), day.isoformat(), draw(ARTICLES)


DATE_TEXT = st.one_of(
    BIRTHS.map(dt.date.isoformat),
    st.sampled_from(["", " ", "2025-02-30", "2023-02-29", "2024-02-29", "0000-01-01", "9999-12-31",
                     "17.05.2010", "2010-5-7", "2010-05-17T10:00", " 2010-05-17 ", "2010-13-01",
                     "\uff12\uff10\uff11\uff10-05-17", "2010-05-17\n", "20100517"]),
    st.text(max_size=12),
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases=st.lists(cases_near_birthdays(), min_size=1, max_size=40))
def test_generated_birthdays_and_articles_give_the_same_answer(engine_page, cases):
    assert_same_answers(engine_page.page, cases)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases=st.lists(st.tuples(DATE_TEXT, DATE_TEXT, ARTICLES), min_size=1, max_size=40))
def test_generated_bad_input_gives_the_same_answer_or_message(engine_page, cases):
    assert_same_answers(engine_page.page, cases)


# Issue 14: the calculator answers theft at 15 (liable) and art. 247 at 15 (below the age) as
# liability() does, on a phone and on a laptop, with every non-local request blocked.
ANSWERS = [
    # (date of birth, date of the offence, choice in the list, article typed, status)
    pytest.param("2010-01-01", "2025-06-01", "244", None, "minor", id="theft-at-15-liable"),
    pytest.param("2010-01-01", "2025-06-01", "other", "247", "below-age",
                 id="art-247-at-15-below-the-age"),
    pytest.param("2010-01-01", "2025-06-01", "255 part 1", None, "below-age",
                 id="simple-damage-at-15-below-the-age"),
    pytest.param("2008-01-01", "2025-06-01", "other", "165", "check-article",
                 id="art-165-at-17-check-the-article"),
    pytest.param("2010-01-01", "2025-06-01", "other", "ч. 2 ст. 237", "minor",
                 id="typed-in-russian-aggravated-hooliganism-at-15-liable"),
    pytest.param("2010-01-01", "2025-06-01", "other", "М.\u00a0255\u00a0Қ.\u00a01", "below-age",
                 id="typed-in-tajik-simple-damage-at-15-below-the-age"),
]  # fmt: skip


@pytest.mark.parametrize("width", [360, 1366])
@pytest.mark.parametrize(("born", "offence", "choice", "typed", "status"), ANSWERS)
def test_the_form_answers_as_liability_does(
    browser, calculator_file, width, born, offence, choice, typed, status
):
    expected = liability(born, offence, typed or choice)
    assert expected.status == status
    offline = OfflinePage(browser, width=width, height=800)
    page = offline.page
    try:
        page.goto(calculator_file.as_uri())
        root = page.locator('[data-tool="liability"]')
        root.locator('input[name="date_of_birth"]').fill(born)
        root.locator('input[name="offence_date"]').fill(offence)
        root.locator('select[name="article"]').select_option(choice)
        other = root.locator('input[name="other_article"]')
        assert other.is_visible() is (choice == "other")
        if typed:
            other.fill(typed)
        root.get_by_role("button", name="Answer").click()
        answer = root.locator(".hl-answer")
        assert answer.locator(".hl-summary").inner_text() == expected.summary
        items = answer.locator(".hl-protections li").all_inner_texts()
        assert tuple(items) == expected.protections
        assert root.get_attribute("data-hl-status") == expected.status
        top = answer.locator(".hl-summary").bounding_box()
        assert top is not None
        assert 0 <= top["y"] < 800, "the answer's first line is out of sight after the click"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
        assert offline.blocked == []
        assert offline.errors == []
    finally:
        page.close()


def test_a_bad_entry_shows_the_same_message_as_liability(browser, calculator_file):
    offline = OfflinePage(browser, width=360)
    page = offline.page
    try:
        page.goto(calculator_file.as_uri())
        page.locator('input[name="date_of_birth"]').fill("2010-01-01")
        page.locator('select[name="article"]').select_option("244")
        page.get_by_role("button", name="Answer").click()
        with pytest.raises(ValueError, match="missing") as raised_error:
            liability("2010-01-01", "", "244")
        assert page.locator(".hl-answer .hl-error").inner_text() == (
            f"Check the form: {raised_error.value}"
        )
    finally:
        page.close()


def use_the_form(page, born: str, offence: str, choice: str, typed: str | None) -> str:
    """Fill the first calculator on the page, press Answer and return the summary shown."""
    root = page.locator('[data-tool="liability"]').first
    root.locator('input[name="date_of_birth"]').fill(born)
    root.locator('input[name="offence_date"]').fill(offence)
    root.locator('select[name="article"]').select_option(choice)
    if typed:
        root.locator('input[name="other_article"]').fill(typed)
    root.get_by_role("button", name="Answer").click()
    return root.locator(".hl-answer .hl-summary").inner_text()


@pytest.mark.build
@pytest.mark.parametrize("width", [360, 1366])
def test_the_calculator_page_of_the_built_book_answers_offline(browser, built_book, width):
    page_file = built_book / "modules" / "03-juvenile-justice" / "calculator.html"
    offline = OfflinePage(browser, width=width, height=800)
    page = offline.page
    try:
        page.goto(page_file.as_uri())
        assert page.locator('[data-tool="liability"]').count() == 1
        theft = use_the_form(page, "2010-01-01", "2025-06-01", "244", None)
        assert theft == liability("2010-01-01", "2025-06-01", "244").summary
        assert "criminally liable" in theft
        other = use_the_form(page, "2010-01-01", "2025-06-01", "other", "247")
        assert other == liability("2010-01-01", "2025-06-01", "247").summary
        assert "below the age of criminal liability" in other
        top = page.locator('[data-tool="liability"] .hl-summary').bounding_box()
        assert top is not None
        assert 0 <= top["y"] < 800, "the answer's first line is out of sight after the click"
        assert offline.blocked == []
        assert offline.errors == []
    finally:
        page.close()
