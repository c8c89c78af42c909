"""A small Sphinx extension for the Himoya book (listed under ``extensions`` in ``_config.yml``).

It drops the ipywidgets state that MyST-NB embeds in every page whose code made a widget (the
case players, the screening forms, the calculator): the book never renders widgets
(``nb_ipywidgets_js: {}``; each of those objects also gives a ``text/html`` version that works
without a kernel), so the state was dead weight, 15 KB on a case page and 323 KB on the screening
forms page. JupyterLab is unaffected: it makes its widgets live.
"""

from __future__ import annotations

from typing import Any

WIDGET_STATE_KEY = "ipywidgets_state"
"""The key under which MyST-NB registers a page's widget state as an inline script."""


def drop_widget_state(app: Any, pagename: str, *_args: Any) -> None:
    """Forget the widget state MyST-NB noted for ``pagename`` before it writes the page."""
    metadata = getattr(app.env, "nb_metadata", None) or {}
    js_files = metadata.get(pagename, {}).get("js_files", {})
    js_files.pop(WIDGET_STATE_KEY, None)


def setup(app: Any) -> dict[str, Any]:
    # Before MyST-NB's own html-page-context handler (priority 500) adds the page's scripts.
    app.connect("html-page-context", drop_widget_state, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
