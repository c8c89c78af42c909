"""`himoya scenarios list [--json]` and `himoya scenarios check [PATH...]`."""

import json
import shutil
from pathlib import Path

import pytest

from himoya.cli import main

HERE = Path(__file__).parent


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A tiny course with two shipped scenarios (one per module)."""
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("root: index\n", encoding="utf-8")
    cases = tmp_path / "modules" / "02-casework" / "cases"
    cases.mkdir(parents=True)
    shutil.copy(HERE / "flags.yml", cases / "flags.yml")
    monkeypatch.setenv("HIMOYA_ROOT", str(tmp_path))
    return tmp_path


def test_list_json_gives_exactly_the_documented_keys(course, capsys):
    assert main(["scenarios", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "id": "flags",
            "title": "Consent before the plan",
            "roles": ["social-worker"],
            "module": "02-casework",
            "nodes": 6,
            "endings": 3,
            "path": str(course / "modules" / "02-casework" / "cases" / "flags.yml"),
        }
    ]


def test_list_as_text_shows_counts_and_decision_points(course, capsys):
    assert main(["scenarios", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:5] == ["id", "module", "nodes", "endings", "decisions"]
    assert out[1].split()[:5] == ["flags", "02-casework", "6", "3", "6"]


def test_check_without_paths_checks_the_shipped_scenarios(course, capsys):
    assert main(["scenarios", "check"]) == 0
    assert capsys.readouterr().out.strip() == "1 scenarios OK"


def test_check_prints_one_line_per_problem_and_fails(course, capsys):
    broken = course / "modules" / "03-juvenile-justice" / "cases"
    broken.mkdir(parents=True)
    shutil.copy(HERE / "unknown-goto.yml", broken / "unknown-goto.yml")
    assert main(["scenarios", "check"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].endswith(
        "unknown-goto.yml: node found: choice 1: goto 'uncel' is not a node or an ending "
        "(did you mean 'uncle'?)"
    )
    assert lines[0].startswith(str(broken))
    assert captured.err.startswith("himoya: error: 1 problem(s) in 1 of 2 scenario(s)")


def test_check_of_a_fixture_path_applies_the_shipped_rules_unless_draft(capsys):
    fixture = str(HERE / "valid-minimal.yml")
    assert main(["scenarios", "check", fixture]) == 1
    out = capsys.readouterr().out
    assert "does not match the folder" in out
    assert "decision points" in out
    assert main(["scenarios", "check", "--draft", fixture]) == 0
    assert capsys.readouterr().out.strip() == "1 scenarios OK"


def test_check_of_a_missing_file_names_it(tmp_path, capsys):
    missing = tmp_path / "nope.yml"
    assert main(["scenarios", "check", str(missing)]) == 1
    assert "nope.yml: top level: no such file" in capsys.readouterr().out


def test_list_reports_a_broken_scenario_on_stderr_and_fails(course, capsys):
    broken = course / "modules" / "03-juvenile-justice" / "cases"
    broken.mkdir(parents=True)
    shutil.copy(HERE / "yaml-syntax-error.yml", broken / "yaml-syntax-error.yml")
    assert main(["scenarios", "list", "--json"]) == 1
    captured = capsys.readouterr()
    assert [row["id"] for row in json.loads(captured.out)] == ["flags"]
    assert "yaml-syntax-error.yml: line 15: YAML syntax error" in captured.err
