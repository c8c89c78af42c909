"""``himoya cohort report``: grades table, problem list, an offline cohort dashboard, certificates.

Written into the workspace:

* ``reports/grades.csv``: one row per trainee and assignment (per notebook for the knowledge
  check). UTF-8 with a byte-order mark, so Excel opens the Cyrillic names correctly.
* ``reports/problems.csv``: every notebook that could not be graded normally, with what to do.
* ``reports/index.html``: one self-contained page (charts are inline PNG images) that opens
  offline on any laptop.
* ``certificates/<id>.pdf``: for each trainee who meets the completion rule in ``cohort.yml``.

This module only puts the steps together. The results are read by
:mod:`himoya.grading.load_results`, counted by :mod:`himoya.grading.stats`, drawn by
:mod:`himoya.grading.charts` and written by :mod:`himoya.grading.tables` (CSV), the template
``templates/grading/report.html.j2`` (the page) and :mod:`himoya.grading.certificates`.

Everything a trainer reads (the page, the charts' labels, and the reasons, repairs and advice of
``problems.csv``) is in the cohort's language (``cohort.yml``), from the ``ui`` catalog; grading
records its reasons in English and :func:`himoya.grading.labels.reason` shows them. The CSV
column names and ``grades.csv``'s ``status`` values stay in English in every language (what a
spreadsheet or a script filters on; grading/README.md says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from himoya.grading.certificates import write_certificates
from himoya.grading.charts import (
    chart_distributions,
    chart_gains,
    chart_items,
    chart_questions,
    chart_roles,
)
from himoya.grading.labels import in_language, language, reason, status
from himoya.grading.load_results import load_cohort
from himoya.grading.results import (
    NEEDS_MANUAL,
    NOT_GRADED_YET,
    NOT_SUBMITTED,
    Cohort,
    percent_text,
)
from himoya.grading.settings import certificate_date
from himoya.grading.stats import (
    MIN_ITEM_ANSWERS,
    assignment_summaries,
    gain_summary,
    item_stats,
    question_stats,
    role_summaries,
)
from himoya.grading.tables import advice_for, write_grades_csv, write_problems_csv
from himoya.grading.workspace import open_workspace
from himoya.roles import role_label
from himoya.templating import render


@dataclass(frozen=True)
class ReportResult:
    """What one ``report`` run wrote."""

    grades_csv: Path
    """``reports/grades.csv``."""
    problems_csv: Path
    """``reports/problems.csv``."""
    index_html: Path
    """``reports/index.html``."""
    certificates: tuple[Path, ...]
    """Certificates written in this run."""
    follow_up: int
    """Trainees on the follow-up list."""
    problems: int
    """Notebooks listed in ``problems.csv``."""
    needs_manual: int
    """Notebooks whose reflections still wait for a trainer."""


def report(
    *,
    directory: Path,
    certificates: bool = True,
    on_date: date | None = None,
    progress: bool = True,
) -> ReportResult:
    """Write ``reports/`` (grades.csv, problems.csv, index.html) and ``certificates/``."""
    workspace = open_workspace(directory)
    with in_language(workspace.language()):
        return _report(workspace, certificates=certificates, on_date=on_date, progress=progress)


def _report(workspace, *, certificates: bool, on_date: date | None, progress: bool) -> ReportResult:
    cohort = load_cohort(workspace)
    settings = workspace.settings()
    reports = workspace.reports
    reports.mkdir(exist_ok=True)
    grades_csv = write_grades_csv(cohort, reports / "grades.csv")
    problems_csv = write_problems_csv(cohort, reports / "problems.csv")
    written: tuple[Path, ...] = ()
    if certificates:
        when = on_date or certificate_date(settings) or date.today()
        written = tuple(
            write_certificates(
                workspace=workspace,
                summaries=[s for s in cohort.summaries if s.certified],
                not_certified=[s.trainee.id for s in cohort.summaries if not s.certified],
                titles=cohort.titles,
                on_date=when,
                course_title=str(settings.get("course_title") or "") or None,
                workshop=str(settings.get("workshop") or ""),
                progress=progress,
            )
        )
    index = reports / "index.html"
    partial = index.with_suffix(".html.part")
    partial.write_text(render_html(cohort, certificates_written=certificates), encoding="utf-8")
    partial.replace(index)
    return ReportResult(
        grades_csv=grades_csv,
        problems_csv=problems_csv,
        index_html=index,
        certificates=written,
        follow_up=sum(1 for s in cohort.summaries if s.follow_up),
        problems=len(cohort.problems),
        needs_manual=sum(1 for r in cohort.results if r.status == NEEDS_MANUAL),
    )


def render_html(
    cohort: Cohort, *, certificates_written: bool = True, generated: datetime | None = None
) -> str:
    """The cohort dashboard: one offline HTML page (``templates/grading/report.html.j2``), in the
    language of :func:`himoya.grading.labels.language` (see ``labels.in_language``)."""
    return render(
        "grading/report.html.j2",
        lang=language(),
        **report_context(
            cohort,
            certificates_written=certificates_written,
            generated=generated or datetime.now(),
        ),
    )


def _num(value: float | None, spec: str = ".0f") -> str:
    return "" if value is None else format(value, spec)


def report_context(cohort: Cohort, *, certificates_written: bool, generated: datetime) -> dict:
    """Everything the report template shows, as plain values (text is escaped by the template)."""
    summaries = cohort.summaries
    names = {t.id: t.full_name for t in cohort.trainees}
    assignments = [
        {
            "key": a.key,
            "title": cohort.titles.get(a.key, ""),
            "phase": a.phase,
            "submitted": a.submitted,
            "graded": a.graded,
            "waiting": a.waiting,
            "problems": a.problems,
            "mean": percent_text(a.mean),
            "median": percent_text(a.median),
        }
        for a in assignment_summaries(cohort)
    ]
    distributions = {a.key: list(a.percents) for a in assignment_summaries(cohort)}
    questions = question_stats(cohort)
    roles = role_summaries(cohort)
    modules = list(cohort.modules)
    lang = language()
    return {
        "title": cohort.workspace.root.name,
        "generated": generated.strftime("%Y-%m-%d %H:%M"),
        "counts": {
            "trainees": len(summaries),
            "graded": sum(1 for r in cohort.results if r.handed_in),
            "waiting": sum(1 for r in cohort.results if r.status == NEEDS_MANUAL),
            "pending": sum(1 for r in cohort.results if r.status == NOT_GRADED_YET),
            "problems": len(cohort.problems),
            "follow_up": sum(1 for s in summaries if s.follow_up),
            "certified": sum(1 for s in summaries if s.certified),
        },
        "rule": {
            "min_percent": f"{cohort.rule.min_percent:g}",
            "follow_up_below": f"{cohort.rule.follow_up_below_percent:g}",
            "require_all": cohort.rule.require_all_assignments,
        },
        "has_knowledge_check": cohort.has_knowledge_check,
        "assignments": assignments,
        "distribution_chart": chart_distributions(distributions),
        "questions": [
            {
                "assignment": s.assignment,
                "item": s.item,
                "text": s.text,
                "answered": s.answered,
                "share": f"{100 * s.share:.0f}%",
                "low": s.share < 0.5,
            }
            for s in questions
        ],
        "questions_chart": chart_questions(questions),
        "modules": modules,
        "roles": [
            {
                "label": role_label(r.role, lang),
                "trainees": r.trainees,
                "means": [percent_text(r.means.get(a)) for a in modules],
                "gain": _num(r.mean_gain, "+.0f"),
                "certified": r.certified,
            }
            for r in roles
        ],
        "roles_chart": chart_roles({r.role: r.means for r in roles}, modules),
        "knowledge_check": _knowledge_check(cohort) if cohort.has_knowledge_check else None,
        "follow_up": [
            {
                "id": s.trainee.id,
                "name": s.trainee.full_name,
                "role": role_label(s.trainee.role, lang),
                "reasons": s.follow_up,
            }
            for s in summaries
            if s.follow_up
        ],
        "problems": [
            {
                "id": p["trainee"],
                "name": names.get(p["trainee"], ""),
                "notebook": f"{p['assignment']}/{p['notebook']}",
                "problem": reason(p["problem"]),
                "note": reason(p["note"]),
                "advice": advice_for(p["problem"], p["note"]),
            }
            for p in cohort.problems
        ],
        "certificates": [
            {
                "id": s.trainee.id,
                "name": s.trainee.full_name,
                "percent": percent_text(s.auto_percent),
                "certified": s.certified,
                "why_not": s.why_not,
            }
            for s in summaries
        ],
        "certificates_written": certificates_written,
    }


def _knowledge_check(cohort: Cohort) -> dict:
    rows = []
    chart_rows = []
    for s in cohort.summaries:
        pre = s.pre.percent if s.pre and s.pre.handed_in else None
        post = s.post.percent if s.post and s.post.handed_in else None
        missing = [
            {"test": test, "status": status(result.status if result else NOT_SUBMITTED)}
            for test, result in (("pre", s.pre), ("post", s.post))
            if result is None or not result.handed_in
        ]
        rows.append(
            {
                "id": s.trainee.id,
                "name": s.trainee.full_name,
                "track": s.track,
                "before": percent_text(pre),
                "after": percent_text(post),
                "gain": _num(s.gain, "+.0f"),
                "low": s.gain is not None and s.gain <= 0,
                "missing": missing,
            }
        )
        if s.gain is not None and pre is not None and post is not None:
            chart_rows.append((f"{s.trainee.full_name} ({s.trainee.id})", pre, post))
    gains = gain_summary(cohort)
    items = item_stats(cohort)
    return {
        "gains": None
        if gains is None
        else {
            "count": gains.count,
            "mean": f"{gains.mean:+.1f}",
            "median": f"{gains.median:+.1f}",
            "no_gain": gains.no_gain,
        },
        "rows": rows,
        "chart": chart_gains(chart_rows),
        "min_answers": MIN_ITEM_ANSWERS,
        "item_rows": [
            {
                "item": s.item,
                "tracks": ", ".join(s.tracks),
                "text": s.text,
                "n_pre": s.n_pre,
                "p_pre": _num(s.p_pre, ".2f"),
                "n_post": s.n_post,
                "p_post": _num(s.p_post, ".2f"),
                "change": _num(s.change, "+.2f"),
                "discrimination": _num(s.discrimination, ".2f"),
                "hard": s.p_post is not None and s.p_post < 0.3,
                "easy": s.p_post is not None and s.p_post > 0.9,
                "check": s.discrimination is not None and s.discrimination < 0.2,
            }
            for s in items
        ],
        "item_chart": chart_items(items),
    }
