"""A scenario in another language, from its catalog ``locale/<lang>/LC_MESSAGES/scenarios/<id>.po``.

The English YAML is validated as usual; :func:`localize` then replaces every text a trainee reads
with its translation. Ids, ``goto`` targets, flags and effects never change, so a case plays the
same way in every language. Translated: title, summary, learning objectives, the fictional-notice
and content note, node text, choice labels and feedback, ending title, text, standards and debrief
questions, reference citations and notes, and the names of the outcome dimensions.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from himoya.i18n import ItemText, is_reviewed, item_text, resolve_language
from himoya.i18n.extract import Entry, norm_text, relative, template
from himoya.scenarios.model import Scenario, dimension_label, flag_label

FLAG_CONTEXT = "gamebook box"
"""The gettext context of a flag's words on the gamebook's score sheet."""
DIMENSION_CONTEXT = "outcome dimension"
"""The gettext context of dimension names (``Safety``), kept apart from other uses of a word."""


def domain(scenario: Scenario) -> str:
    """The scenario's catalog domain, ``scenarios/<id>``."""
    return f"scenarios/{scenario.id}"


def entries(scenario: Scenario, *, root: Path | None = None) -> list[Entry]:
    """Every translatable English text of ``scenario``, in file order."""
    where = relative(scenario.path, root) if scenario.path and root else str(scenario.path or "")
    found = [
        Entry(norm_text(scenario.title), where, "title"),
        Entry(norm_text(scenario.summary), where, "summary"),
    ]
    found += [
        Entry(norm_text(text), where, f"learning_objectives[{n}]")
        for n, text in enumerate(scenario.learning_objectives, 1)
    ]
    found.append(Entry(norm_text(scenario.fictional_notice), where, "fictional_notice"))
    if scenario.content_note:
        found.append(Entry(norm_text(scenario.content_note), where, "content_note"))
    found += [
        Entry(dimension_label(dim), where, f"dimensions: {dim}", DIMENSION_CONTEXT)
        for dim in scenario.dimensions
    ]
    found += [
        Entry(flag_label(flag), where, f"flag: {flag}", FLAG_CONTEXT) for flag in _flags(scenario)
    ]
    for ref in scenario.references:
        found.append(Entry(norm_text(ref.citation), where, f"references.{ref.id}.citation"))
        if ref.note:
            found.append(Entry(norm_text(ref.note), where, f"references.{ref.id}.note"))
    for node in scenario.nodes:
        found.append(Entry(norm_text(node.text), where, f"nodes.{node.id}.text"))
        # In file order, numbered as in the file (the loaded choices are in display order).
        for choice in sorted(node.choices, key=lambda choice: choice.position):
            base = f"nodes.{node.id}.choices[{choice.position}]"
            found.append(Entry(norm_text(choice.label), where, f"{base}.label"))
            found.append(Entry(norm_text(choice.feedback), where, f"{base}.feedback"))
    for ending in scenario.endings:
        base = f"endings.{ending.id}"
        found.append(Entry(norm_text(ending.title), where, f"{base}.title"))
        found.append(Entry(norm_text(ending.text), where, f"{base}.text"))
        found.append(Entry(norm_text(ending.standards), where, f"{base}.standards"))
        found += [
            Entry(norm_text(question), where, f"{base}.debrief[{n}]")
            for n, question in enumerate(ending.debrief, 1)
        ]
    return found


def _flags(scenario: Scenario) -> list[str]:
    flags: dict[str, None] = {}
    for node in scenario.nodes:
        for choice in node.choices:
            for flag in (
                *sorted(choice.sets),
                *sorted(choice.requires),
                *sorted(choice.requires_not),
            ):
                flags.setdefault(flag)
    return list(flags)


def scenario_template(scenario: Scenario, *, root: Path | None = None):
    """The scenario's English messages as a template catalog."""
    return template(domain(scenario), entries(scenario, root=root))


def text_for(
    scenario: Scenario, language: str | None = None, *, root: Path | None = None
) -> ItemText:
    """The scenario's text in ``language`` (default: the current one), or a fallback of it."""
    return item_text(
        resolve_language(language),
        domain(scenario),
        scenario_template(scenario, root=root),
        root=root,
    )


def localize(scenario: Scenario, text: ItemText, *, root: Path | None = None) -> Scenario:
    """``scenario`` with every text a trainee reads taken from ``text``."""
    if text.language == "en":
        return replace(scenario, requested_language=text.requested)

    def t(value: str) -> str:
        return text(norm_text(value)) if value else value

    return replace(
        scenario,
        title=t(scenario.title),
        summary=t(scenario.summary),
        learning_objectives=tuple(t(item) for item in scenario.learning_objectives),
        fictional_notice=t(scenario.fictional_notice),
        content_note=t(scenario.content_note),
        references=tuple(
            replace(ref, citation=t(ref.citation), note=t(ref.note)) for ref in scenario.references
        ),
        nodes=tuple(
            replace(
                node,
                text=t(node.text),
                choices=tuple(
                    replace(choice, label=t(choice.label), feedback=t(choice.feedback))
                    for choice in node.choices
                ),
            )
            for node in scenario.nodes
        ),
        endings=tuple(
            replace(
                ending,
                title=t(ending.title),
                text=t(ending.text),
                standards=t(ending.standards),
                debrief=tuple(t(question) for question in ending.debrief),
            )
            for ending in scenario.endings
        ),
        dimension_labels=tuple(
            (dim, text(dimension_label(dim), DIMENSION_CONTEXT)) for dim in scenario.dimensions
        ),
        flag_labels=tuple(
            (flag, text(flag_label(flag), FLAG_CONTEXT)) for flag in _flags(scenario)
        ),
        language=text.language,
        requested_language=text.requested,
        reviewed=is_reviewed(text.language, text.domain, root),
    )
