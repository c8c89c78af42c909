"""One Jinja2 environment for every HTML page the package writes.

Templates live in ``src/himoya/templates/`` (``*.html.j2``). Autoescape is on for them, so a
trainee's name or answer passed in as data can never become markup; Python prepares plain data and
the template decides the markup. Use ``Markup`` only for HTML the package itself produced (for
example a rendered chart's SVG).
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    """The shared environment: package templates, autoescape, undefined names are errors."""
    return Environment(
        loader=PackageLoader("himoya", "templates"),
        autoescape=select_autoescape(("html", "htm", "xml", "html.j2", "xml.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, /, **context: object) -> str:
    """Render ``templates/<template>`` with ``context`` and return the text."""
    return environment().get_template(template).render(**context)
