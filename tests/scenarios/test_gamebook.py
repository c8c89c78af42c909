"""The paper gamebook: numbered sections, feedback with citations, flags as ticked boxes."""

import re
from pathlib import Path

import pytest

from himoya.book.offline import scan_file
from himoya.scenarios import gamebook, load
from himoya.scenarios.gamebook import section_numbers

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def consent():
    return load(HERE / "flags.yml")


@pytest.fixture(scope="module")
def book(consent):
    return gamebook(consent)


def _section(book: str, number: int) -> str:
    match = re.search(
        rf'<section class="gamebook-section" id="s{number}">(.*?)</section>', book, re.DOTALL
    )
    assert match, f"no §{number}"
    return match.group(1)


def test_start_is_section_one_and_the_rest_are_shuffled_deterministically(consent, book):
    numbers = section_numbers(consent)
    assert numbers["intake"] == 1
    items = [node.id for node in consent.nodes] + [ending.id for ending in consent.endings]
    assert sorted(numbers.values()) == list(range(1, len(items) + 1))
    assert [numbers[item] for item in items] != list(range(1, len(items) + 1))
    assert gamebook(consent) == book
    assert section_numbers(consent, seed=7) != numbers


def test_every_go_to_points_at_a_section_that_exists(book):
    targets = {int(n) for n in re.findall(r'href="#s(\d+)">go to §\1<', book)}
    sections = {int(n) for n in re.findall(r'<section class="gamebook-section" id="s(\d+)">', book)}
    assert targets
    assert targets <= sections
    assert sections == set(range(1, 10))


def test_feedback_is_printed_with_its_citation_in_the_section_you_go_to(consent, book):
    numbers = section_numbers(consent)
    visit = _section(book, numbers["visit"])
    assert "If you came from §1 and chose “Explain your role and ask the aunt" in visit
    assert "Asking first respects their rights and builds trust." in visit
    assert "Source: UN Convention on the Rights of the Child, art. 12, 1989" in visit
    assert "Write on your score sheet: Rights +1." in visit


def test_flags_become_boxes_to_tick_and_conditions_on_them(consent, book):
    numbers = section_numbers(consent)
    assert "Tick box A (consent)." in _section(book, numbers["visit"])
    plan = _section(book, numbers["plan"])
    school = numbers["school"]
    assert "If you ticked box A: Share the plan with the family, as agreed. → " in plan
    assert f'<a class="goto" href="#s{school}">go to §{school}</a>' in plan
    assert "If you did not tick box A: Share the plan with the family anyway." in plan
    assert "Keep the plan to yourself for now. → " in plan
    assert "Box B</td><td>family informed" in book


def test_score_sheet_endings_debrief_and_references(consent, book):
    sheet = re.search(r'<section class="score-sheet">(.*?)</section>', book, re.DOTALL).group(1)
    for dimension in ("Safety", "Rights", "Wellbeing", "Family"):
        assert f"<td>{dimension}</td>" in sheet
    harmed = _section(book, section_numbers(consent)["harmed"])
    assert "The end · Harmful outcome" in harmed
    assert "<li>What would you say to the mother instead?</li>" in harmed
    refs = re.search(r'<section class="references">(.*?)</section>', book, re.DOTALL).group(1)
    assert "UN Convention on the Rights of the Child, art. 12, 1989" in refs
    assert "This case is fictional." in book
    assert "How to play" in book


def test_scenario_markup_is_escaped_in_the_gamebook():
    book = gamebook(HERE / "script-in-text.yml")
    assert "<script" not in book
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in book
    assert "<img" not in book


def test_gamebook_loads_nothing_from_another_host_and_prints_to_pdf(book, tmp_path):
    page = tmp_path / "flags.html"
    page.write_text(book, encoding="utf-8")
    assert scan_file(page) == []
    assert "@page { size: A4" in book
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetched = []

    class Refuse(URLFetcher):
        def fetch(self, url, *args, **kwargs):
            fetched.append(url)
            raise ValueError(f"refused {url}")

    pdf = HTML(string=book, url_fetcher=Refuse()).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert fetched == []


def test_choices_are_listed_in_the_order_the_players_show_them(consent, book):
    for node in consent.nodes:
        section = _section(book, section_numbers(consent)[node.id])
        choices = section.split('<ol class="choices">', 1)[1]
        positions = [choices.index(choice.label) for choice in node.choices]
        assert positions == sorted(positions), node.id
