"""The command line: help, version, and one-line errors."""

import re
import subprocess
import sys

import pytest

from himoya import __version__
from himoya.cli import main


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for command in (
        "build",
        "handouts",
        "scenarios",
        "screening",
        "datasets",
        "exercises",
        "cohort",
        "demo",
    ):
        assert re.search(rf"^    {command}\b", out, re.MULTILINE), command


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"himoya {__version__}"


def test_console_script_runs_in_a_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "himoya.cli", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "build" in result.stdout


def test_build_of_a_folder_without_a_book_fails_with_one_line(tmp_path, capsys):
    code = main(["build", "--source", str(tmp_path), "--output", str(tmp_path)])
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("himoya: error:")
    assert str(tmp_path) in err
