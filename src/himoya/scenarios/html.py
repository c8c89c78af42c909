"""The static player: one self-contained HTML fragment that plays a scenario in the browser.

The fragment (template ``scenarios/player.html.j2``) holds the scenario and the player's words as
JSON in ``<script type="application/json">``, the player's CSS and JavaScript (package files
``static/player.css`` and ``static/player.js``, inlined), and a ``<noscript>`` fallback with the
opening of the case. It loads nothing from anywhere, so it works
from ``file://``, a USB stick or a phone with no connection. Every instance gets its own element
id, so several players can share a page.
"""

from __future__ import annotations

import itertools
from typing import Any

from markupsafe import Markup

from himoya.assets import inline_asset, json_for_script
from himoya.scenarios.model import Choice, Scenario, paragraphs
from himoya.templating import render
from himoya.ui import ui_strings

_INSTANCES = itertools.count(1)


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as the JSON the static player reads.

    The payload sits on every case page, so the keys repeated for every node and choice are one
    letter: a node is ``{"t": text, "c": [choices]}`` and a choice ``{"l": label, "g": goto,
    "f": feedback, "r": refs, "e": effects, "s": sets, "q": requires, "n": requires_not}``, with
    empty fields left out. Endings and the top level keep their YAML field names.
    """

    def choice(item: Choice) -> dict[str, Any]:
        data: dict[str, Any] = {
            "l": item.label,
            "g": item.goto,
            "f": item.feedback,
            "r": list(item.refs),
        }
        if item.effects:
            data["e"] = dict(item.effects)
        for key, flags in (("s", item.sets), ("q", item.requires), ("n", item.requires_not)):
            if flags:
                data[key] = sorted(flags)
        return data

    data: dict[str, Any] = {
        "title": scenario.title,
        "fictional_notice": scenario.fictional_notice,
        "dimensions": list(scenario.dimensions),
        "start": scenario.start,
        "references": {ref.id: {"citation": ref.citation} for ref in scenario.references},
        "nodes": {
            node.id: {"t": node.text, "c": [choice(c) for c in node.choices]}
            for node in scenario.nodes
        },
        "endings": {
            ending.id: {
                "kind": ending.kind,
                "title": ending.title,
                "text": ending.text,
                "standards": ending.standards,
                "refs": list(ending.refs),
                "debrief": list(ending.debrief),
            }
            for ending in scenario.endings
        },
    }
    if scenario.content_note:
        data["content_note"] = scenario.content_note
    return data


def static_player(scenario: Scenario, *, element_id: str | None = None) -> str:
    """Return the HTML fragment of a static player for ``scenario``.

    ``element_id`` names the player's root element; by default each call gets a new one
    (``himoya-player-<scenario id>-<n>``), so several players can share one page. The player's
    words come from ``ui-strings.yml`` (section ``player``) and travel in the JSON payload.
    """
    element_id = element_id or f"himoya-player-{scenario.id}-{next(_INSTANCES)}"
    ui = ui_strings("player")
    node = scenario.node(scenario.start)
    return render(
        "scenarios/player.html.j2",
        element_id=element_id,
        element_id_json=Markup(json_for_script(element_id)),
        scenario_id=scenario.id,
        css=Markup(inline_asset("himoya.scenarios", "player.css")),
        js=Markup(inline_asset("himoya.scenarios", "player.js")),
        payload=Markup(json_for_script({**scenario_data(scenario), "ui": ui})),
        ui=ui,
        title=scenario.title,
        fictional_notice=scenario.fictional_notice,
        opening=paragraphs(node.text),
        choices=[choice.label for choice in node.choices if not choice.conditional],
    )


def standalone_page(scenario: Scenario) -> str:
    """A complete HTML document with one static player (for previews and browser tests)."""
    return render(
        "scenarios/standalone.html.j2",
        lang="en",
        title=scenario.title,
        player=Markup(static_player(scenario)),
    )
