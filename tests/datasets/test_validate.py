"""Validation: the committed files pass; a corrupted copy of an extract of them fails naming
file, row and field."""

import json

from himoya.datasets import validate_datasets

from .conftest import cell, edit_cell


def _lines(report) -> list[str]:
    return [str(problem) for problem in report.problems]


def test_committed_datasets_validate(committed):
    report = validate_datasets(directory=committed)
    assert report.valid, "\n".join(_lines(report)[:20])
    assert set(report.files) == {
        "districts.csv",
        "cases.csv",
        "referrals.csv",
        "screenings.csv",
        "police_contacts.csv",
        "cases_raw.csv",
    }


def test_the_extract_the_corruption_tests_start_from_is_valid(datasets_copy, committed):
    report = validate_datasets(directory=datasets_copy)
    assert report.valid, "\n".join(_lines(report)[:20])
    assert set(report.files) == {path.name for path in committed.glob("*.csv")}
    for name in ("cases.csv", "referrals.csv", "screenings.csv", "police_contacts.csv"):
        assert (datasets_copy / name).read_text(encoding="utf-8").count("\n") > 100, name


def test_duplicate_case_id_is_reported_with_file_and_row(datasets_copy):
    cases = datasets_copy / "cases.csv"
    edit_cell(cases, line=4, column="case_id", value=cell(cases, line=3, column="case_id"))
    lines = _lines(validate_datasets(directory=datasets_copy))
    assert 'cases.csv:4:case_id: duplicate id "C-00002" (the same as line 3)' in lines


def test_closure_before_identification_is_reported_with_file_row_and_field(datasets_copy):
    cases = datasets_copy / "cases.csv"
    identified = cell(cases, line=10, column="identified_on")
    edit_cell(cases, line=10, column="closed_on", value="2021-06-30")
    lines = _lines(validate_datasets(directory=datasets_copy))
    assert (
        f"cases.csv:10:closed_on: closed_on 2021-06-30 is before identified_on {identified}"
        in lines
    )
    assert len([line for line in lines if line.startswith("cases.csv:10:")]) == 1


def test_impossible_calendar_date_is_a_type_error(datasets_copy):
    edit_cell(datasets_copy / "referrals.csv", line=7, column="referred_on", value="2023-02-30")
    lines = _lines(validate_datasets(directory=datasets_copy))
    assert lines == [
        'referrals.csv:7:referred_on: "2023-02-30" is not a valid date (expected YYYY-MM-DD)'
    ]


def test_unknown_district_breaks_the_enum_and_the_foreign_key(datasets_copy):
    edit_cell(datasets_copy / "police_contacts.csv", line=2, column="district", value="Bokhtr")
    lines = _lines(validate_datasets(directory=datasets_copy))
    enum = 'police_contacts.csv:2:district: "Bokhtr" is not an allowed value (allowed: Bokhtar,'
    assert any(line.startswith(enum) for line in lines)
    assert 'police_contacts.csv:2:district: "Bokhtr" not found in districts.csv (district)' in lines


def test_referral_to_a_missing_case_breaks_the_foreign_key(datasets_copy):
    edit_cell(datasets_copy / "referrals.csv", line=3, column="case_id", value="C-99999")
    lines = _lines(validate_datasets(directory=datasets_copy))
    assert lines == ['referrals.csv:3:case_id: "C-99999" not found in cases.csv (case_id)']


def test_answer_out_of_range_for_the_instrument_is_reported(datasets_copy):
    screenings = datasets_copy / "screenings.csv"
    line = next(
        number
        for number in range(2, 200)
        if cell(screenings, line=number, column="instrument") == "psc17"
    )
    edit_cell(screenings, line=line, column="q1", value="3")
    lines = _lines(validate_datasets(directory=datasets_copy))
    assert lines == [f"screenings.csv:{line}:q1: 3 is out of range: psc17 answers are 0-2"]


def test_follow_up_date_without_a_red_flag_is_reported(datasets_copy):
    screenings = datasets_copy / "screenings.csv"
    line = next(
        number
        for number in range(2, 200)
        if cell(screenings, line=number, column="instrument") == "gad7"
    )
    screened = cell(screenings, line=line, column="screened_on")
    edit_cell(screenings, line=line, column="red_flag_followed_up_on", value=screened)
    lines = _lines(validate_datasets(directory=datasets_copy))
    assert lines == [
        f"screenings.csv:{line}:red_flag_followed_up_on: a follow-up date is set but the "
        "screening has no red flag"
    ]


def test_missing_required_value_is_reported(datasets_copy):
    edit_cell(datasets_copy / "cases.csv", line=5, column="risk_level", value="")
    lines = _lines(validate_datasets(directory=datasets_copy))
    assert lines == ["cases.csv:5:risk_level: a value is required"]


def test_raw_file_is_described_with_a_relaxed_schema(committed):
    package = json.loads((committed / "datapackage.json").read_text(encoding="utf-8"))
    raw = next(r for r in package["resources"] if r["name"] == "cases_raw")
    assert {field["type"] for field in raw["schema"]["fields"]} == {"string"}
    assert "primaryKey" not in raw["schema"]


def test_every_field_is_described_and_keys_are_declared(committed):
    package = json.loads((committed / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    for resource in resources.values():
        for field in resource["schema"]["fields"]:
            assert field["type"], (resource["name"], field["name"])
            assert field["description"], (resource["name"], field["name"])
    assert resources["cases"]["schema"]["primaryKey"] == ["case_id"]
    for name in ("referrals", "screenings"):
        assert resources[name]["schema"]["foreignKeys"] == [
            {"fields": ["case_id"], "reference": {"resource": "cases", "fields": ["case_id"]}}
        ]
    assert resources["cases"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "districts"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_missing_datapackage_is_one_problem_naming_the_file(tmp_path):
    report = validate_datasets(directory=tmp_path)
    assert not report.valid
    assert _lines(report) == [f"datapackage.json: not found in {tmp_path}"]


def test_missing_data_file_is_reported_by_name(datasets_copy):
    (datasets_copy / "districts.csv").unlink()
    lines = _lines(validate_datasets(directory=datasets_copy))
    assert lines[0].startswith("districts.csv: "), lines
    assert "No such file" in lines[0]
