"""Criminal Code articles and the age of criminal liability (Criminal Code art. 23).

The list of art. 23(2) offences (liability from 14) is data: ``age14_articles.yml`` next to this
file, with its sources. Every other article of the Special Part carries liability from 16
(art. 23(1)), unless the article itself sets a higher age (art. 23(3)); the course has not checked
which articles do, so the tool says so instead of answering "liable".

How an article is written (the same grammar in ``liability.js``):

- ``244`` or ``"244"`` or ``"art. 244"``: the whole article;
- ``"237 part 2"``, ``"237, part 2"``, ``"art. 237 pt. 2"``, ``"part 2 of art. 237"`` or
  ``article="237", part=2``: a part;
- the same in Russian and Tajik, with the words the course's catalogs use for "article" and
  "part" (``justice/texts.po``: «ст.», «статья» / «моддаи»; «часть» / «қисми») and their usual
  abbreviations, in either order: «ст. 237 ч. 2», «237 ч.2», «статья 237, часть 2»,
  «ч. 2 ст. 237», «часть 2 статьи 237»; «моддаи 237 қисми 2», «м. 237 қ. 2», «қисми 2 моддаи
  237». A Tajik word may be typed with к for қ (a Russian keyboard has no қ): «кисми 2»;
- ``"179^3"`` or ``"179³"``: an article inserted later into the Code, written there with a raised
  number (a different offence, never on the art. 23(2) list);
- ``"237(2)"``: in the course's citations a part. For an article with inserted articles after it
  (``inserted`` in the data, e.g. art. 179) this form is refused as ambiguous; for another
  article on the list it is read as a part, with a note saying how to write an inserted article.

Parts matter only where art. 23(2) lists some parts of an article (arts. 237 and 255): such an
article without a part, or with a part the data does not know, is refused rather than guessed.
For every other article a part is accepted and does not change the answer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from himoya.justice.dates import SPACE
from himoya.justice.texts import message, words


def _words(*written: str) -> str:
    """An alternation of ``written`` (literal words), each Cyrillic letter in both its cases.

    Python's ``re.ASCII | re.IGNORECASE`` ignores the case of ASCII letters only, and JavaScript's
    ``"i"`` flag ignores the case of both; with both cases of each Cyrillic letter written out as
    a class, the two read Cyrillic the same way, and neither matches an ASCII letter by a
    look-alike (a dotless i, a long s, the Kelvin sign), as Python's Unicode matching would.
    """

    def one(word: str) -> str:
        return "".join(
            f"[{c}{c.upper()}]" if not c.isascii() and c != c.upper() else re.escape(c)
            for c in word
        )

    return "|".join(one(word) for word in sorted(written, key=len, reverse=True))


_WS = r"[ \t\u00a0]*"
#: "Article": English; Russian «ст.», «статья» (and «статьи», as in «часть 2 статьи 237»);
#: Tajik «моддаи», «модда», «м.».
_ARTICLE_WORD = (
    r"(?:art(?:icle)?\.?|"
    + _words("ст.", "ст", "статья", "статьи", "м.", "м", "модда", "моддаи")
    + ")"
)
#: "Part": English; Russian «ч.», «часть», «части»; Tajik «қ.», «қисм», «қисми», also typed with
#: к for қ on a Russian keyboard.
_PART_WORD = (
    r"(?:part|pt\.?|p\.|"
    + _words("ч.", "ч", "часть", "части", "қ.", "қ", "қисм", "қисми", "к.", "к", "кисм", "кисми")
    + ")"
)

#: The article grammar, written so that Python's ``re`` (with ``re.ASCII | re.IGNORECASE``) and a
#: JavaScript ``RegExp(..., "i")`` read it the same way; ``liability.js`` gets this string.
#: Groups: 1 the article, then 2 an inserted number after ``^``, 3 one in raised digits, 4 a part
#: in brackets, 5 a part after the word; or, part first («ч. 2 ст. 237»), 6 the part, 7 the article.
ARTICLE_PATTERN = (
    rf"^(?:(?:{_ARTICLE_WORD}{_WS})?([0-9]{{1,4}}){_WS}"
    rf"(?:\^{_WS}([0-9]{{1,2}})"  # 179^3: inserted article
    r"|([\u00b9\u00b2\u00b3\u2070\u2074-\u2079]{1,2})"  # 179³: inserted article
    rf"|\({_WS}([0-9]{{1,2}}){_WS}\)"  # 237(2): a part, or ambiguous
    rf"|,?{_WS}{_PART_WORD}{_WS}([0-9]{{1,2}})"  # 237 part 2, 237 ч. 2
    r")?"
    rf"|{_PART_WORD}{_WS}([0-9]{{1,2}}){_WS},?{_WS}(?:of[ \t\u00a0]+)?"  # part 2 (of) art. 237
    rf"{_ARTICLE_WORD}{_WS}([0-9]{{1,4}}))$"
)
_ARTICLE = re.compile(ARTICLE_PATTERN, re.ASCII | re.IGNORECASE)
SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"


def raised(number: int) -> str:
    """``number`` in raised (superscript) digits, as inserted articles are numbered: 3 -> ³."""
    return "".join(SUPERSCRIPTS[int(digit)] for digit in str(number))


@dataclass(frozen=True)
class ListedPart:
    """One part of an article of which art. 23(2) lists only some parts."""

    part: int
    """Part number."""
    offence: str
    """Short English name of the offence in this part."""
    listed: bool
    """``True`` when this part is on the art. 23(2) list (liability from 14)."""


@dataclass(frozen=True)
class ListedArticle:
    """One article named in art. 23(2) (liability from 14, for the whole or for some parts)."""

    article: int
    """Article number in the Criminal Code."""
    offence: str
    """Short English name of the offence, as in the course's fact sheet."""
    parts: tuple[ListedPart, ...] | None = None
    """The parts, when only some are on the list; ``None`` when the whole article is."""
    inserted: tuple[int, ...] = ()
    """Numbers of articles inserted after this one (written with a raised number)."""

    def part(self, number: int) -> ListedPart | None:
        """The part ``number`` of this article, or ``None`` when the data does not know it."""
        for entry in self.parts or ():
            if entry.part == number:
                return entry
        return None

    @property
    def listed_parts(self) -> tuple[int, ...]:
        """The parts on the list (empty when the whole article is listed)."""
        return tuple(entry.part for entry in self.parts or () if entry.listed)


@dataclass(frozen=True)
class AgeRules:
    """The ages and the list from Criminal Code arts. 23 and 86, read from the data file."""

    source: str
    """The citation of the law the data encodes."""
    general_age: int
    """Liability from this age for every offence not on the list (art. 23(1)): 16."""
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
    """The articles named in art. 23(2)."""

    def find(self, article: int) -> ListedArticle | None:
        """The list entry for ``article``, or ``None`` when it is not named in art. 23(2)."""
        for entry in self.listed:
            if entry.article == article:
                return entry
        return None


def _listed_article(item: dict) -> ListedArticle:
    parts = None
    if "parts" in item:
        parts = tuple(
            ListedPart(part=int(p["part"]), offence=str(p["offence"]), listed=bool(p["listed"]))
            for p in item["parts"]
        )
    return ListedArticle(
        article=int(item["article"]),
        offence=str(item["offence"]),
        parts=parts,
        inserted=tuple(int(n) for n in item.get("inserted", ())),
    )


@functools.cache
def rules_data() -> dict:
    """``age14_articles.yml`` as plain data (what the book's calculator gets as JSON)."""
    text = resources.files("himoya.justice").joinpath("age14_articles.yml").read_text("utf-8")
    return yaml.safe_load(text)


@functools.cache
def age_rules() -> AgeRules:
    """The rules from ``age14_articles.yml`` (read once, on first use)."""
    data = rules_data()
    return AgeRules(
        source=str(data["source"]),
        general_age=int(data["general_age"]),
        listed_age=int(data["listed_age"]),
        minor_from=int(data["minor_from"]),
        adult_from=int(data["adult_from"]),
        first_article=int(data["special_part"]["first"]),
        last_article=int(data["special_part"]["last"]),
        listed=tuple(_listed_article(item) for item in data["articles"]),
    )


@dataclass(frozen=True)
class ArticleRef:
    """An article of the Criminal Code, with its part or inserted number when one was given."""

    article: int
    """Article number."""
    part: int | None = None
    """Part number, or ``None`` for the article as a whole."""
    inserted: int | None = None
    """For an article inserted into the Code later (art. 179 with a raised 3): that number."""
    bracket: bool = False
    """``True`` when the part was written in brackets, ``237(2)`` (see the module docstring)."""

    @property
    def label(self) -> str:
        """The article as the course writes it: ``art. 244``, ``art. 237(2)``, ``art. 179³``."""
        if self.inserted is not None:
            return message(
                "labels.article_inserted", number=self.article, sup=raised(self.inserted)
            )
        if self.part is not None:
            return message("labels.article_part", number=self.article, part=self.part)
        return message("labels.article", number=self.article)

    def __str__(self) -> str:
        return self.label


def _number(digits: str) -> int:
    return int("".join(str(SUPERSCRIPTS.index(d)) if d in SUPERSCRIPTS else d for d in digits))


def parse_article(article: object, *, part: int | None = None) -> ArticleRef:
    """Read ``article`` (and ``part``) as an article of the Criminal Code's Special Part.

    Raises ``ValueError`` naming the article when it is missing or cannot be read, is outside
    the Special Part, is ambiguous (see the module docstring), needs a part, or has a part the
    tool does not know.
    """
    if article is None or (isinstance(article, str) and not article.strip(SPACE)):
        raise ValueError(message("errors.article_missing"))
    if isinstance(article, bool) or not isinstance(article, int | str):
        raise ValueError(message("errors.article_type", value=repr(article)))
    value = str(article).strip(SPACE)
    match = _ARTICLE.match(value)
    if not match:
        raise ValueError(message("errors.article_form", value=value))
    number = int(match[1] or match[7])
    caret, superscript, bracket, word = match[2], match[3], match[4], match[5] or match[6]
    inserted = int(caret) if caret else (_number(superscript) if superscript else None)
    written = int(bracket or word) if (bracket or word) else None
    for given in (written, inserted):
        if given is not None and given < 1:
            raise ValueError(message("errors.part_invalid", value=value, part=given))
    if part is not None:
        if isinstance(part, bool) or not isinstance(part, int) or part < 1:
            raise ValueError(message("errors.part_invalid", value=value, part=repr(part)))
        if written is not None and written != part:
            raise ValueError(message("errors.two_parts", value=value, written=written, part=part))
        if written is None and inserted is None:
            written, bracket = part, None
    return check_article(value, number, part=written, inserted=inserted, bracket=bool(bracket))


def check_article(
    value: str, number: int, *, part: int | None, inserted: int | None, bracket: bool
) -> ArticleRef:
    """Check an article read by :func:`parse_article` against the data (same checks in JS)."""
    rules = age_rules()
    if not rules.first_article <= number <= rules.last_article:
        raise ValueError(
            message(
                "errors.article_unknown",
                value=value,
                first=rules.first_article,
                last=rules.last_article,
            )
        )
    entry = rules.find(number)
    if entry is None:
        return ArticleRef(article=number, part=part, inserted=inserted, bracket=bracket)
    if inserted is not None:
        return ArticleRef(article=number, inserted=inserted)
    if bracket and entry.inserted:
        raise ValueError(
            message(
                "errors.article_ambiguous",
                value=value,
                number=number,
                inserted=", ".join(f"{number}^{n}" for n in entry.inserted),
                part=part,
            )
        )
    if entry.parts is not None:
        if part is None:
            example = entry.listed_parts[0]
            raise ValueError(
                message(
                    "errors.article_needs_part",
                    value=value,
                    number=number,
                    parts=", ".join(
                        message("labels.part_offence", part=p.part, offence=words()(p.offence))
                        for p in entry.parts
                        if p.listed
                    ),
                    example=example,
                )
            )
        if entry.part(part) is None:
            raise ValueError(
                message(
                    "errors.article_unknown_part",
                    value=value,
                    part=part,
                    number=number,
                    known=", ".join(str(p.part) for p in entry.parts),
                )
            )
    return ArticleRef(article=number, part=part, bracket=bracket)


@dataclass(frozen=True)
class ArticleAge:
    """What art. 23 says about one article."""

    age: int
    """The age of criminal liability: 14 on the list, else 16 (the lowest; see ``exact``)."""
    listed: bool
    """``True`` when the article (or its part) is on the art. 23(2) list."""
    exact: bool
    """``False`` when the article may set a higher age itself (art. 23(3)): not named in
    art. 23(2) at all. A part of a listed article that is not on the list is from 16 exactly."""
    offence: str | None
    """The offence's name when the data has it (articles named in art. 23(2)), else ``None``."""


def liability_age(ref: ArticleRef) -> ArticleAge:
    """The age of criminal liability for ``ref`` under art. 23."""
    rules = age_rules()
    entry = rules.find(ref.article)
    if entry is None or ref.inserted is not None:
        return ArticleAge(age=rules.general_age, listed=False, exact=False, offence=None)
    if entry.parts is not None:
        known = entry.part(ref.part) if ref.part is not None else None
        if known is None:  # parse_article refuses this; kept for direct callers
            return ArticleAge(age=rules.general_age, listed=False, exact=False, offence=None)
        age = rules.listed_age if known.listed else rules.general_age
        return ArticleAge(age=age, listed=known.listed, exact=True, offence=known.offence)
    return ArticleAge(age=rules.listed_age, listed=True, exact=True, offence=entry.offence)
