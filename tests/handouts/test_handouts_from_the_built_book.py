"""The handouts made from the strict build of the whole book: all there, A4, fonts embedded."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest

from himoya.scenarios import discover, load
from himoya.screening import instrument_ids

pytestmark = pytest.mark.build

TAJIK_LETTERS = ("ғ", "ӣ", "қ", "ӯ", "ҳ", "ҷ")
A4 = "595.276 x 841.89 pts (A4)"
BOOK_KINDS = {"module", "track", "facilitator"}


def _expected_names(course_dir: Path) -> set[str]:
    modules = {
        f"module-{folder.name}"
        for folder in (course_dir / "modules").iterdir()
        if folder.is_dir() and re.match(r"\d\d-", folder.name)
    }
    roles = ("police", "social-worker", "caregiver", "supervisor")
    tracks = {f"track-{role}" for role in roles}
    gamebooks = {f"gamebook-{load(path).id}" for path in discover(course_dir)}
    forms = {f"screening-{instrument}" for instrument in instrument_ids()}
    return modules | tracks | gamebooks | forms | {"facilitator-guide", "protocol-card"}


def _pdf_objects(pdf: Path) -> bytes:
    """The PDF's bytes with every zlib stream inflated (object streams hold the link objects)."""
    data = pdf.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def test_one_pdf_per_module_track_guide_card_scenario_and_form(handouts, course_dir):
    expected = _expected_names(course_dir)
    made = {path.stem for path in handouts.directory.glob("*.pdf")}
    assert made == expected
    assert len([name for name in made if name.startswith("module-")]) == 8
    assert len(made) >= 21


def test_every_font_in_every_pdf_is_embedded(handouts, poppler):
    not_embedded = {}
    for item in handouts.files:
        rows = poppler("pdffonts", item.path).splitlines()[2:]
        assert rows, f"{item.path.name}: no fonts at all"
        missing = [row.split()[0] for row in rows if row.split()[-5] != "yes"]
        if missing:
            not_embedded[item.path.name] = missing
    assert not_embedded == {}


def test_glossary_in_the_start_module_pdf_shows_the_tajik_letters(handouts, poppler):
    text = poppler("pdftotext", handouts.directory / "module-00-start.pdf")
    assert "Glossary" in text
    missing = [letter for letter in TAJIK_LETTERS if letter not in text]
    assert missing == []


def test_protocol_card_is_one_a4_page(handouts, poppler):
    info = poppler("pdfinfo", handouts.directory / "protocol-card.pdf")
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
    assert A4 in info
    text = poppler("pdftotext", handouts.directory / "protocol-card.pdf")
    assert "Protocol card: first contact with a child" in text
    assert "Notify the parents or guardian immediately" in text


def test_every_handout_is_a4_with_page_numbers(handouts, poppler):
    for item in handouts.files:
        info = poppler("pdfinfo", item.path)
        assert A4 in info, item.path.name
        pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1))
        assert pages == item.pages
        text = poppler("pdftotext", item.path)
        assert f"Page {pages} of {pages}" in text, item.path.name


def test_multi_page_handouts_have_contents_and_a_running_header(handouts, poppler):
    for item in handouts.files:
        if item.pages < 2:
            continue
        first = poppler("pdftotext", item.path, "-f", "1", "-l", "1")
        second = poppler("pdftotext", item.path, "-f", "2", "-l", "2")
        assert "Contents" in first, item.path.name
        assert f"Himoya · {item.title}" in second, item.path.name


def test_book_handouts_list_each_page_with_its_page_number(handouts, poppler):
    for item in handouts.files:
        if item.kind not in BOOK_KINDS:
            continue
        first = poppler("pdftotext", item.path, "-f", "1", "-l", "1")
        entries = re.findall(r"\.{3,}\s*(\d+)\s*$", first, re.MULTILINE)
        assert entries, f"{item.path.name}: contents without page numbers"
        numbers = [int(n) for n in entries]
        assert numbers == sorted(numbers), item.path.name
        assert 2 <= numbers[0] <= 3, item.path.name  # the contents may take two pages
        assert numbers[-1] <= item.pages, item.path.name


def test_links_between_pages_of_a_handout_are_clickable(handouts):
    objects = _pdf_objects(handouts.directory / "module-03-juvenile-justice.pdf")
    internal = re.findall(
        rb"/Subtype /Link.{0,200}?/Dest \((p-modules-[^)]+)\)", objects, re.DOTALL
    )
    assert len(internal) >= 10
    assert b"p-modules-03-juvenile-justice-protocol-card" in set(internal)


def test_the_police_track_holds_the_protocol_card_and_no_scenario_player(handouts, poppler):
    text = poppler("pdftotext", handouts.directory / "track-police.pdf")
    assert "Protocol card: first contact with a child" in text
    assert "HimoyaPlayer" not in text
    assert "needs JavaScript" not in text


def test_rendering_gave_no_warnings(handouts):
    warned = {item.path.name: item.warnings for item in handouts.files if item.warnings}
    assert warned == {}


# A page's body: below the running header and above the running footer (both sit in the page
# margins, 15 mm or more from the edge in every handout).
_MARGIN_PT = 15 * 72 / 25.4
_WORD = re.compile(
    r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', re.DOTALL
)
_PAGE = re.compile(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', re.DOTALL)
MIN_BODY_CHARACTERS = 150


def body_characters(pdf: Path, poppler) -> list[int]:
    """Characters of body text on each page of ``pdf`` (running header and footer left out)."""
    counts = []
    for height, words in _PAGE.findall(poppler("pdftotext", pdf, "-bbox")):
        low, high = _MARGIN_PT, float(height) - _MARGIN_PT
        counts.append(
            sum(
                len(text.strip())
                for top, bottom, text in _WORD.findall(words)
                if float(top) >= low and float(bottom) <= high
            )
        )
    return counts


def test_no_handout_page_is_nearly_empty(handouts, poppler):
    thin = {}
    for item in handouts.files:
        if item.kind == "card":
            continue  # the one-page protocol card is short on purpose
        counts = body_characters(item.path, poppler)
        assert len(counts) == item.pages, item.path.name
        pages = [f"p. {n} ({c})" for n, c in enumerate(counts, 1) if c < MIN_BODY_CHARACTERS]
        if pages:
            thin[item.path.name] = pages
    assert thin == {}, f"pages with under {MIN_BODY_CHARACTERS} characters of body text"
