"""The validator: one fixture per problem, each message naming file, node and problem."""

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from himoya.scenarios import ScenarioError, check, load, read

HERE = Path(__file__).parent


def _only_problem(name: str) -> str:
    """Validate a fixture (relaxed shipped rules) and return its single problem as printed."""
    report = read(HERE / name, shipped=False)
    assert report.scenario is None
    assert len(report.problems) == 1, [str(problem) for problem in report.problems]
    line = str(report.problems[0])
    assert line.startswith(f"{name}: ") or f"/{name}: " in line, line
    return line


def test_valid_minimal_fixture_has_no_problems():
    report = read(HERE / "valid-minimal.yml", shipped=False)
    assert report.problems == ()
    assert report.scenario is not None
    assert report.scenario.id == "valid-minimal"
    assert report.decision_points == 2


def test_unknown_goto_names_the_missing_target():
    line = _only_problem("unknown-goto.yml")
    assert ": node found: choice 1: goto 'uncel' is not a node or an ending" in line
    assert "did you mean 'uncle'" in line


def test_unreachable_node_is_named():
    line = _only_problem("unreachable-node.yml")
    assert ": node orphan: not reachable from start 'found'" in line


def test_nodes_from_which_no_ending_can_be_reached_are_named():
    report = read(HERE / "no-ending-reachable.yml", shipped=False)
    lines = sorted(str(problem) for problem in report.problems)
    assert len(lines) == 2
    assert lines[0].endswith(
        "no-ending-reachable.yml: node asking: no ending can be reached from here"
    )
    assert lines[1].endswith(
        "no-ending-reachable.yml: node waiting: no ending can be reached from here"
    )


def test_choice_without_feedback_is_named():
    line = _only_problem("choice-without-feedback.yml")
    assert ": node found: choice 2: missing 'feedback' (why this choice helps or harms" in line


def test_choice_without_refs_is_named():
    line = _only_problem("choice-without-refs.yml")
    assert ": node found: choice 1: missing 'refs' (reference ids from `references`" in line


def test_unknown_dimension_is_named():
    line = _only_problem("unknown-dimension.yml")
    assert ": node found: choice 1: unknown dimension 'saftey' in effects" in line


def test_unknown_reference_is_named():
    line = _only_problem("unknown-reference.yml")
    assert ": node found: choice 2: reference 'crc-37' is not in the references table" in line


def test_duplicate_node_id_is_caught_although_yaml_keeps_the_last():
    line = _only_problem("duplicate-node-id.yml")
    assert ": node found: duplicate node id (lines 14 and 19" in line


def test_node_and_ending_with_the_same_id_is_named():
    line = _only_problem("node-and-ending-same-id.yml")
    assert ": node home: id 'home' is used for both a node and an ending" in line


def test_wrong_schema_version_is_named():
    line = _only_problem("wrong-schema-version.yml")
    assert ": top level: schema_version is 2; this version of himoya reads schema_version 1" in line


def test_yaml_syntax_error_names_the_line():
    line = _only_problem("yaml-syntax-error.yml")
    assert ": line 15: YAML syntax error: mapping values are not allowed" in line


def test_node_with_only_conditional_choices_is_named():
    line = _only_problem("only-conditional-choices.yml")
    assert ": node uncle: every choice is conditional" in line


def test_id_not_matching_the_file_name_is_named():
    line = _only_problem("id-not-matching-file-name.yml")
    assert (
        "top level: id 'lost-boy' does not match the file name 'id-not-matching-file-name.yml'"
        in (line)
    )


def test_required_flag_that_no_choice_sets_is_named():
    line = _only_problem("requires-flag-never-set.yml")
    assert ": node waiting: choice 1: requires flag 'uncel_called', which no choice sets" in line


def test_misspelt_field_is_reported_not_ignored():
    report = read(HERE / "unknown-field.yml", shipped=False)
    lines = [str(problem) for problem in report.problems]
    assert any(
        ": node found: choice 2: unknown field 'feedbak' (did you mean 'feedback'?)" in line
        for line in lines
    ), lines


def test_two_files_with_the_same_scenario_id_are_both_named():
    folder = HERE / "duplicate-scenario-id"
    reports = check([folder], shipped=False)
    assert len(reports) == 2
    for report, other in zip(reports, reversed(reports), strict=True):
        assert report.scenario is None
        messages = [str(problem) for problem in report.problems]
        assert len(messages) == 1
        assert "top level: scenario id 'same-id' is also used by" in messages[0]
        assert str(other.path.relative_to(HERE.parent.parent)) in messages[0] or (
            other.path.name in messages[0]
        )


def test_shipped_rules_ask_for_module_folder_and_size():
    report = read(HERE / "valid-minimal.yml", shipped=True)
    assert report.scenario is not None  # shipped-only rules do not stop it loading
    messages = [problem.message for problem in report.problems]
    assert all(problem.shipped_rule for problem in report.problems)
    assert any(
        "module '03-juvenile-justice' does not match the folder 'tests'" in m for m in messages
    )
    assert any("longest path has 2 decision points" in m and "at least 6" in m for m in messages)


def test_shipped_scenario_with_three_endings_and_six_decisions_passes(tmp_path):
    cases = tmp_path / "modules" / "02-casework" / "cases"
    cases.mkdir(parents=True)
    shutil.copy(HERE / "flags.yml", cases / "flags.yml")
    report = read(cases / "flags.yml", shipped=True)
    assert report.problems == ()
    assert report.decision_points == 6


def test_shipped_scenario_with_too_few_endings_fails(tmp_path):
    cases = tmp_path / "modules" / "03-juvenile-justice" / "cases"
    cases.mkdir(parents=True)
    text = (HERE / "unknown-goto.yml").read_text(encoding="utf-8")
    text = text.replace("id: unknown-goto", "id: small").replace("goto: uncel", "goto: uncle")
    (cases / "small.yml").write_text(text, encoding="utf-8")
    report = read(cases / "small.yml", shipped=True)
    messages = [problem.message for problem in report.problems]
    assert "has 2 endings; a shipped scenario needs at least 3" in messages


def test_load_raises_with_every_problem_one_per_line():
    with pytest.raises(ScenarioError) as raised:
        load(HERE / "no-ending-reachable.yml")
    lines = str(raised.value).splitlines()
    assert len(lines) == 2
    assert all("no-ending-reachable.yml: node " in line for line in lines)
    assert {problem.node for problem in raised.value.problems} == {"waiting", "asking"}


def test_load_by_id_looks_in_the_course_modules(tmp_path):
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("root: index\n", encoding="utf-8")
    cases = tmp_path / "modules" / "02-casework" / "cases"
    cases.mkdir(parents=True)
    shutil.copy(HERE / "flags.yml", cases / "flags.yml")
    scenario = load("flags", root=tmp_path)
    assert scenario.path == cases / "flags.yml"
    assert scenario.dimensions == ("safety", "rights", "wellbeing", "family")
    with pytest.raises(FileNotFoundError, match=r"no scenario 'missing' in .* \(known: flags\)"):
        load("missing", root=tmp_path)


def test_readme_example_is_the_valid_minimal_fixture(course_dir):
    readme = (course_dir / "modules" / "README.md").read_text(encoding="utf-8")
    example = readme.split("### A complete small example\n\n```yaml\n", 1)[1].split("```", 1)[0]
    fixture = (HERE / "valid-minimal.yml").read_text(encoding="utf-8")
    assert fixture == example.replace("id: example-lost-boy", "id: valid-minimal")


def test_yaml_aliases_that_loop_are_reported_not_followed(tmp_path):
    path = tmp_path / "looping-alias.yml"
    text = (HERE / "valid-minimal.yml").read_text(encoding="utf-8")
    text = text.replace("id: valid-minimal", "id: looping-alias")
    text = text.replace("roles: [police]", "roles: &loop [police, *loop]")
    path.write_text(text, encoding="utf-8")
    report = read(path, shipped=False)
    assert [problem.message for problem in report.problems] == [
        "'roles' item 2: ['police', [...]] is not allowed "
        "(use one of: police, social-worker, caregiver, supervisor)"
    ]


_BASE = yaml.safe_load((HERE / "flags.yml").read_text(encoding="utf-8"))
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, where PyYAML has it: faster


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True)


_BASE_TEXT = _dump(_BASE)
_ODD_VALUES = [None, 0, 7, True, "", "uncle", 2.5, [], {}, ["consent"], {"safety": 9}, [None]]


def _paths(value, prefix=()):
    if prefix:
        yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


_PATHS = list(_paths(_BASE))


@settings(max_examples=150, deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(_PATHS), st.sampled_from([*_ODD_VALUES, "DELETE"])),
        min_size=1,
        max_size=3,
    )
)
def test_any_damaged_scenario_gives_problems_never_a_crash(tmp_path_factory, edits):
    data = copy.deepcopy(_BASE)
    for path, value in edits:
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            if value == "DELETE" and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent[path[-1]] = copy.deepcopy(value)
        except (KeyError, IndexError, TypeError):
            continue
    cases = tmp_path_factory.mktemp("damaged") / "modules" / "02-casework" / "cases"
    cases.mkdir(parents=True)
    file = cases / "flags.yml"
    text = _dump(data)
    file.write_text(text, encoding="utf-8")
    report = read(file, shipped=True)
    for problem in report.problems:
        assert str(problem).startswith(f"{file}: ") or str(problem).startswith("flags.yml")
        assert "\n" not in str(problem)
    if text == _BASE_TEXT:  # compared as YAML: True == 1 in Python, not in YAML
        assert report.problems == ()
