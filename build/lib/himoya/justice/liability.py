"""Criminal liability of a child under the Criminal Code of Tajikistan, and the protections due.

``liability(date_of_birth, offence_date, article)`` answers three questions for one child and one
offence, always from the child's age **at the time of the offence**:

1. Is the child criminally liable? Art. 23: from 16 in general, from 14 for the offences listed in
   art. 23(2) (see :mod:`himoya.justice.articles`).
2. Is the child a *minor* in the sense of art. 86 (14 to under 18 at the offence)?
3. Which protections apply, each with its source?
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from himoya.justice.articles import age_rules, liability_age, parse_article
from himoya.justice.dates import DateLike, parse_date, whole_years

BELOW_AGE = "below-age"
MINOR = "minor"
ADULT = "adult"

NO_LIABILITY = (
    "No criminal liability: protection referral, Commission on Child Rights "
    "(Criminal Code art. 23; CRC/C/TJK/CO/2, 2010, paras 72\N{EN DASH}73)"
)
MINOR_PROTECTIONS = (
    "Parents or guardian notified immediately (Beijing Rules, rule 10.1, 1985)",
    "Release considered without delay (Beijing Rules, rule 10.2, 1985)",
    "Prompt access to legal and other appropriate assistance (CRC art. 37(d), 1989)",
    "Separated from adults (CRC art. 37(c), 1989)",
    "Detention only as a last resort and for the shortest appropriate period of time "
    "(CRC art. 37(b), 1989)",
    "Diversion considered: dealing with the child without judicial proceedings "
    "(CRC art. 40(3)(b), 1989; Beijing Rules, rule 11, 1985)",
    "Compulsory educational measures possible instead of a penalty (Criminal Code art. 86)",
)
NOT_A_CHILD = (
    "Not a child case: 18 or older at the time of the offence "
    "(Criminal Code art. 86; Havana Rules, rule 11(a), 1990)"
)


@dataclass(frozen=True)
class LiabilityResult:
    """The answer of :func:`liability` for one child and one offence."""

    date_of_birth: dt.date
    """The child's date of birth."""
    offence_date: dt.date
    """The date of the offence: the age on this date is the one that counts."""
    article: int
    """The article of the Criminal Code."""
    part: int | None
    """The part of the article, or ``None`` when none was given."""
    offence: str | None
    """The offence's name when the article is on the art. 23(2) list, else ``None``."""
    age_at_offence: int
    """Age in whole years on the date of the offence."""
    liability_age: int
    """Age of criminal liability for this article: 14 if on the art. 23(2) list, else 16."""
    liable: bool
    """``True`` when the person had reached ``liability_age`` at the offence."""
    minor: bool
    """``True`` when aged 14 to under 18 at the offence (a minor under art. 86)."""
    status: str
    """``"below-age"`` (a child without criminal liability), ``"minor"`` (a liable child) or
    ``"adult"`` (18 or older at the offence: not a child case)."""
    protections: tuple[str, ...]
    """The protections that apply, each a short sentence ending with its source."""
    on_date: dt.date | None = None
    """The date of the decision, when one was given."""
    age_on_date: int | None = None
    """Age in whole years on ``on_date``, when one was given."""
    notes: tuple[str, ...] = ()
    """Remarks, e.g. that the person is an adult now but was a minor at the offence."""

    @property
    def article_label(self) -> str:
        """The article as written in the course, e.g. ``art. 237(2)``."""
        return f"art. {self.article}" if self.part is None else f"art. {self.article}({self.part})"

    @property
    def summary(self) -> str:
        """One plain-language sentence with the answer."""
        age = f"Aged {self.age_at_offence} at the offence"
        if self.status == ADULT:
            return f"{age}: not a child case."
        rule = "art. 23(2) list" if self.offence is not None else "art. 23(1)"
        if self.liable:
            return (
                f"{age}: criminally liable for {self.article_label} (from {self.liability_age}, "
                f"{rule}); a minor under art. 86."
            )
        return (
            f"{age}: below the age of criminal liability for {self.article_label} "
            f"({self.liability_age}, {rule}). A child in need of protection, not an offender."
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        offence = f" — {self.offence}" if self.offence else ""
        rows = [
            ("Date of birth", self.date_of_birth.isoformat()),
            ("Date of the offence", self.offence_date.isoformat()),
            ("Age at the offence", str(self.age_at_offence)),
            ("Article", f"{self.article_label}{offence}"),
            ("Age of criminal liability for it", str(self.liability_age)),
            ("Criminally liable?", "yes" if self.liable else "no"),
            ("Minor under art. 86?", "yes" if self.minor else "no"),
        ]
        if self.on_date is not None:
            rows.append((f"Age on {self.on_date.isoformat()}", str(self.age_on_date)))
        table = "".join(
            f"<tr><th scope='row'>{esc(label)}</th><td>{esc(value)}</td></tr>"
            for label, value in rows
        )
        items = "".join(f"<li>{esc(item)}</li>" for item in self.protections)
        notes = "".join(f"<p><em>{esc(note)}</em></p>" for note in self.notes)
        return (
            "<div class='himoya-liability'>"
            f"<p><strong>{esc(self.summary)}</strong></p>"
            f"<table>{table}</table>"
            f"<p>What applies:</p><ul>{items}</ul>{notes}</div>"
        )


def liability(
    date_of_birth: DateLike,
    offence_date: DateLike,
    article: int | str,
    *,
    part: int | None = None,
    on_date: DateLike | None = None,
) -> LiabilityResult:
    """Criminal liability and protections for a child born on ``date_of_birth``.

    ``article`` is an article of the Criminal Code: ``244``, ``"244"``, ``"237(2)"`` or
    ``"237 part 2"``; ``part`` gives the part separately. Art. 237 needs a part, because only its
    parts 2 and 3 are on the art. 23(2) list. ``on_date`` (optional) is the date of the decision; it
    adds the person's age today, but never changes the answer, which rests on the age at the
    offence.

    Raises ``ValueError`` with a one-line reason for a missing or malformed date, a birth after the
    offence, an ``on_date`` before the offence, or an unknown article (naming it).
    """
    birth = parse_date(date_of_birth, name="date_of_birth")
    offence_day = parse_date(offence_date, name="offence_date")
    decision_day = None if on_date is None else parse_date(on_date, name="on_date")
    ref = parse_article(article, part=part)
    age = whole_years(birth, offence_day, on_name="offence_date")
    age_now = None
    if decision_day is not None:
        if decision_day < offence_day:
            raise ValueError(
                f"on_date {decision_day.isoformat()} is before offence_date "
                f"{offence_day.isoformat()}"
            )
        age_now = whole_years(birth, decision_day, on_name="on_date")
    min_age, entry = liability_age(ref)
    rules = age_rules()
    notes: list[str] = []
    if age >= rules.adult_from:
        status, liable, protections = ADULT, True, (NOT_A_CHILD,)
    elif age >= min_age:
        status, liable, protections = MINOR, True, MINOR_PROTECTIONS
        if age_now is not None and age_now >= rules.adult_from:
            notes.append(
                f"Now {age_now}, but a minor at the offence: the age at the offence counts "
                "(Criminal Code art. 86)."
            )
    else:
        status, liable, protections = BELOW_AGE, False, (NO_LIABILITY,)
        if age_now is not None and age_now >= min_age:
            notes.append(
                f"Now {age_now}, but {age} at the offence: the age at the offence counts, so "
                "there is still no criminal liability for it (Criminal Code art. 23)."
            )
    return LiabilityResult(
        date_of_birth=birth,
        offence_date=offence_day,
        article=ref.article,
        part=ref.part,
        offence=entry.offence if entry else None,
        age_at_offence=age,
        liability_age=min_age,
        liable=liable,
        minor=rules.minor_from <= age < rules.adult_from,
        status=status,
        protections=protections,
        on_date=decision_day,
        age_on_date=age_now,
        notes=tuple(notes),
    )
