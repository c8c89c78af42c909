"""``grades.csv`` and ``problems.csv``: UTF-8 with a byte-order mark, so Excel opens Cyrillic names.

Each file is written to a ``.part`` file first and moved into place, so a crash never leaves half
a table where the trainer expects a whole one.
"""

from __future__ import annotations

import csv
from pathlib import Path

from himoya.grading.labels import reason, text
from himoya.grading.results import Cohort

GRADES_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "role",
    "organisation",
    "district",
    "assignment",
    "notebook",
    "auto_score",
    "max_auto",
    "manual_score",
    "max_manual",
    "percent",
    "status",
    "note",
)
PROBLEMS_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "assignment",
    "notebook",
    "problem",
    "note",
    "what_to_do",
)


def advice_for(problem: str, note: str = "") -> str:
    """What a trainer should do about a line of ``problems.csv`` (``problem`` and ``note`` as
    grading recorded them, in English)."""
    lowered = problem.lower()
    if not problem and note:
        return text("advice.repaired")
    if any(word in lowered for word in ("empty", "json", "not a valid notebook", "utf-8")):
        return text("advice.damaged")
    if "did not finish in time" in lowered or "timeout" in lowered:
        return text("advice.timeout")
    if "kernel" in lowered or "memory" in lowered:
        return text("advice.kernel")
    return text("advice.other")


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _write_csv(path: Path, header: tuple[str, ...], rows) -> Path:
    """Write ``rows`` under ``header``: UTF-8 with BOM (Excel), fields quoted as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".csv.part")
    with partial.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)
    partial.replace(path)
    return path


def write_grades_csv(cohort: Cohort, path: Path) -> Path:
    """``grades.csv``: one row per trainee and assignment (per notebook for the knowledge check)."""
    rows = (
        [
            r.trainee.id,
            r.trainee.first_name,
            r.trainee.last_name,
            r.trainee.role,
            r.trainee.organisation,
            r.trainee.district,
            r.assignment,
            r.notebook,
            _num(r.auto_score),
            _num(r.max_auto),
            _num(r.manual_score),
            _num(r.max_manual),
            "" if r.percent is None else f"{r.percent:.1f}",
            r.status,
            r.note,
        ]
        for r in cohort.results
    )
    return _write_csv(path, GRADES_COLUMNS, rows)


def write_problems_csv(cohort: Cohort, path: Path) -> Path:
    """``problems.csv``: each notebook that could not be graded normally, and what to do."""
    names = {t.id: t for t in cohort.trainees}

    def row(problem: dict) -> list[str]:
        t = names.get(problem["trainee"])
        return [
            problem["trainee"],
            t.first_name if t else "",
            t.last_name if t else text("problems.not_on_roster"),
            problem["assignment"],
            problem["notebook"],
            reason(problem["problem"]),
            reason(problem["note"]),
            advice_for(problem["problem"], problem["note"]),
        ]

    return _write_csv(path, PROBLEMS_COLUMNS, (row(p) for p in cohort.problems))
