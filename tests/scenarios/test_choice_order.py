"""Choice order that teaches: the best choice is not always first, and every player agrees.

"Best" is computed here from the scenario data alone: the choice with the highest total effect
on the outcome dimensions among the choices offered (ties: any of the top ones counts as best).
A *decision point* is a node with the set of choices offered there on some path (a node whose
offer depends on flags is a decision point once per different offer).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from himoya.paths import course_root
from himoya.scenarios import discover, gamebook, load, static_player
from himoya.scenarios.gamebook import section_numbers
from himoya.scenarios.graph import explore

HERE = Path(__file__).parent
SHIPPED = [load(path) for path in discover(course_root())]


def _total(choice) -> int:
    return sum(value for _, value in choice.effects)


def _decision_points(scenario):
    """(node id, offered choices in display order) for every different offer on some path."""
    seen = set()
    for node_id, flags in explore(scenario).states:
        if scenario.is_ending(node_id):
            continue
        offered = tuple(c for c in scenario.node(node_id).choices if c.offered(flags))
        key = (node_id, tuple(c.label for c in offered))
        if len(offered) >= 2 and key not in seen:
            seen.add(key)
            yield node_id, offered


def _best_is_first(offered) -> bool:
    return _total(offered[0]) == max(_total(choice) for choice in offered)


def test_the_best_choice_is_first_at_no_more_than_a_third_of_decision_points():
    points = [offered for s in SHIPPED for _, offered in _decision_points(s)]
    first = sum(_best_is_first(offered) for offered in points)
    assert len(points) >= 80, "the course's nine cases have over 80 decision points"
    assert first * 3 <= len(points), f"best choice first at {first} of {len(points)}"


def test_no_single_case_puts_its_best_choice_first_at_most_points():
    for scenario in SHIPPED:
        points = [offered for _, offered in _decision_points(scenario)]
        first = sum(_best_is_first(offered) for offered in points)
        assert first * 2 <= len(points), f"{scenario.id}: best first at {first} of {len(points)}"


def test_the_best_choice_is_also_sometimes_first_and_sometimes_last():
    points = [offered for s in SHIPPED for _, offered in _decision_points(s)]
    places = [next(i for i, c in enumerate(o) if _total(c) == max(map(_total, o))) for o in points]
    assert 0 in places
    assert any(place == len(o) - 1 for place, o in zip(places, points, strict=True))


def test_the_shipped_order_is_not_the_file_order():
    shuffled = 0
    for scenario in SHIPPED:
        raw = yaml_choices(scenario.path)
        for node in scenario.nodes:
            assert sorted(c.label for c in node.choices) == sorted(raw[node.id])
            in_file = sorted(node.choices, key=lambda choice: choice.position)
            assert [c.label for c in in_file] == raw[node.id]  # position: the place in the file
            shuffled += [c.label for c in node.choices] != raw[node.id]
    assert shuffled >= 30


def yaml_choices(path: Path) -> dict[str, list[str]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        str(node_id): [" ".join(str(c["label"]).split()) for c in node["choices"]]
        for node_id, node in data["nodes"].items()
    }


def test_the_order_is_the_same_in_every_process_whatever_the_hash_seed():
    # Python's str hash changes with PYTHONHASHSEED; the order must not.
    code = (
        "import json, sys\n"
        "from himoya.scenarios import discover, load\n"
        "print(json.dumps({p.stem: [[c.label for c in n.choices] for n in load(p).nodes]"
        " for p in discover()}))"
    )
    orders = []
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=course_root(),
            env={"PYTHONHASHSEED": seed, "HIMOYA_ROOT": str(course_root())},
        )
        orders.append(json.loads(result.stdout))
    assert orders[0] == orders[1]
    here = {s.id: [[c.label for c in n.choices] for n in s.nodes] for s in SHIPPED}
    assert orders[0] == here


@pytest.mark.parametrize("scenario", SHIPPED, ids=[s.id for s in SHIPPED])
def test_static_player_and_gamebook_list_the_choices_in_the_model_order(scenario):
    payload = re.search(
        r'<script type="application/json" class="himoya-data">(.*?)</script>',
        static_player(scenario),
        re.DOTALL,
    ).group(1)
    data = json.loads(payload)
    book = gamebook(scenario)
    numbers = section_numbers(scenario)
    for node in scenario.nodes:
        labels = [choice.label for choice in node.choices]
        assert [choice["l"] for choice in data["nodes"][node.id]["c"]] == labels
        section = re.search(
            rf'id="s{numbers[node.id]}">.*?<ol class="choices">(.*?)</ol>', book, re.DOTALL
        ).group(1)
        listed = re.findall(r"<li>(.*?) → <a", section)
        assert [html.unescape(item) for item in listed] == [
            _condition_prefix(item) + label
            for item, label in zip(map(html.unescape, listed), labels, strict=True)
        ]


def _condition_prefix(item: str) -> str:
    """The "If you ticked box A: " part of a gamebook choice (empty for most)."""
    return item.split(": ", 1)[0] + ": " if item.startswith("If you ") else ""
