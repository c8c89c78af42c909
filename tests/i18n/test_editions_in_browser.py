"""In Chromium: the language switch leads to the same page; a Russian case plays in Russian."""

import re

import pytest

pytestmark = [pytest.mark.build, pytest.mark.browser]
CASE = "modules/04-psychosocial/case-grandmother-and-three.html"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.route(re.compile(r"^(?!file:|data:).*"), lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


def test_the_language_switch_leads_to_the_same_page_and_back(page, built_book):
    page.goto((built_book / CASE).as_uri())
    page.click("nav.himoya-languages a[hreflang=ru]")
    page.wait_for_load_state()
    assert page.url == (built_book / "ru" / CASE).as_uri()
    assert page.get_attribute("html", "lang") == "ru"
    page.click("nav.himoya-languages a[hreflang=en]")
    page.wait_for_load_state()
    assert page.url == (built_book / CASE).as_uri()


def test_a_russian_case_plays_to_an_ending_in_russian(page, built_book):
    page.goto((built_book / "ru" / CASE).as_uri())
    player = page.locator("div.himoya-player")
    assert CYRILLIC.search(player.locator(".hp-title").inner_text())
    for _ in range(20):
        if player.get_attribute("data-himoya-finished") == "true":
            break
        player.locator("button.hp-choice").first.click()
    assert player.get_attribute("data-himoya-finished") == "true"
    scene = player.locator(".hp-scene").inner_text()
    assert "Конец случая" in scene
    # The first button is not always the best choice (the choices are shuffled): any ending.
    kind = player.locator(".hp-kind").inner_text()
    assert kind in {"Хороший исход", "Неоднозначный исход", "Вредный исход"}
    assert "Вопросы для обсуждения" in scene
    status = player.locator(".hp-status").inner_text()
    assert re.match(r"Случай завершён\. Сделано выборов: \d+\.", status)
    assert page.locator("nav.himoya-languages .himoya-lang-current").inner_text() == "Русский"


def test_the_russian_screening_page_shows_the_russian_phq9(page, built_book):
    page.goto((built_book / "ru" / "modules/04-psychosocial/screening-form.html").as_uri())
    form = page.locator("div.himoya-screen-form").first
    assert form.get_attribute("lang") == "ru"
    text = form.inner_text()
    assert "Опросник здоровья пациента (PHQ-9)" in text
    assert "Рабочий перевод" in text


@pytest.mark.parametrize(
    ("edition", "words", "title"),
    [
        ("ru", "скрининга", "Бланки скрининга"),
        # A page the Tajik edition shows in Tajik.
        ("tg", "нишонаҳои", "Нишонаҳои хатар"),
        # A page it shows in Russian (its fallback), found by a form of the word that no page
        # has: the Tajik edition searches with Russian rules (locale/tg/edition.yml).
        ("tg", "опросниками", "Скрининг, оценка и диагноз"),
    ],
)
def test_the_search_page_finds_pages_in_the_editions_words(page, built_book, edition, words, title):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((built_book / edition / "search.html").as_uri() + f"?q={words}")
    # Sphinx's searchtools lists the results one by one and writes the summary line when done.
    # (Not its "…" pulse: a pulse already scheduled starts it again after the stop.)
    page.wait_for_function(
        "() => document.querySelectorAll('#search-results li').length > 0"
        " && document.querySelector('#search-results p.search-summary')?.innerText"
    )
    assert title in page.locator("#search-results ul").inner_text()
    # The summary line says in the edition's language how many pages were found (Sphinx's own
    # Russian catalog leaves it empty: locale/ru/LC_MESSAGES/sphinx.po fills it).
    count = page.locator("#search-results li").count()
    summary = page.locator("#search-results p.search-summary").inner_text()
    assert CYRILLIC.search(summary)
    assert str(count) in summary
    # The query typed starts after the magnifier icon, not under it.
    icon_end, text_start = page.evaluate(
        """() => {
            const form = document.querySelector('main form.bd-search');
            const icon = form.querySelector('i').getBoundingClientRect();
            const field = form.querySelector('input');
            const start = field.getBoundingClientRect().left
                + parseFloat(getComputedStyle(field).paddingLeft);
            return [icon.right, start];
        }"""
    )
    assert icon_end <= text_start
    assert errors == []
