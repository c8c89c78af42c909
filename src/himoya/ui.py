"""The words of the course's tools (players, gamebooks, screening forms), from one file.

``ui-strings.yml`` beside this module holds every label, button and heading the case players and
the screening forms show, by section (``player``, ``gamebook``, ``screening``). Templates get a
section as a mapping (``ui``) and the browser players get it inside their JSON payload. Every
value is a message of the ``ui`` catalog: ``himoya translations update`` extracts them into
``locale/<lang>/LC_MESSAGES/ui.po`` (:func:`himoya.i18n.extract.ui_template`), and
``ui_strings(section, lang)`` returns them translated through ``himoya.i18n.ui(lang)``, message by
message along the edition's chain. Scenario and instrument text never comes from here: it comes
from the loaded scenario or instrument (in its own catalog).

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


def ui_strings(section: str, lang: str | None = None) -> dict[str, Any]:
    """The strings of one section (``player``, ``gamebook`` or ``screening``) in ``lang``.

    ``lang`` defaults to the current language (``HIMOYA_LANG``, else English). A list (the
    gamebook's rules) is translated item by item. Returns a new dict.
    """
    from himoya.i18n import ui

    try:
        strings = _all()[section]
    except KeyError:
        known = ", ".join(sorted(_all()))
        raise KeyError(f"ui-strings.yml has no section {section!r} (it has {known})") from None
    _ = ui(lang).gettext
    return {
        key: [_(item) for item in value] if isinstance(value, list) else _(value)
        for key, value in strings.items()
    }


def ui_messages() -> list[tuple[str, str]]:
    """Every English string of ``ui-strings.yml`` with where it is (``player.kicker``,
    ``gamebook.rules[2]``), in file order: what the ``ui`` catalog must translate."""
    found = []
    for section, strings in _all().items():
        for key, value in strings.items():
            if isinstance(value, list):
                found += [(item, f"{section}.{key}[{n}]") for n, item in enumerate(value, 1)]
            else:
                found.append((value, f"{section}.{key}"))
    return found


def fill(text: str, /, **values: object) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]`` (other braces left alone)."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text
