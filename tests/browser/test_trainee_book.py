"""The built book as a trainee meets it: a phone (360 px), a tablet (800 px) and a laptop (1366 px),
opened from ``file://`` in Debian's chromium with every request to another host blocked.

The menu opens, closes and is reachable by keyboard; there is one search box; a PHQ-9 answered on
the screening-form page is scored and raises its red flag; after a choice in a case the verdict
is on the screen; wide tables keep their key columns on a phone.
"""

from __future__ import annotations

import pytest

from keyboard import tab_to

pytestmark = [pytest.mark.build, pytest.mark.browser]

PHONE, TABLET, LAPTOP = 360, 800, 1366

NAV_SHOWN = """() => [...document.querySelectorAll("nav.bd-docs-nav")].some(nav => {
  const box = nav.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && box.right > 0 && box.left < innerWidth
    && getComputedStyle(nav).visibility !== "hidden";
})"""


class Tab:
    """A page at one width; every non-local request is aborted and counted, errors recorded."""

    def __init__(self, browser, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 760})
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.route(
            lambda url: not url.startswith(("file:", "data:")),
            lambda route: (self.blocked.append(route.request.url), route.abort()),
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )

    def open(self, path) -> None:
        self.page.goto(path.as_uri(), wait_until="load")

    def close(self) -> None:
        self.context.close()
        assert self.blocked == []
        assert self.errors == []


@pytest.fixture
def tab(browser):
    tabs: list[Tab] = []

    def make(width: int) -> Tab:
        tabs.append(Tab(browser, width))
        return tabs[-1]

    yield make
    for item in tabs:
        item.close()


@pytest.mark.parametrize("width", [PHONE, TABLET])
def test_on_a_phone_or_tablet_the_menu_opens_and_closes_by_keyboard(built_book, tab, width):
    view = tab(width)
    view.open(built_book / "modules" / "00-start" / "course-map.html")
    page = view.page
    assert not page.evaluate(NAV_SHOWN), "the menu should start closed on a small screen"
    assert tab_to(page, ".primary-toggle", limit=60), "Tab never reached the menu button"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#pst-primary-sidebar-modal').open")
    assert page.evaluate(NAV_SHOWN)
    # The menu's links are reachable by keyboard, and Escape closes it.
    assert tab_to(page, "#pst-primary-sidebar-modal nav.bd-docs-nav a", limit=30)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('#pst-primary-sidebar-modal').open")
    page.wait_for_function(f"() => !({NAV_SHOWN})()", timeout=5000)
    # A tap opens it too, and a link in it leads to another page.
    page.locator(".primary-toggle").click()
    page.locator("#pst-primary-sidebar-modal a", has_text="Glossary").click()
    page.wait_for_url("**/glossary.html")


def test_on_a_laptop_the_menu_button_hides_and_shows_the_sidebar(built_book, tab):
    view = tab(LAPTOP)
    view.open(built_book / "modules" / "00-start" / "course-map.html")
    page = view.page
    assert page.evaluate(NAV_SHOWN)
    assert tab_to(page, ".primary-toggle", limit=60), "Tab never reached the menu button"
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => !({NAV_SHOWN})()")
    page.locator(".primary-toggle").click()
    page.wait_for_function(NAV_SHOWN)


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
def test_there_is_one_search_box_and_a_way_to_search(built_book, tab, width):
    view = tab(width)
    view.open(built_book / "modules" / "00-start" / "glossary.html")
    page = view.page
    assert page.locator(".primary-toggle").count() == 1
    assert page.locator(".search-button-field").count() == 1
    shown = page.locator(".search-button-field:visible, .search-button:visible")
    assert shown.count() >= 1
    shown.first.click()
    page.wait_for_function("() => document.querySelector('#pst-search-dialog').open")
    page.keyboard.type("diversion")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "search.html?q=diversion" in url)
    # The search works offline: results (page titles) appear, with no error from file://.
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0")


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
def test_a_phq9_answered_in_the_book_is_scored_and_item_9_raises_the_red_flag(
    built_book, tab, width
):
    view = tab(width)
    view.open(built_book / "modules" / "04-psychosocial" / "screening-form.html")
    form = view.page.locator('[data-instrument="phq9"]')
    assert form.locator("fieldset").count() >= 9
    for number, value in enumerate([1, 2, 0, 3, 1, 0, 2, 1, 0], start=1):
        form.locator(f'li[data-item="q{number}"] label.hs-option').nth(value).click()
    result = form.locator(".hs-result")
    assert result.locator('tr[data-row="total"] td').inner_text() == "10 of 27"
    assert result.locator('tr[data-row="band"] td').inner_text() == "moderate"
    assert "Red flags: none." in result.inner_text()
    form.locator('li[data-item="q9"] label.hs-option').nth(1).click()
    flag = result.locator(".hs-red-flag")
    assert flag.is_visible()
    assert "Red flag: act today" in flag.inner_text()
    assert "suicide-risk assessment" in flag.inner_text()
    assert result.locator('tr[data-row="total"] td').inner_text() == "11 of 27"
    assert view.page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
def test_after_a_choice_the_verdict_is_on_the_screen(built_book, tab, width):
    view = tab(width)
    view.open(built_book / "modules" / "03-juvenile-justice" / "case-bread-at-the-bazaar.html")
    player = view.page.locator(".himoya-player")
    for _ in range(3):
        choice = player.locator("button.hp-choice").first
        label = choice.inner_text()
        choice.click()
        feedback = player.locator(".hp-feedback")
        assert label in feedback.inner_text()
        box = feedback.bounding_box()
        header = view.page.evaluate(
            "() => document.querySelector('.bd-header-article')?.getBoundingClientRect().bottom"
            " ?? 0"
        )
        assert header <= box["y"] < 760 * 0.5, f"verdict at {box['y']} px, header ends {header}"
        if player.get_attribute("data-himoya-finished") == "true":
            break


def test_on_a_phone_wide_tables_keep_their_key_columns(built_book, tab):
    view = tab(PHONE)
    page = view.page
    view.open(built_book / "modules" / "00-start" / "glossary.html")
    cells = page.locator("table.himoya-stack td[data-label]")
    assert cells.count() > 40
    labels = set(cells.evaluate_all("cells => cells.map(c => c.dataset.label)"))
    assert {"English", "Russian", "Tajik"} <= labels
    offscreen = page.evaluate(
        "() => [...document.querySelectorAll('table.himoya-stack td')]"
        ".filter(c => c.getBoundingClientRect().right > innerWidth + 1).length"
    )
    assert offscreen == 0
    view.open(built_book / "modules" / "00-start" / "path-police.html")
    assert page.locator("table.himoya-stack td[data-label='Time']").count() >= 5
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    # A data table keeps its columns and scrolls inside its box, with a shadow at the edge.
    view.open(built_book / "modules" / "07-caseload-data" / "overview.html")
    scrolls = page.evaluate(
        "() => [...document.querySelectorAll('.cell_output .output.text_html')]"
        ".filter(b => b.scrollWidth > b.clientWidth)"
        ".map(b => [getComputedStyle(b).overflowX, getComputedStyle(b).backgroundImage])"
    )
    assert scrolls, "no wide data table on the overview page"
    assert all(overflow == "auto" and "gradient" in image for overflow, image in scrolls)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
