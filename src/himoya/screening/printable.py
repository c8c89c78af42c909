"""Printable screening forms: the questions with answer boxes, and a scoring sheet.

:func:`form_fragment` is the HTML shown in the static book in place of the live form;
:func:`printable_form` wraps it in a complete HTML document for printing (and for PDF handouts).
Both are self-contained: inline CSS only, nothing loaded from another host.
"""

from __future__ import annotations

from html import escape

from himoya.i18n import ui
from himoya.screening.model import Instrument
from himoya.screening.score import BANNER_TEXT as _BANNER
from himoya.screening.translate import language_notes, load_instrument, screening_words

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
    _ = ui(instrument.requested_language).gettext
    w = screening_words(instrument.requested_language)
    head = "".join(
        f'<th scope="col" class="hs-answer">{escape(option.label)}<br>({option.value})</th>'
        for option in instrument.options
    )
    rows = []
    for item in instrument.items:
        text = escape(item.text)
        if item.optional and item.ask_when:
            ask = _("Ask only if {when}.").format(when=item.ask_when)
            text += f'<br><span class="hs-note">{escape(ask)}</span>'
        cells = "".join(
            f'<td class="hs-answer"><span class="hs-box" aria-hidden="true"></span>'
            f"{option.value}</td>"
            for option in instrument.options
        )
        rows.append(f'<tr><th scope="row">{item.number}</th><td>{text}</td>{cells}</tr>')
    table = (
        '<div class="hs-scroll"><table class="hs-items"><thead><tr><th scope="col">#</th>'
        f'<th scope="col">{escape(w["question"])}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>"
        "</table></div>"
    )
    extra = []
    for text, labels in instrument.unscored_questions:
        boxes = " ".join(
            f'<span class="hs-box" aria-hidden="true"></span>{escape(label)}' for label in labels
        )
        extra.append(f"<p>{escape(text)} {escape(w['not_scored'])}<br>{boxes}</p>")
    return table + "".join(extra)


def _scoring_sheet(instrument: Instrument) -> str:
    _ = ui(instrument.requested_language).gettext
    w = screening_words(instrument.requested_language)
    scored = [item.number for item in instrument.scored_items]
    item_range = (
        _range(scored[0], scored[-1])
        if scored == list(range(scored[0], scored[-1] + 1))
        else ", ".join(map(str, scored))
    )
    total = _("Total of items {items}:").format(items=item_range)
    span = _("(from 0 to {max_total})").format(max_total=instrument.max_total)
    parts = [
        f'<div class="hs-sheet"><p class="hs-section">{escape(w["scoring_sheet"])}</p>',
        f"<p>{escape(total)} <span class='hs-blank'></span> {escape(span)}</p>",
    ]
    for subscale in instrument.subscales:
        numbers = ", ".join(
            str(item.number) for item in instrument.items if item.subscale == subscale.id
        )
        cut = (
            _("; at or above its cut-off at {cutoff}").format(cutoff=subscale.cutoff)
            if subscale.cutoff
            else ""
        )
        label = _("{name}: items {numbers}:").format(name=subscale.name, numbers=numbers)
        parts.append(f"<p>{escape(label)} <span class='hs-blank'></span>{escape(cut)}</p>")
    parts.append(
        f"<p><strong>{escape(w['missing_answers'])}</strong> {escape(instrument.missing_rule)}</p>"
    )
    bands = "".join(
        f"<tr><td>{escape(band.label)}</td><td>{_range(band.min, band.max)}</td></tr>"
        for band in instrument.bands
    )
    parts.append(
        f'<table class="hs-bands"><thead><tr><th scope="col">{escape(w["band"])}</th>'
        f'<th scope="col">{escape(w["total"])}</th></tr></thead><tbody>{bands}</tbody></table>'
    )
    cut_lines = []
    for cutoff in instrument.cutoffs:
        low = cutoff.min_age if cutoff.min_age is not None else 0
        if cutoff.is_default:
            line = _("Positive screen at a total of {total} or more")
        elif cutoff.max_age is not None:
            line = _("Ages {low}-{high}: positive screen at a total of {total} or more")
        else:
            line = _("Ages {low} and over: positive screen at a total of {total} or more")
        line = line.format(low=low, high=cutoff.max_age, total=cutoff.min_total)
        source = f" ({cutoff.source})" if cutoff.source else ""
        cut_lines.append(f"<li>{escape(line + source)}.</li>")
    parts.append(f"<ul>{''.join(cut_lines)}</ul>")
    if instrument.red_flags:
        flags = []
        for rule in instrument.red_flags:
            if rule.item is not None:
                item = next(item for item in instrument.items if item.id == rule.item)
                when = _("Item {number} answered {value} or more").format(
                    number=item.number, value=rule.min_value
                )
            else:
                when = _("A total of {total} or more").format(total=rule.total_min)
            flags.append(
                f"<li><strong>{escape(when)}:</strong> {escape(rule.message)} "
                f"<em>{escape(w['what_to_do'])}</em> {escape(rule.action)}</li>"
            )
        parts.append(
            f'<div class="hs-flag"><p><strong>{escape(w["red_flags_act_the_same"])}'
            f"</strong></p><ul>{''.join(flags)}</ul></div>"
        )
    else:
        none = _(
            "This instrument has no red-flag item. Any disclosure of harm, or any sign that the "
            "child is in danger, is still acted on at once."
        )
        parts.append(f"<p><strong>{escape(w['red_flags'])}</strong> {escape(none)}</p>")
    actions = [
        (_("Positive screen"), instrument.actions["positive"]),
        (_("Negative screen"), instrument.actions["negative"]),
    ]
    if "subscale_positive" in instrument.actions:
        actions.insert(1, (_("Only a subscale positive"), instrument.actions["subscale_positive"]))
    parts.append(
        f"<p><strong>{escape(w['what_to_do_next'])}</strong></p><ul>"
        + "".join(f"<li><strong>{escape(k)}:</strong> {escape(v)}</li>" for k, v in actions)
        + "</ul>"
    )
    blank = "<span class='hs-blank'></span>"
    parts.append(
        f"<p>{escape(w['checked_by'])} {blank} {escape(w['date'])} {blank} "
        f"{escape(w['referred_to'])} {blank}</p></div>"
    )
    return "".join(parts)


def _about(instrument: Instrument) -> str:
    _ = ui(instrument.requested_language).gettext
    w = screening_words(instrument.requested_language)
    url = escape(instrument.url)

    def note(label: str, text: str) -> str:
        return f'<p class="hs-note"><strong>{escape(label)}</strong> {text}</p>'

    return (
        f'<p class="hs-section">{escape(w["about_this_form"])}</p>'
        + note(_("Source:"), escape(instrument.citation))
        + note(_("Attribution:"), escape(instrument.attribution))
        + note(
            _("Terms of use:"),
            f"{escape(instrument.licence)} {escape(w['official_version'])} "
            f'<a href="{url}">{url}</a>',
        )
        + note(_("Wording:"), escape(instrument.wording_note))
        + note(
            _("Age range in this course:"),
            f"{escape(instrument.age_range_text)}. {escape(instrument.age_note)}",
        )
    )


def form_fragment(instrument_id: str, *, note: str = "", lang: str | None = None) -> str:
    """The printable form as an HTML fragment (a ``<div>`` with its own ``<style>``).

    ``note`` is an extra line shown under the banner (the book uses it to say that JupyterLab
    shows the interactive version). ``lang`` is the language (default: the current one); a
    translated form says whether its questions are a working or an official translation.
    """
    instrument = load_instrument(instrument_id, lang=lang)
    _ = ui(instrument.requested_language).gettext
    w = screening_words(instrument.requested_language)
    extra = "".join(
        f'<p class="hs-note hs-language">{escape(line)}</p>' for line in language_notes(instrument)
    )
    extra += f'<p class="hs-note">{escape(note)}</p>' if note else ""
    blank = "<span class='hs-blank'></span>"
    return (
        f'<div class="himoya-screen-form" lang="{escape(instrument.language)}">'
        f"<style>{_CSS}</style>"
        f'<p class="hs-title">{escape(instrument.name)}</p>'
        f'<p class="hs-banner"><strong>{escape(w["screening_is_not_diagnosis"])}</strong> '
        f"{escape(_(_BANNER))} "
        f"{escape(w['use_this_form_only_with'])}"
        f"</p>{extra}"
        f"<p>{escape(w['name_or_case_number'])} {blank} {escape(w['age'])} {blank} "
        f"{escape(w['date'])} {blank}</p>"
        f"<p><strong>{escape(w['measures'])}</strong> {escape(instrument.measures)}. "
        f"<strong>{escape(w['who_answers'])}</strong> {escape(instrument.respondent)}. "
        f"<strong>{escape(w['time_frame'])}</strong> {escape(instrument.time_frame)}.</p>"
        f"<p><strong>{escape(instrument.instructions)}</strong></p>"
        f"{_questions(instrument)}{_scoring_sheet(instrument)}{_about(instrument)}</div>"
    )


def printable_form(instrument_id: str, *, lang: str | None = None) -> str:
    """A complete HTML document with the form and its scoring sheet, ready to print.

    Self-contained (inline CSS, A4 pages, no fonts, scripts or images from another host).
    ``lang`` as for :func:`form_fragment`.
    """
    instrument = load_instrument(instrument_id, lang=lang)
    language = instrument.requested_language
    _ = ui(language).gettext
    title = _("{name}: printable screening form (Himoya)").format(name=instrument.short_name)
    heading = _("{name} screening form").format(name=instrument.short_name)
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        "<style>@page { size: A4; margin: 15mm; } body { margin: 1em; }</style>\n"
        f"</head>\n<body>\n<main>\n<h1>{escape(heading)}</h1>\n"
        f"{form_fragment(instrument.id, lang=language)}\n</main>\n</body>\n</html>\n"
    )
