"""Dates and whole-year ages for the age-and-liability tools.

Two ways of counting, both in whole years:

- :func:`age_at` is the **calendar age**: a birthday counts on the day itself, so a child born on
  17 May 2010 is 14 on 17 May 2024.
- :func:`age_for_liability` is the age the course uses for criminal liability: a new age is
  reached only from the day **after** the birthday (the post-Soviet practice Tajik law descends
  from, which favours the child). An act on the 14th birthday is an act at 13; on the 18th
  birthday, an act at 17. The Tajik rule was not verified: this is the course's rule until it is
  confirmed (content-facts §2.8).

The rule for a birthday on 29 February: in a year that is not a leap year, the birthday is
**1 March**. A child born on 29 February 2008 is therefore 0 on 28 February 2009 and 1 on
1 March 2009; in a leap year the birthday is 29 February itself. We chose 1 March because it never
makes a child older than any other reading would: a mistake in the date can only make the child
younger, which is the side of caution for criminal liability. It is the course's rule for this
tool; the Tajik law on this point was not checked.

The book's calculator (``static/liability.js``) counts the same way; a browser test compares the
two on generated dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from himoya.justice.texts import message

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: What is trimmed from both ends of a typed date or article (the same set as liability.js).
SPACE = " \t\n\r\f\v\u00a0"

DateLike = dt.date | str


def parse_date(value: object, *, name: str) -> dt.date:
    """Return ``value`` as a ``datetime.date``, or raise ``ValueError`` naming ``name``.

    Accepted: a ``datetime.date``, or an ISO string ``"YYYY-MM-DD"``. A ``datetime.datetime`` is
    accepted only when it carries no time of day and no time zone (for example a date read from a
    spreadsheet column); otherwise the calendar day would depend on the time zone, so it is refused.
    """
    if value is None or (isinstance(value, str) and not value.strip(SPACE)):
        raise ValueError(message("errors.date_missing", field=name))
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None or value.time() != dt.time(0, 0):
            when = value.isoformat()
            raise ValueError(message("errors.date_time_of_day", field=name, value=when))
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip(SPACE)
        if not _ISO_DATE.fullmatch(text):
            key = "errors.date_with_time" if "T" in text or ":" in text else "errors.date_form"
            raise ValueError(message(key, field=name, value=text))
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(message("errors.date_not_real", field=name, value=text)) from None
    raise ValueError(
        message("errors.date_type", field=name, type=type(value).__name__, value=repr(value))
    )


def birthday_in(year: int, date_of_birth: dt.date) -> dt.date:
    """The day in ``year`` on which a person born on ``date_of_birth`` has a birthday.

    29 February becomes 1 March in a year that is not a leap year (see the module docstring).
    """
    if (date_of_birth.month, date_of_birth.day) == (2, 29) and not calendar.isleap(year):
        return dt.date(year, 3, 1)
    return date_of_birth.replace(year=year)


def whole_years(
    date_of_birth: dt.date,
    on_date: dt.date,
    *,
    on_name: str = "on_date",
    birth_name: str = "date_of_birth",
) -> int:
    """Calendar age: whole years from ``date_of_birth`` to ``on_date`` (already parsed dates)."""
    if date_of_birth > on_date:
        raise ValueError(
            message(
                "errors.not_yet_born",
                birth_field=birth_name,
                birth=date_of_birth.isoformat(),
                field=on_name,
                date=on_date.isoformat(),
            )
        )
    years = on_date.year - date_of_birth.year
    if on_date < birthday_in(on_date.year, date_of_birth):
        years -= 1
    return years


def age_at(date_of_birth: DateLike, on_date: DateLike) -> int:
    """Age in whole years on ``on_date`` of a person born on ``date_of_birth``.

    A birthday on ``on_date`` counts: a child born on 2010-05-17 is 14 on 2024-05-17 and 13 the day
    before. A 29 February birthday falls on 1 March in years that are not leap years. Both dates
    may be ``datetime.date`` objects or ISO strings ``"YYYY-MM-DD"``.

    Raises ``ValueError`` with a one-line reason when a date is missing, malformed, carries a time
    of day, or when the birth is after ``on_date``.

    >>> age_at("2010-05-17", "2024-05-17")
    14
    >>> age_at("2010-05-17", "2024-05-16")
    13
    """
    birth = parse_date(date_of_birth, name="date_of_birth")
    on = parse_date(on_date, name="on_date")
    return whole_years(birth, on, on_name="on_date")


def age_for_liability(
    date_of_birth: dt.date, on_date: dt.date, *, on_name: str, birth_name: str
) -> tuple[int, bool]:
    """The age that counts for criminal liability, and whether ``on_date`` was a birthday.

    A new age counts only from the day after the birthday (see the module docstring): on a
    birthday the child is still one year younger than the calendar age. The day of birth itself
    is age 0, not a birthday.
    """
    years = whole_years(date_of_birth, on_date, on_name=on_name, birth_name=birth_name)
    on_birthday = on_date != date_of_birth and on_date == birthday_in(on_date.year, date_of_birth)
    return (years - 1 if on_birthday else years), on_birthday
