"""The static player in a built book: it plays to an ending from file:// with no network at all.

One test builds a tiny fixture book (two players on one page, executed in a real kernel); the
other opens every ``case-*.html`` page of the real course book (the session's ``built_book``).
"""

import shutil
from pathlib import Path

import pytest
import yaml

from himoya.book import build_book

HERE = Path(__file__).parent


def _play_every_player(offline_page, play_to_ending, page_file: Path) -> int:
    """Play each player on the page to an ending (Enter key on the first step); return count."""
    tab = offline_page(width=360, height=800)
    tab.page.goto(page_file.as_uri())
    players = tab.page.locator(".himoya-player").all()
    assert players, f"{page_file.name}: no case player on the page"
    for player in players:
        assert player.get_attribute("data-himoya-ready") == "true", page_file.name
        play_to_ending(tab.page, player, use_enter=True)
        assert player.get_attribute("data-himoya-finished") == "true"
        assert player.locator(".hp-kind").count() == 1
        assert "Questions for discussion" in player.inner_text()
    assert tab.errors == [], f"{page_file.name}: JavaScript errors {tab.errors}"
    assert tab.blocked == [], f"{page_file.name}: requests to other hosts {tab.blocked}"
    return len(players)


@pytest.mark.build
@pytest.mark.browser
def test_players_in_a_built_fixture_book_play_offline(tmp_path, offline_page, play_to_ending):
    book = tmp_path / "book"
    shutil.copytree(HERE / "player-book", book)
    for name, module in (("valid-minimal", "03-juvenile-justice"), ("flags", "02-casework")):
        cases = book / "modules" / module / "cases"
        cases.mkdir(parents=True)
        shutil.copy(HERE / f"{name}.yml", cases / f"{name}.yml")
    html = build_book(source=book, output=book, strict=True, quiet=True)
    page = html / "case-fixture-players.html"
    text = page.read_text(encoding="utf-8")
    assert "require.js" not in text
    assert "widget-view+json" not in text.split("</head>")[1]
    assert _play_every_player(offline_page, play_to_ending, page) == 2


def _toc_case_pages(node) -> list[str]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"file", "root"} and Path(str(value)).name.startswith("case-"):
                found.append(str(value))
            else:
                found.extend(_toc_case_pages(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_toc_case_pages(item))
    return found


@pytest.mark.build
@pytest.mark.browser
def test_every_case_page_of_the_course_book_plays_offline(
    built_book, course_dir, offline_page, play_to_ending
):
    toc = yaml.safe_load((course_dir / "_toc.yml").read_text(encoding="utf-8"))
    listed = sorted(f"{page}.html" for page in _toc_case_pages(toc))
    # The English book; the Russian and Tajik editions (ru/, tg/) are played in tests/i18n.
    built = sorted(
        str(path.relative_to(built_book)) for path in (built_book / "modules").rglob("case-*.html")
    )
    assert built == listed
    for name in built:
        _play_every_player(offline_page, play_to_ending, built_book / name)
