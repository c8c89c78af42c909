"""Who the course is for: the roles, their labels and the role tracks, in one place.

Every page's front matter, scenario and roster row names its roles with these ids. A role
*track* is a set of pages (the printed track handouts, from ``modules/00-start/path-<role>.md``)
and a knowledge-check test; every role has its own.
"""

from __future__ import annotations

from himoya.i18n import N_, ui

ROLES = ("police", "social-worker", "caregiver", "supervisor")
"""Role ids, in the order the course lists them."""

ROLE_LABELS = {
    "police": N_("Police officer"),
    "social-worker": N_("Social worker"),
    "caregiver": N_("Caregiver"),
    "supervisor": N_("Supervisor"),
}
"""How a role is written for a reader (reports, certificates)."""

TRACK_NAMES = {
    "police": N_("police"),
    "social-worker": N_("social worker"),
    "caregiver": N_("caregiver"),
    "supervisor": N_("supervisor"),
}
"""How a role is named inside a sentence, lower case ("the police track", notebook titles)."""

TRACKS = ("police", "social-worker", "caregiver", "supervisor")
"""Roles with a track of their own: a printed track and a knowledge-check test each."""

TRACK_OF_ROLE = {
    "police": "police",
    "social-worker": "social-worker",
    "caregiver": "caregiver",
    "supervisor": "supervisor",
}
"""The track each role takes (each role has its own)."""


def role_label(role: str, lang: str = "en") -> str:
    """The label of ``role`` in ``lang``, or the id itself for a role the course does not know."""
    return ui(lang).gettext(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def track_name(role: str, lang: str = "en") -> str:
    """The lower-case name of ``role``'s track in ``lang`` (an unknown one: its id in words)."""
    name = TRACK_NAMES.get(role)
    return ui(lang).gettext(name) if name else role.replace("-", " ")


def track_of(role: str) -> str:
    """The track ``role`` takes (an unknown role is its own track)."""
    return TRACK_OF_ROLE.get(role, role)
