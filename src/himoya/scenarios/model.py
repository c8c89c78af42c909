"""The scenario model: frozen dataclasses built from a validated ``cases/<id>.yml`` file.

A scenario is a small decision tree. The trainee reads a :class:`Node`, picks one of its
:class:`Choice` objects, reads the feedback, and moves on until an :class:`Ending`. The format is
described in ``modules/README.md`` (schema version 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

SCHEMA_VERSION = 1
"""The only scenario schema version this package reads."""

REQUIRED_DIMENSIONS = ("safety", "rights", "wellbeing")
"""Outcome dimensions every scenario has (it may add more)."""

ENDING_KINDS = ("good", "mixed", "harmful")
"""The kinds of ending, from best to worst."""

_BLANK_LINE = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> tuple[str, ...]:
    """Split scenario text into paragraphs: blank lines separate them, line breaks are spaces."""
    return tuple(" ".join(part.split()) for part in _BLANK_LINE.split(text) if part.strip())


@dataclass(frozen=True)
class Reference:
    """A standard or law that feedback rests on, from the scenario's ``references`` table."""

    id: str
    """Key in the ``references`` table, e.g. ``crc-3``."""
    citation: str
    """Document, article/para/rule and year, e.g. "UN CRC, art. 3(1), 1989"."""
    note: str = ""
    """What the source says, in a sentence (may be empty)."""
    url: str = ""
    """Where to read the source (may be empty)."""


@dataclass(frozen=True)
class Choice:
    """One option the trainee can pick at a node."""

    label: str
    """What the trainee clicks."""
    goto: str
    """Id of the node or ending this choice leads to."""
    feedback: str
    """Why this choice is right, partly right or harmful, in plain words."""
    refs: tuple[str, ...]
    """Ids of the references the feedback rests on."""
    effects: tuple[tuple[str, int], ...] = ()
    """Changes to the outcome dimensions, as ``(dimension, change)`` pairs in file order."""
    sets: frozenset[str] = frozenset()
    """Flags this choice sets."""
    requires: frozenset[str] = frozenset()
    """Flags that must all be set for the choice to be offered."""
    requires_not: frozenset[str] = frozenset()
    """Flags that must all be unset for the choice to be offered."""
    position: int = 0
    """Where the choice is in its node in the file (1 for the first; 0 when built in memory).
    Messages to authors name a choice by it; trainees see the choices in display order."""

    @property
    def conditional(self) -> bool:
        """True when the choice is offered only for some flags."""
        return bool(self.requires or self.requires_not)

    def offered(self, flags: frozenset[str]) -> bool:
        """True when the choice is offered to a trainee holding ``flags``."""
        return self.requires <= flags and not (self.requires_not & flags)


@dataclass(frozen=True)
class Node:
    """A point in the story where the trainee decides."""

    id: str
    """Node id, unique among the scenario's nodes and endings."""
    text: str
    """What the trainee reads; blank lines separate paragraphs."""
    choices: tuple[Choice, ...]
    """All choices, including conditional ones, in the order every player shows them: the
    loader shuffles the file order reproducibly (:mod:`himoya.scenarios.order`)."""


@dataclass(frozen=True)
class Ending:
    """Where a path through the scenario ends."""

    id: str
    """Ending id, unique among the scenario's nodes and endings."""
    kind: str
    """``good``, ``mixed`` or ``harmful``."""
    title: str
    """Short title of the outcome."""
    text: str
    """What happened to the child."""
    standards: str
    """What the standards say about this outcome (with citations)."""
    refs: tuple[str, ...]
    """Ids of the references behind ``standards``."""
    debrief: tuple[str, ...]
    """Questions for discussion."""


@dataclass(frozen=True)
class Scenario:
    """A validated case scenario."""

    id: str
    """Scenario id; equals the file name without ``.yml``."""
    title: str
    """Short title."""
    roles: tuple[str, ...]
    """Roles the scenario is written for (from :data:`himoya.roles.ROLES`)."""
    module: str
    """Module slug, e.g. ``03-juvenile-justice``."""
    summary: str
    """Two or three sentences for lists and the page."""
    learning_objectives: tuple[str, ...]
    """What the trainee practises."""
    fictional_notice: str
    """Says that the people and events are invented."""
    content_note: str
    """A short warning about distressing matters (may be empty)."""
    dimensions: tuple[str, ...]
    """Outcome dimensions, in display order (always includes safety, rights, wellbeing)."""
    start: str
    """Id of the first node."""
    references: tuple[Reference, ...]
    """The references table, in file order."""
    nodes: tuple[Node, ...]
    """The nodes, in file order."""
    endings: tuple[Ending, ...]
    """The endings, in file order."""
    path: Path | None = None
    """The file the scenario was read from (``None`` when built in memory)."""

    @cached_property
    def _nodes(self) -> dict[str, Node]:
        return {node.id: node for node in self.nodes}

    @cached_property
    def _endings(self) -> dict[str, Ending]:
        return {ending.id: ending for ending in self.endings}

    @cached_property
    def _references(self) -> dict[str, Reference]:
        return {ref.id: ref for ref in self.references}

    def node(self, node_id: str) -> Node:
        """Return the node ``node_id`` (``KeyError`` naming it if there is none)."""
        try:
            return self._nodes[node_id]
        except KeyError:
            raise KeyError(f"scenario {self.id!r} has no node {node_id!r}") from None

    def ending(self, ending_id: str) -> Ending:
        """Return the ending ``ending_id`` (``KeyError`` naming it if there is none)."""
        try:
            return self._endings[ending_id]
        except KeyError:
            raise KeyError(f"scenario {self.id!r} has no ending {ending_id!r}") from None

    def reference(self, ref_id: str) -> Reference:
        """Return the reference ``ref_id`` (``KeyError`` naming it if there is none)."""
        try:
            return self._references[ref_id]
        except KeyError:
            raise KeyError(f"scenario {self.id!r} has no reference {ref_id!r}") from None

    def is_ending(self, target: str) -> bool:
        """True when ``target`` is the id of an ending."""
        return target in self._endings
