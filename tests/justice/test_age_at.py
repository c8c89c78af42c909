"""``himoya.justice.age_at``: whole years, birthdays, 29 February, and clear errors."""

import datetime as dt
import re

import pytest

from himoya.justice import age_at

D = dt.date

AGES = [
    # (date of birth, on date, expected age)
    pytest.param(D(2010, 5, 17), D(2024, 5, 17), 14, id="birthday-on-the-date-counts"),
    pytest.param(D(2010, 5, 17), D(2024, 5, 16), 13, id="day-before-the-birthday"),
    pytest.param(D(2010, 5, 17), D(2024, 5, 18), 14, id="day-after-the-birthday"),
    pytest.param(D(2010, 5, 17), D(2010, 5, 17), 0, id="born-on-the-date"),
    pytest.param(D(2010, 12, 31), D(2011, 1, 1), 0, id="across-new-year"),
    pytest.param(D(2008, 2, 29), D(2009, 2, 28), 0, id="feb29-birth-on-28-feb-non-leap-year"),
    pytest.param(D(2008, 2, 29), D(2009, 3, 1), 1, id="feb29-birth-on-1-mar-non-leap-year"),
    pytest.param(D(2008, 2, 29), D(2012, 2, 28), 3, id="feb29-birth-on-28-feb-leap-year"),
    pytest.param(D(2008, 2, 29), D(2012, 2, 29), 4, id="feb29-birth-on-29-feb-leap-year"),
    pytest.param(D(2008, 2, 29), D(2012, 3, 1), 4, id="feb29-birth-on-1-mar-leap-year"),
    pytest.param(D(2008, 2, 29), D(2022, 2, 28), 13, id="feb29-birth-14th-birthday-is-1-march"),
    pytest.param(D(2008, 2, 29), D(2022, 3, 1), 14, id="feb29-birth-turns-14-on-1-march"),
    pytest.param(D(2008, 3, 1), D(2009, 2, 28), 0, id="1-march-birth-not-moved"),
    pytest.param(D(2008, 2, 28), D(2009, 2, 28), 1, id="28-feb-birth-not-moved"),
    pytest.param(D(2007, 4, 5), D(2025, 4, 5), 18, id="18th-birthday"),
]


@pytest.mark.parametrize(("birth", "on", "expected"), AGES)
def test_age_in_whole_years(birth, on, expected):
    assert age_at(birth, on) == expected


@pytest.mark.parametrize(("birth", "on", "expected"), AGES)
def test_iso_strings_give_the_same_age_as_dates(birth, on, expected):
    assert age_at(birth.isoformat(), on.isoformat()) == expected


def test_midnight_datetime_is_read_as_its_date():
    assert age_at(dt.datetime(2010, 5, 17), dt.datetime(2024, 5, 17, 0, 0)) == 14


def test_result_is_a_plain_int():
    assert type(age_at("2010-05-17", "2024-05-17")) is int


ERRORS = [
    # (date of birth, on date, words the message must contain)
    pytest.param(
        "2024-05-18", "2024-05-17", ["2024-05-18", "after", "2024-05-17"], id="birth-after"
    ),
    pytest.param(None, "2024-05-17", ["date_of_birth", "missing"], id="birth-missing"),
    pytest.param("2010-05-17", None, ["on_date", "missing"], id="on-date-missing"),
    pytest.param("", "2024-05-17", ["date_of_birth", "missing"], id="birth-empty-string"),
    pytest.param("17.05.2010", "2024-05-17", ["date_of_birth", "YYYY-MM-DD"], id="dotted-date"),
    pytest.param("2010-02-30", "2024-05-17", ["date_of_birth", "not a real"], id="no-such-day"),
    pytest.param("2010-05-17T10:00", "2024-05-17", ["without a time"], id="iso-with-time"),
    pytest.param(
        dt.datetime(2010, 5, 17, 9, 30), "2024-05-17", ["time of day"], id="datetime-with-time"
    ),
    pytest.param(
        "2010-05-17",
        dt.datetime(2024, 5, 17, tzinfo=dt.UTC),
        ["on_date", "time zone"],
        id="aware-datetime",
    ),
    pytest.param(20100517, "2024-05-17", ["date_of_birth", "int"], id="number-not-a-date"),
]


@pytest.mark.parametrize(("birth", "on", "words"), ERRORS)
def test_bad_dates_raise_a_one_line_message_naming_the_problem(birth, on, words):
    with pytest.raises(ValueError, match=re.escape(words[0])) as raised:
        age_at(birth, on)
    message = str(raised.value)
    assert "\n" not in message
    for word in words:
        assert word in message
