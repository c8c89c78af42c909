"""The words of the course's tools (players, gamebooks, screening forms), from one file.

``ui-strings.yml`` beside this module holds every label, button and heading the case players and
the screening forms show, by section (``player``, ``gamebook``, ``screening``). Templates get a
section as a mapping (``ui``) and the browser players get it inside their JSON payload, so a
translation can swap the whole set in one place. Scenario and instrument text never comes from
here: it comes from the loaded scenario or instrument.

``{name}`` in a string marks a value filled in when it is shown: :func:`fill` in Python, the same
rule in the players' JavaScript.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def _all() -> dict[str, dict[str, Any]]:
    text = (resources.files("himoya") / "ui-strings.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def ui_strings(section: str) -> dict[str, Any]:
    """The strings of one section (``player``, ``gamebook`` or ``screening``), as a new dict."""
    try:
        return dict(_all()[section])
    except KeyError:
        known = ", ".join(sorted(_all()))
        raise KeyError(f"ui-strings.yml has no section {section!r} (it has {known})") from None


def fill(text: str, /, **values: object) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]`` (other braces left alone)."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text
