"""Hand-made cohort results for the report's tests (no nbgrader, no workspace on disk)."""

from __future__ import annotations

from pathlib import Path

from himoya.grading.results import (
    GRADED,
    KNOWLEDGE_CHECK,
    Cohort,
    CompletionRule,
    ItemScore,
    NotebookResult,
    summarise,
)
from himoya.grading.roster import Trainee
from himoya.grading.workspace import Workspace

RULE = CompletionRule(min_percent=60, require_all_assignments=True, follow_up_below_percent=50)


def person(tid="KUL-01", role="police", first="Фарҳод", last="Қодиров", org="Kulob police"):
    return Trainee(tid, first, last, role, org, "Kulob")


def result(
    trainee,
    assignment="03-juvenile-justice",
    *,
    notebook=None,
    status=GRADED,
    auto=None,
    max_auto=10.0,
    manual=None,
    max_manual=3.0,
    items=(),
):
    return NotebookResult(
        trainee=trainee,
        assignment=assignment,
        notebook=notebook or assignment,
        status=status,
        auto_score=auto,
        max_auto=max_auto,
        manual_score=manual,
        max_manual=max_manual,
        items=tuple(items),
    )


def kc(trainee, notebook, answers: dict[str, int], status=GRADED):
    items = [ItemScore(item, float(right), 1.0) for item, right in answers.items()]
    return result(
        trainee,
        KNOWLEDGE_CHECK,
        notebook=notebook,
        status=status,
        auto=float(sum(answers.values())),
        max_auto=float(len(answers)),
        manual=0.0,
        max_manual=0.0,
        items=items,
    )


def small_cohort(root: Path) -> Cohort:
    """Three trainees of three roles, a module and the knowledge check, one repaired notebook."""
    comma = person("KUL-01", org="Kulob police, juvenile unit")
    worker = person("KUL-02", role="social-worker", first="Зарина", last="Ҳакимова")
    supervisor = person("KUL-03", role="supervisor", first="Ҷамшед", last="Раҳимов")
    people = (comma, worker, supervisor)
    rows = []
    summaries = []
    for index, t in enumerate(people):
        track = t.role  # every role has its own knowledge-check track
        module = result(
            t,
            auto=10.0 - 3 * index,
            manual=2.0 if index == 0 else None,
            items=[ItemScore("q1", 2.0 if index == 0 else 0.0, 2.0)],
        )
        pre = kc(t, f"pre-{track}", {"kc01": 0, "kc02": index % 2, "kc03": 0})
        post = kc(t, f"post-{track}", {"kc01": 1, "kc02": 1, "kc03": index % 2})
        rows += [module, pre, post]
        summaries.append(summarise(t, (module,), pre, post, RULE, has_kc=True))
    return Cohort(
        workspace=Workspace(root=root / "bokhtar-2026"),
        trainees=people,
        modules=("03-juvenile-justice",),
        has_knowledge_check=True,
        results=tuple(rows),
        summaries=tuple(summaries),
        rule=RULE,
        problems=(
            {
                "trainee": "KUL-02",
                "assignment": "03-juvenile-justice",
                "notebook": "03-juvenile-justice",
                "problem": "",
                "note": "a graded cell was copied or split (q1); the extra copy was ignored",
            },
        ),
        questions={("03-juvenile-justice", "q1"): "Which safeguards did the officers breach?"},
        titles={"03-juvenile-justice": "03 · Juvenile justice"},
    )
