"""What a trainee can reach: the scenario's states explored with their flags.

A *state* is a node (or ending) id together with the flags set on the way there. Exploring every
state reachable from the start tells which nodes and endings can be reached at all, which states
cannot reach an ending, and how many decisions the longest path asks for. A *decision point* is a
state where at least two choices are offered.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from himoya.scenarios.model import Scenario

MAX_STATES = 20_000
"""Exploration stops (and says so) after this many distinct states."""

_MAX_PATH_STEPS = 200_000

GraphState = tuple[str, frozenset[str]]


@dataclass(frozen=True)
class Exploration:
    """Every state reachable from the start, with what it leads to."""

    states: frozenset[GraphState]
    """Reachable ``(node or ending id, flags)`` pairs."""
    edges: tuple[tuple[GraphState, tuple[GraphState, ...]], ...]
    """For each non-ending state, the states its offered choices lead to, in order."""
    dead: frozenset[GraphState]
    """Reachable states from which no ending can be reached."""
    complete: bool
    """False when exploration stopped at :data:`MAX_STATES`."""

    @property
    def reached(self) -> frozenset[str]:
        """Ids of the nodes and endings some path reaches."""
        return frozenset(node for node, _ in self.states)


def explore(scenario: Scenario) -> Exploration:
    """Explore every state reachable from ``scenario.start``.

    Gotos to ids that are neither node nor ending are ignored (the validator reports them).
    """
    node_ids = {node.id for node in scenario.nodes}
    ending_ids = {ending.id for ending in scenario.endings}
    first: GraphState = (scenario.start, frozenset())
    seen: set[GraphState] = {first}
    edges: dict[GraphState, tuple[GraphState, ...]] = {}
    queue: deque[GraphState] = deque([first])
    complete = True
    while queue:
        state = queue.popleft()
        node_id, flags = state
        if node_id not in node_ids:
            continue
        targets = []
        for choice in scenario.node(node_id).choices:
            if not choice.offered(flags) or (
                choice.goto not in node_ids and choice.goto not in ending_ids
            ):
                continue
            target: GraphState = (choice.goto, flags | choice.sets)
            targets.append(target)
            if target not in seen:
                if len(seen) >= MAX_STATES:
                    complete = False
                    continue
                seen.add(target)
                queue.append(target)
        edges[state] = tuple(targets)
    # States that can reach an ending: walk the edges backwards from the endings.
    parents: dict[GraphState, list[GraphState]] = {}
    for state, targets in edges.items():
        for target in targets:
            parents.setdefault(target, []).append(state)
    alive = {state for state in seen if state[0] in ending_ids}
    queue = deque(alive)
    while queue:
        for parent in parents.get(queue.popleft(), ()):
            if parent not in alive:
                alive.add(parent)
                queue.append(parent)
    return Exploration(
        states=frozenset(seen),
        edges=tuple(edges.items()),
        dead=frozenset(seen - alive),
        complete=complete,
    )


def longest_decisions(scenario: Scenario, exploration: Exploration | None = None) -> int:
    """Number of decision points on the path to an ending that has the most of them.

    Only paths that end at an ending count. With loops in the story, each state is visited at
    most once on a path; the search is capped, so a huge looping scenario gets a lower bound.
    """
    exploration = exploration or explore(scenario)
    edges = dict(exploration.edges)
    ending_ids = {ending.id for ending in scenario.endings}
    first: GraphState = (scenario.start, frozenset())
    if first in exploration.dead or first not in exploration.states:
        return 0

    def weight(state: GraphState) -> int:
        return 1 if len(edges.get(state, ())) >= 2 else 0

    order = _topological_order(edges)
    if order is not None:
        best: dict[GraphState, int] = {}
        for state in reversed(order):
            if state in exploration.dead:
                continue
            if state[0] in ending_ids:
                best[state] = 0
                continue
            values = [best[t] for t in edges.get(state, ()) if t in best]
            if values:
                best[state] = weight(state) + max(values)
        return best.get(first, 0)
    # Loops: search simple paths, depth first, within a step budget.
    result = 0
    steps = 0
    total = weight(first)
    on_path = {first}
    stack = [(first, iter(edges.get(first, ())))]
    while stack and steps < _MAX_PATH_STEPS:
        state, targets = stack[-1]
        target = next(targets, None)
        if target is None:
            stack.pop()
            on_path.discard(state)
            total -= weight(state)
            continue
        steps += 1
        if target in on_path or target in exploration.dead:
            continue
        if target[0] in ending_ids:
            result = max(result, total)
            continue
        on_path.add(target)
        total += weight(target)
        stack.append((target, iter(edges.get(target, ()))))
    return result


def _topological_order(
    edges: dict[GraphState, tuple[GraphState, ...]],
) -> list[GraphState] | None:
    """Kahn's algorithm over the state graph; ``None`` when it has a loop."""
    nodes = set(edges)
    for targets in edges.values():
        nodes.update(targets)
    indegree = dict.fromkeys(nodes, 0)
    for targets in edges.values():
        for target in targets:
            indegree[target] += 1
    queue = deque(state for state, degree in indegree.items() if degree == 0)
    order = []
    while queue:
        state = queue.popleft()
        order.append(state)
        for target in edges.get(state, ()):
            indegree[target] -= 1
            if indegree[target] == 0:
                queue.append(target)
    return order if len(order) == len(nodes) else None
