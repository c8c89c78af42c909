"""The order in which a node's choices are shown: one order for every player and the gamebook.

Authors tend to write the best choice first; shown in file order, trainees learn to press the
first button. The loader therefore puts each node's choices in a *display order* that is

- **reproducible**: it depends only on the scenario id, the node ids and the choices' positions
  in the file (SHA-256, never Python's per-process ``hash()``), so the live player, the static
  player and the paper gamebook show the same order and a facilitator can say "choose B";
- **shuffled**: the choices are sorted by a hash of (scenario id, node id, position in the file);
- **honest about the first place**: in about one node in four of each scenario (chosen by hash)
  the best choice is moved to the front; in the others a choice that is never the best one on
  offer (whatever flags are set) is moved to the front when the node has one. So the best choice
  is first at roughly a quarter of the decision points, and its place cannot be guessed.

"Best" is the choice with the highest total effect on the outcome dimensions (the sum of its
``effects``). Changing a choice's text or effects never moves the others; adding or removing a
node may change which nodes lead with their best choice.
"""

from __future__ import annotations

import dataclasses
import hashlib

from himoya.scenarios.graph import explore
from himoya.scenarios.model import Choice, Node, Scenario

LEAD_EVERY = 4
"""One node in this many (per scenario) shows its best choice first."""


def _digest(*parts: str) -> int:
    data = "\x1f".join(parts).encode("utf-8")
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "big")


def choice_score(choice: Choice) -> int:
    """The total effect of a choice on the outcome dimensions (higher is better for the child)."""
    return sum(value for _, value in choice.effects)


def offered_sets(scenario: Scenario) -> dict[str, set[tuple[int, ...]]]:
    """For each node, the distinct sets of choices (file positions) offered on some path."""
    found: dict[str, set[tuple[int, ...]]] = {node.id: set() for node in scenario.nodes}
    for node_id, flags in explore(scenario).states:
        if node_id in found:
            node = scenario.node(node_id)
            offered = tuple(i for i, c in enumerate(node.choices) if c.offered(flags))
            if offered:
                found[node_id].add(offered)
    return found


def lead_nodes(scenario: Scenario) -> frozenset[str]:
    """The nodes whose best choice is shown first: one in :data:`LEAD_EVERY`, chosen by hash."""
    ranked = sorted(scenario.nodes, key=lambda node: _digest(scenario.id, node.id))
    offset = _digest(scenario.id) % LEAD_EVERY
    return frozenset(
        node.id for rank, node in enumerate(ranked) if (rank + offset) % LEAD_EVERY == 0
    )


def _decoy(node: Node, hashed: list[int], offered: set[tuple[int, ...]]) -> int | None:
    """A choice offered on every path through ``node`` and never the best of what is offered."""
    scores = [choice_score(choice) for choice in node.choices]
    sets = [subset for subset in offered if len(subset) > 1] or [tuple(range(len(scores)))]
    for index in hashed:
        if all(index in subset for subset in offered) and all(
            scores[index] < max(scores[i] for i in subset) for subset in sets
        ):
            return index
    return None


def display_order(
    scenario_id: str, node: Node, *, lead: bool, offered: set[tuple[int, ...]]
) -> tuple[int, ...]:
    """File positions of ``node``'s choices in the order they are shown.

    ``lead``: show the best choice first. ``offered``: the sets of file positions offered on
    some path (from :func:`offered_sets`), so that the choice put first is never the best of
    any of them when ``lead`` is false.
    """
    hashed = sorted(range(len(node.choices)), key=lambda i: _digest(scenario_id, node.id, str(i)))
    if len(hashed) < 2:
        return tuple(hashed)
    if lead:
        top = max(choice_score(choice) for choice in node.choices)
        front = next(i for i in hashed if choice_score(node.choices[i]) == top)
    else:
        decoy = _decoy(node, hashed, offered)
        if decoy is None:
            return tuple(hashed)
        front = decoy
    return (front, *(i for i in hashed if i != front))


def in_display_order(scenario: Scenario) -> Scenario:
    """The same scenario with every node's choices in display order (see the module docs)."""
    leading = lead_nodes(scenario)
    offered = offered_sets(scenario)
    nodes = []
    for node in scenario.nodes:
        order = display_order(
            scenario.id, node, lead=node.id in leading, offered=offered.get(node.id, set())
        )
        numbered = [
            dataclasses.replace(choice, position=index)
            for index, choice in enumerate(node.choices, start=1)
        ]
        nodes.append(dataclasses.replace(node, choices=tuple(numbered[i] for i in order)))
    return dataclasses.replace(scenario, nodes=tuple(nodes))
