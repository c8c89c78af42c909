"""The browser player and the Python engine agree on every path of every scenario.

The static player (``static/player.js``) keeps its own copy of the state logic, because the book
has no kernel. This test plays *every* path of every shipped scenario (and the flag fixture) both
with :mod:`himoya.scenarios.engine` and with the player's ``HimoyaPlayer.engine`` in headless
chromium, and compares: the choices offered in each state (labels, in order), and the ending,
scores and flags each path reaches. A few paths per scenario are also clicked through the page
itself, to check that the page shows what the engine computes.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from himoya.paths import course_root
from himoya.scenarios import choices, choose, discover, is_finished, load, start
from himoya.scenarios.html import standalone_page

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
SCENARIOS = [*discover(course_root()), HERE / "flags.yml"]

# Every path in the browser: depth-first with the player's own engine. Path keys are the offered
# positions chosen, joined by dots; states are keyed by node and sorted flags.
JS_PLAY_ALL = """() => {
  const root = document.querySelector(".himoya-player");
  const data = JSON.parse(root.querySelector("script.himoya-data").textContent);
  const engine = window.HimoyaPlayer.engine;
  const paths = {};
  const states = {};
  function key(state) { return state.node + "|" + Object.keys(state.flags).sort().join(","); }
  function walk(state, trail) {
    const offered = engine.offered(data, state);
    if (engine.isEnding(data, state.node)) {
      paths[trail.join(".")] = {
        ending: state.node, scores: state.scores, flags: Object.keys(state.flags).sort(),
      };
      return;
    }
    states[key(state)] = offered.map(c => c.l);
    offered.forEach((choice, i) => walk(engine.choose(state, choice), trail.concat([i])));
  }
  walk(engine.start(data), []);
  return { paths, states };
}"""


def _play_all(scenario) -> dict:
    paths: dict[str, dict] = {}
    states: dict[str, list[str]] = {}

    def walk(state, trail: list[int]) -> None:
        if is_finished(state):
            paths[".".join(map(str, trail))] = {
                "ending": state.node,
                "scores": dict(state.scores),
                "flags": sorted(state.flags),
            }
            return
        offered = choices(state)
        states[f"{state.node}|{','.join(sorted(state.flags))}"] = [c.label for c in offered]
        for index in range(len(offered)):
            walk(choose(state, index), [*trail, index])

    walk(start(scenario), [])
    return {"paths": paths, "states": states}


@pytest.fixture(scope="module")
def tab(browser):
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    blocked: list[str] = []
    page.route(
        lambda url: not url.startswith(("file:", "data:")),
        lambda route: (blocked.append(route.request.url), route.abort()),
    )
    yield page
    page.close()
    assert blocked == []


def _open_player(tab, path: Path, folder: Path):
    """Load the scenario at ``path`` and open a page with its static player; return it."""
    scenario = load(path)
    page_file = folder / f"{scenario.id}.html"
    page_file.write_text(standalone_page(scenario), encoding="utf-8")
    tab.goto(page_file.as_uri())
    return scenario


@pytest.mark.parametrize("path", SCENARIOS, ids=[path.stem for path in SCENARIOS])
def test_every_path_ends_the_same_in_the_browser_and_in_python(path, tab, tmp_path):
    scenario = _open_player(tab, path, tmp_path)
    browser_run = tab.evaluate(JS_PLAY_ALL)
    python_run = _play_all(scenario)
    assert len(python_run["paths"]) >= 2
    assert browser_run["states"] == python_run["states"]
    assert browser_run["paths"] == python_run["paths"]


@pytest.mark.parametrize("path", SCENARIOS, ids=[path.stem for path in SCENARIOS])
def test_paths_clicked_on_the_page_show_the_engines_ending_and_scores(path, tab, tmp_path):
    scenario = _open_player(tab, path, tmp_path)
    player = tab.locator(".himoya-player")
    rng = random.Random(scenario.id)
    for _ in range(4):
        player.locator("button.hp-restart").click()
        state = start(scenario)
        while not is_finished(state):
            offered = choices(state)
            buttons = player.locator("button.hp-choice")
            assert buttons.all_inner_texts() == [choice.label for choice in offered]
            index = rng.randrange(len(offered))
            buttons.nth(index).click()
            state = choose(state, index)
            assert player.get_attribute("data-himoya-node") == state.node
        assert player.get_attribute("data-himoya-finished") == "true"
        shown = player.locator(".hp-score-value").all_inner_texts()
        expected = [f"{value:+d}" if value else "0" for _, value in state.scores]
        assert [text.replace("\u2212", "-") for text in shown] == expected
        kind = scenario.ending(state.node).kind
        assert player.locator(f".hp-kind-{kind}").count() == 1
