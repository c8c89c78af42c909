"""The cohort report's statistics: question difficulty, item analysis, summaries by group.

Pure functions of a :class:`~himoya.grading.results.Cohort`: nothing is read from disk here.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from himoya.grading.labels import text
from himoya.grading.results import KNOWLEDGE_CHECK, NEEDS_MANUAL, NOT_SUBMITTED, Cohort
from himoya.roles import ROLES

MIN_ITEM_ANSWERS = 5
"""Fewer answers than this to an item: no discrimination index is computed."""


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


# --- summaries by group ---------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentSummary:
    """How one assignment (or one knowledge-check test) went for the whole group."""

    key: str
    """Assignment id, or ``knowledge check, pre-test`` / ``knowledge check, post-test``."""
    phase: str
    """``pre`` or ``post`` for a knowledge-check test, else empty."""
    submitted: int
    """Trainees who handed something in."""
    graded: int
    """Handed in and graded without a problem (manual grading may still be open)."""
    waiting: int
    """Waiting for a trainer to grade the reflections."""
    problems: int
    """Could not be graded."""
    percents: tuple[float, ...]
    """Every percent known so far, in roster order."""

    @property
    def mean(self) -> float | None:
        return statistics.mean(self.percents) if self.percents else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.percents) if self.percents else None


def assignment_summaries(cohort: Cohort) -> list[AssignmentSummary]:
    """One summary per module assignment and per knowledge-check test, in the order of results."""
    groups: dict[tuple[str, str], list] = {}
    for r in cohort.results:
        key, phase = r.assignment, ""
        if r.assignment == KNOWLEDGE_CHECK:
            phase = r.notebook.partition("-")[0]
            key = text("knowledge_check.test", test=text(f"test.{phase}"))
        groups.setdefault((key, phase), []).append(r)
    return [
        AssignmentSummary(
            key=key,
            phase=phase,
            submitted=sum(1 for r in results if r.status != NOT_SUBMITTED),
            graded=sum(1 for r in results if r.handed_in),
            waiting=sum(1 for r in results if r.status == NEEDS_MANUAL),
            problems=sum(1 for r in results if r.problem),
            percents=tuple(r.percent for r in results if r.percent is not None),
        )
        for (key, phase), results in groups.items()
    ]


@dataclass(frozen=True)
class RoleSummary:
    """How the trainees of one role did."""

    role: str
    """Role id (``police``)."""
    trainees: int
    """Trainees with this role."""
    means: dict[str, float]
    """Module assignment -> mean percent (assignments with no percent yet are left out)."""
    mean_gain: float | None
    """Mean knowledge-check gain in percentage points (None when nobody has both tests)."""
    certified: int
    """Trainees of this role who meet the completion rule."""


def role_summaries(cohort: Cohort) -> list[RoleSummary]:
    """One summary per role that has trainees, in the course's role order."""
    out = []
    for role in ROLES:
        people = [s for s in cohort.summaries if s.trainee.role == role]
        if not people:
            continue
        means = {}
        for index, assignment in enumerate(cohort.modules):
            values = [s.modules[index].percent for s in people]
            known = [v for v in values if v is not None]
            if known:
                means[assignment] = statistics.mean(known)
        gains = [s.gain for s in people if s.gain is not None]
        out.append(
            RoleSummary(
                role=role,
                trainees=len(people),
                means=means,
                mean_gain=statistics.mean(gains) if gains else None,
                certified=sum(1 for s in people if s.certified),
            )
        )
    return out


@dataclass(frozen=True)
class GainSummary:
    """The knowledge-check gains of the trainees who took both tests."""

    count: int
    """Trainees with a graded pre-test and post-test."""
    mean: float
    """Mean gain, percentage points."""
    median: float
    """Median gain, percentage points."""
    no_gain: int
    """Trainees whose gain is zero or less."""


def gain_summary(cohort: Cohort) -> GainSummary | None:
    """Gains over the trainees who took both tests (None when nobody did)."""
    gains = [s.gain for s in cohort.summaries if s.gain is not None]
    if not gains:
        return None
    return GainSummary(
        count=len(gains),
        mean=statistics.mean(gains),
        median=statistics.median(gains),
        no_gain=sum(g <= 0 for g in gains),
    )
