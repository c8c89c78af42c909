"""The static player: self-contained, escaped, several per page, playable by keyboard, offline."""

import json
import re
from pathlib import Path

import pytest

from himoya.paths import course_root
from himoya.scenarios import discover, load, static_player
from himoya.scenarios.html import standalone_page

HERE = Path(__file__).parent
PAYLOAD = re.compile(
    r'<script type="application/json" class="himoya-data">(?P<json>.*?)</script>', re.DOTALL
)


@pytest.fixture(scope="module")
def tricky():
    return load(HERE / "script-in-text.yml")


def test_markup_in_the_scenario_is_escaped_in_the_json_payload(tricky):
    fragment = static_player(tricky)
    assert "<script>alert(1)" not in fragment
    assert "window.hacked = true</script>" not in fragment
    assert "<!-- not a comment" not in fragment
    payload = PAYLOAD.search(fragment).group("json")
    assert "<" not in payload
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in payload
    data = json.loads(payload)
    assert data["nodes"]["found"]["t"] == (
        "A note on the bench says <script>alert(1)</script> and & more."
    )
    # Exactly two scripts: the JSON payload and the player.
    assert fragment.count("<script") == 2
    assert fragment.count("</script>") == 2


def test_noscript_fallback_shows_the_opening_escaped(tricky):
    fragment = static_player(tricky)
    noscript = re.search(r"<noscript>(.*?)</noscript>", fragment, re.DOTALL).group(1)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in noscript
    assert "needs JavaScript" in noscript
    assert "Read &lt;b&gt;the note&lt;/b&gt;" in noscript


def test_each_player_gets_its_own_element_id(tricky):
    first, second = static_player(tricky), static_player(tricky)
    ids = [
        re.search(r'class="himoya-player" id="([^"]+)"', html).group(1) for html in (first, second)
    ]
    assert ids[0] != ids[1]
    assert f'document.getElementById("{ids[1]}")' in second


def test_player_loads_nothing_from_anywhere():
    fragment = static_player(load(HERE / "flags.yml"))
    assert "src=" not in fragment
    assert "href=" not in fragment
    assert "http" not in fragment
    assert "innerHTML" not in fragment


def test_player_overhead_stays_small():
    scenario = load(HERE / "flags.yml")
    fragment = static_player(scenario)
    payload = PAYLOAD.search(fragment).group("json")
    overhead = len(fragment.encode()) - len(payload.encode())
    assert overhead < 16_000, f"player code and markup take {overhead} bytes"


SHIPPED = discover(course_root())


@pytest.mark.parametrize("path", SHIPPED, ids=[path.stem for path in SHIPPED])
def test_the_player_of_each_shipped_scenario_stays_under_44_kb(path):
    size = len(static_player(load(path)).encode("utf-8"))
    # The player is inlined on the case page (no external file, so it works from file://).
    # About 2 KB of it are the player's own words (ui-strings.yml), carried in the payload so a
    # translated page can swap them. Above 44 KB, shorten the scenario's texts.
    assert size < 44_000, f"{path.name}: the static player is {size} bytes"


@pytest.mark.browser
def test_markup_shows_as_text_and_never_runs_in_chromium(tricky, offline_page, tmp_path):
    page_file = tmp_path / "tricky.html"
    page_file.write_text(standalone_page(tricky), encoding="utf-8")
    tab = offline_page()
    tab.page.goto(page_file.as_uri())
    player = tab.page.locator(".himoya-player")
    scene = player.locator(".hp-scene")
    assert "says <script>alert(1)</script> and & more." in scene.inner_text()
    assert player.locator("h2").inner_text() == "Markup <b>in</b> a title"
    player.locator("button.hp-choice", has_text="Read <b>the note</b>").click()
    feedback = player.locator(".hp-feedback").inner_text()
    assert "</script><script>window.hacked = true</script>" in feedback
    assert "Home <img src=x onerror=alert(3)>" in scene.inner_text()
    assert "<script>alert(4)</script>?" in player.locator(".hp-debrief").inner_text()
    assert player.locator("img").count() == 0
    assert player.locator(".hp-scene script, .hp-feedback script").count() == 0
    assert tab.page.evaluate("window.hacked === undefined")
    assert tab.dialogs == []
    assert tab.errors == []
    assert tab.blocked == []


@pytest.mark.browser
def test_two_players_on_one_page_play_independently_by_keyboard(
    offline_page, play_to_ending, tmp_path
):
    lost_boy = load(HERE / "valid-minimal.yml")
    shown_first = lost_boy.node("found").choices[0]
    minimal = static_player(lost_boy)
    flags = static_player(load(HERE / "flags.yml"))
    page_file = tmp_path / "two.html"
    page_file.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>two</title></head>'
        f"<body>{minimal}<p>Between the players.</p>{flags}</body></html>",
        encoding="utf-8",
    )
    tab = offline_page(width=360, height=740)
    tab.page.goto(page_file.as_uri())
    first, second = tab.page.locator(".himoya-player").all()
    # Tab reaches the first choice of the first player; Enter chooses it.
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.className") == "hp-choice"
    tab.page.keyboard.press("Enter")
    assert first.get_attribute("data-himoya-node") == shown_first.goto
    assert second.get_attribute("data-himoya-node") == "intake"
    # Focus moved to the verdict, a polite live region, scrolled into view on the phone.
    assert tab.page.evaluate("document.activeElement.classList.contains('hp-feedback')")
    assert first.locator(".hp-feedback").get_attribute("aria-live") == "polite"
    assert shown_first.label in first.locator(".hp-feedback").inner_text()
    assert first.locator(".hp-feedback").is_visible()
    # Back, then the other branch; Restart goes home.
    first.locator("button.hp-back").click()
    assert first.get_attribute("data-himoya-node") == "found"
    assert first.locator(".hp-feedback").inner_text() == ""
    nodes = play_to_ending(tab.page, second)
    assert nodes[0] == "intake"
    assert second.get_attribute("data-himoya-finished") == "true"
    assert "Questions for discussion" in second.inner_text()
    assert second.locator(".hp-score").count() == 4
    assert first.get_attribute("data-himoya-node") == "found"
    second.locator("button.hp-restart").click()
    assert second.get_attribute("data-himoya-node") == "intake"
    # Nothing is wider than a 360-px phone screen.
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= 360
    assert tab.errors == []
    assert tab.blocked == []


@pytest.mark.browser
def test_flags_change_the_choices_in_the_browser(offline_page, tmp_path):
    page_file = tmp_path / "flags.html"
    page_file.write_text(standalone_page(load(HERE / "flags.yml")), encoding="utf-8")
    tab = offline_page()
    tab.page.goto(page_file.as_uri())
    player = tab.page.locator(".himoya-player")
    labels = player.locator("button.hp-choice")
    labels.filter(has_text="Start the assessment without asking").click()
    labels.filter(has_text="Talk with Nigina alone").click()
    assert sorted(labels.all_inner_texts()) == [
        "Keep the plan to yourself for now.",
        "Share the plan with the family anyway.",
    ]
    player.locator("button.hp-restart").click()
    labels.filter(has_text="Explain your role").click()  # with consent
    labels.filter(has_text="Talk with Nigina alone").click()
    assert "Share the plan with the family, as agreed." in labels.all_inner_texts()
    assert tab.errors == []


@pytest.mark.browser
def test_without_javascript_the_noscript_text_shows(browser, tmp_path):
    page_file = tmp_path / "nojs.html"
    page_file.write_text(standalone_page(load(HERE / "valid-minimal.yml")), encoding="utf-8")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(page_file.as_uri())
        text = page.locator("body").inner_text()
        assert "Sherzod, about 9 years old" in text
        assert "needs JavaScript" in text
    finally:
        context.close()
