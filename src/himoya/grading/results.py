"""The results of a cohort: what each trainee scored, and the completion rule.

How scores are counted (the same rules are explained in the report and in grading/README.md):

* *auto score*: points of the autograded test cells (a trainer's override in the formgrader wins);
* *manual score*: points of the reflection answers, blank until a trainer graded all of them;
* *percent*: points so far over the points graded so far: auto over max auto while reflections
  wait for a trainer, (auto + manual) over (max auto + max manual) once they are graded;
* a notebook that could not be graded (see ``problems.csv``) counts as 0 %.

The sentences that explain a result to the trainer (why no certificate, why follow up) come from
:data:`himoya.grading.labels.TEXT`, the one place their words live.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from himoya.grading.labels import (  # the statuses, recorded in English (see labels.status)
    GRADED,
    INCOMPLETE,
    NEEDS_MANUAL,
    NOT_SUBMITTED,
    PROBLEM,
    reason,
    text,
)
from himoya.grading.labels import (
    NOT_GRADED_YET as NOT_GRADED_YET,  # re-exported (report, load_results)
)
from himoya.grading.roster import Trainee
from himoya.grading.workspace import CohortError, Workspace
from himoya.roles import track_of

KNOWLEDGE_CHECK = "knowledge-check"


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
        return track_of(self.trainee.role)

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


def summarise(
    trainee: Trainee,
    modules: tuple[NotebookResult, ...],
    pre: NotebookResult | None,
    post: NotebookResult | None,
    rule: CompletionRule,
    has_kc: bool,
) -> TraineeSummary:
    """One trainee's summary: the completion rule applied, and the reasons to follow up."""
    done = [m for m in modules if m.handed_in]
    basis = list(modules) if rule.require_all_assignments else done
    possible = sum(m.max_auto for m in basis)
    auto_percent = (
        100.0 * sum(m.auto_score or 0.0 for m in done) / possible if possible and done else None
    )
    why_not = ""
    if not modules:
        why_not = text("why_not.nothing_released")
    elif not done:
        why_not = text("why_not.nothing_done")
    elif rule.require_all_assignments and len(done) < len(modules):
        missing = [m.assignment for m in modules if not m.handed_in]
        why_not = text("why_not.missing", assignments=", ".join(missing))
    elif auto_percent is None or auto_percent < rule.min_percent - 1e-9:
        why_not = text("why_not.below", percent=percent_text(auto_percent), needed=rule.min_percent)
    follow = []
    for m in modules:
        if m.status == NOT_SUBMITTED or m.status.startswith(INCOMPLETE):
            follow.append(text("follow_up.not_handed_in", assignment=m.assignment))
        elif m.problem:
            follow.append(
                text("follow_up.problem", assignment=m.assignment, problem=reason(m.problem))
            )
        elif m.percent is not None and m.percent < rule.follow_up_below_percent:
            follow.append(
                text(
                    "follow_up.low",
                    assignment=m.assignment,
                    percent=percent_text(m.percent),
                    threshold=rule.follow_up_below_percent,
                )
            )
    if has_kc:
        for key, test in (("test.pre", pre), ("test.post", post)):
            if test is None or not test.handed_in:
                follow.append(text("follow_up.test_missing", test=text(key)))
        both = [t.percent for t in (pre, post) if t is not None and t.handed_in]
        if len(both) == 2 and None not in both and both[1] - both[0] <= 0:
            follow.append(
                text(
                    "follow_up.no_gain",
                    before=percent_text(both[0]),
                    after=percent_text(both[1]),
                )
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


def percent_text(value: float | None) -> str:
    """``62%`` (blank for None): how a percent is shown to the trainer."""
    return "" if value is None else f"{value:.0f}%"
