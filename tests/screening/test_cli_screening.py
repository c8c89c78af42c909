"""`himoya screening score` and `himoya screening list`."""

import json
import subprocess
import sys

import pytest

from himoya.cli import main

PHQ9_TEN = ["1", "2", "0", "3", "1", "0", "2", "1", "0"]


def run(capsys, *argv):
    code = main(["screening", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_score_prints_total_band_positive_and_no_red_flag(capsys):
    code, out, err = run(capsys, "score", "phq9", *PHQ9_TEN)
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert "total: 10 of 27" in lines
    assert "band: moderate" in lines
    assert "positive: yes (cut-off 10)" in lines
    assert "red flags: none" in lines
    assert "RED FLAG" not in out
    assert "not a diagnosis" in out


def test_score_with_item_9_answered_shows_the_red_flag(capsys):
    code, out, _ = run(capsys, "score", "phq9", *PHQ9_TEN[:8], "1")
    assert code == 0
    assert "total: 11 of 27" in out
    flags = [line for line in out.splitlines() if line.startswith("RED FLAG:")]
    assert len(flags) == 1
    assert "same-day suicide-risk assessment" in flags[0]
    assert "red flags: none" not in out


def test_age_selects_the_adolescent_cutoff(capsys):
    code, out, _ = run(capsys, "score", "phq9", *PHQ9_TEN, "--age", "15")
    assert code == 0
    assert "positive: no (cut-off 11)" in out


def test_labels_and_blanks_on_the_command_line(capsys):
    code, out, _ = run(capsys, "score", "psc17", "often", "Sometimes", "-", *["never"] * 14)
    assert code == 0
    assert "total: 3 of 34" in out
    assert "note: 1 item(s) not answered (q3)" in out


def test_json_output(capsys):
    code, out, _ = run(capsys, "score", "asq", "no", "yes", "no", "no", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["band"] == "non-acute positive"
    assert data["positive"] is True
    assert len(data["flags"]) == 1


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["score", "phq9", *PHQ9_TEN[:8]], "phq9: expected 9 answers"),
        (["score", "phq9", *PHQ9_TEN[:8], "4"], "phq9 item 9 (q9): 4 is out of range"),
        (["score", "phq9", *PHQ9_TEN[:8], "often"], "unknown answer 'often'"),
        (["score", "phq9", *PHQ9_TEN, "--age", "fifteen"], "--age must be a whole number"),
        (["score", "phq9", *PHQ9_TEN, "--age", "-3"], "age must be a whole number"),
        (["score", "sdq", "1"], "unknown instrument 'sdq'; known instruments: asq, gad7"),
        (["score", "psc17", *["-"] * 4, *["0"] * 13], "too many missing answers"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_1(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("himoya: error: ")
    assert fragment in lines[0]


def test_list_names_every_instrument(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    ids = [line.split()[0] for line in out.splitlines()]
    assert ids == ["asq", "gad7", "phq9", "psc17"]
    assert "ages 13 and over" in out


def test_list_json(capsys):
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    assert [row["id"] for row in json.loads(out)] == ["asq", "gad7", "phq9", "psc17"]


def test_screening_help_lists_score_and_list(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["screening", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "score" in out
    assert "list" in out


def test_console_script_scores_in_a_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "himoya.cli", "screening", "score", "phq9", *PHQ9_TEN],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "band: moderate" in result.stdout
