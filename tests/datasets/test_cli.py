"""`himoya datasets generate|validate`: output, exit codes and one-line errors."""

from himoya.cli import main

from .conftest import edit_cell


def test_generate_writes_every_file_and_exits_zero(tmp_path, capsys):
    assert main(["datasets", "generate", "--seed", "5", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"wrote 7 files to {tmp_path} (seed 5)" in out
    assert (tmp_path / "datapackage.json").is_file()
    assert main(["datasets", "validate", str(tmp_path)]) == 0


def test_validate_a_valid_folder_exits_zero(extract, capsys):
    assert main(["datasets", "validate", str(extract)]) == 0
    assert "6 files valid" in capsys.readouterr().out


def test_validate_corrupted_copy_prints_each_problem_and_exits_one(datasets_copy, capsys):
    edit_cell(datasets_copy / "cases.csv", line=3, column="identified_on", value="03.01.2022")
    assert main(["datasets", "validate", str(datasets_copy)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        'cases.csv:3:identified_on: "03.01.2022" is not a valid date (expected YYYY-MM-DD)'
    ]
    assert captured.err.strip() == f"himoya: error: 1 problem(s) in {datasets_copy}"


def test_validate_missing_folder_fails_with_one_line(tmp_path, capsys):
    assert main(["datasets", "validate", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"himoya: error: {tmp_path / 'nowhere'}: no such folder"


def test_negative_seed_fails_with_one_line(tmp_path, capsys):
    assert main(["datasets", "generate", "--seed", "-3", "--out", str(tmp_path)]) == 1
    assert "--seed" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
