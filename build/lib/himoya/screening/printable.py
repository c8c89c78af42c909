"""Printable screening forms: the questions with answer boxes, and a scoring sheet.

:func:`form_fragment` is the HTML shown in the static book in place of the live form;
:func:`printable_form` wraps it in a complete HTML document for printing (and for PDF handouts).
Both are self-contained: inline CSS only, nothing loaded from another host.
"""

from __future__ import annotations

from html import escape

from himoya.screening.model import Instrument, load_instrument
from himoya.screening.score import BANNER_TEXT as _BANNER

_CSS = """
.himoya-screen-form { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif;
  font-size: 0.95em; line-height: 1.4; max-width: 52em; color: #111; }
.himoya-screen-form .hs-title { font-size: 1.25em; font-weight: bold; margin: 0.4em 0; }
.himoya-screen-form .hs-section { font-size: 1.1em; font-weight: bold; margin: 1.2em 0 0.4em 0;
  border-bottom: 1px solid #555; }
.himoya-screen-form .hs-banner { background: #fff4ce; border-left: 4px solid #8a6d00;
  padding: 0.4em 0.8em; margin: 0.6em 0; }
.himoya-screen-form .hs-note { font-size: 0.9em; color: #333; }
.himoya-screen-form table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
.himoya-screen-form th, .himoya-screen-form td { border: 1px solid #666; padding: 0.3em 0.45em;
  vertical-align: top; text-align: left; }
.himoya-screen-form .hs-scroll { overflow-x: auto; }
.himoya-screen-form th.hs-answer { text-align: center; width: 5.5em; font-size: 0.85em; }
.himoya-screen-form td.hs-answer { text-align: center; white-space: nowrap; }
.himoya-screen-form .hs-box { display: inline-block; width: 0.9em; height: 0.9em;
  border: 1px solid #000; vertical-align: middle; margin-right: 0.2em; }
.himoya-screen-form .hs-blank { display: inline-block; min-width: 6em;
  border-bottom: 1px solid #000; }
.himoya-screen-form .hs-flag { border: 2px solid #b00020; padding: 0.3em 0.8em; margin: 0.5em 0; }
@media print {
  .himoya-screen-form { max-width: none; font-size: 10.5pt; }
  .himoya-screen-form .hs-sheet { break-before: page; }
  .himoya-screen-form tr { break-inside: avoid; }
}
"""


def _range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


def _questions(instrument: Instrument) -> str:
    head = "".join(
        f'<th scope="col" class="hs-answer">{escape(option.label)}<br>({option.value})</th>'
        for option in instrument.options
    )
    rows = []
    for item in instrument.items:
        text = escape(item.text)
        if item.optional and item.ask_when:
            text += f'<br><span class="hs-note">Ask only if {escape(item.ask_when)}.</span>'
        cells = "".join(
            f'<td class="hs-answer"><span class="hs-box" aria-hidden="true"></span>'
            f"{option.value}</td>"
            for option in instrument.options
        )
        rows.append(f'<tr><th scope="row">{item.number}</th><td>{text}</td>{cells}</tr>')
    table = (
        '<div class="hs-scroll"><table class="hs-items"><thead><tr><th scope="col">#</th>'
        f'<th scope="col">Question</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table></div>"
    )
    extra = []
    for text, labels in instrument.unscored_questions:
        boxes = " ".join(
            f'<span class="hs-box" aria-hidden="true"></span>{escape(label)}' for label in labels
        )
        extra.append(f"<p>{escape(text)} (not scored)<br>{boxes}</p>")
    return table + "".join(extra)


def _scoring_sheet(instrument: Instrument) -> str:
    scored = [item.number for item in instrument.scored_items]
    item_range = (
        _range(scored[0], scored[-1])
        if scored == list(range(scored[0], scored[-1] + 1))
        else ", ".join(map(str, scored))
    )
    parts = [
        '<div class="hs-sheet"><p class="hs-section">Scoring sheet</p>',
        f"<p>Total of items {item_range}: <span class='hs-blank'></span> "
        f"(from 0 to {instrument.max_total})</p>",
    ]
    for subscale in instrument.subscales:
        numbers = ", ".join(
            str(item.number) for item in instrument.items if item.subscale == subscale.id
        )
        cut = f"; at or above its cut-off at {subscale.cutoff}" if subscale.cutoff else ""
        parts.append(
            f"<p>{escape(subscale.name)}: items {numbers}: <span class='hs-blank'></span>{cut}</p>"
        )
    parts.append(f"<p><strong>Missing answers.</strong> {escape(instrument.missing_rule)}</p>")
    bands = "".join(
        f"<tr><td>{escape(band.label)}</td><td>{_range(band.min, band.max)}</td></tr>"
        for band in instrument.bands
    )
    parts.append(
        '<table class="hs-bands"><thead><tr><th scope="col">Band</th>'
        f'<th scope="col">Total</th></tr></thead><tbody>{bands}</tbody></table>'
    )
    cut_lines = []
    for cutoff in instrument.cutoffs:
        if cutoff.is_default:
            who = "Positive screen"
        else:
            low = cutoff.min_age if cutoff.min_age is not None else 0
            high = f"-{cutoff.max_age}" if cutoff.max_age is not None else " and over"
            who = f"Ages {low}{high}: positive screen"
        source = f" ({escape(cutoff.source)})" if cutoff.source else ""
        cut_lines.append(f"<li>{who} at a total of {cutoff.min_total} or more{source}.</li>")
    parts.append(f"<ul>{''.join(cut_lines)}</ul>")
    if instrument.red_flags:
        flags = []
        for rule in instrument.red_flags:
            if rule.item is not None:
                item = next(item for item in instrument.items if item.id == rule.item)
                when = f"Item {item.number} answered {rule.min_value} or more"
            else:
                when = f"A total of {rule.total_min} or more"
            flags.append(
                f"<li><strong>{when}:</strong> {escape(rule.message)} "
                f"<em>What to do:</em> {escape(rule.action)}</li>"
            )
        parts.append(
            '<div class="hs-flag"><p><strong>Red flags: act the same day, or now</strong></p>'
            f"<ul>{''.join(flags)}</ul></div>"
        )
    else:
        parts.append(
            "<p><strong>Red flags.</strong> This instrument has no red-flag item. Any disclosure "
            "of harm, or any sign that the child is in danger, is still acted on at once.</p>"
        )
    actions = [
        ("Positive screen", instrument.actions["positive"]),
        ("Negative screen", instrument.actions["negative"]),
    ]
    if "subscale_positive" in instrument.actions:
        actions.insert(1, ("Only a subscale positive", instrument.actions["subscale_positive"]))
    parts.append(
        "<p><strong>What to do next</strong></p><ul>"
        + "".join(f"<li><strong>{k}:</strong> {escape(v)}</li>" for k, v in actions)
        + "</ul>"
    )
    parts.append(
        "<p>Checked by: <span class='hs-blank'></span> Date: <span class='hs-blank'></span> "
        "Referred to: <span class='hs-blank'></span></p></div>"
    )
    return "".join(parts)


def _about(instrument: Instrument) -> str:
    url = escape(instrument.url)
    return (
        '<p class="hs-section">About this form</p>'
        f'<p class="hs-note"><strong>Source:</strong> {escape(instrument.citation)}</p>'
        f'<p class="hs-note"><strong>Attribution:</strong> {escape(instrument.attribution)}</p>'
        f'<p class="hs-note"><strong>Terms of use:</strong> {escape(instrument.licence)} '
        f'Official version: <a href="{url}">{url}</a></p>'
        f'<p class="hs-note"><strong>Wording:</strong> {escape(instrument.wording_note)}</p>'
        f'<p class="hs-note"><strong>Age range in this course:</strong> '
        f"{escape(instrument.age_range_text)}. {escape(instrument.age_note)}</p>"
    )


def form_fragment(instrument_id: str, *, note: str = "") -> str:
    """The printable form as an HTML fragment (a ``<div>`` with its own ``<style>``).

    ``note`` is an extra line shown under the banner (the book uses it to say that JupyterLab
    shows the interactive version).
    """
    instrument = load_instrument(instrument_id)
    extra = f'<p class="hs-note">{escape(note)}</p>' if note else ""
    return (
        f'<div class="himoya-screen-form"><style>{_CSS}</style>'
        f'<p class="hs-title">{escape(instrument.name)}</p>'
        f'<p class="hs-banner"><strong>Screening is not diagnosis.</strong> {escape(_BANNER)} '
        f"Use this form only with consent, and only if you can act on the result.</p>{extra}"
        "<p>Name or case number: <span class='hs-blank'></span> Age: "
        "<span class='hs-blank'></span> Date: <span class='hs-blank'></span></p>"
        f"<p><strong>Measures:</strong> {escape(instrument.measures)}. "
        f"<strong>Who answers:</strong> {escape(instrument.respondent)}. "
        f"<strong>Time frame:</strong> {escape(instrument.time_frame)}.</p>"
        f"<p><strong>{escape(instrument.instructions)}</strong></p>"
        f"{_questions(instrument)}{_scoring_sheet(instrument)}{_about(instrument)}</div>"
    )


def printable_form(instrument_id: str) -> str:
    """A complete HTML document with the form and its scoring sheet, ready to print.

    Self-contained (inline CSS, A4 pages, no fonts, scripts or images from another host).
    """
    instrument = load_instrument(instrument_id)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(instrument.short_name)}: printable screening form (Himoya)</title>\n"
        "<style>@page { size: A4; margin: 15mm; } body { margin: 1em; }</style>\n"
        f"</head>\n<body>\n<main>\n<h1>{escape(instrument.short_name)} screening form</h1>\n"
        f"{form_fragment(instrument.id)}\n</main>\n</body>\n</html>\n"
    )
