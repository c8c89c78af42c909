"""The paper player: a scenario as a numbered gamebook, one HTML document ready to print on A4.

§1 is the start. The other nodes and the endings get the numbers 2, 3, … in a shuffled order (a
``random.Random`` seeded from the scenario id, so the book is the same every time) and the book
lists them in number order, so the section you go to is rarely the next one. Each choice says
"go to §N". The section you arrive at starts with the feedback on the choice that brought you
there, with its citation and the changes to write on the score sheet. Flags become boxes on the
score sheet: a choice tells you to tick a box, and a conditional choice is offered as "if you
ticked box A, …". The document loads nothing from anywhere (no fonts, images or scripts).
"""

from __future__ import annotations

import html
import random
import string
import zlib
from pathlib import Path

from himoya.scenarios.loader import load
from himoya.scenarios.model import Choice, Scenario, paragraphs

_KIND_LABELS = {"good": "Good outcome", "mixed": "Mixed outcome", "harmful": "Harmful outcome"}

_CSS = """
@page { size: A4; margin: 18mm 17mm 20mm;
  @bottom-center { content: counter(page); font-size: 9pt; color: #444; } }
html { font-family: "DejaVu Sans", "Noto Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 10.5pt; line-height: 1.45; color: #111; background: #fff; }
body { margin: 0 auto; max-width: 48rem; padding: 0 0.5rem; }
h1 { font-size: 20pt; margin: 0 0 0.3em; }
h2 { font-size: 13pt; margin: 1.1em 0 0.4em; }
h2.section { border-top: 2px solid #111; padding-top: 0.3em; }
p { margin: 0 0 0.55em; }
.notice { font-style: italic; }
.content-note { border-left: 3px solid #555; padding-left: 0.6em; }
.arrival { border: 1px solid #777; background: #f3f3f3; padding: 0.45em 0.7em; margin: 0 0 0.7em;
  break-inside: avoid; }
.arrival p { margin-bottom: 0.3em; }
.source, .score { font-size: 9.5pt; }
.section-body { break-inside: auto; }
/* A section may run over a page break (less paper); its heading stays with its first lines and
   no single choice is split. */
h2.section { break-after: avoid; }
ol.choices { padding-left: 1.3em; break-before: avoid; }
ol.choices li { margin-bottom: 0.35em; break-inside: avoid; }
.goto { font-weight: bold; white-space: nowrap; }
.ending-kind { display: inline-block; border: 1.5px solid #111; padding: 0.05em 0.5em;
  font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.9em; }
th, td { border: 1px solid #333; padding: 0.35em 0.5em; text-align: left; vertical-align: top; }
td.space { height: 2.2em; }
.box { display: inline-block; width: 0.9em; height: 0.9em; border: 1.5px solid #111;
  margin-right: 0.4em; vertical-align: -0.1em; }
.score-sheet, .references { break-before: page; }
a { color: inherit; }
@media screen { body { padding: 1rem; } }
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _paras(text: str, css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return "".join(f"<p{attr}>{_esc(para)}</p>" for para in paragraphs(text))


def _flag_name(flag: str) -> str:
    return flag.replace("_", " ").replace("-", " ")


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


def _goto(number: int) -> str:
    return f'<a class="goto" href="#s{number}">go to §{number}</a>'


def _condition(choice: Choice, boxes: dict[str, str]) -> str:
    parts = [f"you ticked box {boxes[flag]}" for flag in sorted(choice.requires)]
    parts += [f"you did not tick box {boxes[flag]}" for flag in sorted(choice.requires_not)]
    return ("If " + " and ".join(parts) + ": ") if parts else ""


def gamebook_html(scenario: Scenario, *, seed: int | None = None) -> str:
    """The gamebook of ``scenario`` as a complete HTML document."""
    numbers = section_numbers(scenario, seed=seed)
    boxes = _flag_boxes(scenario)
    dims = scenario.dimensions

    def citations(refs: tuple[str, ...]) -> str:
        return "; ".join(scenario.reference(ref).citation for ref in refs)

    # Arrivals: for each target, the choices that lead there, in book order.
    arrivals: dict[str, list[tuple[int, Choice]]] = {}
    for node in scenario.nodes:
        for choice in node.choices:
            arrivals.setdefault(choice.goto, []).append((numbers[node.id], choice))

    def arrival_html(target: str) -> str:
        blocks = []
        for origin, choice in sorted(arrivals.get(target, []), key=lambda item: item[0]):
            score = ", ".join(
                f"{name.replace('_', ' ').capitalize()} {value:+d}"
                for name, value in choice.effects
            )
            ticks = " ".join(
                f"Tick box {boxes[flag]} ({_esc(_flag_name(flag))})."
                for flag in sorted(choice.sets)
            )
            sheet = []
            if score:
                sheet.append(f"Write on your score sheet: {_esc(score)}.")
            if ticks:
                sheet.append(ticks)
            blocks.append(
                '<div class="arrival">'
                f"<p><strong>If you came from §{origin} and chose “{_esc(choice.label)}”:"
                f"</strong></p>{_paras(choice.feedback)}"
                f'<p class="source">Source: {_esc(citations(choice.refs))}</p>'
                + (f'<p class="score">{" ".join(sheet)}</p>' if sheet else "")
                + "</div>"
            )
        return "".join(blocks)

    sections: dict[int, str] = {}
    for node in scenario.nodes:
        number = numbers[node.id]
        options = "".join(
            f"<li>{_esc(_condition(choice, boxes))}{_esc(choice.label)} → "
            f"{_goto(numbers[choice.goto])}</li>"
            for choice in node.choices
        )
        sections[number] = (
            f"{arrival_html(node.id)}<div class='section-body'>{_paras(node.text)}"
            f"<p><strong>What do you do?</strong></p><ol class='choices'>{options}</ol></div>"
        )
    for ending in scenario.endings:
        number = numbers[ending.id]
        questions = "".join(f"<li>{_esc(question)}</li>" for question in ending.debrief)
        sections[number] = (
            f"{arrival_html(ending.id)}<div class='section-body'>"
            f"<p><span class='ending-kind'>The end · {_esc(_KIND_LABELS[ending.kind])}</span></p>"
            f"<h3>{_esc(ending.title)}</h3>{_paras(ending.text)}"
            f"<p><strong>What the standards say.</strong></p>{_paras(ending.standards)}"
            f'<p class="source">Source: {_esc(citations(ending.refs))}</p>'
            "<p>Add up each line of your score sheet. Then talk about these questions with your "
            f"group:</p><ol>{questions}</ol></div>"
        )

    body = [
        f"<h1>{_esc(scenario.title)}</h1>",
        "<p><strong>A case to play on paper.</strong> Himoya course, module "
        f"{_esc(scenario.module)}.</p>",
        _paras(scenario.fictional_notice, "notice"),
    ]
    if scenario.content_note:
        body.append(f'<p class="content-note">Content note: {_esc(scenario.content_note)}</p>')
    body.append(_paras(scenario.summary))
    if scenario.learning_objectives:
        body.append("<h2>What you practise</h2><ul>")
        body.extend(f"<li>{_esc(item)}</li>" for item in scenario.learning_objectives)
        body.append("</ul>")
    body.append(
        "<h2>How to play</h2><ol>"
        "<li>Start at §1. Read the section.</li>"
        "<li>Choose what you would do, then turn to the section it names (“go to §7”). The "
        "sections are not in story order, so do not read straight on.</li>"
        "<li>In the new section, first find the box that starts “If you came from §… and "
        "chose …”: it tells you what your choice meant, which standard it rests on, and what to "
        "write on your score sheet.</li>"
        "<li>Some choices ask you to tick a box on the score sheet. Later, some choices are "
        "only open “if you ticked box …”.</li>"
        "<li>Go on until you reach a section that says <strong>The end</strong>. Add up your "
        "score sheet and discuss the questions with your group.</li>"
        "<li>Play again and try other choices. A pencil and an eraser help.</li></ol>"
    )
    body.extend(
        f'<section class="gamebook-section" id="s{number}">'
        f'<h2 class="section">§{number}</h2>{sections[number]}</section>'
        for number in sorted(sections)
    )
    rows = "".join(
        f"<tr><td>{_esc(dim.replace('_', ' ').capitalize())}</td><td class='space'></td>"
        "<td class='space'></td></tr>"
        for dim in dims
    )
    body.append(
        '<section class="score-sheet"><h2>Score sheet</h2>'
        "<p>Write each change in the middle column (for example +2 or \u22121). At the end, add up "
        "each line. Above zero is better for the child.</p>"
        f"<table><tr><th>Outcome</th><th>Changes</th><th>Total</th></tr>{rows}</table>"
    )
    if boxes:
        body.append("<p>Tick a box only when a section tells you to.</p><table>")
        body.extend(
            f"<tr><td><span class='box'></span>Box {letter}</td><td>{_esc(_flag_name(flag))}</td>"
            "</tr>"
            for flag, letter in boxes.items()
        )
        body.append("</table>")
    body.append("</section>")
    refs = "".join(
        f"<li>{_esc(ref.citation)}"
        + (f". {_esc(ref.note)}" if ref.note else "")
        + (f" <span class='source'>{_esc(ref.url)}</span>" if ref.url else "")
        + "</li>"
        for ref in scenario.references
    )
    body.append(f'<section class="references"><h2>References</h2><ol>{refs}</ol></section>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(scenario.title)} — gamebook</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def gamebook(
    path_or_id: Path | str | Scenario, *, root: Path | None = None, seed: int | None = None
) -> str:
    """The printable gamebook (a complete HTML document) of a scenario given by id or path.

    ``seed`` changes the order of the sections (default: derived from the scenario id).
    """
    scenario = path_or_id if isinstance(path_or_id, Scenario) else load(path_or_id, root=root)
    return gamebook_html(scenario, seed=seed)
