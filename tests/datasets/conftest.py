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


@pytest.fixture(scope="session")
def extract(committed, tmp_path_factory) -> Path:
    """A small extract of the committed datasets that is valid on its own (checked by
    ``test_the_extract_the_corruption_tests_start_from_is_valid``): the committed
    ``datapackage.json``, every district, the first 300 cases, every referral and screening of
    those cases, the first 200 police contacts and the first 50 rows of the raw file. The same
    rules and keys as the whole data, checked in a quarter of the time."""
    out = tmp_path_factory.mktemp("extract") / "datasets"
    out.mkdir()
    for name in ("datapackage.json", "districts.csv"):
        shutil.copy(committed / name, out / name)

    def lines(name: str) -> list[str]:
        return (committed / name).read_text(encoding="utf-8").removesuffix("\n").split("\n")

    def write(name: str, kept: list[str]) -> None:
        (out / name).write_bytes(("\n".join(kept) + "\n").encode("utf-8"))

    cases = lines("cases.csv")[:301]
    write("cases.csv", cases)
    case_ids = {line.split(",")[0] for line in cases[1:]}
    for name in ("referrals.csv", "screenings.csv"):
        header, *rows = lines(name)
        column = header.split(",").index("case_id")
        write(name, [header, *(row for row in rows if row.split(",")[column] in case_ids)])
    write("police_contacts.csv", lines("police_contacts.csv")[:201])
    write("cases_raw.csv", lines("cases_raw.csv")[:51])
    return out


@pytest.fixture
def datasets_copy(extract, tmp_path) -> Path:
    """A copy of the extract of the committed datasets, that a test may corrupt."""
    copy = tmp_path / "datasets"
    shutil.copytree(extract, copy)
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
