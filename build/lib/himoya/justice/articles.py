"""Criminal Code articles and the age of criminal liability (Criminal Code art. 23).

The list of art. 23(2) offences (liability from 14) is data: ``age14_articles.yml`` next to this
file, with its sources. Every other article of the Special Part carries liability from 16
(art. 23(1)).

How an article is written. All of these mean article 237, part 2: ``"237(2)"``, ``"237 (2)"``,
``"237 part 2"``, ``"237, part 2"``, ``"art. 237 part 2"``, or ``article="237", part=2``. A bare
number (``244`` or ``"244"``) means the whole article. In this tool a number in brackets is always
a *part* of the article, as in the course's citations; articles inserted into the Code later
(written with a raised number in the official text) are not distinguished.

Parts matter only where art. 23(2) lists some parts of an article: for art. 237 (hooliganism) only
parts 2 and 3 are on the list, so art. 237 without a part is refused with a message asking for the
part, rather than guessed. For every other article the part is accepted and does not change the
answer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

_ARTICLE = re.compile(
    r"""^\s*
    (?:art(?:icle)?\.?\s*)?                          # optional "art." / "article"
    (?P<article>\d{1,4})
    \s*
    (?:
        \(\s*(?P<bracket>\d{1,2})\s*\)                       # 237(2)
      | ,?\s*(?:part|pt\.?|p\.)\s*(?P<word>\d{1,2})     # 237 part 2
    )?
    \s*$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class ListedArticle:
    """One entry of the art. 23(2) list (liability from 14)."""

    article: int
    """Article number in the Criminal Code."""
    offence: str
    """Short English name of the offence, as in the course's fact sheet."""
    parts: tuple[int, ...] | None
    """The parts that are on the list, or ``None`` when the whole article is."""
    known_parts: tuple[int, ...] | None
    """The parts this tool accepts for the article, or ``None`` for any part."""


@dataclass(frozen=True)
class AgeRules:
    """The ages and the list from Criminal Code arts. 23 and 86, read from the data file."""

    source: str
    """The citation of the law the data encodes."""
    general_age: int
    """Liability from this age for every offence (art. 23(1)): 16."""
    listed_age: int
    """Liability from this age for the listed offences (art. 23(2)): 14."""
    minor_from: int
    """Minors are persons of this age to under ``adult_from`` at the offence (art. 86): 14."""
    adult_from: int
    """Age of adulthood: 18."""
    first_article: int
    """First article number of the Special Part that the tool accepts."""
    last_article: int
    """Last article number of the Special Part that the tool accepts."""
    listed: tuple[ListedArticle, ...]
    """The art. 23(2) list."""

    def find(self, article: int) -> ListedArticle | None:
        """The list entry for ``article``, or ``None`` when it is not on the list."""
        for entry in self.listed:
            if entry.article == article:
                return entry
        return None


@functools.cache
def age_rules() -> AgeRules:
    """The rules from ``age14_articles.yml`` (read once, on first use)."""
    text = resources.files("himoya.justice").joinpath("age14_articles.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    listed = tuple(
        ListedArticle(
            article=int(item["article"]),
            offence=str(item["offence"]),
            parts=tuple(item["parts"]) if "parts" in item else None,
            known_parts=tuple(item["known_parts"]) if "known_parts" in item else None,
        )
        for item in data["articles"]
    )
    return AgeRules(
        source=str(data["source"]),
        general_age=int(data["general_age"]),
        listed_age=int(data["listed_age"]),
        minor_from=int(data["minor_from"]),
        adult_from=int(data["adult_from"]),
        first_article=int(data["special_part"]["first"]),
        last_article=int(data["special_part"]["last"]),
        listed=listed,
    )


@dataclass(frozen=True)
class ArticleRef:
    """An article of the Criminal Code, with its part when one was given."""

    article: int
    """Article number."""
    part: int | None
    """Part number, or ``None`` for the article as a whole."""

    def __str__(self) -> str:
        return f"art. {self.article}" if self.part is None else f"art. {self.article}({self.part})"


def parse_article(article: object, *, part: int | None = None) -> ArticleRef:
    """Read ``article`` (and ``part``) as an article of the Criminal Code's Special Part.

    Raises ``ValueError`` naming the article when it cannot be read, is outside the Special Part,
    has a part the tool does not know, or gives two different parts.
    """
    if article is None or isinstance(article, bool):
        raise ValueError(f"article {article!r} is missing or not an article number")
    if isinstance(article, int):
        number, written_part = article, None
    elif isinstance(article, str):
        match = _ARTICLE.match(article)
        if not match:
            raise ValueError(
                f"article {article!r} is not an article number "
                "(write it like 244, '237(2)' or '237 part 2')"
            )
        number = int(match["article"])
        found = match["bracket"] or match["word"]
        written_part = int(found) if found else None
    else:
        raise ValueError(f"article {article!r} must be a number or text like '237(2)'")
    if part is not None and (isinstance(part, bool) or not isinstance(part, int) or part < 1):
        raise ValueError(f"article {article!r}: part {part!r} must be a whole number from 1")
    if part is not None and written_part is not None and part != written_part:
        raise ValueError(
            f"article {article!r} names part {written_part} but part={part} was also given"
        )
    chosen = part if part is not None else written_part
    rules = age_rules()
    if not rules.first_article <= number <= rules.last_article:
        raise ValueError(
            f"article {article!r} is unknown: offences are articles "
            f"{rules.first_article}\N{EN DASH}{rules.last_article} "
            "of the Criminal Code's Special Part"
        )
    entry = rules.find(number)
    if entry is not None and entry.known_parts is not None:
        if chosen is None:
            listed = "\N{EN DASH}".join(str(p) for p in (entry.parts or ()))
            raise ValueError(
                f"article {article!r} needs a part: art. 23(2) lists only parts {listed} of "
                f"art. {number} ({entry.offence}); write e.g. '{number}(2)' or pass part="
            )
        if chosen not in entry.known_parts:
            known = ", ".join(str(p) for p in entry.known_parts)
            raise ValueError(
                f"article {article!r}: part {chosen} of art. {number} is unknown to this tool "
                f"(known parts: {known})"
            )
    return ArticleRef(article=number, part=chosen)


def liability_age(ref: ArticleRef) -> tuple[int, ListedArticle | None]:
    """The age of criminal liability for ``ref`` and its art. 23(2) entry (``None`` if unlisted)."""
    rules = age_rules()
    entry = rules.find(ref.article)
    if entry is None:
        return rules.general_age, None
    if entry.parts is not None and ref.part not in entry.parts:
        return rules.general_age, None
    return rules.listed_age, entry
