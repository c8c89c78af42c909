"""load_dataset: typed columns, found from any working directory, clear errors."""

import pandas as pd
import pytest

from himoya.datasets import DATASET_NAMES, load_dataset


def test_cases_have_dates_ordered_risk_categories_and_string_ids():
    cases = load_dataset("cases")
    assert len(cases) >= 2000
    for column in ("identified_on", "first_contact_on", "closed_on", "next_follow_up_due"):
        assert pd.api.types.is_datetime64_any_dtype(cases[column]), column
    risk = cases["risk_level"].dtype
    assert isinstance(risk, pd.CategoricalDtype)
    assert risk.ordered
    assert list(risk.categories) == ["low", "medium", "high"]
    assert (cases["risk_level"] > "low").any()
    assert pd.api.types.is_string_dtype(cases["case_id"])
    assert pd.api.types.is_string_dtype(cases["caseworker_id"])
    assert isinstance(cases["district"].dtype, pd.CategoricalDtype)
    assert not cases["district"].dtype.ordered
    assert str(cases["child_age"].dtype) == "Int64"
    assert cases["child_age"].isna().any()
    assert str(cases["follow_up_count"].dtype) == "int64"


def test_police_contacts_have_booleans_numbers_and_article_categories():
    contacts = load_dataset("police_contacts")
    assert contacts["diverted"].dtype == bool
    assert contacts["legal_assistance_present"].dtype == bool
    assert contacts["hours_in_custody"].dtype == "float64"
    assert str(contacts["minutes_to_parent_notification"].dtype) == "Int64"
    assert "244" in list(contacts["article"].cat.categories)
    assert (contacts["article"] == "244").mean() > 0.5


def test_screening_items_are_nullable_integers():
    screenings = load_dataset("screenings")
    assert str(screenings["q1"].dtype) == "Int64"
    assert screenings.loc[screenings["instrument"] == "phq9", "q10"].isna().all()
    assert pd.api.types.is_datetime64_any_dtype(screenings["red_flag_followed_up_on"])


def test_raw_file_is_loaded_as_text_exactly_as_typed():
    raw = load_dataset("cases_raw")
    for column in raw.columns:
        assert pd.api.types.is_string_dtype(raw[column]), column
    assert not raw.isna().any().any()
    assert (raw["closed_on"] == "").any() or (raw["closed_on"] == "NA").any()


def test_loading_works_from_any_working_directory(tmp_path, monkeypatch):
    expected = load_dataset("districts")
    monkeypatch.chdir(tmp_path)
    pd.testing.assert_frame_equal(load_dataset("districts"), expected)


def test_without_a_course_folder_the_data_is_generated_identically(tmp_path, monkeypatch):
    expected = load_dataset("referrals")
    monkeypatch.setenv("HIMOYA_ROOT", str(tmp_path))  # no course there: fall back to generating
    pd.testing.assert_frame_equal(load_dataset("referrals"), expected)


def test_explicit_directory_is_used(tmp_path, committed):
    (tmp_path / "districts.csv").write_bytes((committed / "districts.csv").read_bytes())
    assert len(load_dataset("districts", directory=tmp_path)) == 25
    with pytest.raises(FileNotFoundError, match=r"cases\.csv"):
        load_dataset("cases", directory=tmp_path)


def test_unknown_name_raises_value_error_listing_the_names():
    with pytest.raises(ValueError, match="unknown dataset 'case'") as raised:
        load_dataset("case")
    for name in DATASET_NAMES:
        assert name in str(raised.value)
