"""The static player: one self-contained HTML fragment that plays a scenario in the browser.

The fragment holds the scenario as JSON in ``<script type="application/json">``, the player's CSS
and JavaScript (package files ``static/player.css`` and ``static/player.js``, inlined), and a
``<noscript>`` fallback with the opening of the case. It loads nothing from anywhere, so it works
from ``file://``, a USB stick or a phone with no connection. Every instance gets its own element
id, so several players can share a page.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from himoya.i18n import ui
from himoya.scenarios.model import Choice, Scenario, dimension_label, paragraphs

_INSTANCES = itertools.count(1)


def player_text(language: str = "en") -> dict[str, str]:
    """The players' own words (buttons, headings, notes) in ``language``, by key.

    The static player reads them from its JSON (``ui``), the live player and the gamebook use the
    same keys, so every player says the same thing in the same language.
    """
    _ = ui(language).gettext
    return {
        "kicker": _("Case simulation"),
        "content_note": _("Content note:"),
        "back": _("← Back"),
        "back_tip": _("Undo the last choice"),
        "restart": _("↺ Restart"),
        "restart_tip": _("Start again"),
        "you_chose": _("You chose:"),
        "source": _("Source:"),
        "the_case": _("The case"),
        "next": _("What happens next"),
        "prompt": _("What do you do?"),
        "choices": _("Your choices"),
        "made": _("Choices made so far: {count}."),
        "finished": _("Finished. Choices made: {count}."),
        "end": _("The end of the case"),
        "good": _("Good outcome"),
        "mixed": _("Mixed outcome"),
        "harmful": _("Harmful outcome"),
        "standards": _("What the standards say"),
        "path": _("Your path"),
        "scores": _("Scores"),
        "scores_note": _(
            "Each choice raised or lowered these outcomes for the child. Above zero is better."
        ),
        "score_axis": _("score (above zero is better for the child)"),
        "debrief": _("Questions for discussion"),
        "cited": _("Standards cited in this case"),
        "needs_js": _(
            "This case simulation needs JavaScript. Turn JavaScript on in your browser to play it "
            "here, or use the printed gamebook of this case."
        ),
    }


STATIC_WORDS = frozenset(
    {
        "kicker",
        "content_note",
        "back",
        "restart",
        "you_chose",
        "source",
        "the_case",
        "next",
        "prompt",
        "choices",
        "made",
        "finished",
        "end",
        "good",
        "mixed",
        "harmful",
        "standards",
        "path",
        "scores",
        "scores_note",
        "debrief",
        "cited",
    }
)
"""The keys of :func:`player_text` that the static player uses (its English copy: ``WORDS``)."""


def language_notes(scenario: Scenario) -> list[str]:
    """Notes on the case's language: not translated yet, or a translation not yet reviewed."""
    _ = ui(scenario.requested_language).gettext
    notes = []
    if scenario.language != scenario.requested_language:
        notes.append(
            _("This case is not yet translated. Language of the case: {language}.").format(
                language=_language_name(scenario.language, scenario.requested_language)
            )
        )
    if not scenario.reviewed:
        notes.append(
            _(
                "This translation has not yet been reviewed by a native-speaking "
                "child-protection professional."
            )
        )
    return notes


def _language_name(language: str, reader: str) -> str:
    from himoya.i18n import edition

    _ = ui(reader).gettext
    return _(edition(language).english_name)


_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_SPACE = re.compile(r"\s*([{};,])\s*")


@cache
def _static(name: str) -> str:
    """A package-data file, with comments and indentation removed (it is inlined on every page).

    The JavaScript keeps its line breaks, so nothing depends on semicolon insertion rules.
    """
    text = (resources.files("himoya.scenarios") / "static" / name).read_text(encoding="utf-8")
    text = _BLOCK_COMMENT.sub("", text)
    if name.endswith(".css"):
        return _CSS_SPACE.sub(r"\1", " ".join(text.split()))
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


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
        "lang": scenario.language,
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
    if scenario.requested_language != "en":
        data["ui"] = {
            key: value
            for key, value in player_text(scenario.requested_language).items()
            if key in STATIC_WORDS
        }
    labels = {dim: scenario.dimension_label(dim) for dim in scenario.dimensions}
    if labels != {dim: dimension_label(dim) for dim in scenario.dimensions}:
        data["dimension_labels"] = labels
    notes = language_notes(scenario)
    if notes:
        data["language_notes"] = notes
    return data


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and ``\\u0026`` (valid JSON
    escapes), so neither ``</script>`` nor ``<!--`` can appear in the payload.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(para)}</p>" for para in paragraphs(text))


def _noscript(scenario: Scenario) -> str:
    words = player_text(scenario.requested_language)
    node = scenario.node(scenario.start)
    choices = "".join(
        f"<li>{html.escape(choice.label)}</li>" for choice in node.choices if not choice.conditional
    )
    return (
        "<noscript><div class='hp'>"
        f"<p class='hp-kicker'>{html.escape(words['kicker'])}</p>"
        f"<h2>{html.escape(scenario.title)}</h2>"
        f"<p class='hp-notice'>{html.escape(scenario.fictional_notice)}</p>"
        f"{_paragraphs(node.text)}<p>{html.escape(words['prompt'])}</p><ul>{choices}</ul>"
        f"<p class='hp-warning'>{html.escape(words['needs_js'])}</p>"
        "</div></noscript>"
    )


def static_player(scenario: Scenario, *, element_id: str | None = None) -> str:
    """Return the HTML fragment of a static player for ``scenario``.

    ``element_id`` names the player's root element; by default each call gets a new one
    (``himoya-player-<scenario id>-<n>``), so several players can share one page.
    """
    element_id = element_id or f"himoya-player-{scenario.id}-{next(_INSTANCES)}"
    safe_id = html.escape(element_id, quote=True)
    payload = json_for_script(scenario_data(scenario))
    init = f"HimoyaPlayer.init(document.getElementById({json_for_script(element_id)}));"
    return (
        f'<div class="himoya-player" id="{safe_id}" lang="{scenario.language}" '
        f'data-scenario="{html.escape(scenario.id, quote=True)}">'
        f"<style>{_static('player.css')}</style>"
        f'<script type="application/json" class="himoya-data">{payload}</script>'
        f"{_noscript(scenario)}"
        f"<script>{_static('player.js')}\n{init}</script>"
        "</div>"
    )


def standalone_page(scenario: Scenario) -> str:
    """A complete HTML document with one static player (for previews and browser tests)."""
    return (
        f'<!DOCTYPE html><html lang="{scenario.requested_language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(scenario.title)}</title></head><body>"
        f"{static_player(scenario)}</body></html>"
    )
