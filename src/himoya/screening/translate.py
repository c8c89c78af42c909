"""A screening instrument in another language, from its catalog ``instruments/<id>.po``.

Scoring never changes with the language: values, cut-offs, item ids and rules are the English
file's. What a person reads is translated: the name, instructions, answer labels, items, bands,
red flags, actions and notes (the citation, the official address and the short name stay as they
are). A translated instrument says what its item wording is: a *working* translation made for the
course and not validated (the cut-offs were validated for the original wording), unless the
edition names an official translation and its source (``instruments:`` in ``edition.yml``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from himoya.i18n import ItemText, is_reviewed, item_text, resolve_language
from himoya.i18n.editions import edition
from himoya.i18n.extract import Entry, norm_text, template
from himoya.screening.model import Instrument, english_instrument, instrument_ids


def domain(instrument: Instrument) -> str:
    """The instrument's catalog domain, ``instruments/<id>``."""
    return f"instruments/{instrument.id}"


def entries(instrument: Instrument) -> list[Entry]:
    """Every translatable English text of ``instrument``, in file order."""
    where = f"src/himoya/screening/instruments/{instrument.id}.yml"

    def e(text: str, note: str) -> Entry:
        return Entry(norm_text(text), where, note)

    found = [
        e(instrument.name, "name"),
        e(instrument.measures, "measures"),
        e(instrument.respondent, "respondent"),
        e(instrument.licence, "licence"),
        e(instrument.attribution, "attribution"),
        e(instrument.wording_note, "wording_note"),
        e(instrument.age_note, "age.note"),
        e(instrument.time_frame, "time_frame"),
        e(instrument.instructions, "instructions"),
    ]
    found += [e(option.label, f"response_options[{option.value}]") for option in instrument.options]
    for item in instrument.items:
        found.append(e(item.text, f"items.{item.id}"))
        if item.ask_when:
            found.append(e(item.ask_when, f"items.{item.id}.ask_when"))
        if item.unasked_note:
            found.append(e(item.unasked_note, f"items.{item.id}.unasked_note"))
    for text, labels in instrument.unscored_questions:
        found.append(e(text, "unscored_questions"))
        found += [e(label, "unscored_questions.options") for label in labels]
    found.append(e(instrument.missing_rule, "missing.rule"))
    found += [e(subscale.name, f"subscales.{subscale.id}") for subscale in instrument.subscales]
    found += [e(band.label, "bands") for band in instrument.bands]
    found += [e(cutoff.source, "cutoffs.source") for cutoff in instrument.cutoffs if cutoff.source]
    for number, rule in enumerate(instrument.red_flags, 1):
        if rule.band:
            found.append(e(rule.band, f"red_flags[{number}].band"))
        found.append(e(rule.message, f"red_flags[{number}].message"))
        found.append(e(rule.action, f"red_flags[{number}].action"))
    found += [e(text, f"actions.{key}") for key, text in instrument.actions.items()]
    if instrument.age_unknown_note:
        found.append(e(instrument.age_unknown_note, "age_unknown_note"))
    return [entry for entry in found if entry.text]


def instrument_template(instrument: Instrument):
    """The instrument's English messages as a template catalog."""
    return template(domain(instrument), entries(instrument))


def text_for(instrument: Instrument, language: str | None = None) -> ItemText:
    """The instrument's text in ``language`` (default: the current one), or a fallback of it."""
    return item_text(
        resolve_language(language), domain(instrument), instrument_template(instrument)
    )


def localize(instrument: Instrument, text: ItemText, *, root: Path | None = None) -> Instrument:
    """``instrument`` with every text a person reads taken from ``text``."""
    if text.language == "en":
        return replace(instrument, requested_language=text.requested)
    t = text
    wording = edition(text.language, root).wording(instrument.id)
    return replace(
        instrument,
        name=t(instrument.name),
        measures=t(instrument.measures),
        respondent=t(instrument.respondent),
        licence=t(instrument.licence),
        attribution=t(instrument.attribution),
        wording_note=t(instrument.wording_note),
        age_note=t(instrument.age_note),
        time_frame=t(instrument.time_frame),
        instructions=t(instrument.instructions),
        options=tuple(replace(o, label=t(o.label)) for o in instrument.options),
        items=tuple(
            replace(
                item,
                text=t(item.text),
                ask_when=t(item.ask_when),
                unasked_note=t(item.unasked_note),
            )
            for item in instrument.items
        ),
        missing_rule=t(instrument.missing_rule),
        subscales=tuple(replace(s, name=t(s.name)) for s in instrument.subscales),
        bands=tuple(replace(b, label=t(b.label)) for b in instrument.bands),
        cutoffs=tuple(replace(c, source=t(c.source)) for c in instrument.cutoffs),
        red_flags=tuple(
            replace(
                rule,
                band=t(rule.band) if rule.band else rule.band,
                message=t(rule.message),
                action=t(rule.action),
            )
            for rule in instrument.red_flags
        ),
        actions={key: t(value) for key, value in instrument.actions.items()},
        unscored_questions=tuple(
            (t(question), tuple(t(label) for label in labels))
            for question, labels in instrument.unscored_questions
        ),
        age_unknown_note=t(instrument.age_unknown_note),
        language=text.language,
        requested_language=text.requested,
        reviewed=is_reviewed(text.language, text.domain, root),
        wording=wording.wording,
        wording_source=wording.source,
    )


def language_notes(instrument: Instrument) -> list[str]:
    """What a reader must know about the form's language: its wording, fallback and review."""
    from himoya.i18n import ui

    _ = ui(instrument.requested_language).gettext
    notes = []
    if instrument.language != instrument.requested_language:
        name = _(edition(instrument.language).english_name)
        notes.append(
            _("This form is not yet translated. Language of the form: {language}.").format(
                language=name
            )
        )
    if instrument.wording == "working":
        notes.append(
            _(
                "Working translation, not validated: the questions were translated for this "
                "course. The cut-offs were checked for the original wording only, so read the "
                "result with extra care."
            )
        )
    elif instrument.wording == "official":
        notes.append(
            _("Official translation of the questions: {source}.").format(
                source=instrument.wording_source
            )
        )
    if not instrument.reviewed:
        notes.append(
            _(
                "This translation has not yet been reviewed by a native-speaking "
                "child-protection professional."
            )
        )
    return notes


def load_instrument(instrument_id: str, *, lang: str | None = None) -> Instrument:
    """Return the instrument with id ``instrument_id`` (e.g. ``"phq9"``).

    Raises :class:`UnknownInstrumentError` (a ``ValueError``) listing the known ids when there is
    no such instrument, and :class:`InstrumentFileError` when its file is broken. ``lang``
    (default: :func:`himoya.i18n.current_language`) gives its text in that language when
    ``locale/<lang>/LC_MESSAGES/instruments/<id>.po`` translates all of it, else in the next
    language of the edition's chain; scoring is the same in every language.
    """
    english = english_instrument(instrument_id)
    if resolve_language(lang) == "en":
        return replace(english, requested_language="en")
    return localize(english, text_for(english, lang))


def instruments(*, lang: str | None = None) -> tuple[Instrument, ...]:
    """Every instrument shipped with the course, sorted by id (``lang`` as for load_instrument)."""
    return tuple(load_instrument(ident, lang=lang) for ident in instrument_ids())
