"""Read a cohort's results from its workspace.

Everything comes from the workspace: the roster, ``cohort.yml``, the files in ``submitted/``, the
grading state that ``cohort grade`` keeps (``.himoya/grading-state.json``), nbgrader's gradebook
(scores, including manual grades given in the formgrader) and the source notebooks (question texts
and assignment titles for the report).
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from collections.abc import Iterable

from himoya.grading.autograde import load_state, problems_table
from himoya.grading.results import (
    GRADED,
    INCOMPLETE,
    KNOWLEDGE_CHECK,
    NEEDS_MANUAL,
    NOT_GRADED_YET,
    NOT_SUBMITTED,
    PROBLEM,
    Cohort,
    CompletionRule,
    ItemScore,
    NotebookResult,
    TraineeSummary,
    summarise,
)
from himoya.grading.roster import Trainee, read_roster
from himoya.grading.workspace import CohortError, Workspace, gradebook
from himoya.roles import track_of


def _score(auto: float | None, manual: float | None, extra: float | None) -> float:
    base = manual if manual is not None else auto
    return base + (extra or 0.0) if base is not None else 0.0


def _read_gradebook(workspace: Workspace):
    """(assignment -> notebooks, (assignment, notebook) -> cells, (student, a, nb) -> grades)."""
    registered: dict[str, list[str]] = {}
    cells: dict[tuple[str, str], dict[str, tuple[str, float]]] = {}
    grades: dict[tuple[str, str, str], dict[str, tuple]] = {}
    with warnings.catch_warnings():
        # nbgrader 0.9 with SQLAlchemy 2 warns about its own session use; harmless here.
        warnings.simplefilter("ignore")
        with gradebook(workspace) as gb:
            for assignment in gb.assignments:
                registered[assignment.name] = sorted(n.name for n in assignment.notebooks)
                for notebook in assignment.notebooks:
                    cells[(assignment.name, notebook.name)] = {
                        c.name: (c.cell_type, float(c.max_score)) for c in notebook.grade_cells
                    }
                    for submitted in gb.notebook_submissions(notebook.name, assignment.name):
                        grades[(submitted.student.id, assignment.name, notebook.name)] = {
                            g.name: (
                                g.auto_score,
                                g.manual_score,
                                g.extra_credit,
                                bool(g.needs_manual_grade),
                            )
                            for g in submitted.grades
                        }
    return registered, cells, grades


def _notebook_result(
    workspace: Workspace,
    trainee: Trainee,
    assignment: str,
    notebook: str,
    cells: dict[str, tuple[str, float]],
    grades: dict[str, tuple] | None,
    state: dict,
) -> NotebookResult:
    max_auto = sum(points for kind, points in cells.values() if kind == "code")
    max_manual = sum(points for kind, points in cells.values() if kind == "markdown")
    blank = {
        "trainee": trainee,
        "assignment": assignment,
        "notebook": notebook,
        "max_auto": max_auto,
        "max_manual": max_manual,
    }
    path = workspace.submitted / trainee.id / assignment / f"{notebook}.ipynb"
    if not path.is_file():
        return NotebookResult(status=NOT_SUBMITTED, auto_score=None, manual_score=None, **blank)
    entry = state.get(f"{trainee.id}/{assignment}/{notebook}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if entry is None or entry.get("digest") != digest:
        return NotebookResult(status=NOT_GRADED_YET, auto_score=None, manual_score=None, **blank)
    note = entry.get("note", "") or ""
    if entry.get("problem"):
        return NotebookResult(
            status=PROBLEM + entry["problem"],
            auto_score=0.0,
            manual_score=None,
            note=note,
            **blank,
        )
    if grades is None:
        return NotebookResult(status=NOT_GRADED_YET, auto_score=None, manual_score=None, **blank)
    auto = 0.0
    manual = 0.0
    waiting = manual_waiting = False
    items = []
    for name, (kind, points) in cells.items():
        auto_score, manual_score, extra, needs = grades.get(name) or (None, None, None, True)
        pending = needs and manual_score is None
        score = _score(auto_score, manual_score, extra)
        waiting = waiting or pending
        if kind == "code":
            auto += score
            items.append(ItemScore(item=name, score=score, max_score=points))
        else:
            manual += score
            manual_waiting = manual_waiting or pending
    return NotebookResult(
        status=NEEDS_MANUAL if waiting else GRADED,
        auto_score=auto,
        manual_score=None if manual_waiting else manual,
        note=note,
        items=tuple(items),
        **blank,
    )


def _combine(parts: list[NotebookResult]) -> NotebookResult:
    """One result for a module assignment made of several notebooks."""
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    statuses = [p.status for p in parts]
    order = (NOT_SUBMITTED, NOT_GRADED_YET, NEEDS_MANUAL, GRADED)
    problem = next((s for s in statuses if s.startswith(PROBLEM)), "")
    status = problem or min(statuses, key=order.index)
    if status == NOT_SUBMITTED and any(s != NOT_SUBMITTED for s in statuses):
        status = INCOMPLETE + ", ".join(p.notebook for p in parts if p.status == NOT_SUBMITTED)
    autos = [p.auto_score for p in parts]
    manuals = [p.manual_score for p in parts]
    return NotebookResult(
        trainee=first.trainee,
        assignment=first.assignment,
        notebook="; ".join(p.notebook for p in parts),
        status=status,
        auto_score=None if all(a is None for a in autos) else sum(a or 0.0 for a in autos),
        max_auto=sum(p.max_auto for p in parts),
        manual_score=None if None in manuals else sum(m or 0.0 for m in manuals),
        max_manual=sum(p.max_manual for p in parts),
        note="; ".join(p.note for p in parts if p.note),
        items=tuple(i for p in parts for i in p.items),
    )


def _first_paragraph(markdown: str) -> str:
    lines = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        if not stripped:
            if lines:
                break
            continue
        lines.append(stripped.lstrip(">").strip())
    text = " ".join(lines)
    text = re.sub(r"[*_`]+", "", text).replace("\\", "")
    return text if len(text) <= 140 else text[:137].rsplit(" ", 1)[0] + " …"


def _read_sources(workspace: Workspace, assignments: Iterable[str]):
    """Question texts and assignment titles from the source notebooks."""
    questions: dict[tuple[str, str], str] = {}
    titles: dict[str, str] = {}
    for assignment in assignments:
        for path in sorted((workspace.source / assignment).glob("*.ipynb")):
            try:
                nb = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            for cell in nb.get("cells", []):
                source = cell.get("source", "")
                text = "".join(source) if isinstance(source, list) else source
                meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
                grade_id = meta.get("grade_id", "")
                if grade_id.endswith("-question"):
                    questions.setdefault(
                        (assignment, grade_id.removesuffix("-question")), _first_paragraph(text)
                    )
                if assignment not in titles and cell.get("cell_type") == "markdown":
                    heading = next(
                        (line[2:].strip() for line in text.splitlines() if line.startswith("# ")),
                        "",
                    )
                    if heading:
                        titles[assignment] = heading.removeprefix("Exercise ").strip()
    return questions, titles


def load_cohort(workspace: Workspace) -> Cohort:
    """Read every result of the cohort from its workspace."""
    trainees = read_roster(workspace.roster_file)
    rule = CompletionRule.from_settings(workspace.settings())
    registered, cells, grades = _read_gradebook(workspace)
    sources = set(workspace.assignments())
    released = [a for a in sorted(registered) if a in sources]
    if not released:
        raise CohortError(
            f"{workspace.root}: no assignment released yet (run `himoya cohort release`)"
        )
    modules = tuple(a for a in released if a != KNOWLEDGE_CHECK)
    has_kc = KNOWLEDGE_CHECK in released
    state = load_state(workspace).get("notebooks", {})

    def result(trainee: Trainee, assignment: str, notebook: str) -> NotebookResult:
        return _notebook_result(
            workspace,
            trainee,
            assignment,
            notebook,
            cells.get((assignment, notebook), {}),
            grades.get((trainee.id, assignment, notebook)),
            state,
        )

    rows: list[NotebookResult] = []
    summaries: list[TraineeSummary] = []
    for trainee in trainees:
        module_results = []
        for assignment in modules:
            combined = _combine([result(trainee, assignment, n) for n in registered[assignment]])
            module_results.append(combined)
            rows.append(combined)
        pre = post = None
        if has_kc:
            track = track_of(trainee.role)
            kc_notebooks = registered[KNOWLEDGE_CHECK]
            own = [n for n in (f"pre-{track}", f"post-{track}") if n in kc_notebooks]
            # Also any other track's notebook the trainee handed in by mistake.
            others = [
                n
                for n in kc_notebooks
                if n not in own
                and (workspace.submitted / trainee.id / KNOWLEDGE_CHECK / f"{n}.ipynb").is_file()
            ]
            for notebook in own + others:
                kc = result(trainee, KNOWLEDGE_CHECK, notebook)
                rows.append(kc)
                if notebook == f"pre-{track}":
                    pre = kc
                elif notebook == f"post-{track}":
                    post = kc
        summaries.append(summarise(trainee, tuple(module_results), pre, post, rule, has_kc))
    problems = tuple(problems_table(workspace))
    questions, titles = _read_sources(workspace, released)
    return Cohort(
        workspace=workspace,
        trainees=trainees,
        modules=modules,
        has_knowledge_check=has_kc,
        results=tuple(rows),
        summaries=tuple(summaries),
        rule=rule,
        problems=problems,
        questions=questions,
        titles=titles,
    )
