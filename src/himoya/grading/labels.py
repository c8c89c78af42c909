"""Every sentence the grading steps write for a trainer that is built in Python, in one mapping.

The cohort report's page words live in its template (``templates/grading/report.html.j2``); what
must be made in Python (a reason in ``grades.csv``, the advice in ``problems.csv``, why a trainee
gets no certificate) is looked up here by key and filled with :meth:`str.format` fields. A
translation of the trainer's pages replaces these values, never the code that uses them: each is
a message of the ``ui`` catalog, shown in the language set by :func:`in_language` (the cohort's,
for ``himoya cohort report``; English otherwise).

:data:`REASONS` are the reasons grading gives for a notebook it could not grade, and the notes of
what it repaired: grading records them in English (:func:`english`), the same in every cohort,
and :func:`reason` shows a recorded one in the current language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from himoya.i18n import N_, ui

# A notebook's status as grades.csv records it (in English, for spreadsheets and scripts; the
# report shows it in the cohort's language with status()).
GRADED = "graded"
NEEDS_MANUAL = "needs manual grading"
NOT_SUBMITTED = "not submitted"
NOT_GRADED_YET = "not graded yet"
PROBLEM = "problem: "
"""Prefix of the status of a notebook that could not be graded; the reason follows."""
INCOMPLETE = "incomplete: "
"""Prefix of the status of an assignment of several notebooks with some not handed in."""

_LANGUAGE: ContextVar[str] = ContextVar("himoya_grading_language", default="en")

TEXT: dict[str, str] = {
    # Why a trainee gets no certificate (report, "Certificates" table).
    "why_not.nothing_released": N_("no module assignment was released to this cohort"),
    "why_not.nothing_done": N_("no module assignment handed in and graded"),
    "why_not.missing": N_("not handed in or not graded: {assignments}"),
    "why_not.below": N_("{percent} of the autograded points (needs {needed:g}%)"),
    # Why a trainee is on the follow-up list.
    "follow_up.not_handed_in": N_("{assignment}: not handed in"),
    "follow_up.problem": N_("{assignment}: could not be graded ({problem})"),
    "follow_up.low": N_("{assignment}: {percent} (below {threshold:g}%)"),
    "follow_up.test_missing": N_("knowledge check: {test} missing or not graded"),
    "follow_up.no_gain": N_("knowledge check: no gain ({before} before, {after} after)"),
    "knowledge_check.test": N_("knowledge check, {test}"),
    "test.pre": N_("pre-test"),
    "test.post": N_("post-test"),
    # What to do about a line of problems.csv.
    "advice.repaired": N_(
        "Graded anyway: the copy was ignored. Remind the trainee not to copy, split or delete "
        "cells."
    ),
    "advice.damaged": N_(
        "The file is damaged or not a notebook. Ask the trainee for the file again (from the "
        "laptop they used), collect it with --replace, then grade again."
    ),
    "advice.timeout": N_(
        "A cell ran too long (often an endless loop). Open the notebook, ask the trainee to fix "
        "that cell, collect the new copy with --replace and grade again; or grade by hand."
    ),
    "advice.kernel": N_(
        "The notebook stopped Python (for example exit(), quit() or too much memory). Ask the "
        "trainee to remove that line, collect the new copy with --replace, grade again."
    ),
    "advice.other": N_(
        "Open the notebook in submitted/ and look. If the answers are there, give the points by "
        "hand in the formgrader; otherwise ask the trainee for a new copy."
    ),
    "problem.repaired": N_("graded, with a repair"),
    # Charts: axis labels, legends and the alt text that says what each chart shows.
    "chart.axis.percent": N_("percent"),
    "chart.axis.trainees": N_("trainees"),
    "chart.axis.full_points": N_("percent of trainees with full points"),
    "chart.axis.mean_percent": N_("mean percent"),
    "chart.axis.knowledge_check": N_("knowledge check, percent"),
    "chart.axis.percent_correct": N_("percent correct"),
    "chart.before": N_("before"),
    "chart.after": N_("after"),
    "chart.not_available": N_("n/a"),
    "chart.distribution.part": N_("{name}: {count} results, median {median:.0f}%"),
    "chart.distribution.alt": N_("Histograms of scores in percent. {parts}."),
    "chart.questions.alt": N_("Bar chart of the {count} hardest questions, lowest first: {parts}."),
    "chart.roles.alt": N_("Mean percent per assignment by role. {parts}."),
    "chart.gains.alt": N_(
        "Knowledge check before and after the workshop for {count} trainees. Mean gain "
        "{mean:+.0f} percentage points; {no_gain} with no gain. Each trainee's numbers are in "
        "the table above."
    ),
    "chart.items.part": N_("{item} {before} to {after}"),
    "chart.items.alt": N_("Share correct per knowledge-check item, before and after: {parts}."),
    "problems.not_on_roster": N_("(not on the roster)"),
    # A notebook's status in the report (grades.csv keeps the English: see grading/README.md).
    "status.graded": N_("graded"),
    "status.needs_manual": N_("needs manual grading"),
    "status.not_submitted": N_("not submitted"),
    "status.not_graded_yet": N_("not graded yet"),
    "status.incomplete": N_("incomplete: {notebooks}"),
    "status.problem": N_("problem: {problem}"),
}

REASONS: dict[str, str] = {
    # Why a notebook could not be graded (the grading state keeps these in English, see
    # :func:`reason`; a {field} holds a number, a cell id or the words of nbgrader or Python).
    "reason.empty": N_("the file is empty"),
    "reason.not_utf8": N_("the file is not UTF-8 text"),
    "reason.broken_json": N_("not a valid notebook: broken JSON at line {line}"),
    "reason.not_a_notebook": N_("not a valid notebook: {detail}"),
    "reason.notebook_seconds": N_("the notebook ran longer than {seconds} s in total"),
    "reason.kernel_died": N_(
        "the notebook stopped its Python kernel (kernel died: exit, crash or memory)"
    ),
    "reason.timeout": N_("the notebook did not finish in time"),
    "reason.memory": N_("the notebook used too much memory"),
    "reason.nbgrader": N_("nbgrader could not grade it: {detail}"),
    "reason.failed": N_("grading failed: {detail}"),
    # What was repaired before grading (a note; several are joined with "; ").
    "note.copied": N_("a graded cell was copied or split ({cells}); the extra copy was ignored"),
    "note.tampering": N_(
        "an answer cell changes how the kernel runs or reports the tests ({names}); the score is "
        "nbgrader's, check the answers by hand"
    ),
}


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Within the block, :func:`text` answers in ``lang``."""
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def language() -> str:
    """The language :func:`text` answers in now."""
    return _LANGUAGE.get()


def text(key: str, /, **fields: object) -> str:
    """The sentence ``key`` in the current language, with its ``{fields}`` filled in."""
    return ui(_LANGUAGE.get()).gettext(TEXT.get(key) or REASONS[key]).format(**fields)


def english(key: str, /, **fields: object) -> str:
    """The reason or note ``key`` in English, as grading records it (see :func:`reason`)."""
    return REASONS[key].format(**fields)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character written out (``\\u001b``): a reason or a file name
    that quotes a trainee's notebook can then neither move a terminal's cursor, change its title
    or colours, nor reorder what a spreadsheet shows (bidirectional controls)."""
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


_FIELD = re.compile(r"\{([a-z_]+)\}")


@functools.cache
def _reason_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Per reason, a pattern that reads its English back (a field: any text, as short as fits)."""
    patterns = []
    for key, template in REASONS.items():
        parts = _FIELD.split(template)
        regex = "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
            for index, part in enumerate(parts)
        )
        patterns.append((key, re.compile(regex + r"(?=; |\Z)", re.DOTALL)))
    return tuple(patterns)


def reason(recorded: str) -> str:
    """A reason or note that grading recorded in English, in the current language.

    Grading writes its reasons in English (the grading state is the same in every language, and
    a cohort's language may change after grading); the report and the feedback translate them
    when they show them. A note may hold several repairs joined with ``"; "``. Words that come
    from nbgrader or Python inside a reason (a field) stay as they are, and so does any text no
    reason template reads (a state written by an older version).
    """
    if _LANGUAGE.get() == "en" or not recorded:
        return recorded
    shown = []
    position = 0
    while position < len(recorded):
        for key, pattern in _reason_patterns():
            match = pattern.match(recorded, position)
            if match:
                shown.append(text(key, **match.groupdict()))
                position = match.end() + 2  # past "; "
                break
        else:
            shown.append(recorded[position:])
            break
    return "; ".join(shown)


def status(recorded: str) -> str:
    """A notebook's status (``graded``, ``problem: <reason>`` ...) in the current language."""
    simple = {
        GRADED: "status.graded",
        NEEDS_MANUAL: "status.needs_manual",
        NOT_SUBMITTED: "status.not_submitted",
        NOT_GRADED_YET: "status.not_graded_yet",
    }
    if recorded in simple:
        return text(simple[recorded])
    if recorded.startswith(PROBLEM):
        return text("status.problem", problem=reason(recorded.removeprefix(PROBLEM)))
    if recorded.startswith(INCOMPLETE):
        return text("status.incomplete", notebooks=recorded.removeprefix(INCOMPLETE))
    return recorded
