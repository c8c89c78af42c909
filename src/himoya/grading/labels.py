"""Every sentence the grading steps write for a trainer that is built in Python, in one mapping.

The cohort report's page words live in its template (``templates/grading/report.html.j2``); what
must be made in Python (a reason in ``grades.csv``, the advice in ``problems.csv``, why a trainee
gets no certificate) is looked up here by key and filled with :meth:`str.format` fields. A
translation of the trainer's pages replaces these values, never the code that uses them.
"""

from __future__ import annotations

TEXT: dict[str, str] = {
    # Why a trainee gets no certificate (report, "Certificates" table).
    "why_not.nothing_released": "no module assignment was released to this cohort",
    "why_not.nothing_done": "no module assignment handed in and graded",
    "why_not.missing": "not handed in or not graded: {assignments}",
    "why_not.below": "{percent} of the autograded points (needs {needed:g}%)",
    # Why a trainee is on the follow-up list.
    "follow_up.not_handed_in": "{assignment}: not handed in",
    "follow_up.problem": "{assignment}: could not be graded ({problem})",
    "follow_up.low": "{assignment}: {percent} (below {threshold:g}%)",
    "follow_up.test_missing": "knowledge check: {test} missing or not graded",
    "follow_up.no_gain": "knowledge check: no gain ({before} before, {after} after)",
    "knowledge_check.test": "knowledge check, {test}",
    "test.pre": "pre-test",
    "test.post": "post-test",
    # What to do about a line of problems.csv.
    "advice.repaired": (
        "Graded anyway: the copy was ignored. Remind the trainee not to copy, split or delete "
        "cells."
    ),
    "advice.damaged": (
        "The file is damaged or not a notebook. Ask the trainee for the file again (from the "
        "laptop they used), collect it with --replace, then grade again."
    ),
    "advice.timeout": (
        "A cell ran too long (often an endless loop). Open the notebook, ask the trainee to fix "
        "that cell, collect the new copy with --replace and grade again; or grade by hand."
    ),
    "advice.kernel": (
        "The notebook stopped Python (for example exit(), quit() or too much memory). Ask the "
        "trainee to remove that line, collect the new copy with --replace, grade again."
    ),
    "advice.other": (
        "Open the notebook in submitted/ and look. If the answers are there, give the points by "
        "hand in the formgrader; otherwise ask the trainee for a new copy."
    ),
    "problem.repaired": "graded, with a repair",
    # Charts: axis labels, legends and the alt text that says what each chart shows.
    "chart.axis.percent": "percent",
    "chart.axis.trainees": "trainees",
    "chart.axis.full_points": "percent of trainees with full points",
    "chart.axis.mean_percent": "mean percent",
    "chart.axis.knowledge_check": "knowledge check, percent",
    "chart.axis.percent_correct": "percent correct",
    "chart.before": "before",
    "chart.after": "after",
    "chart.not_available": "n/a",
    "chart.distribution.part": "{name}: {count} results, median {median:.0f}%",
    "chart.distribution.alt": "Histograms of scores in percent. {parts}.",
    "chart.questions.alt": "Bar chart of the {count} hardest questions, lowest first: {parts}.",
    "chart.roles.alt": "Mean percent per assignment by role. {parts}.",
    "chart.gains.alt": (
        "Knowledge check before and after the workshop for {count} trainees. Mean gain "
        "{mean:+.0f} percentage points; {no_gain} with no gain. Each trainee's numbers are in "
        "the table above."
    ),
    "chart.items.part": "{item} {before} to {after}",
    "chart.items.alt": "Share correct per knowledge-check item, before and after: {parts}.",
    "problems.not_on_roster": "(not on the roster)",
}


def text(key: str, /, **fields: object) -> str:
    """The sentence ``key`` with its ``{fields}`` filled in."""
    return TEXT[key].format(**fields)
