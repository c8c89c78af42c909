"""Playing a scenario: pure state transitions, no input or output.

>>> state = start(scenario)
>>> offered = choices(state)          # the choices offered at this node, given the flags
>>> state = choose(state, 0)          # pick the first offered choice
>>> state = back(state)               # undo it
>>> is_finished(state), debrief(state)

Every function returns a new :class:`State`; nothing is changed in place. The renderers (live
widgets, static HTML, paper gamebook) build on this module; it never imports them.
"""

from __future__ import annotations

from dataclasses import dataclass

from himoya.scenarios.model import Choice, Ending, Node, Reference, Scenario


@dataclass(frozen=True)
class Step:
    """One choice made on the way through a scenario."""

    node: str
    """Id of the node where the choice was made."""
    label: str
    """The choice's label, as the trainee saw it."""
    feedback: str
    """The feedback shown after the choice."""
    refs: tuple[str, ...]
    """Ids of the references the feedback cites."""
    effects: tuple[tuple[str, int], ...]
    """Changes to the outcome dimensions, as ``(dimension, change)`` pairs."""
    goto: str
    """Where the choice led (a node or ending id)."""
    sets: frozenset[str] = frozenset()
    """Flags the choice set."""


@dataclass(frozen=True)
class State:
    """Where a trainee is in a scenario, and how they got there."""

    scenario: Scenario
    """The scenario being played."""
    node: str
    """Id of the current node, or of the ending when finished."""
    flags: frozenset[str]
    """Flags set by the choices made so far."""
    scores: tuple[tuple[str, int], ...]
    """Total effect so far on each outcome dimension, in the scenario's dimension order."""
    path: tuple[Step, ...]
    """The choices made so far, in order."""

    def score(self, dimension: str) -> int:
        """The total so far on ``dimension`` (``KeyError`` naming it if unknown)."""
        for name, value in self.scores:
            if name == dimension:
                return value
        raise KeyError(f"scenario {self.scenario.id!r} has no dimension {dimension!r}")


@dataclass(frozen=True)
class Debrief:
    """What happened on one run through a scenario, for discussion afterwards."""

    scenario: Scenario
    """The scenario played."""
    steps: tuple[Step, ...]
    """The choices made, in order, with their feedback."""
    scores: tuple[tuple[str, int], ...]
    """Total effect on each outcome dimension."""
    cited: tuple[Reference, ...]
    """References cited along the way (choices, then the ending), each once, in order."""
    ending: Ending | None
    """The ending reached (``None`` if the run is not finished)."""

    @property
    def questions(self) -> tuple[str, ...]:
        """The ending's debrief questions (empty when not finished)."""
        return self.ending.debrief if self.ending else ()

    def _repr_html_(self) -> str:
        from himoya.templating import render
        from himoya.ui import fill, ui_strings

        return render("scenarios/debrief.html.j2", debrief=self, ui=ui_strings("player"), fill=fill)


def start(scenario: Scenario) -> State:
    """The state at the scenario's first node: no flags, every score zero, no path."""
    return State(
        scenario=scenario,
        node=scenario.start,
        flags=frozenset(),
        scores=tuple((dimension, 0) for dimension in scenario.dimensions),
        path=(),
    )


def is_finished(state: State) -> bool:
    """True when the state is at an ending."""
    return state.scenario.is_ending(state.node)


def current_node(state: State) -> Node:
    """The node the trainee is reading (``ValueError`` at an ending)."""
    if is_finished(state):
        raise ValueError(
            f"scenario {state.scenario.id!r} is finished (ending {state.node!r}); it has no node"
        )
    return state.scenario.node(state.node)


def current_ending(state: State) -> Ending:
    """The ending reached (``ValueError`` when the scenario is not finished)."""
    if not is_finished(state):
        raise ValueError(f"scenario {state.scenario.id!r} is not finished (at {state.node!r})")
    return state.scenario.ending(state.node)


def choices(state: State) -> tuple[Choice, ...]:
    """The choices offered at the current node given the flags; empty at an ending."""
    if is_finished(state):
        return ()
    return tuple(choice for choice in current_node(state).choices if choice.offered(state.flags))


def _apply(state: State, node: str, choice: Choice) -> State:
    step = Step(
        node=node,
        label=choice.label,
        feedback=choice.feedback,
        refs=choice.refs,
        effects=choice.effects,
        goto=choice.goto,
        sets=choice.sets,
    )
    return _replay(state, step)


def choose(state: State, index: int) -> State:
    """Make the ``index``-th offered choice (0-based, as in :func:`choices`).

    Raises ``ValueError`` at an ending, ``TypeError`` if ``index`` is not a whole number and
    ``IndexError`` (naming the node and the valid range) if no such choice is offered.
    """
    if is_finished(state):
        raise ValueError(
            f"scenario {state.scenario.id!r} is finished (ending {state.node!r}); "
            "there is nothing left to choose"
        )
    if isinstance(index, bool) or not isinstance(index, int):
        raise TypeError(f"choice index must be a whole number, not {index!r}")
    offered = choices(state)
    if not 0 <= index < len(offered):
        raise IndexError(
            f"choice {index} is not offered at node {state.node!r}: "
            f"pick 0 to {len(offered) - 1} ({len(offered)} offered)"
        )
    return _apply(state, state.node, offered[index])


def back(state: State) -> State:
    """Undo the last choice (``ValueError`` at the start, where there is nothing to undo)."""
    if not state.path:
        raise ValueError(f"scenario {state.scenario.id!r} is at its start; nothing to go back to")
    current = start(state.scenario)
    for step in state.path[:-1]:
        current = _replay(current, step)
    return current


def _replay(state: State, step: Step) -> State:
    changes = dict(step.effects)
    return State(
        scenario=state.scenario,
        node=step.goto,
        flags=state.flags | step.sets,
        scores=tuple((name, value + changes.get(name, 0)) for name, value in state.scores),
        path=(*state.path, step),
    )


def restart(state: State) -> State:
    """Back to the start of the same scenario."""
    return start(state.scenario)


def debrief(state: State) -> Debrief:
    """Summarise the run so far: choices, scores, references cited and the ending if reached."""
    ending = current_ending(state) if is_finished(state) else None
    ref_ids = [ref for step in state.path for ref in step.refs]
    if ending is not None:
        ref_ids.extend(ending.refs)
    cited = tuple(state.scenario.reference(ref) for ref in dict.fromkeys(ref_ids))
    return Debrief(
        scenario=state.scenario,
        steps=state.path,
        scores=state.scores,
        cited=cited,
        ending=ending,
    )
