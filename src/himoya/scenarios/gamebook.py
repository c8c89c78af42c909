"""The paper player: a scenario as a numbered gamebook, one HTML document ready to print on A4.

§1 is the start. The other nodes and the endings get the numbers 2, 3, … in a shuffled order (a
``random.Random`` seeded from the scenario id, so the book is the same every time) and the book
lists them in number order, so the section you go to is rarely the next one. Each choice says
"go to §N". The section you arrive at starts with the feedback on the choice that brought you
there, with its citation and the changes to write on the score sheet. Flags become boxes on the
score sheet: a choice tells you to tick a box, and a conditional choice is offered as "if you
ticked box A, …". The document loads nothing from anywhere (no fonts, images or scripts).

The choices of a node are listed in the same order as every player shows them (the loader's
display order, :mod:`himoya.scenarios.order`). Python prepares the sections as data; the markup is
the template ``scenarios/gamebook.html.j2`` and the words come from ``ui-strings.yml``
(section ``gamebook``).
"""

from __future__ import annotations

import random
import string
import zlib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup

from himoya.scenarios.loader import load
from himoya.scenarios.model import Choice, Scenario, paragraphs
from himoya.templating import render
from himoya.ui import fill, ui_strings


@cache
def _css() -> str:
    return (resources.files("himoya.scenarios") / "static" / "gamebook.css").read_text("utf-8")


def _flag_name(flag: str) -> str:
    return flag.replace("_", " ").replace("-", " ")


def _dimension_name(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _box_letters(count: int) -> list[str]:
    letters = list(string.ascii_uppercase)
    return [
        letters[i] if i < len(letters) else letters[i // 26 - 1] + letters[i % 26]
        for i in range(count)
    ]


def section_numbers(scenario: Scenario, *, seed: int | None = None) -> dict[str, int]:
    """Section number of every node and ending: the start is 1, the rest shuffled from 2."""
    seed = zlib.crc32(scenario.id.encode("utf-8")) if seed is None else seed
    others = [node.id for node in scenario.nodes if node.id != scenario.start]
    others += [ending.id for ending in scenario.endings]
    random.Random(seed).shuffle(others)
    return {scenario.start: 1, **{item: number for number, item in enumerate(others, start=2)}}


def _flag_boxes(scenario: Scenario) -> dict[str, str]:
    flags: dict[str, None] = {}
    for node in scenario.nodes:
        for choice in node.choices:
            for flag in (
                *sorted(choice.sets),
                *sorted(choice.requires),
                *sorted(choice.requires_not),
            ):
                flags.setdefault(flag)
    return dict(zip(flags, _box_letters(len(flags)), strict=True))


def _condition(choice: Choice, boxes: dict[str, str], ui: dict[str, Any]) -> str:
    parts = [fill(ui["if_ticked"], box=boxes[flag]) for flag in sorted(choice.requires)]
    parts += [fill(ui["if_not_ticked"], box=boxes[flag]) for flag in sorted(choice.requires_not)]
    return fill(ui["condition"], conditions=ui["condition_and"].join(parts)) if parts else ""


def gamebook_html(scenario: Scenario, *, seed: int | None = None) -> str:
    """The gamebook of ``scenario`` as a complete HTML document."""
    ui = ui_strings("gamebook")
    kinds = ui_strings("player")
    numbers = section_numbers(scenario, seed=seed)
    boxes = _flag_boxes(scenario)

    def citations(refs: tuple[str, ...]) -> str:
        return "; ".join(scenario.reference(ref).citation for ref in refs)

    # Arrivals: for each target, the choices that lead there, in book order.
    arrivals: dict[str, list[tuple[int, Choice]]] = {}
    for node in scenario.nodes:
        for choice in node.choices:
            arrivals.setdefault(choice.goto, []).append((numbers[node.id], choice))

    def arrival_data(target: str) -> list[dict[str, Any]]:
        found = []
        for origin, choice in sorted(arrivals.get(target, []), key=lambda item: item[0]):
            changes = ", ".join(
                f"{_dimension_name(name)} {value:+d}" for name, value in choice.effects
            )
            sheet = [fill(ui["write_scores"], changes=changes)] if changes else []
            sheet += [
                fill(ui["tick_box"], box=boxes[flag], flag=_flag_name(flag))
                for flag in sorted(choice.sets)
            ]
            found.append(
                {
                    "origin": origin,
                    "label": choice.label,
                    "feedback": paragraphs(choice.feedback),
                    "citations": citations(choice.refs),
                    "sheet": sheet,
                }
            )
        return found

    sections: dict[int, dict[str, Any]] = {}
    for node in scenario.nodes:
        sections[numbers[node.id]] = {
            "arrivals": arrival_data(node.id),
            "text": paragraphs(node.text),
            "choices": [
                {
                    "condition": _condition(choice, boxes, ui),
                    "label": choice.label,
                    "target": numbers[choice.goto],
                }
                for choice in node.choices
            ],
            "ending": None,
        }
    for ending in scenario.endings:
        sections[numbers[ending.id]] = {
            "arrivals": arrival_data(ending.id),
            "ending": {
                "kind": kinds[f"kind_{ending.kind}"],
                "title": ending.title,
                "text": paragraphs(ending.text),
                "standards": paragraphs(ending.standards),
                "citations": citations(ending.refs),
                "debrief": ending.debrief,
            },
        }
    return render(
        "scenarios/gamebook.html.j2",
        lang="en",
        ui=ui,
        fill=fill,
        css=Markup(_css()),
        title=scenario.title,
        module=scenario.module,
        notice=paragraphs(scenario.fictional_notice),
        content_note=scenario.content_note,
        summary=paragraphs(scenario.summary),
        objectives=scenario.learning_objectives,
        sections=[{"number": number, **sections[number]} for number in sorted(sections)],
        dimensions=[_dimension_name(dim) for dim in scenario.dimensions],
        boxes=[{"letter": letter, "flag": _flag_name(flag)} for flag, letter in boxes.items()],
        references=scenario.references,
    )


def gamebook(
    path_or_id: Path | str | Scenario, *, root: Path | None = None, seed: int | None = None
) -> str:
    """The printable gamebook (a complete HTML document) of a scenario given by id or path.

    ``seed`` changes the order of the sections (default: derived from the scenario id).
    """
    scenario = path_or_id if isinstance(path_or_id, Scenario) else load(path_or_id, root=root)
    return gamebook_html(scenario, seed=seed)
