"""Criminal liability of a child under the Criminal Code of Tajikistan, and the protections due.

``liability(date_of_birth, offence_date, article)`` answers three questions for one child and one
offence, always from the child's age **at the time of the offence**:

1. Is the child criminally liable? Art. 23: from 14 for the offences listed in art. 23(2) (see
   :mod:`himoya.justice.articles`), from 16 for every other offence (art. 23(1)) unless the
   article itself sets a higher age (art. 23(3)). For an article not named in art. 23(2), a child
   of 16 or 17 gets "check the article", never a plain "liable".
2. Is the child a *minor* in the sense of art. 86 (14 to under 18 at the offence)? That matters
   only for a child who can be liable for the act: below the age of liability, art. 86 does not
   come into play.
3. Which protections apply, each with its source?

The age that counts is reached only from the day after the birthday (the course's
child-favourable rule, see :mod:`himoya.justice.dates`): an act on the 14th birthday is an act at
13. Every word of the answer comes from ``texts.yml``, in the language asked for (``lang``, default
the current language: see :mod:`himoya.justice.texts`); the verdict never depends on the language.
The book's calculator (``liability.js``) gives the same answers from the same files, which a
browser test checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from himoya.justice.articles import age_rules, liability_age, parse_article
from himoya.justice.dates import DateLike, age_for_liability, parse_date, whole_years
from himoya.justice.texts import in_language, message, text, texts, words

BELOW_AGE = "below-age"
MINOR = "minor"
CHECK_ARTICLE = "check-article"
ADULT = "adult"
STATUSES = (BELOW_AGE, MINOR, CHECK_ARTICLE, ADULT)


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
    inserted: int | None
    """For an article inserted later into the Code (art. 179 with a raised 3): that number."""
    article_label: str
    """The article as written in the course, e.g. ``art. 237(2)`` or ``art. 179³``."""
    offence: str | None
    """The offence's name when the tool knows it (articles named in art. 23(2)), else ``None``."""
    listed: bool
    """``True`` when the article (or its part) is on the art. 23(2) list."""
    age_at_offence: int
    """The age that counts, in whole years: reached only from the day after a birthday."""
    on_birthday: bool
    """``True`` when the offence was on a birthday (the act counts at the younger age)."""
    liability_age: int
    """Age of criminal liability for this article: 14 on the art. 23(2) list, else 16 (for an
    article not named in art. 23(2), at least 16: see ``liable``)."""
    liable: bool | None
    """``True`` when the child had reached the age of liability at the offence, ``False`` when
    not, ``None`` when it depends on the article: 16 or older, but the article is not named in
    art. 23(2) and may set a higher age itself (art. 23(3))."""
    minor: bool
    """``True`` when aged 14 to under 18 at the offence and old enough to be liable for the act
    (art. 86 applies). ``False`` below the age of liability and for adults."""
    status: str
    """``"below-age"`` (a child without criminal liability), ``"minor"`` (a liable child),
    ``"check-article"`` (16 or 17, and the article may set a higher age) or ``"adult"`` (18 or
    older at the offence: not a child case)."""
    summary: str
    """One plain-language sentence with the answer."""
    outcome: str
    """The outcome in a few words, e.g. "No criminal liability: protection referral"."""
    protections: tuple[str, ...]
    """The protections that apply, each a short sentence ending with its source."""
    on_date: dt.date | None = None
    """The date of the decision, when one was given."""
    age_on_date: int | None = None
    """Calendar age in whole years on ``on_date``, when one was given."""
    notes: tuple[str, ...] = ()
    """Remarks: the birthday rule, an adult now who was a minor at the offence, and similar."""
    language: str = field(default="en", compare=False)
    """The language of the answer's words (the one asked for, or its fallback)."""

    def to_dict(self) -> dict[str, Any]:
        """The answer as plain data (dates as ``YYYY-MM-DD``), as the book's calculator gives it."""
        data = asdict(self)
        del data["language"]
        for key in ("date_of_birth", "offence_date", "on_date"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        data["protections"] = list(self.protections)
        data["notes"] = list(self.notes)
        return data

    @property
    def liable_word(self) -> str:
        """``liable`` in words: "yes", "no" or "check the article (art. 23(3))"."""
        labels = texts(self.language)["answer"]
        return {True: labels["value_yes"], False: labels["value_no"], None: labels["value_check"]}[
            self.liable
        ]

    def rows(self) -> list[tuple[str, str]]:
        """The answer as (label, value) rows, as the answer box shows them."""
        labels = texts(self.language)["answer"]
        offence = f" — {self.offence}" if self.offence else ""
        rows = [
            (labels["date_of_birth"], self.date_of_birth.isoformat()),
            (labels["offence_date"], self.offence_date.isoformat()),
            (labels["age_at_offence"], str(self.age_at_offence)),
            (labels["article"], f"{self.article_label}{offence}"),
            (labels["liability_age"], str(self.liability_age)),
            (labels["liable"], self.liable_word),
        ]
        if self.status != BELOW_AGE:
            minor = {MINOR: "value_yes", CHECK_ARTICLE: "value_yes_if_liable", ADULT: "value_no"}
            rows.append((labels["minor"], labels[minor[self.status]]))
        if self.on_date is not None:
            with in_language(self.language):
                label = message("answer.age_on_date", date=self.on_date.isoformat())
            rows.append((label, str(self.age_on_date)))
        return rows

    def _repr_html_(self) -> str:
        from himoya.templating import render

        return render(
            "justice/liability-answer.html.j2",
            summary=self.summary,
            status=self.status,
            rows=self.rows(),
            what_applies=text("answer.what_applies", self.language),
            protections=self.protections,
            notes=self.notes,
        )


def liability(
    date_of_birth: DateLike,
    offence_date: DateLike,
    article: int | str,
    *,
    part: int | None = None,
    on_date: DateLike | None = None,
    lang: str | None = None,
) -> LiabilityResult:
    """Criminal liability and protections for a child born on ``date_of_birth``.

    ``article`` is an article of the Criminal Code: ``244``, ``"244"``, ``"237 part 2"``,
    ``"237(2)"`` or ``"179^3"``, also written the Russian or Tajik way (``"ст. 237 ч. 2"``,
    ``"моддаи 237 қисми 2"``; see :mod:`himoya.justice.articles`); ``part`` gives the part
    separately. Arts. 237 and 255 need a part, because only some of their parts are on the
    art. 23(2) list. ``on_date`` (optional) is the date of the decision; it adds the person's age
    today, but never changes the answer, which rests on the age at the offence.

    Raises ``ValueError`` with a one-line reason for a missing or malformed date, a birth after the
    offence, an ``on_date`` before the offence, or an article that is missing, unknown, ambiguous
    or without the part it needs (naming it).

    ``lang`` (default: the current language, :func:`himoya.i18n.current_language`) is the
    language of the answer's words and of the error messages; the answer is the same in every
    language.
    """
    with in_language(lang) as shown:
        return _liability(date_of_birth, offence_date, article, part, on_date, shown.language)


def _liability(
    date_of_birth: DateLike,
    offence_date: DateLike,
    article: int | str,
    part: int | None,
    on_date: DateLike | None,
    language: str,
) -> LiabilityResult:
    fields = text("fields")
    birth = parse_date(date_of_birth, name=fields["date_of_birth"])
    offence_day = parse_date(offence_date, name=fields["offence_date"])
    decision_day = None if on_date is None else parse_date(on_date, name=fields["on_date"])
    ref = parse_article(article, part=part)
    age, on_birthday = age_for_liability(
        birth, offence_day, on_name=fields["offence_date"], birth_name=fields["date_of_birth"]
    )
    age_now = None
    if decision_day is not None:
        if decision_day < offence_day:
            raise ValueError(
                message(
                    "errors.decision_before_offence",
                    field=fields["on_date"],
                    date=decision_day.isoformat(),
                    offence_field=fields["offence_date"],
                    offence=offence_day.isoformat(),
                )
            )
        age_now = whole_years(
            birth, decision_day, on_name=fields["on_date"], birth_name=fields["date_of_birth"]
        )
    rules = age_rules()
    law = liability_age(ref)
    notes: list[str] = []
    if on_birthday:
        notes.append(message("notes.on_birthday", age=age))
    if ref.bracket and law.listed:
        notes.append(message("notes.bracket_part", part=ref.part, number=ref.article))
    liable: bool | None
    if age >= rules.adult_from:
        status, liable, minor = ADULT, (True if law.exact else None), False
    elif age < law.age:
        status, liable, minor = BELOW_AGE, False, False
        if age_now is not None and age_now >= law.age:
            notes.append(message("notes.below_age_now", age_now=age_now, age=age))
    else:
        status = MINOR if law.exact else CHECK_ARTICLE
        liable, minor = (True if law.exact else None), age >= rules.minor_from
        if age_now is not None and age_now >= rules.adult_from:
            notes.append(message("notes.adult_now", age_now=age_now))
    rule = text("labels.rule_listed") if law.listed else text("labels.rule_general")
    summary = message(
        f"summary.{_SUMMARY[status]}", age=age, article=ref.label, min_age=law.age, rule=rule
    )
    protections = tuple(text("protections.check_article")) if status == CHECK_ARTICLE else ()
    protections += tuple(text(f"protections.{_PROTECTIONS[status]}"))
    return LiabilityResult(
        date_of_birth=birth,
        offence_date=offence_day,
        article=ref.article,
        part=ref.part,
        inserted=ref.inserted,
        article_label=ref.label,
        offence=words()(law.offence) if law.offence else None,
        listed=law.listed,
        age_at_offence=age,
        on_birthday=on_birthday,
        liability_age=law.age,
        liable=liable,
        minor=minor,
        status=status,
        summary=summary,
        outcome=text(f"outcome.{status}"),
        protections=protections,
        on_date=decision_day,
        age_on_date=age_now,
        notes=tuple(notes),
        language=language,
    )


_SUMMARY = {BELOW_AGE: "below_age", MINOR: "liable", CHECK_ARTICLE: "check_article", ADULT: "adult"}
_PROTECTIONS = {BELOW_AGE: "below_age", MINOR: "minor", CHECK_ARTICLE: "minor", ADULT: "adult"}
