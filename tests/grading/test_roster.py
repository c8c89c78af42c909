"""A bad roster is refused with one line per bad row, naming the file, the row and the fault."""

from pathlib import Path

import pytest

from himoya.grading.roster import read_roster
from himoya.grading.workspace import CohortError

HERE = Path(__file__).parent

# fixture -> {row number: text that the line for that row must contain}
BAD_ROSTERS = {
    "roster-duplicate-id.csv": {4: "duplicate id 'kul-01' (first on line 2)", 5: "duplicate id"},
    "roster-empty-id.csv": {3: "empty id", 5: "empty id"},
    "roster-unknown-role.csv": {
        2: "unknown role 'police officer'",
        4: "unknown role ''",
        5: "'trainer'",
    },
    "roster-not-utf8.csv": {2: "not UTF-8", 4: "not UTF-8"},
    "roster-unsafe-id.csv": {2: "'KUL 01' is not safe", 4: "'../KUL-03'", 5: "'КУЛ-04'"},
    "roster-missing-column.csv": {1: "missing column(s): role, district"},
}


@pytest.mark.parametrize(("fixture", "expected"), sorted(BAD_ROSTERS.items()))
def test_a_bad_roster_names_each_bad_row_on_its_own_line(fixture, expected):
    path = HERE / fixture
    with pytest.raises(CohortError) as caught:
        read_roster(path)
    lines = str(caught.value).splitlines()
    assert len(lines) == len(expected), lines
    for line, (row, text) in zip(lines, sorted(expected.items()), strict=True):
        assert line.startswith(f"{path}:{row}: "), line
        assert text in line


def test_the_not_utf8_fixture_really_is_cp1251():
    raw = (HERE / "roster-not-utf8.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "Ольга" in raw.decode("cp1251")


def test_the_example_roster_is_valid_and_keeps_cyrillic_names(course_dir):
    trainees = read_roster(course_dir / "grading" / "roster-example.csv")
    assert {t.role for t in trainees} == {"police", "social-worker", "caregiver", "supervisor"}
    names = {t.full_name for t in trainees}
    assert "Фарҳод Қодиров" in names
    assert "Ҷамшед Раҳимов" in names
    # A comma inside a quoted field stays in the field.
    assert any("," in t.organisation for t in trainees)
