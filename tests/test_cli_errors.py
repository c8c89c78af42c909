"""Bad paths and a missing course folder: every command says what is wrong in one line, exit 1.

The commands run in-process through ``himoya.cli.main`` (an exception that escaped it would fail
the test with its traceback); one runs as a real subprocess to show what a trainer sees.
"""

import subprocess
import sys
from dataclasses import dataclass

import pytest

from himoya.cli import main

NOWHERE = "/nonexistent/himoya-test"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(monkeypatch, capsys, tmp_path):
    def run(args, *, root=None):
        monkeypatch.chdir(tmp_path)
        if root is None:
            monkeypatch.delenv("HIMOYA_ROOT", raising=False)
        else:
            monkeypatch.setenv("HIMOYA_ROOT", str(root))
        code = main(args)
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return run


def assert_one_line_error(result, *must_name):
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines, "no error message"
    assert all(line.startswith("himoya: error: ") for line in lines), result.stderr
    for name in must_name:
        assert name in result.stdout + result.stderr, (name, result.stderr)


def test_the_console_shows_one_line_and_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "himoya.cli", "cohort", "grade", NOWHERE],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert_one_line_error(result, NOWHERE, "not a cohort workspace")


@pytest.mark.parametrize(
    "args",
    [
        ["exercises", "build"],
        ["datasets", "validate"],
        ["datasets", "generate", "--seed", "1"],
        ["scenarios", "list"],
        ["scenarios", "check"],
        ["handouts"],
        ["build"],
    ],
)
def test_a_missing_course_folder_is_one_line_naming_where_it_looked(run, tmp_path, args):
    result = run(args, root=tmp_path / "no-course")
    assert_one_line_error(result, "no-course")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["cohort", "release", NOWHERE], NOWHERE),
        (["cohort", "grade", NOWHERE], NOWHERE),
        (["cohort", "feedback", NOWHERE], NOWHERE),
        (["cohort", "report", NOWHERE], NOWHERE),
        (["cohort", "collect", NOWHERE, f"{NOWHERE}/returned.zip"], NOWHERE),
        (["cohort", "init", "{tmp}/ws", "--roster", f"{NOWHERE}/roster.csv"], "roster.csv"),
        (["datasets", "validate", NOWHERE], NOWHERE),
        (["datasets", "generate", "--out", "/proc/himoya-cannot-write"], "/proc"),
        (["scenarios", "check", f"{NOWHERE}/case.yml"], "case.yml"),
        (["handouts", "--build", NOWHERE], NOWHERE),
        (["build", "--source", NOWHERE], NOWHERE),
        (["screening", "score", "no-such-instrument", "1"], "no-such-instrument"),
    ],
)
def test_a_bad_path_is_one_line_naming_it(run, tmp_path, args, named):
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    result = run(args)
    assert_one_line_error(result, named)


def test_a_misspelt_cohort_setting_names_the_file_and_the_field(run, tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    (workspace / "cohort.yml").write_text(
        "completion:\n  min_percnt: 60\nfollow_up_below_percent: lots\n", encoding="utf-8"
    )
    result = run(["cohort", "report", str(workspace)])
    assert_one_line_error(
        result,
        "cohort.yml: completion: unknown field 'min_percnt' (did you mean 'min_percent'?)",
        "cohort.yml: follow_up_below_percent: must be a number, not text 'lots'",
    )
