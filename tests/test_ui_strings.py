"""The players' and forms' words come from ui-strings.yml; every word a script asks for is there."""

import re
from importlib import resources

import pytest

from himoya.ui import fill, ui_strings


def _script(package: str, name: str) -> str:
    return (resources.files(package) / "static" / name).read_text(encoding="utf-8")


def test_every_word_the_case_player_shows_is_in_the_player_section():
    script = _script("himoya.scenarios", "player.js")
    asked = set(re.findall(r'say\((?:ui|this\.ui), "([a-z_]*[a-z])"', script))
    asked |= {f"kind_{kind}" for kind in ("good", "mixed", "harmful")}  # say(ui, "kind_" + kind)
    asked |= {"what_next", "the_case", "finished_one", "finished_other"}  # chosen at run time
    assert asked, "no words found in player.js"
    assert asked <= set(ui_strings("player"))


def test_every_word_the_screening_scorer_shows_is_in_the_screening_section():
    asked = set(re.findall(r"\bui\.([a-z_]+)", _script("himoya.screening", "scorer.js")))
    asked |= {"screen_positive", "screen_negative"}
    assert asked <= set(ui_strings("screening"))


def test_no_word_has_the_name_of_a_dict_method():
    """Templates read ``ui.<key>`` and Jinja looks up attributes first: ``ui.clear`` was the
    dict's ``clear`` method, and the page showed "<built-in method clear of dict object ...>"."""
    for section in ("player", "gamebook", "screening"):
        shadowed = sorted(key for key in ui_strings(section) if hasattr(dict, key))
        assert shadowed == [], f"ui-strings.yml [{section}]: rename {shadowed}"


def test_fill_replaces_named_places_only():
    assert fill("Choices made so far: {n}.", n=3) == "Choices made so far: 3."
    assert fill("{a} and {b}", a="x") == "x and {b}"


def test_an_unknown_section_is_named_in_the_error():
    with pytest.raises(KeyError, match="no section 'players'"):
        ui_strings("players")
