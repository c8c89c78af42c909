"""Screening forms as HTML: the book's interactive form, the printable form and its scoring sheet.

:func:`form_fragment` is a ``<div>`` with its own ``<style>`` (template
``screening/form.html.j2``). With ``interactive=True`` (the static book) it is an HTML form with
one radio group per item; the total, band, subscales, red flags and action appear as the trainee
answers, computed in the browser by ``static/scorer.js`` from the instrument's rules
(:func:`himoya.screening.score.scoring_rules`, embedded as JSON): the same rules and words as
:func:`himoya.screening.score`. Without it, the questions have boxes to tick (paper).
:func:`printable_form` wraps the paper form in a complete document (for printing and PDF
handouts). Both are self-contained: nothing is loaded from another host. The forms' own words
come from ``ui-strings.yml`` (section ``screening``); the instrument's text from its YAML.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from markupsafe import Markup

from himoya.assets import inline_asset, json_for_script
from himoya.screening.model import Instrument, load_instrument
from himoya.screening.score import BANNER_TEXT, scoring_rules
from himoya.templating import render
from himoya.ui import fill, ui_strings

_INSTANCES = itertools.count(1)


def _range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


def _sheet(instrument: Instrument, ui: dict[str, Any]) -> dict[str, Any]:
    """What the scoring sheet lists, as plain data for the template."""
    scored = [item.number for item in instrument.scored_items]
    item_range = (
        _range(scored[0], scored[-1])
        if scored == list(range(scored[0], scored[-1] + 1))
        else ", ".join(map(str, scored))
    )
    cutoffs = []
    for cutoff in instrument.cutoffs:
        if cutoff.is_default:
            who = ui["positive_at"]
        else:
            low = cutoff.min_age if cutoff.min_age is not None else 0
            high = f"-{cutoff.max_age}" if cutoff.max_age is not None else " and over"
            who = fill(ui["positive_ages"], ages=f"{low}{high}")
        source = f" ({cutoff.source})" if cutoff.source else ""
        cutoffs.append(fill(ui["cutoff_rule"], who=who, cutoff=cutoff.min_total, source=source))
    numbers = {item.id: item.number for item in instrument.items}
    flags = [
        {
            "when": (
                fill(ui["flag_item"], number=numbers[rule.item], value=rule.min_value)
                if rule.item is not None
                else fill(ui["flag_total"], total=rule.total_min)
            ),
            "message": rule.message,
            "action": rule.action,
        }
        for rule in instrument.red_flags
    ]
    actions = [(ui["action_positive"], instrument.actions["positive"])]
    if "subscale_positive" in instrument.actions:
        actions.append((ui["action_subscale"], instrument.actions["subscale_positive"]))
    actions.append((ui["action_negative"], instrument.actions["negative"]))
    return {
        "item_range": item_range,
        "subscales": [
            {
                "name": sub.name,
                "cutoff": sub.cutoff,
                "numbers": ", ".join(
                    str(item.number) for item in instrument.items if item.subscale == sub.id
                ),
            }
            for sub in instrument.subscales
        ],
        "bands": [{"label": b.label, "range": _range(b.min, b.max)} for b in instrument.bands],
        "cutoffs": cutoffs,
        "flags": flags,
        "actions": actions,
    }


def _scorer_words(ui: dict[str, Any]) -> dict[str, Any]:
    """The words ``scorer.js`` shows (it names them as ``ui.key`` or ``"key"``): the form carries
    only those, once per form on the page."""
    script = inline_asset("himoya.screening", "scorer.js")
    return {
        key: text
        for key, text in ui.items()
        if re.search(rf'\bui\.{key}\b|"{key}"', script) and isinstance(text, str)
    }


def form_fragment(instrument_id: str, *, note: str = "", interactive: bool = False) -> str:
    """The form of an instrument as an HTML fragment (a ``<div>`` with its own ``<style>``).

    ``interactive``: radio buttons scored in the browser (the book); otherwise boxes to tick
    (paper). ``note`` is an extra line under the banner.
    """
    instrument = load_instrument(instrument_id)
    ui = ui_strings("screening")
    form_id = f"hs-{instrument.id}-{next(_INSTANCES)}"
    css = inline_asset("himoya.screening", "form.css")
    context: dict[str, Any] = {
        "instrument": instrument,
        "ui": ui,
        "fill": fill,
        "interactive": interactive,
        "note": note,
        "banner": BANNER_TEXT,
        "css": Markup(css),
        "unscored": [
            {"text": text, "labels": labels} for text, labels in instrument.unscored_questions
        ],
        **_sheet(instrument, ui),
    }
    if interactive:
        payload = {"rules": scoring_rules(instrument.id), "ui": _scorer_words(ui)}
        context |= {
            "form_id": form_id,
            "form_id_json": Markup(json_for_script(form_id)),
            "payload": Markup(json_for_script(payload)),
            "js": Markup(inline_asset("himoya.screening", "scorer.js")),
        }
    return render("screening/form.html.j2", **context)


def printable_form(instrument_id: str) -> str:
    """A complete HTML document with the form and its scoring sheet, ready to print.

    Self-contained (inline CSS, A4 pages, no fonts, scripts or images from another host).
    """
    instrument = load_instrument(instrument_id)
    return render(
        "screening/printable.html.j2",
        lang="en",
        ui=ui_strings("screening"),
        fill=fill,
        short_name=instrument.short_name,
        form=Markup(form_fragment(instrument.id)),
    )
