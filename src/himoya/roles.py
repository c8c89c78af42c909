"""Who the course is for: the roles, their labels and the role tracks, in one place.

Every page's front matter, scenario and roster row names its roles with these ids. A role
*track* is a set of pages (the printed track handouts, from ``modules/00-start/path-<role>.md``)
and a knowledge-check test; every role has its own.
"""

from __future__ import annotations

ROLES = ("police", "social-worker", "caregiver", "supervisor")
"""Role ids, in the order the course lists them."""

ROLE_LABELS = {
    "police": "Police officer",
    "social-worker": "Social worker",
    "caregiver": "Caregiver",
    "supervisor": "Supervisor",
}
"""How a role is written for a reader (reports, certificates)."""

TRACKS = ("police", "social-worker", "caregiver", "supervisor")
"""Roles with a track of their own: a printed track and a knowledge-check test each."""

TRACK_OF_ROLE = {
    "police": "police",
    "social-worker": "social-worker",
    "caregiver": "caregiver",
    "supervisor": "supervisor",
}
"""The track each role takes (each role has its own)."""


def role_label(role: str) -> str:
    """The label of ``role``, or the id itself for a role the course does not know."""
    return ROLE_LABELS.get(role, role)


def track_of(role: str) -> str:
    """The track ``role`` takes (an unknown role is its own track)."""
    return TRACK_OF_ROLE.get(role, role)
