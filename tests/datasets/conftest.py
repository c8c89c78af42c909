"""Fixtures for the dataset tests: the committed folder and a writable copy of it."""

import shutil
from pathlib import Path

import pytest

from himoya.datasets import DEFAULT_SEED, dataset_texts


@pytest.fixture(scope="session")
def committed(course_dir) -> Path:
    """The committed ``datasets/`` folder of the course."""
    return course_dir / "datasets"


@pytest.fixture(scope="session")
def texts() -> dict[str, str]:
    """File name → text of every file generated with the default seed (generated once)."""
    return dataset_texts(seed=DEFAULT_SEED)


@pytest.fixture
def datasets_copy(committed, tmp_path) -> Path:
    """A copy of the committed datasets that a test may corrupt."""
    copy = tmp_path / "datasets"
    shutil.copytree(committed, copy)
    return copy


def edit_cell(path: Path, *, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV file (``line`` counts the header as line 1)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[line - 1].split(",")
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    path.write_bytes("\n".join(lines).encode("utf-8"))


def cell(path: Path, *, line: int, column: str) -> str:
    """One cell of a CSV file (``line`` counts the header as line 1)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[line - 1].split(",")[lines[0].split(",").index(column)]
