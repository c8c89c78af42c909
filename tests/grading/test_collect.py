"""Offline collection: what is placed, what is refused with a reason, and originals kept safe."""

import json
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from himoya.grading.cohort import init_cohort
from himoya.grading.collect import collect
from himoya.grading.workspace import open_workspace

from .cohort_fixtures import HERE, fake_course

CORRECT = HERE / "mini" / "answers-correct.ipynb"
WRONG = HERE / "mini" / "answers-wrong.ipynb"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One initialised workspace (making one takes a while); each test gets a copy."""
    tmp_path = tmp_path_factory.mktemp("collect-template")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "id,first_name,last_name,role,organisation,district\n"
        "KUL-01,Фарҳод,Қодиров,police,Kulob police,Kulob\n"
        "KUL-02,Зарина,Ҳакимова,social-worker,Kulob social protection office,Kulob\n"
        "BKH-03,Мадина,Юсупова,caregiver,Kinship carer,Bokhtar\n",
        encoding="utf-8",
    )
    return init_cohort(directory=tmp_path / "ws", roster=roster, course=fake_course(tmp_path))


@pytest.fixture
def workspace(template, tmp_path):
    shutil.copytree(template.root, tmp_path / "ws")
    return open_workspace(tmp_path / "ws")


def returned(folder: Path, files: dict[str, Path | bytes]) -> Path:
    """A RETURN folder as on a USB stick: name -> notebook to copy, or raw bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            shutil.copy2(content, target)
    return folder


def submitted(workspace, trainee: str) -> Path:
    return workspace.submitted / trainee / "mini" / "mini.ipynb"


def reasons(result) -> dict[str, str]:
    return {Path(s.origin).name: s.reason for s in result.skipped}


def test_a_file_named_with_an_id_is_placed_for_that_trainee(workspace, tmp_path):
    source = returned(tmp_path / "RETURN", {"KUL-01_mini.ipynb": CORRECT})
    result = collect(directory=workspace.root, sources=[source])
    assert [(p.trainee, p.assignment, p.notebook) for p in result.placed] == [
        ("KUL-01", "mini", "mini")
    ]
    assert submitted(workspace, "KUL-01").read_bytes() == CORRECT.read_bytes()
    assert (submitted(workspace, "KUL-01").parent / "timestamp.txt").is_file()


def test_an_unknown_id_is_not_placed_and_says_why(workspace, tmp_path):
    source = returned(tmp_path / "RETURN", {"XYZ-99_mini.ipynb": CORRECT})
    result = collect(directory=workspace.root, sources=[source])
    assert not result.placed
    assert "no trainee id from the roster" in reasons(result)["XYZ-99_mini.ipynb"]
    assert not (workspace.submitted / "XYZ-99").exists()


def test_two_different_copies_in_one_batch_are_both_refused(workspace, tmp_path):
    source = returned(
        tmp_path / "RETURN",
        {"KUL-01_mini.ipynb": CORRECT, "KUL-01/mini.ipynb": WRONG},
    )
    result = collect(directory=workspace.root, sources=[source])
    assert not result.placed
    why = reasons(result)
    assert len(result.skipped) == 2
    assert all("more than once, with different contents" in reason for reason in why.values())
    assert not submitted(workspace, "KUL-01").exists()


def test_two_identical_copies_in_one_batch_are_placed_once(workspace, tmp_path):
    source = returned(
        tmp_path / "RETURN", {"KUL-01_mini.ipynb": CORRECT, "KUL-01/mini.ipynb": CORRECT}
    )
    result = collect(directory=workspace.root, sources=[source])
    assert len(result.placed) == 1
    assert not result.skipped


def test_a_different_file_already_collected_is_kept_unless_replace(workspace, tmp_path):
    first = returned(tmp_path / "day1", {"KUL-01_mini.ipynb": CORRECT})
    collect(directory=workspace.root, sources=[first])
    second = returned(tmp_path / "day2", {"KUL-01_mini.ipynb": WRONG})

    kept = collect(directory=workspace.root, sources=[second])
    assert not kept.placed
    assert "already has a different mini.ipynb" in reasons(kept)["KUL-01_mini.ipynb"]
    assert "--replace" in reasons(kept)["KUL-01_mini.ipynb"]
    assert submitted(workspace, "KUL-01").read_bytes() == CORRECT.read_bytes()

    replaced = collect(directory=workspace.root, sources=[second], replace=True)
    assert len(replaced.placed) == 1
    assert submitted(workspace, "KUL-01").read_bytes() == WRONG.read_bytes()


def test_the_same_file_collected_again_is_reported_unchanged(workspace, tmp_path):
    source = returned(tmp_path / "RETURN", {"KUL-01_mini.ipynb": CORRECT})
    collect(directory=workspace.root, sources=[source])
    again = collect(directory=workspace.root, sources=[source])
    assert not again.placed
    assert [p.trainee for p in again.unchanged] == ["KUL-01"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("KUL-01_mini-Copy1.ipynb", "looks like a copy of mini.ipynb: rename it"),
        ("KUL-01_mini (1).ipynb", "looks like a copy of mini.ipynb"),
        ("KUL-01_03-juvenile-justice.ipynb", "is not a notebook of any assignment"),
        ("KUL-01_Untitled.ipynb", "Untitled.ipynb is not a notebook of any assignment"),
    ],
)
def test_a_wrong_or_unknown_notebook_name_is_refused_with_a_hint(
    workspace, tmp_path, name, expected
):
    source = returned(tmp_path / "RETURN", {name: CORRECT})
    result = collect(directory=workspace.root, sources=[source])
    assert not result.placed
    assert expected in reasons(result)[name]


def test_files_that_are_not_notebooks_are_listed_and_hidden_files_ignored(workspace, tmp_path):
    source = returned(
        tmp_path / "RETURN",
        {
            "KUL-01_mini.ipynb": CORRECT,
            "notes.txt": b"my notes",
            "KUL-02_mini.pdf": b"%PDF-1.4",
            ".DS_Store": b"\x00",
            "__MACOSX/._KUL-01_mini.ipynb": b"\x00",
        },
    )
    result = collect(directory=workspace.root, sources=[source])
    assert len(result.placed) == 1
    assert reasons(result) == {
        "notes.txt": "not a notebook (.ipynb)",
        "KUL-02_mini.pdf": "not a notebook (.ipynb)",
    }


def test_a_folder_per_trainee_is_collected(workspace, tmp_path):
    source = returned(
        tmp_path / "RETURN",
        {"KUL-01/mini.ipynb": CORRECT, "kul-02/mini.ipynb": WRONG},
    )
    result = collect(directory=workspace.root, sources=[source])
    assert sorted(p.trainee for p in result.placed) == ["KUL-01", "KUL-02"]
    assert submitted(workspace, "KUL-02").read_bytes() == WRONG.read_bytes()


def test_a_zip_like_a_usb_stick_is_collected(workspace, tmp_path):
    stick = tmp_path / "RETURN.zip"
    with zipfile.ZipFile(stick, "w") as archive:
        archive.write(CORRECT, "RETURN/KUL-01_mini.ipynb")
        archive.write(WRONG, "RETURN/BKH-03/mini.ipynb")
    result = collect(directory=workspace.root, sources=[stick])
    assert sorted(p.trainee for p in result.placed) == ["BKH-03", "KUL-01"]
    assert submitted(workspace, "BKH-03").read_bytes() == WRONG.read_bytes()


def test_a_zip_with_an_unsafe_path_is_refused_whole(workspace, tmp_path):
    stick = tmp_path / "evil.zip"
    with zipfile.ZipFile(stick, "w") as archive:
        archive.write(CORRECT, "../KUL-01_mini.ipynb")
    result = collect(directory=workspace.root, sources=[stick])
    assert not result.placed
    assert "unsafe path" in reasons(result)["evil.zip"]


def test_originals_are_kept_read_only_and_never_changed(workspace, tmp_path):
    source = returned(tmp_path / "RETURN", {"KUL-01_mini.ipynb": CORRECT, "notes.txt": b"x"})
    before = {p.name: p.read_bytes() for p in source.iterdir()}
    stick = tmp_path / "RETURN.zip"
    with zipfile.ZipFile(stick, "w") as archive:
        archive.write(WRONG, "RETURN/KUL-02_mini.ipynb")
    result = collect(directory=workspace.root, sources=[source, stick])
    # The inputs themselves are untouched.
    assert {p.name: p.read_bytes() for p in source.iterdir()} == before
    # Every input is copied into the batch folder, and every copy is read-only.
    kept = sorted(p for p in result.batch.rglob("*") if p.is_file())
    assert {p.name for p in kept} == {"KUL-01_mini.ipynb", "notes.txt", "01-RETURN.zip"}
    for path in kept:
        assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH), path
    with zipfile.ZipFile(result.batch / "01-RETURN.zip") as archive:
        assert archive.read("RETURN/KUL-02_mini.ipynb") == WRONG.read_bytes()
    # The placed copy is a valid notebook with the trainee's content.
    placed = json.loads(submitted(workspace, "KUL-01").read_text(encoding="utf-8"))
    assert placed == json.loads(CORRECT.read_text(encoding="utf-8"))
