"""The pre/post knowledge check: one item bank, a pre-test and a post-test per role track.

The spec lists ``items`` (each a ``letter`` question with an ``id`` such as ``kc07``) and
``tracks`` (track name → exactly 20 item ids). For each track the pre-test asks the items in the
listed order and the post-test asks the same items in a different, seeded order. Test cells are
graded under the item id, so the cohort report can compare the same item before and after.
"""

from __future__ import annotations

import random
from pathlib import Path

from himoya.exercises.spec import AssignmentSpec, Question, SpecError, question_from
from himoya.roles import track_name


def post_order(item_ids: list[str], *, seed: int) -> list[str]:
    """A seeded reordering of ``item_ids`` that differs from the original order."""
    rng = random.Random(seed)
    order = list(item_ids)
    while order == item_ids and len(item_ids) > 1:
        rng.shuffle(order)
    return order


def knowledge_check_specs(path: Path, data: dict, *, lang: str = "en") -> list[AssignmentSpec]:
    """The pre- and post-test of every track of the knowledge-check spec ``data``; the notebooks'
    own words (their titles) in ``lang``."""
    from himoya.i18n import ui

    _ = ui(lang).gettext
    items = {}
    for index, raw in enumerate(data["items"]):
        question = question_from(path, {**raw, "kind": "letter", "points": 1}, index)
        if question.id in items:
            raise SpecError(f"{path}: item {question.id}: duplicate item id")
        items[question.id] = question
    tracks = data["tracks"]
    seed = int(data.get("seed", 2024))
    specs = []
    for track, ids in tracks.items():
        unknown = [i for i in ids if i not in items]
        if unknown:
            raise SpecError(f"{path}: track {track}: unknown items {', '.join(unknown)}")
        for stage, order in (("pre", list(ids)), ("post", post_order(list(ids), seed=seed))):
            questions = tuple(
                Question(
                    id=f"q{n}",
                    kind="letter",
                    text=items[item].text,
                    points=1,
                    answer=items[item].answer,
                    options=items[item].options,
                    grade_id=item,
                )
                for n, item in enumerate(order, 1)
            )
            when = (
                _("{title}: {track} track, before the workshop")
                if stage == "pre"
                else _("{title}: {track} track, after the workshop")
            )
            specs.append(
                AssignmentSpec(
                    path=path,
                    assignment=data["assignment"],
                    notebook=f"{stage}-{track}",
                    title=when.format(
                        title=data["title"],
                        track=track_name(track, lang),
                    ),
                    intro=data["intro"].strip(),
                    questions=questions,
                )
            )
    return specs
