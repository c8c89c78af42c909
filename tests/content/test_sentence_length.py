"""Readers in a second language: short sentences in the pages and scenarios of modules 01-06.

Issue 13 asks for no sentence over 40 words in modules 01-06 and an average under 20. Each page
and each scenario is its own test case, so a failure names the file (and the line or node) that
needs rewriting. ``python tests/content/sentences.py modules/NN-slug`` lists the long sentences.
"""

from pathlib import Path

import pytest

from himoya.paths import course_root

from .sentences import (
    AVERAGE,
    LIMIT,
    average,
    module_sentences,
    page_sentences,
    scenario_sentences,
    split_sentences,
    too_long,
)

ROOT = course_root(Path(__file__).parent)
CHECKED = {"01", "02", "03", "04", "05", "06"}
MODULES = sorted(p for p in (ROOT / "modules").iterdir() if p.is_dir() and p.name[:2] in CHECKED)
PAGES = [page for module in MODULES for page in sorted(module.glob("*.md"))]
SCENARIOS = [case for module in MODULES for case in sorted(module.glob("cases/*.yml"))]


def _report(long: list) -> str:
    return "\n".join(f"{s.where}: {s.words} words: {s.text}" for s in long)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT / "modules")))
def test_no_sentence_on_a_page_is_over_the_limit(page):
    long = too_long(page_sentences(page, root=ROOT))
    assert not long, f"sentences over {LIMIT} words:\n{_report(long)}"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_no_sentence_a_trainee_reads_in_a_scenario_is_over_the_limit(scenario):
    long = too_long(scenario_sentences(scenario, root=ROOT))
    assert not long, f"sentences over {LIMIT} words:\n{_report(long)}"


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_module_pages_average_under_twenty_words_a_sentence(module):
    sentences = module_sentences(module, root=ROOT)
    assert sentences, f"{module.name}: no prose found"
    assert average(sentences) < AVERAGE, f"{module.name}: {average(sentences):.1f} words a sentence"


def test_the_modules_checked_are_01_to_06():
    assert [m.name[:2] for m in MODULES] == ["01", "02", "03", "04", "05", "06"]


# The counter itself, on small samples whose answers are known.


def test_citations_and_abbreviations_do_not_end_a_sentence():
    text = (
        "Referral needs consent (Beijing Rules, rule 11.3, 1985). See art. 23 and No. 29 of the "
        "decree, e.g. the list. Is that clear? Yes!"
    )
    assert split_sentences(text) == [
        "Referral needs consent (Beijing Rules, rule 11.3, 1985).",
        "See art. 23 and No. 29 of the decree, e.g. the list.",
        "Is that clear?",
        "Yes!",
    ]


def test_a_sentence_ends_inside_closing_quotes():
    text = 'He said "go home." Then he left.'
    assert split_sentences(text) == ['He said "go home."', "Then he left."]


def test_page_prose_skips_front_matter_code_tables_headings_quotes_and_urls(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "---\nroles: [police]\n---\n\n(label)=\n# A heading that is not a sentence\n\n"
        "One two three. Four five {doc}`six <target>` seven https://example.org/x.\n\n"
        "| a table | row |\n|---|---|\n\n> A block quote of a standard.\n\n"
        "```{code-cell} ipython3\nx = 'not prose. Not prose either.'\n```\n\n"
        "```{admonition} Example\n:class: tip\nInside an admonition.\n```\n\n"
        "- First item without a stop\n- Second item.\n",
        encoding="utf-8",
    )
    sentences = page_sentences(page)
    assert [s.text for s in sentences] == [
        "One two three.",
        "Four five six seven .",
        "Inside an admonition.",
        "First item without a stop",
        "Second item.",
    ]
    assert [s.words for s in sentences] == [3, 4, 3, 5, 2]
    assert sentences[0].where.endswith("page.md:8")


def test_a_long_sentence_is_reported_with_its_place(tmp_path):
    page = tmp_path / "long.md"
    page.write_text("Short one.\n\n" + " ".join(["word"] * 41) + ".\n", encoding="utf-8")
    (long,) = too_long(page_sentences(page))
    assert long.words == 41
    assert long.where.endswith("long.md:3")


def test_scenario_sentences_come_from_texts_labels_feedback_and_endings(tmp_path):
    case = tmp_path / "case.yml"
    case.write_text(
        "summary: A summary.\nreferences: {r: {citation: Not read by the check. Two.}}\n"
        "nodes:\n  start:\n    text: |\n      First para.\n\n      Second para.\n"
        "    choices:\n      - {label: Do it., feedback: Right. Good., refs: [r], goto: end}\n"
        "endings:\n  end: {text: Done., standards: A rule., debrief: ['Why?']}\n",
        encoding="utf-8",
    )
    sentences = scenario_sentences(case)
    assert [s.text for s in sentences] == [
        "A summary.",
        "First para.",
        "Second para.",
        "Do it.",
        "Right.",
        "Good.",
        "Done.",
        "A rule.",
        "Why?",
    ]
    assert sentences[4].where.endswith("case.yml: node start: choice 1 feedback")
