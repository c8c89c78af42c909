"""Dates and whole-year ages for the age-and-liability tools.

The rule for a birthday on 29 February: in a year that is not a leap year, the birthday is
**1 March**. A child born on 29 February 2008 is therefore 0 on 28 February 2009 and 1 on
1 March 2009; in a leap year the birthday is 29 February itself. We chose 1 March because it never
makes a child older than any other reading would: a mistake in the date can only make the child
younger, which is the side of caution for criminal liability. It is the course's rule for this
tool; the Tajik law on this point was not checked.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

DateLike = dt.date | str


def parse_date(value: object, *, name: str) -> dt.date:
    """Return ``value`` as a ``datetime.date``, or raise ``ValueError`` naming ``name``.

    Accepted: a ``datetime.date``, or an ISO string ``"YYYY-MM-DD"``. A ``datetime.datetime`` is
    accepted only when it carries no time of day and no time zone (for example a date read from a
    spreadsheet column); otherwise the calendar day would depend on the time zone, so it is refused.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"{name} is missing: give a date such as 2010-05-17")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None or value.time() != dt.time(0, 0):
            raise ValueError(
                f"{name} {value.isoformat()} has a time of day or a time zone; "
                "give the calendar date only (for example value.date())"
            )
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not _ISO_DATE.fullmatch(text):
            detail = " (give the date without a time)" if "T" in text or ":" in text else ""
            raise ValueError(f"{name} {value!r} is not a date in the form YYYY-MM-DD{detail}")
        try:
            return dt.date.fromisoformat(text)
        except ValueError as error:
            raise ValueError(f"{name} {value!r} is not a real calendar date ({error})") from None
    raise ValueError(
        f"{name} must be a date or a 'YYYY-MM-DD' string, not {type(value).__name__} {value!r}"
    )


def birthday_in(year: int, date_of_birth: dt.date) -> dt.date:
    """The day in ``year`` on which a person born on ``date_of_birth`` has a birthday.

    29 February becomes 1 March in a year that is not a leap year (see the module docstring).
    """
    if (date_of_birth.month, date_of_birth.day) == (2, 29) and not calendar.isleap(year):
        return dt.date(year, 3, 1)
    return date_of_birth.replace(year=year)


def whole_years(date_of_birth: dt.date, on_date: dt.date, *, on_name: str = "on_date") -> int:
    """Whole years from ``date_of_birth`` to ``on_date`` (already parsed dates)."""
    if date_of_birth > on_date:
        raise ValueError(
            f"date_of_birth {date_of_birth.isoformat()} is after {on_name} {on_date.isoformat()}: "
            "the person was not yet born"
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
