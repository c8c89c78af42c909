"""Reachability and the longest path, with flags and with loops in the story."""

from pathlib import Path

from himoya.scenarios import load, read
from himoya.scenarios.graph import explore, longest_decisions

HERE = Path(__file__).parent


def test_flags_are_part_of_the_explored_state():
    scenario = load(HERE / "flags.yml")
    exploration = explore(scenario)
    assert exploration.complete
    assert exploration.dead == frozenset()
    assert ("plan", frozenset({"consent"})) in exploration.states
    assert ("plan", frozenset()) in exploration.states
    assert exploration.reached == {n.id for n in scenario.nodes} | {e.id for e in scenario.endings}
    assert longest_decisions(scenario, exploration) == 6


def test_a_story_that_loops_back_still_has_a_longest_path(tmp_path):
    text = (HERE / "valid-minimal.yml").read_text(encoding="utf-8")
    text = text.replace("id: valid-minimal", "id: looping")
    # From "uncle", a third choice goes back to the start: a loop, with an ending still reachable.
    text = text.replace(
        '      - label: "Leave him on the bench; the uncle is coming."',
        '      - label: "Call again later."\n'
        "        goto: found\n"
        '        feedback: "Calling again is fine."\n'
        "        refs: [crc-3]\n"
        '      - label: "Leave him on the bench; the uncle is coming."',
    )
    path = tmp_path / "looping.yml"
    path.write_text(text, encoding="utf-8")
    report = read(path, shipped=False)
    assert report.problems == ()
    # States are (node, flags) and each is visited once on a path: found{} -> uncle{family_called}
    # -> found{family_called} -> written-up has 3 decisions; uncle{family_called} cannot repeat.
    assert report.decision_points == 3


def test_a_node_that_only_a_never_offered_choice_reaches_is_reported(tmp_path):
    text = (HERE / "flags.yml").read_text(encoding="utf-8").replace("id: flags", "id: blocked")
    # Make the only way to "together" need consent AND its absence at different times: the
    # "Tell her about the plan" choice now needs a flag set only on a path that cannot get there.
    text = text.replace(
        "        requires: [family_informed]\n", "        requires: [family_informed, never]\n"
    ).replace(
        '        goto: visit\n        feedback: "Skipping consent',
        '        goto: visit\n        sets: [never]\n        feedback: "Skipping consent',
    )
    path = tmp_path / "blocked.yml"
    path.write_text(text, encoding="utf-8")
    messages = [str(problem) for problem in read(path, shipped=False).problems]
    assert len(messages) == 1, messages
    assert messages[0].endswith(
        "blocked.yml: ending together: never reached: every choice that leads here needs flags "
        "that are not set on any path from the start"
    )
