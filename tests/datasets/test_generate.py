"""The generator: seeded, byte-identical, plausible; the committed data is its output."""

import csv
import io
import random
import re

import numpy as np
import pytest

from himoya.datasets import DEFAULT_SEED, dataset_texts, write_datasets
from himoya.datasets.schema import DISTRICTS, EXTRACT_DATE, FIRST_DAY, REGIONS

GENERATED = {
    "cases.csv",
    "cases_raw.csv",
    "datapackage.json",
    "districts.csv",
    "police_contacts.csv",
    "referrals.csv",
    "screenings.csv",
}


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_two_runs_with_the_same_seed_write_the_same_bytes(tmp_path):
    first = write_datasets(out=tmp_path / "one", seed=7)
    second = write_datasets(out=tmp_path / "two", seed=7)
    assert {f.path.name for f in first.files} == GENERATED
    for a, b in zip(first.files, second.files, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes(), a.path.name


def test_default_seed_reproduces_the_committed_datasets_byte_for_byte(tmp_path, committed):
    result = write_datasets(out=tmp_path, seed=DEFAULT_SEED)
    for item in result.files:
        committed_file = committed / item.path.name
        assert committed_file.is_file(), f"{item.path.name} is not committed"
        assert item.path.read_bytes() == committed_file.read_bytes(), (
            f"{item.path.name} differs from the committed file: run `himoya datasets generate`"
        )


@pytest.fixture(scope="module")
def seed_3() -> dict[str, str]:
    """The files generated with seed 3 while Python's and NumPy's global generators are seeded 1."""
    np.random.seed(1)
    random.seed(1)
    return dataset_texts(seed=3)


def test_another_seed_gives_other_cases(texts, seed_3):
    assert seed_3["cases.csv"] != texts["cases.csv"]


def test_generation_ignores_global_random_state(seed_3):
    np.random.seed(99)
    random.seed(99)
    assert dataset_texts(seed=3) == seed_3


def test_files_are_utf8_with_lf_line_ends_and_one_decimal_for_hours(committed, texts):
    for path in committed.glob("*.csv"):
        data = path.read_bytes()
        assert b"\r" not in data, path.name
        data.decode("utf-8")
        assert data.endswith(b"\n"), path.name
    hours = [row["hours_in_custody"] for row in _rows(texts["police_contacts.csv"])]
    assert all(re.fullmatch(r"\d+\.\d", value) for value in hours)


def test_ids_are_pseudonymous_and_sorted(texts):
    for name, key, prefix in (
        ("cases.csv", "case_id", "C"),
        ("referrals.csv", "referral_id", "R"),
        ("screenings.csv", "screening_id", "S"),
        ("police_contacts.csv", "contact_id", "P"),
    ):
        ids = [row[key] for row in _rows(texts[name])]
        assert ids == sorted(ids), name
        assert all(re.fullmatch(rf"{prefix}-\d{{5}}", value) for value in ids), name
    header = texts["cases.csv"].split("\n", 1)[0]
    assert "name" not in header


def test_cases_cover_three_years_every_region_and_the_risk_levels(texts):
    cases = _rows(texts["cases.csv"])
    assert len(cases) >= 2000
    days = sorted(row["identified_on"] for row in cases)
    assert days[0][:4] == str(FIRST_DAY.year)
    assert days[-1][:4] == str(EXTRACT_DATE.year)
    districts = {row["district"] for row in cases}
    for region in REGIONS:
        assert districts & set(DISTRICTS[region]), region
    assert {row["risk_level"] for row in cases} == {"low", "medium", "high"}
    caseworkers = {row["caseworker_id"] for row in cases}
    assert all(re.fullmatch(r"CW-\d{3}", worker) for worker in caseworkers)


def test_some_open_cases_are_overdue_and_closed_cases_have_a_reason(texts):
    cases = _rows(texts["cases.csv"])
    extract = EXTRACT_DATE.isoformat()
    open_cases = [row for row in cases if not row["closed_on"]]
    overdue = [row for row in open_cases if "" < row["next_follow_up_due"] < extract]
    assert 0.05 < len(overdue) / len(open_cases) < 0.5
    closed = [row for row in cases if row["closed_on"]]
    assert all(row["closure_reason"] for row in closed)
    assert all(not row["next_follow_up_due"] for row in closed)


def test_most_police_contacts_are_petty_theft(texts):
    contacts = _rows(texts["police_contacts.csv"])
    theft = sum(row["article"] == "244" for row in contacts)
    assert theft / len(contacts) > 0.5
    assert {row["article"] for row in contacts} >= {"244", "237", "248", "111"}
    assert any(row["minutes_to_parent_notification"] == "" for row in contacts)


def test_asq_q5_is_blank_unless_a_yes_and_red_flags_are_not_all_followed_up(texts):
    rows = _rows(texts["screenings.csv"])
    for row in rows:
        if row["instrument"] == "asq":
            yes = any(row[f"q{i}"] == "1" for i in range(1, 5))
            assert (row["q5"] != "") == yes, row["screening_id"]
    flagged = [
        row
        for row in rows
        if (row["instrument"] == "phq9" and row["q9"] not in ("", "0"))
        or (row["instrument"] == "asq" and "1" in (row["q1"], row["q2"], row["q3"], row["q4"]))
    ]
    followed = [row for row in flagged if row["red_flag_followed_up_on"]]
    assert flagged
    assert 0 < len(followed) < len(flagged)


def test_raw_file_has_the_deliberate_data_quality_problems(texts):
    raw = _rows(texts["cases_raw.csv"])
    ids = [row["case_id"] for row in raw]
    assert len(ids) > len(set(ids)), "no duplicates"
    dates = [row["identified_on"] for row in raw]
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates)
    assert any(re.fullmatch(r"\d\d\.\d\d\.\d{4}", d) for d in dates)
    assert any(re.fullmatch(r"\d\d/\d\d/\d{4}", d) for d in dates)
    districts = {row["district"] for row in raw}
    assert any(d != d.strip() for d in districts), "no stray spaces"
    assert any(d.strip() not in DISTRICTS["Khatlon"] for d in districts), "no typos"
    assert {row["risk_level"] for row in raw} > {"low", "medium", "high"}


def test_raw_file_cleans_back_to_the_same_cases(texts):
    """The cleaning exercise has an answer: normalising the raw file recovers cases.csv."""
    clean = {row["case_id"]: row for row in _rows(texts["cases.csv"])}
    typos = {
        "bohtar": "Bokhtar",
        "kulyab": "Kulob",
        "vosse": "Vose",
        "dangara": "Danghara",
        "jaloliddin balkhi": "Jaloliddini Balkhi",
        "kushonion": "Kushoniyon",
        "farhor": "Farkhor",
        "hamadony": "Hamadoni",
    }
    names = {name.lower(): name for name in DISTRICTS["Khatlon"]}

    def day(text: str) -> str:
        text = text.strip()
        if text in ("", "NA", "n/a", "-"):
            return ""
        found = re.fullmatch(r"(\d\d)[./](\d\d)[./](\d{4})", text)
        return f"{found[3]}-{found[2]}-{found[1]}" if found else text

    for row in _rows(texts["cases_raw.csv"]):
        original = clean[row["case_id"]]
        district = row["district"].strip().lower()
        assert names.get(district, typos.get(district)) == original["district"]
        assert (
            f"CW-{int(row['caseworker_id'].upper().removeprefix('CW').lstrip('-')):03d}"
            == (original["caseworker_id"])
        )
        assert row["risk_level"].strip().lower() == original["risk_level"]
        assert row["household"].strip().lower().replace(" ", "_") == original["household"]
        sex = row["child_sex"].strip().lower()[:1]
        assert sex == original["child_sex"][:1]
        age = row["child_age"].strip().removesuffix(" years")
        assert (age if age.isdigit() else "") == original["child_age"]
        for column in ("identified_on", "first_contact_on", "closed_on"):
            assert day(row[column]) == original[column], (row["case_id"], column)


def test_datasheet_states_the_row_count_of_every_file(committed):
    datasheet = (committed / "README.md").read_text(encoding="utf-8")
    stated = {
        name: int(count.replace(",", ""))
        for name, count in re.findall(r"^\| `([a-z_]+\.csv)` \|.*\| ([\d,]+) \|$", datasheet, re.M)
    }
    actual = {path.name: path.read_bytes().count(b"\n") - 1 for path in committed.glob("*.csv")}
    assert stated == actual
