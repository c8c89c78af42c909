"""One Jinja2 environment for every HTML page the package writes.

Templates live in ``src/himoya/templates/`` (``*.html.j2``). Autoescape is on for them, so a
trainee's name or answer passed in as data can never become markup; Python prepares plain data and
the template decides the markup. Use ``Markup`` only for HTML the package itself produced (for
example a rendered chart's SVG).

Templates are translatable with Jinja2's i18n extension: write ``{% trans %}Your feedback{% endtrans
%}`` or ``{{ _("Your feedback") }}``; ``himoya translations update`` extracts them into the ``ui``
catalog (``locale/<lang>/LC_MESSAGES/ui.po``) and ``render(..., lang="ru")`` shows them in Russian.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment(lang: str = "en") -> Environment:
    """The shared environment for ``lang``: package templates, autoescape, undefined names are
    errors, and the ``ui`` catalog of ``lang`` for ``{% trans %}`` and ``_()``."""
    env = Environment(
        loader=PackageLoader("himoya", "templates"),
        autoescape=select_autoescape(("html", "htm", "xml", "html.j2", "xml.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # A {% trans %} block's message is its text with the line breaks and indents collapsed, as
    # `himoya translations update` extracts it (babel's "trimmed" option).
    env.policies["ext.i18n.trimmed"] = True
    from himoya.i18n import ui

    env.install_gettext_translations(ui(lang), newstyle=True)
    env.globals["lang"] = lang
    return env


def render(template: str, /, *, lang: str = "en", **context: object) -> str:
    """Render ``templates/<template>`` with ``context`` in ``lang`` and return the text."""
    return environment(lang).get_template(template).render(**context)
