"""``himoya cohort report``: grades table, problem list, an offline cohort dashboard, certificates.

Everything is read from the workspace: the roster, ``cohort.yml``, the files in ``submitted/``,
the grading state that ``cohort grade`` keeps (``.himoya/grading-state.json``) and nbgrader's
gradebook (scores, including manual grades given in the formgrader). Written:

* ``reports/grades.csv``: one row per trainee and assignment (per notebook for the knowledge
  check). UTF-8 with a byte-order mark, so Excel opens the Cyrillic names correctly.
* ``reports/problems.csv``: every notebook that could not be graded normally, with what to do.
* ``reports/index.html``: one self-contained page (charts are inline PNG images) that opens
  offline on any laptop.
* ``certificates/<id>.pdf``: for each trainee who meets the completion rule in ``cohort.yml``.

How scores are counted (the same rules are explained in the report and in grading/README.md):

* *auto score*: points of the autograded test cells (a trainer's override in the formgrader wins);
* *manual score*: points of the reflection answers, blank until a trainer graded all of them;
* *percent*: points so far over the points graded so far: auto over max auto while reflections
  wait for a trainer, (auto + manual) over (max auto + max manual) once they are graded;
* a notebook that could not be graded (see ``problems.csv``) counts as 0 %.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import re
import statistics
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from himoya.grading.autograde import load_state, problems_table
from himoya.grading.roster import ROLES, Trainee, read_roster
from himoya.grading.workspace import CohortError, Workspace, gradebook, open_workspace

KNOWLEDGE_CHECK = "knowledge-check"
TRACK_OF_ROLE = {
    "police": "police",
    "social-worker": "social-worker",
    "caregiver": "caregiver",
    "supervisor": "supervisor",
}
"""Knowledge-check track of each role (each role has its own track)."""
ROLE_LABELS = {
    "police": "Police officer",
    "social-worker": "Social worker",
    "caregiver": "Caregiver",
    "supervisor": "Supervisor",
}

GRADED = "graded"
NEEDS_MANUAL = "needs manual grading"
NOT_SUBMITTED = "not submitted"
NOT_GRADED_YET = "not graded yet"
PROBLEM = "problem: "
"""Prefix of the status of a notebook that could not be graded; the reason follows."""

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
MIN_ITEM_ANSWERS = 5
"""Fewer answers than this to an item: no discrimination index is computed."""

_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemScore:
    """The score of one autograded test cell in one submitted notebook."""

    item: str
    """The test cell's grade id (``q3``, ``kc07``)."""
    score: float
    """Points given (a trainer's override wins)."""
    max_score: float
    """Points possible."""

    @property
    def correct(self) -> bool:
        return self.max_score > 0 and self.score >= self.max_score - 1e-9


@dataclass(frozen=True)
class NotebookResult:
    """One trainee's result on one notebook (or one whole module assignment)."""

    trainee: Trainee
    """The trainee (roster row)."""
    assignment: str
    """Assignment id, e.g. ``03-juvenile-justice``."""
    notebook: str
    """Notebook name without ``.ipynb`` (``; ``-separated if an assignment has several)."""
    status: str
    """``graded``, ``needs manual grading``, ``not submitted``, ``not graded yet`` or
    ``problem: <reason>``."""
    auto_score: float | None
    """Points on the autograded tests; None when not submitted or not graded yet."""
    max_auto: float
    """Points possible on the autograded tests."""
    manual_score: float | None
    """Points on the reflection answers; None until a trainer graded all of them."""
    max_manual: float
    """Points possible on the reflection answers."""
    note: str = ""
    """Something repaired before grading (e.g. a copied cell), graded anyway."""
    items: tuple[ItemScore, ...] = ()
    """Score per autograded test cell (empty unless graded)."""

    @property
    def percent(self) -> float | None:
        """Points so far over points graded so far, in percent (see the module docstring)."""
        if self.auto_score is None:
            return None
        total, maximum = self.auto_score, self.max_auto
        if self.manual_score is not None:
            total += self.manual_score
            maximum += self.max_manual
        return 100.0 * total / maximum if maximum else None

    @property
    def auto_percent(self) -> float | None:
        """Autograded points in percent (what the completion rule counts)."""
        if self.auto_score is None or not self.max_auto:
            return None
        return 100.0 * self.auto_score / self.max_auto

    @property
    def handed_in(self) -> bool:
        """Submitted and graded without a problem (manual grading may still be open)."""
        return self.status in (GRADED, NEEDS_MANUAL)

    @property
    def problem(self) -> str:
        return self.status.removeprefix(PROBLEM) if self.status.startswith(PROBLEM) else ""


@dataclass(frozen=True)
class TraineeSummary:
    """Everything the report says about one trainee."""

    trainee: Trainee
    """The trainee (roster row)."""
    modules: tuple[NotebookResult, ...]
    """One result per module assignment of the cohort, in assignment order."""
    pre: NotebookResult | None
    """Knowledge check before the workshop, on the trainee's own track (None if not released)."""
    post: NotebookResult | None
    """Knowledge check after the workshop, on the trainee's own track (None if not released)."""
    auto_percent: float | None
    """Autograded points over the module assignments, in percent (the completion rule's basis)."""
    certified: bool
    """Meets the completion rule in ``cohort.yml``."""
    why_not: str
    """Why no certificate (empty when certified)."""
    follow_up: tuple[str, ...]
    """Reasons to follow this trainee up (empty when none)."""

    @property
    def track(self) -> str:
        return TRACK_OF_ROLE.get(self.trainee.role, self.trainee.role)

    @property
    def gain(self) -> float | None:
        """Post-test minus pre-test percent on the own track, or None if either is missing."""
        if self.pre is None or self.post is None:
            return None
        if not (self.pre.handed_in and self.post.handed_in):
            return None
        if self.pre.percent is None or self.post.percent is None:
            return None
        return self.post.percent - self.pre.percent

    @property
    def completed(self) -> tuple[NotebookResult, ...]:
        return tuple(m for m in self.modules if m.handed_in)


@dataclass(frozen=True)
class CompletionRule:
    """The completion rule and follow-up threshold from ``cohort.yml``."""

    min_percent: float = 60.0
    """Least share of the autograded points over the module assignments, in percent."""
    require_all_assignments: bool = True
    """Every module assignment of the cohort must be handed in and graded."""
    follow_up_below_percent: float = 50.0
    """A module result below this (percent) puts the trainee on the follow-up list."""

    @classmethod
    def from_settings(cls, settings: dict) -> CompletionRule:
        completion = settings.get("completion") or {}
        try:
            return cls(
                min_percent=float(completion.get("min_percent", 60)),
                require_all_assignments=bool(completion.get("require_all_assignments", True)),
                follow_up_below_percent=float(settings.get("follow_up_below_percent", 50)),
            )
        except (TypeError, ValueError) as error:
            raise CohortError(
                f"cohort.yml: completion settings are not numbers ({error})"
            ) from None


@dataclass(frozen=True)
class Cohort:
    """All results of a cohort, read from its workspace."""

    workspace: Workspace
    """The workspace they were read from."""
    trainees: tuple[Trainee, ...]
    """The roster, in roster order."""
    modules: tuple[str, ...]
    """Module assignments released to this cohort (everything but the knowledge check)."""
    has_knowledge_check: bool
    """Whether the knowledge check was released."""
    results: tuple[NotebookResult, ...]
    """Rows of ``grades.csv``: per trainee, per module assignment, per knowledge-check notebook."""
    summaries: tuple[TraineeSummary, ...]
    """One per trainee, in roster order."""
    rule: CompletionRule
    """The completion rule used."""
    problems: tuple[dict, ...]
    """Rows of ``problems.csv`` (from the grading state)."""
    questions: dict[tuple[str, str], str] = field(default_factory=dict)
    """(assignment, grade id) -> the first sentence of the question, for the report."""
    titles: dict[str, str] = field(default_factory=dict)
    """Assignment id -> title from the source notebook (``03 · Juvenile justice: ...``)."""


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


# --- reading the workspace ----------------------------------------------------------------------


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
        status = "incomplete: " + ", ".join(p.notebook for p in parts if p.status == NOT_SUBMITTED)
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
            track = TRACK_OF_ROLE.get(trainee.role, trainee.role)
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
        summaries.append(_summarise(trainee, tuple(module_results), pre, post, rule, has_kc))
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


def _summarise(
    trainee: Trainee,
    modules: tuple[NotebookResult, ...],
    pre: NotebookResult | None,
    post: NotebookResult | None,
    rule: CompletionRule,
    has_kc: bool,
) -> TraineeSummary:
    done = [m for m in modules if m.handed_in]
    basis = list(modules) if rule.require_all_assignments else done
    possible = sum(m.max_auto for m in basis)
    auto_percent = (
        100.0 * sum(m.auto_score or 0.0 for m in done) / possible if possible and done else None
    )
    why_not = ""
    if not modules:
        why_not = "no module assignment was released to this cohort"
    elif not done:
        why_not = "no module assignment handed in and graded"
    elif rule.require_all_assignments and len(done) < len(modules):
        missing = [m.assignment for m in modules if not m.handed_in]
        why_not = "not handed in or not graded: " + ", ".join(missing)
    elif auto_percent is None or auto_percent < rule.min_percent - 1e-9:
        why_not = f"{_pct(auto_percent)} of the autograded points (needs {rule.min_percent:g}%)"
    follow = []
    for m in modules:
        if m.status == NOT_SUBMITTED or m.status.startswith("incomplete"):
            follow.append(f"{m.assignment}: not handed in")
        elif m.problem:
            follow.append(f"{m.assignment}: could not be graded ({m.problem})")
        elif m.percent is not None and m.percent < rule.follow_up_below_percent:
            follow.append(
                f"{m.assignment}: {_pct(m.percent)} (below {rule.follow_up_below_percent:g}%)"
            )
    if has_kc:
        for label, test in (("pre-test", pre), ("post-test", post)):
            if test is None or not test.handed_in:
                follow.append(f"knowledge check: {label} missing or not graded")
        both = [t.percent for t in (pre, post) if t is not None and t.handed_in]
        if len(both) == 2 and None not in both and both[1] - both[0] <= 0:
            follow.append(
                f"knowledge check: no gain ({_pct(both[0])} before, {_pct(both[1])} after)"
            )
    return TraineeSummary(
        trainee=trainee,
        modules=modules,
        pre=pre,
        post=post,
        auto_percent=auto_percent,
        certified=not why_not,
        why_not=why_not,
        follow_up=tuple(follow),
    )


# --- analysis ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionStat:
    """How the group did on one autograded question of a module assignment."""

    assignment: str
    """Assignment id."""
    item: str
    """Test cell grade id (``q3``)."""
    answered: int
    """Notebooks graded normally that contain the question."""
    correct: int
    """How many of them got full points on it."""
    text: str
    """The start of the question."""

    @property
    def share(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class ItemStat:
    """Item analysis of one knowledge-check item."""

    item: str
    """Item id (``kc07``): the same in the pre- and the post-test."""
    tracks: tuple[str, ...]
    """Tracks whose test contains the item."""
    text: str
    """The start of the question."""
    n_post: int
    """Graded post-tests with the item."""
    p_post: float | None
    """Difficulty p on the post-test: share of trainees who answered it right."""
    discrimination: float | None
    """Corrected point-biserial correlation on the post-test between this item (right/wrong) and
    the trainee's score on the other items of the same test; None with fewer than
    ``MIN_ITEM_ANSWERS`` answers or when everybody got the same."""
    n_pre: int
    """Graded pre-tests with the item."""
    p_pre: float | None
    """Difficulty p on the pre-test."""

    @property
    def change(self) -> float | None:
        if self.p_pre is None or self.p_post is None:
            return None
        return self.p_post - self.p_pre


def question_stats(cohort: Cohort) -> list[QuestionStat]:
    """Share correct per autograded question of the module assignments, lowest first."""
    counts: dict[tuple[str, str], list[int]] = {}
    for result in cohort.results:
        if result.assignment == KNOWLEDGE_CHECK or not result.handed_in:
            continue
        for item in result.items:
            entry = counts.setdefault((result.assignment, item.item), [0, 0])
            entry[0] += 1
            entry[1] += int(item.correct)
    stats = [
        QuestionStat(
            assignment=a,
            item=i,
            answered=n,
            correct=c,
            text=cohort.questions.get((a, i), ""),
        )
        for (a, i), (n, c) in counts.items()
    ]
    return sorted(stats, key=lambda s: (s.share, s.assignment, _natural(s.item)))


def _natural(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def point_biserial(item: list[int], rest: list[float]) -> float | None:
    """Pearson correlation of a right/wrong item with the rest score; None if undefined."""
    if len(item) < MIN_ITEM_ANSWERS or len(set(item)) < 2 or len(set(rest)) < 2:
        return None
    return statistics.correlation([float(x) for x in item], rest)


def item_stats(cohort: Cohort) -> list[ItemStat]:
    """Item analysis of the knowledge check (difficulty and discrimination), by item id."""
    post: dict[str, list[tuple[int, float]]] = {}
    pre: dict[str, list[int]] = {}
    tracks: dict[str, set[str]] = {}
    for result in cohort.results:
        if result.assignment != KNOWLEDGE_CHECK or not result.handed_in:
            continue
        phase, _, track = result.notebook.partition("-")
        total = sum(int(i.correct) for i in result.items)
        for item in result.items:
            tracks.setdefault(item.item, set()).add(track)
            if phase == "post":
                post.setdefault(item.item, []).append(
                    (int(item.correct), float(total - int(item.correct)))
                )
            elif phase == "pre":
                pre.setdefault(item.item, []).append(int(item.correct))
    stats = []
    for item in sorted(set(post) | set(pre), key=_natural):
        answers = post.get(item, [])
        before = pre.get(item, [])
        stats.append(
            ItemStat(
                item=item,
                tracks=tuple(sorted(tracks.get(item, ()))),
                text=cohort.questions.get((KNOWLEDGE_CHECK, item), ""),
                n_post=len(answers),
                p_post=sum(x for x, _ in answers) / len(answers) if answers else None,
                discrimination=point_biserial([x for x, _ in answers], [r for _, r in answers]),
                n_pre=len(before),
                p_pre=sum(before) / len(before) if before else None,
            )
        )
    return stats


def advice_for(problem: str, note: str = "") -> str:
    """What a trainer should do about a line of ``problems.csv``."""
    text = problem.lower()
    if not problem and note:
        return (
            "Graded anyway: the copy was ignored. Remind the trainee not to copy, split or "
            "delete cells."
        )
    if "empty" in text or "json" in text or "not a valid notebook" in text or "utf-8" in text:
        return (
            "The file is damaged or not a notebook. Ask the trainee for the file again (from the "
            "laptop they used), collect it with --replace, then grade again."
        )
    if "did not finish in time" in text or "timeout" in text:
        return (
            "A cell ran too long (often an endless loop). Open the notebook, ask the trainee to "
            "fix that cell, collect the new copy with --replace and grade again; or grade by hand."
        )
    if "kernel" in text or "memory" in text:
        return (
            "The notebook stopped Python (for example exit(), quit() or too much memory). Ask "
            "the trainee to remove that line, collect the new copy with --replace, grade again."
        )
    return (
        "Open the notebook in submitted/ and look. If the answers are there, give the points "
        "by hand in the formgrader; otherwise ask the trainee for a new copy."
    )


# --- writing ------------------------------------------------------------------------------------


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def write_grades_csv(cohort: Cohort, path: Path) -> Path:
    """``grades.csv``: UTF-8 with BOM (Excel), every field quoted as needed by the csv module."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".csv.part")
    with partial.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(GRADES_COLUMNS)
        for r in cohort.results:
            t = r.trainee
            percent = r.percent
            writer.writerow(
                [
                    t.id,
                    t.first_name,
                    t.last_name,
                    t.role,
                    t.organisation,
                    t.district,
                    r.assignment,
                    r.notebook,
                    _num(r.auto_score),
                    _num(r.max_auto),
                    _num(r.manual_score),
                    _num(r.max_manual),
                    "" if percent is None else f"{percent:.1f}",
                    r.status,
                    r.note,
                ]
            )
    partial.replace(path)
    return path


def write_problems_csv(cohort: Cohort, path: Path) -> Path:
    """``problems.csv``: each notebook that could not be graded normally, and what to do."""
    names = {t.id: t for t in cohort.trainees}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".csv.part")
    with partial.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(PROBLEMS_COLUMNS)
        for row in cohort.problems:
            t = names.get(row["trainee"])
            writer.writerow(
                [
                    row["trainee"],
                    t.first_name if t else "",
                    t.last_name if t else "(not on the roster)",
                    row["assignment"],
                    row["notebook"],
                    row["problem"],
                    row["note"],
                    advice_for(row["problem"], row["note"]),
                ]
            )
    partial.replace(path)
    return path


def report(
    *,
    directory: Path,
    certificates: bool = True,
    on_date: date | None = None,
    progress: bool = True,
) -> ReportResult:
    """Write ``reports/`` (grades.csv, problems.csv, index.html) and ``certificates/``."""
    from himoya.grading.certificates import write_certificates

    workspace = open_workspace(directory)
    cohort = load_cohort(workspace)
    settings = workspace.settings()
    reports = workspace.reports
    reports.mkdir(exist_ok=True)
    grades_csv = write_grades_csv(cohort, reports / "grades.csv")
    problems_csv = write_problems_csv(cohort, reports / "problems.csv")
    written: tuple[Path, ...] = ()
    if certificates:
        when = on_date or _settings_date(settings) or date.today()
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


def _settings_date(settings: dict) -> date | None:
    value = settings.get("certificate_date")
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CohortError(
            f"cohort.yml: certificate_date {value!r} is not a date like 2026-11-21"
        ) from None


# --- charts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A chart as an inline PNG and its alt text."""

    data_uri: str
    """``data:image/png;base64,...``."""
    alt: str
    """What the chart shows, in words."""

    def html(self) -> str:
        return (
            f'<figure><img src="{self.data_uri}" alt="{html.escape(self.alt)}">'
            f"<figcaption>{html.escape(self.alt)}</figcaption></figure>"
        )


def _figure(width: float, height: float):
    """A matplotlib figure on the Agg canvas: no pyplot, no global backend switch."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure, alt: str) -> Chart:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return Chart(data_uri=f"data:image/png;base64,{encoded}", alt=alt)


def chart_distributions(distributions: dict[str, list[float]]) -> Chart | None:
    """Histograms of percent scores, one panel per assignment."""
    panels = [(name, values) for name, values in distributions.items() if values]
    if not panels:
        return None
    columns = min(3, len(panels))
    rows = (len(panels) + columns - 1) // columns
    figure = _figure(3.6 * columns, 2.5 * rows)
    axes = figure.subplots(rows, columns, squeeze=False)
    bins = list(range(0, 101, 10))
    parts = []
    for index, (name, values) in enumerate(panels):
        ax = axes[index // columns][index % columns]
        clipped = [min(max(v, 0.0), 100.0) for v in values]
        ax.hist(clipped, bins=bins, color=_PALETTE[0], edgecolor="white")
        ax.set_title(name, fontsize=10)
        ax.set_xlim(0, 100)
        ax.set_xlabel("percent")
        ax.set_ylabel("trainees")
        ax.yaxis.get_major_locator().set_params(integer=True)
        parts.append(f"{name}: {len(values)} results, median {statistics.median(values):.0f}%")
    for index in range(len(panels), rows * columns):
        axes[index // columns][index % columns].set_visible(False)
    return _png(figure, "Histograms of scores in percent. " + "; ".join(parts) + ".")


def chart_questions(stats: list[QuestionStat], limit: int = 15) -> Chart | None:
    """Horizontal bars: share correct for the hardest questions."""
    shown = stats[:limit]
    if not shown:
        return None
    figure = _figure(8, 0.35 * len(shown) + 1.2)
    ax = figure.subplots()
    labels = [f"{s.assignment} {s.item}" for s in shown][::-1]
    values = [100 * s.share for s in shown][::-1]
    colours = [_PALETTE[4] if v < 50 else _PALETTE[0] for v in values]
    ax.barh(labels, values, color=colours)
    ax.set_xlim(0, 100)
    ax.set_xlabel("percent of trainees with full points")
    ax.axvline(50, color="#555555", linewidth=0.8, linestyle="--")
    alt = (
        f"Bar chart of the {len(shown)} hardest questions, lowest first: "
        + "; ".join(f"{s.assignment} {s.item} {100 * s.share:.0f}%" for s in shown)
        + "."
    )
    return _png(figure, alt)


def chart_roles(means: dict[str, dict[str, float]], assignments: list[str]) -> Chart | None:
    """Grouped bars: mean percent per assignment, one bar per role."""
    roles = [r for r in ROLES if means.get(r)]
    if not roles or not assignments:
        return None
    figure = _figure(max(6, 1.3 * len(assignments) + 2), 3.4)
    ax = figure.subplots()
    width = 0.8 / len(roles)
    for index, role in enumerate(roles):
        xs = [i + (index - (len(roles) - 1) / 2) * width for i in range(len(assignments))]
        ys = [means[role].get(a, 0.0) for a in assignments]
        ax.bar(xs, ys, width=width, label=ROLE_LABELS[role], color=_PALETTE[index % 6])
    ax.set_xticks(range(len(assignments)))
    ax.set_xticklabels(assignments, rotation=20, ha="right", fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_ylabel("mean percent")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    parts = [
        f"{ROLE_LABELS[r]}: "
        + ", ".join(f"{a} {means[r][a]:.0f}%" for a in assignments if a in means[r])
        for r in roles
    ]
    return _png(figure, "Mean percent per assignment by role. " + "; ".join(parts) + ".")


def chart_gains(rows: list[tuple[str, float, float]]) -> Chart | None:
    """Per trainee: knowledge-check percent before and after (a line from pre to post)."""
    if not rows:
        return None
    rows = sorted(rows, key=lambda r: r[2] - r[1])
    figure = _figure(8, 0.3 * len(rows) + 1.3)
    ax = figure.subplots()
    for y, (_, pre, post) in enumerate(rows):
        colour = _PALETTE[2] if post > pre else _PALETTE[4]
        ax.plot([pre, post], [y, y], color=colour, linewidth=2)
    ax.scatter([r[1] for r in rows], range(len(rows)), color="#777777", label="before", zorder=3)
    ax.scatter([r[2] for r in rows], range(len(rows)), color=_PALETTE[0], label="after", zorder=3)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r[0] for r in rows], fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("knowledge check, percent")
    ax.legend(fontsize=8, loc="lower right")
    gains = [post - pre for _, pre, post in rows]
    alt = (
        f"Knowledge check before and after the workshop for {len(rows)} trainees. Mean gain "
        f"{statistics.mean(gains):+.0f} percentage points; {sum(g <= 0 for g in gains)} with no "
        "gain. Each trainee's numbers are in the table above."
    )
    return _png(figure, alt)


def chart_items(stats: list[ItemStat]) -> Chart | None:
    """Per knowledge-check item: share correct before and after."""
    shown = [s for s in stats if s.p_post is not None or s.p_pre is not None]
    if not shown:
        return None
    figure = _figure(max(6, 0.32 * len(shown) + 1.5), 3.2)
    ax = figure.subplots()
    xs = range(len(shown))
    pre = [100 * s.p_pre if s.p_pre is not None else float("nan") for s in shown]
    post = [100 * s.p_post if s.p_post is not None else float("nan") for s in shown]
    ax.bar([x - 0.2 for x in xs], pre, width=0.4, color="#999999", label="before")
    ax.bar([x + 0.2 for x in xs], post, width=0.4, color=_PALETTE[0], label="after")
    ax.set_xticks(list(xs))
    ax.set_xticklabels([s.item for s in shown], rotation=90, fontsize=7)
    ax.set_ylim(0, 100)
    ax.set_ylabel("percent correct")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    alt = "Share correct per knowledge-check item, before and after: " + "; ".join(
        f"{s.item} {_pct(None if s.p_pre is None else 100 * s.p_pre) or 'n/a'} to "
        f"{_pct(None if s.p_post is None else 100 * s.p_post) or 'n/a'}"
        for s in shown
    )
    return _png(figure, alt + ".")


# --- HTML --------------------------------------------------------------------------------------

_CSS = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1a1a1a;
       line-height: 1.5; margin: 0; background: #fafafa; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; background: #fff; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem;
     border-bottom: 2px solid #0072B2; padding-bottom: .2rem; font-size: 1.35rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #c8c8c8; padding: .25rem .55rem; text-align: left;
         vertical-align: top; }
th { background: #eef3f8; } tbody tr:nth-child(even) { background: #f6f6f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.wrap { overflow-x: auto; } figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: .85rem; color: #444; max-width: 60rem; }
.low { color: #a33d00; font-weight: bold; } .ok { color: #006644; }
.box { background: #f1f6fb; border-left: 4px solid #0072B2; padding: .6rem 1rem; }
.stats { display: flex; flex-wrap: wrap; gap: .8rem; padding: 0; list-style: none; }
.stats li { background: #eef3f8; padding: .4rem .8rem; border-radius: 4px; }
nav ol { columns: 2; } small { color: #555; }
@media print { body { background: #fff; } main { max-width: none; } }
"""


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(
        f'<th scope="col"{" class=num" if i in numeric else ""}>{html.escape(h)}</th>'
        for i, h in enumerate(headers)
    )
    body = "\n".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if i in numeric else ''}>{cell}</td>" for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>\n{body}\n</tbody></table></div>"
    )


def _e(text: object) -> str:
    return html.escape(str(text))


def _name(t: Trainee) -> str:
    return _e(t.full_name)


def render_html(cohort: Cohort, *, certificates_written: bool = True) -> str:
    """The cohort dashboard: one offline HTML page."""
    rule = cohort.rule
    summaries = cohort.summaries
    modules = list(cohort.modules)
    by_assignment: dict[str, list[NotebookResult]] = {}
    for r in cohort.results:
        key = r.assignment
        if r.assignment == KNOWLEDGE_CHECK:
            key = f"knowledge check, {r.notebook.partition('-')[0]}-test"
        by_assignment.setdefault(key, []).append(r)
    needs_manual = sum(1 for r in cohort.results if r.status == NEEDS_MANUAL)
    pending = sum(1 for r in cohort.results if r.status == NOT_GRADED_YET)
    graded = sum(1 for r in cohort.results if r.handed_in)
    certified = [s for s in summaries if s.certified]
    follow = [s for s in summaries if s.follow_up]
    sections: list[str] = []

    # Summary per assignment.
    rows = []
    for key, results in by_assignment.items():
        percents = [r.percent for r in results if r.percent is not None]
        rows.append(
            [
                _e(key),
                _e(_title(cohort, key)),
                str(sum(1 for r in results if r.status != NOT_SUBMITTED)),
                str(sum(1 for r in results if r.handed_in)),
                str(sum(1 for r in results if r.status == NEEDS_MANUAL)),
                str(sum(1 for r in results if r.problem)),
                _pct(statistics.mean(percents)) if percents else "",
                _pct(statistics.median(percents)) if percents else "",
            ]
        )
    sections.append(
        '<h2 id="assignments">Assignments at a glance</h2>'
        + _table(
            [
                "assignment",
                "title",
                "handed in",
                "graded",
                "waiting for manual grading",
                "problems",
                "mean",
                "median",
            ],
            rows,
            {2, 3, 4, 5, 6, 7},
        )
    )

    distributions = {
        key: [r.percent for r in results if r.percent is not None]
        for key, results in by_assignment.items()
    }
    chart = chart_distributions(distributions)
    sections.append(
        '<h2 id="distribution">Score distribution per assignment</h2>'
        "<p>How many trainees reached each band of ten percent. A tall bar on the left means "
        "many trainees found the assignment hard.</p>" + (chart.html() if chart else _none())
    )

    # Question difficulty.
    stats = question_stats(cohort)
    chart = chart_questions(stats)
    rows = [
        [
            _e(s.assignment),
            _e(s.item),
            _e(s.text),
            str(s.answered),
            f'<span class="{"low" if s.share < 0.5 else "ok"}">{100 * s.share:.0f}%</span>',
        ]
        for s in stats
    ]
    sections.append(
        '<h2 id="questions">What the group did not understand</h2>'
        "<p>Share of trainees with full points on each autograded question of the module "
        "exercises, lowest first. Questions at the top are the ones to explain again. "
        "Notebooks that could not be graded are left out; the knowledge check has its own "
        "section below.</p>"
        + (chart.html() if chart else "")
        + (
            _table(
                ["assignment", "question", "question starts", "answers", "full points"],
                rows,
                {3, 4},
            )
            if rows
            else _none()
        )
    )

    # By role.
    role_means: dict[str, dict[str, float]] = {}
    role_rows = []
    for role in ROLES:
        people = [s for s in summaries if s.trainee.role == role]
        if not people:
            continue
        role_means[role] = {}
        cells = [_e(ROLE_LABELS[role]), str(len(people))]
        for index, assignment in enumerate(modules):
            values = [
                s.modules[index].percent for s in people if s.modules[index].percent is not None
            ]
            if values:
                role_means[role][assignment] = statistics.mean(values)
            cells.append(_pct(statistics.mean(values)) if values else "")
        gains = [s.gain for s in people if s.gain is not None]
        if cohort.has_knowledge_check:
            cells.append(f"{statistics.mean(gains):+.0f}" if gains else "")
        cells.append(str(sum(1 for s in people if s.certified)))
        role_rows.append(cells)
    headers = ["role", "trainees", *modules]
    if cohort.has_knowledge_check:
        headers.append("knowledge check: mean gain (points)")
    headers.append("certificates")
    chart = chart_roles(role_means, modules)
    sections.append(
        '<h2 id="roles">Results by role</h2>'
        "<p>Mean percent per module exercise for each role. A supervisor takes the social "
        "worker's knowledge check.</p>"
        + _table(headers, role_rows, set(range(1, len(headers))))
        + (chart.html() if chart else "")
    )

    # Knowledge check.
    if cohort.has_knowledge_check:
        sections.append(_knowledge_check_section(cohort))

    # Follow-up.
    rows = [
        [
            _e(s.trainee.id),
            _name(s.trainee),
            _e(ROLE_LABELS.get(s.trainee.role, s.trainee.role)),
            "<br>".join(_e(reason) for reason in s.follow_up),
        ]
        for s in follow
    ]
    sections.append(
        '<h2 id="follow-up">Trainees to follow up</h2>'
        f"<p>A trainee is listed when a module exercise is below "
        f"{rule.follow_up_below_percent:g}%, an exercise is missing or could not be graded, or "
        "the knowledge check shows no gain (or a test is missing). Talk with each of them: "
        "the reason may be the language, the laptop or the day, not the person.</p>"
        + (_table(["id", "name", "role", "reasons"], rows) if rows else _none("Nobody."))
    )

    # Problems.
    names = {t.id: t for t in cohort.trainees}
    rows = [
        [
            _e(p["trainee"]),
            _e(names[p["trainee"]].full_name) if p["trainee"] in names else "",
            _e(f"{p['assignment']}/{p['notebook']}"),
            _e(p["problem"] or "graded, with a repair"),
            _e(p["note"]),
            _e(advice_for(p["problem"], p["note"])),
        ]
        for p in cohort.problems
    ]
    sections.append(
        '<h2 id="problems">Problem submissions</h2>'
        "<p>Notebooks that could not be graded (they count as 0 until fixed) or that were "
        "repaired before grading. The same list is in <code>problems.csv</code>.</p>"
        + (
            _table(["id", "name", "notebook", "problem", "repair", "what to do"], rows)
            if rows
            else _none("No problems.")
        )
    )

    # Certificates.
    rows = [
        [
            _e(s.trainee.id),
            _name(s.trainee),
            _pct(s.auto_percent),
            "yes" if s.certified else "no",
            _e(s.why_not),
        ]
        for s in summaries
    ]
    rule_text = (
        f"every module exercise handed in and graded, and at least {rule.min_percent:g}% of "
        "their autograded points"
        if rule.require_all_assignments
        else f"at least {rule.min_percent:g}% of the autograded points of the module exercises"
    )
    where = (
        "The PDF files are in the <code>certificates/</code> folder."
        if certificates_written
        else "Certificates were not written in this run."
    )
    sections.append(
        '<h2 id="certificates">Certificates</h2>'
        f"<p>Completion rule (from <code>cohort.yml</code>): {rule_text}. "
        f"{len(certified)} of {len(summaries)} trainees meet it. {where}</p>"
        + _table(["id", "name", "autograded points", "certificate", "why not"], rows, {2})
    )

    generated = datetime.now().strftime("%Y-%m-%d %H:%M")
    overview = (
        '<ul class="stats">'
        f"<li>{len(summaries)} trainees</li>"
        f"<li>{graded} notebooks graded</li>"
        f"<li>{needs_manual} waiting for manual grading</li>"
        f"<li>{pending} not graded yet</li>"
        f"<li>{len(cohort.problems)} problem notebooks</li>"
        f"<li>{len(follow)} to follow up</li>"
        f"<li>{len(certified)} certificates</li>"
        "</ul>"
    )
    how_to_read = f"""
<section class="box" aria-labelledby="how-to-read">
<h2 id="how-to-read">How to read this report</h2>
<p>This page shows how the group did in the exercises. It is for the trainer, not for trainees:
it contains names and scores (personal data). Keep it on the trainer's laptop.</p>
<ul>
<li><b>Percent</b> is the points a trainee has so far, over the points graded so far. The
reflection answers count only after you graded them in the formgrader; until then the percent
covers the automatic questions only, and the status says "needs manual grading".</li>
<li><b>What the group did not understand</b> lists the questions that the fewest trainees got
right. Start the next session with the first few.</li>
<li>The <b>knowledge check</b> is the same test before and after the workshop. The <b>gain</b> is
the percent after minus the percent before, in percentage points. A gain of zero or less is
worth a conversation, not a judgement.</li>
<li><b>Item analysis</b>: the difficulty <i>p</i> is the share of trainees who answered an item
right (0.9 = easy, 0.3 = hard). The discrimination is the correlation between getting this item
right and the score on the other items (point-biserial, corrected). Below 0.2, the item does not
separate trainees who know the material from those who do not: check its wording and its key.
With few trainees these numbers move a lot; read them as hints.</li>
<li>A trainee appears under <b>follow-up</b> when a module result is below
{rule.follow_up_below_percent:g}%, an exercise is missing, or the knowledge check shows no
gain.</li>
<li>All counts come from the gradebook at the time shown above. Run
<code>himoya cohort report</code> again after grading by hand.</li>
</ul>
</section>"""
    toc = (
        '<nav aria-label="Contents"><ol>'
        '<li><a href="#assignments">Assignments at a glance</a></li>'
        '<li><a href="#distribution">Score distribution</a></li>'
        '<li><a href="#questions">What the group did not understand</a></li>'
        '<li><a href="#roles">Results by role</a></li>'
        + (
            '<li><a href="#knowledge-check">Knowledge check: gain and item analysis</a></li>'
            if cohort.has_knowledge_check
            else ""
        )
        + '<li><a href="#follow-up">Trainees to follow up</a></li>'
        '<li><a href="#problems">Problem submissions</a></li>'
        '<li><a href="#certificates">Certificates</a></li>'
        "</ol></nav>"
    )
    title = f"Himoya cohort report: {cohort.workspace.root.name}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<h1>{_e(title)}</h1>
<p><small>Made by <code>himoya cohort report</code> on {generated}. Contains personal data: do not
share or publish.</small></p>
{overview}
{how_to_read}
{toc}
{"".join(sections)}
</main>
</body>
</html>
"""


def _title(cohort: Cohort, key: str) -> str:
    if key.startswith("knowledge check"):
        when = "before" if key.endswith("pre-test") else "after"
        return f"All tracks, {when} the workshop"
    return cohort.titles.get(key, "")


def _none(text: str = "Nothing to show yet.") -> str:
    return f"<p><i>{_e(text)}</i></p>"


def _knowledge_check_section(cohort: Cohort) -> str:
    summaries = cohort.summaries
    rows = []
    chart_rows = []
    for s in summaries:
        gain = s.gain
        pre = s.pre.percent if s.pre and s.pre.handed_in else None
        post = s.post.percent if s.post and s.post.handed_in else None
        status = []
        for label, test in (("before", s.pre), ("after", s.post)):
            if test is None or not test.handed_in:
                status.append(f"{label}: {test.status if test else NOT_SUBMITTED}")
        rows.append(
            [
                _e(s.trainee.id),
                _name(s.trainee),
                _e(s.track),
                _pct(pre),
                _pct(post),
                (
                    f'<span class="{"low" if gain <= 0 else "ok"}">{gain:+.0f}</span>'
                    if gain is not None
                    else ""
                ),
                _e("; ".join(status)),
            ]
        )
        if gain is not None and pre is not None and post is not None:
            chart_rows.append((f"{s.trainee.full_name} ({s.trainee.id})", pre, post))
    gains = [s.gain for s in summaries if s.gain is not None]
    summary = (
        f"<p>{len(gains)} trainees took both tests. Mean gain "
        f"{statistics.mean(gains):+.1f} percentage points; median {statistics.median(gains):+.1f}; "
        f"{sum(g <= 0 for g in gains)} with no gain.</p>"
        if gains
        else _none("Nobody has both a graded pre-test and a graded post-test yet.")
    )
    chart = chart_gains(chart_rows)
    items = item_stats(cohort)
    item_rows = []
    for s in items:
        flag = []
        if s.p_post is not None and s.p_post < 0.3:
            flag.append("hard")
        if s.p_post is not None and s.p_post > 0.9:
            flag.append("easy")
        if s.discrimination is not None and s.discrimination < 0.2:
            flag.append("check wording and key")
        item_rows.append(
            [
                _e(s.item),
                _e(", ".join(s.tracks)),
                _e(s.text),
                str(s.n_pre),
                "" if s.p_pre is None else f"{s.p_pre:.2f}",
                str(s.n_post),
                "" if s.p_post is None else f"{s.p_post:.2f}",
                "" if s.change is None else f"{s.change:+.2f}",
                "" if s.discrimination is None else f"{s.discrimination:.2f}",
                _e(", ".join(flag)),
            ]
        )
    item_chart = chart_items(items)
    return (
        '<h2 id="knowledge-check">Knowledge check: gain and item analysis</h2>'
        "<p>Each trainee takes the test of their own track before the workshop (pre-test) and "
        "after it (post-test): the same items in another order. Gain = after minus before, in "
        "percentage points.</p>"
        + summary
        + _table(["id", "name", "track", "before", "after", "gain", "missing"], rows, {3, 4, 5})
        + (chart.html() if chart else "")
        + "<h3>Item analysis</h3>"
        "<p><i>p</i> is the difficulty: the share of trainees who answered the item right, on "
        "the pre-test and on the post-test. <i>Change</i> is post minus pre. The "
        "<i>discrimination</i> is the corrected point-biserial correlation on the post-test: the "
        "Pearson correlation between the item (right = 1, wrong = 0) and the trainee's score on "
        "the other items of the same test. It needs at least "
        f"{MIN_ITEM_ANSWERS} answers and is blank when everybody answered alike.</p>"
        + (
            _table(
                [
                    "item",
                    "tracks",
                    "question starts",
                    "pre n",
                    "pre p",
                    "post n",
                    "post p",
                    "change",
                    "discrimination",
                    "flag",
                ],
                item_rows,
                {3, 4, 5, 6, 7, 8},
            )
            if item_rows
            else _none()
        )
        + (item_chart.html() if item_chart else "")
    )
