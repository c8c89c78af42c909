"""The words of the age-and-liability tools, from ``texts.yml`` (one place, ready to translate).

``liability()``, its error messages, the live form and the calculator in the book all take their
text from that file; the book's calculator gets the same file as JSON. A message is a template
with ``{name}`` fields, filled by :func:`message` here and by the same rule in ``liability.js``.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

import yaml

_FIELD = re.compile(r"\{([a-z_]+)\}")


@functools.cache
def texts() -> dict[str, Any]:
    """All texts, as read from ``texts.yml`` (read once)."""
    source = resources.files("himoya.justice").joinpath("texts.yml").read_text("utf-8")
    return yaml.safe_load(source)


def text(path: str) -> Any:
    """The text at a dotted ``path``, e.g. ``"form.button"`` (a string or a list of strings)."""
    node: Any = texts()
    for key in path.split("."):
        node = node[key]
    return node


def fill(template: str, **values: object) -> str:
    """``template`` with each ``{name}`` replaced by ``str(values[name])``.

    The same rule as ``fill`` in ``liability.js``: a name without a value is an error, not a blank.
    """

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"text {template!r} needs a value for {{{name}}}")
        return str(values[name])

    return _FIELD.sub(one, template)


def message(path: str, **values: object) -> str:
    """The text at ``path`` with its fields filled in (see :func:`fill`)."""
    return fill(text(path), **values)
