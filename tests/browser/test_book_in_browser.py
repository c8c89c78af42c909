"""Every built page in headless chromium from ``file://``: offline, themed, accessible, usable.

One visit per page (module fixture ``visits``) records what the page asked for from another
host (every such request is aborted and counted), whether the theme rendered, the scenario
players' choices, and axe-core's violations. The tests then check one property each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from keyboard import tab_to

pytestmark = [pytest.mark.build, pytest.mark.browser]

DESKTOP = {"width": 1280, "height": 900}

THEME_STATE = """() => {
  const nav = document.querySelector("nav.bd-docs-nav");
  const box = nav ? nav.getBoundingClientRect() : null;
  const style = getComputedStyle(document.documentElement);
  return {
    sidebar: !!box && box.width > 0 && box.height > 0
      && getComputedStyle(nav).visibility !== "hidden",
    themed: style.getPropertyValue("--pst-color-primary").trim() !== "",
    stylesheets: document.styleSheets.length,
    players: document.querySelectorAll(".himoya-player").length,
    choices: Array.from(document.querySelectorAll(".himoya-player button.hp-choice"))
      .filter(b => b.offsetWidth > 0 && b.offsetHeight > 0).length,
    imagesWithoutAlt: Array.from(document.images)
      .filter(img => !img.hasAttribute("alt") && img.getAttribute("role") !== "presentation")
      .map(img => img.getAttribute("src")),
  };
}"""

AXE_RUN = """async () => {
  // preload: false. axe would otherwise fetch the page's stylesheets itself, which from file://
  // fails with CORS errors that land on the next page's console.
  const result = await axe.run(document, { resultTypes: ["violations"], preload: false });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
  }));
}"""


@dataclass
class Visit:
    """What one page did in the browser."""

    remote: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    state: dict = field(default_factory=dict)
    violations: list[dict] = field(default_factory=list)


def _pages(html: Path) -> list[Path]:
    return sorted(
        path
        for path in html.rglob("*.html")
        if "_static" not in path.relative_to(html).parts
        and path.name not in {"genindex.html", "search.html"}
        and path.relative_to(html).as_posix() != "index.html"  # a redirect to the first page
    )


def _is_local(url: str) -> bool:
    return url.startswith(("file:", "data:"))


def _open(browser, url: str | None, remote: list[str], errors: list[str] | None = None):
    """A desktop-sized page whose requests to any other host are aborted and counted.

    ``errors`` (if given) collects every script error and console error of the page.
    """
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    if errors is not None:
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    def abort(route) -> None:
        remote.append(route.request.url)
        route.abort()

    # Every URL is routed; the local ones (file:, data:) are let through untouched.
    page.route(lambda request_url: not _is_local(request_url), abort)
    page.on("websocket", lambda socket: remote.append(socket.url))
    if url is not None:
        page.goto(url, wait_until="load")
    return context, page


@pytest.fixture(scope="module")
def visits(built_book, browser, axe_js) -> dict[str, Visit]:
    results: dict[str, Visit] = {}
    remote: list[str] = []
    errors: list[str] = []
    context, page = _open(browser, None, remote, errors)
    try:
        for path in _pages(built_book):
            remote.clear()
            errors.clear()
            page.goto(path.as_uri(), wait_until="load")
            visit = Visit(state=page.evaluate(THEME_STATE))
            visit.errors = list(errors)
            page.add_script_tag(path=str(axe_js))
            visit.violations = page.evaluate(AXE_RUN)
            visit.remote = list(remote)
            results[path.relative_to(built_book).as_posix()] = visit
    finally:
        context.close()
    assert results, f"no pages found in {built_book}"
    return results


def test_no_page_requests_anything_from_another_host(visits):
    offending = {name: visit.remote for name, visit in visits.items() if visit.remote}
    assert offending == {}


def test_no_page_has_a_script_error(visits):
    failing = {name: visit.errors for name, visit in visits.items() if visit.errors}
    assert failing == {}


def test_every_page_renders_with_the_theme_and_its_sidebar(visits):
    broken = {
        name: visit.state
        for name, visit in visits.items()
        if not (visit.state["sidebar"] and visit.state["themed"])
    }
    assert broken == {}


def test_scenario_pages_show_their_players_choices(visits):
    case_pages = {name: v for name, v in visits.items() if Path(name).name.startswith("case-")}
    if not case_pages:
        pytest.skip("the book has no case-*.html pages yet")
    silent = {
        name: visit.state
        for name, visit in case_pages.items()
        if visit.state["players"] < 1 or visit.state["choices"] < 2
    }
    assert silent == {}


def test_no_page_has_a_serious_or_critical_accessibility_violation(visits):
    found = {
        name: [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in visit.violations]
        for name, visit in visits.items()
        if any(v["impact"] in {"serious", "critical"} for v in visit.violations)
    }
    assert found == {}


def test_theme_chrome_fixes_leave_no_landmark_or_name_problem(visits):
    # The stock theme fails these three; _static/himoya-a11y.js fixes them on every page.
    rules = {"label-content-name-mismatch", "summary-name", "region"}
    found = {
        name: [v["id"] for v in visit.violations if v["id"] in rules]
        for name, visit in visits.items()
        if any(v["id"] in rules for v in visit.violations)
    }
    assert found == {}


def test_every_image_has_alt_text_and_enough_contrast(visits):
    missing_alt = {
        n: v.state["imagesWithoutAlt"] for n, v in visits.items() if v.state["imagesWithoutAlt"]
    }
    low_contrast = {
        name: [v["nodes"] for v in visit.violations if v["id"] == "color-contrast"]
        for name, visit in visits.items()
        if any(v["id"] == "color-contrast" for v in visit.violations)
    }
    assert missing_alt == {}
    assert low_contrast == {}


# --- keyboard ----------------------------------------------------------------------------------


def _scenario_page(built_book: Path, tmp_path: Path) -> Path:
    """A case page of the book, or (before there is one) a page with a shipped scenario's player."""
    pages = sorted(built_book.rglob("case-*.html"))
    if pages:
        return pages[0]
    from himoya.scenarios import discover, load
    from himoya.scenarios.html import standalone_page

    page = tmp_path / "player.html"
    page.write_text(standalone_page(load(discover()[0])), encoding="utf-8")
    return page


def test_scenario_player_works_with_tab_and_enter(built_book, browser, tmp_path):
    remote: list[str] = []
    context, page = _open(browser, _scenario_page(built_book, tmp_path).as_uri(), remote)
    try:
        assert tab_to(page, ".himoya-player button.hp-choice", limit=400), (
            "Tab never reached a choice"
        )
        label = page.evaluate("() => document.activeElement.textContent")
        page.keyboard.press("Enter")
        feedback = page.locator(".himoya-player .hp-feedback").first
        feedback.wait_for(state="visible")
        assert label.strip() in feedback.inner_text()
        focused_inside = page.evaluate("() => !!document.activeElement.closest('.himoya-player')")
        assert focused_inside, "focus left the player after a choice"
    finally:
        context.close()
    assert remote == []


FOCUS = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return {
    inMain: !!e.closest("#main-content"),
    inArticle: !!e.closest("article.bd-article"),
    ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none",
    what: e.tagName + " " + (e.textContent || "").trim().slice(0, 40),
  };
}"""


def test_screening_form_page_can_be_used_by_keyboard(built_book, browser):
    form_page = built_book / "modules" / "04-psychosocial" / "screening-form.html"
    remote: list[str] = []
    context, page = _open(browser, form_page.as_uri(), remote)
    try:
        page.keyboard.press("Tab")
        first = page.evaluate("() => document.activeElement.textContent.trim()")
        assert first == "Skip to main content"
        page.keyboard.press("Enter")
        stops = []
        for _ in range(40):
            page.keyboard.press("Tab")
            stops.append(page.evaluate(FOCUS))
            if stops[-1]["inArticle"]:
                break
        assert stops[0]["inMain"], f"after the skip link, Tab went to {stops[0]['what']}"
        assert stops[-1]["inArticle"], "Tab never reached the page's content"
        unseen = [stop["what"] for stop in stops if not stop["ring"]]
        assert unseen == [], "focused without a visible focus ring"
        assert page.locator(".himoya-screen-form").count() >= 1
    finally:
        context.close()
    assert remote == []
