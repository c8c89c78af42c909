"""The exercise spec model (``exercises/specs/*.yml``) and its question fields.

A spec holds the questions *and their answers*; it never goes to trainees. Answer kinds:

``letter``   one letter from ``options``               ``q1 = "B"``
``letters``  several letters, any order                ``q2 = ["b", "d"]``
``integer``  a whole number                            ``q3 = 14``
``number``   a number within ``tolerance``             ``q4 = 0.42``
``word``     one word or short phrase from ``accept``  ``q5 = "moderate"``
``boolean``  ``True`` or ``False``                     ``q6 = True``

``number`` and ``integer`` may give ``expected_code``: Python that computes the expected value into
``expected`` at grading time (e.g. from ``load_dataset``), so answers follow the shipped data.

The structure of a spec file is in ``spec.schema.json`` beside this module; :mod:`.load` checks a
file against it and then builds the model here, which checks what the schema cannot say (an
``answer`` that is one of the ``options``, a letter listed twice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from himoya.errors import UserError


KINDS = ("letter", "letters", "integer", "number", "word", "boolean")


class SpecError(UserError, ValueError):
    """A spec file is malformed; the message names the file and the question."""


@dataclass(frozen=True)
class Question:
    """One autograded question."""

    id: str
    """Variable the trainee assigns, e.g. ``q3``; also the nbgrader grade id stem."""
    kind: str
    """One of ``KINDS``."""
    text: str
    """The question in Markdown (a case and what to decide)."""
    points: int
    """Points for a correct answer."""
    answer: Any
    """The correct answer (letter, list of letters, number, word, bool)."""
    options: tuple[str, ...] = ()
    """Allowed letters for ``letter``/``letters`` (shown in the form check)."""
    accept: tuple[str, ...] = ()
    """Accepted spellings for ``word`` answers (compared case- and space-insensitively)."""
    tolerance: float = 0.0
    """Allowed difference for ``number`` answers."""
    expected_code: str = ""
    """Python computing ``expected`` at grading time, instead of a fixed ``answer``."""
    solution_code: str = ""
    """Extra solution lines (e.g. a pandas computation) placed before the answer line."""
    setup_code: str = ""
    """Read-only code shown to the trainee before the answer cell (e.g. loading a dataset)."""
    grade_id: str = ""
    """nbgrader grade id of the test cell (default: ``id``); the knowledge check uses item ids."""

    @property
    def test_id(self) -> str:
        return self.grade_id or self.id


@dataclass(frozen=True)
class Reflection:
    """One manually graded reflection question."""

    id: str
    """Grade id, e.g. ``r1``."""
    text: str
    """The question in Markdown."""
    points: int
    """Points the trainer can give."""
    rubric: str
    """Model answer and rubric for the trainer (only in the source notebook)."""


@dataclass(frozen=True)
class AssignmentSpec:
    """One notebook of an assignment."""

    path: Path
    """The spec file."""
    assignment: str
    """nbgrader assignment id = the module slug (or ``knowledge-check``)."""
    notebook: str
    """Notebook name without ``.ipynb``."""
    title: str
    """Title shown at the top of the notebook."""
    intro: str
    """Markdown introduction (who, time, how to answer)."""
    questions: tuple[Question, ...]
    """Autograded questions, in order."""
    reflections: tuple[Reflection, ...] = field(default_factory=tuple)
    """Manually graded questions, after the autograded ones."""
    setup_code: str = ""
    """Read-only code run at the start of the notebook (imports)."""

    @property
    def autograded_points(self) -> int:
        return sum(q.points for q in self.questions)


def fail(path: Path, where: str, message: str) -> SpecError:
    """A ``SpecError`` saying ``FILE: WHERE: message``."""
    return SpecError(f"{path}: {where}: {message}")


def question_from(path: Path, raw: dict, index: int) -> Question:
    """A :class:`Question` from its spec entry (structure already checked by the schema)."""
    qid, kind = raw["id"], raw["kind"]
    where = f"question {qid}"
    points = raw.get("points", 1)
    options = tuple(str(o) for o in raw.get("options", ()))
    accept = tuple(str(a) for a in raw.get("accept", ()))
    answer = raw.get("answer")
    expected_code = raw.get("expected_code", "")
    if kind == "letter":
        if not options or answer not in options:
            raise fail(path, where, "`answer` must be one of `options`")
    elif kind == "letters":
        if not isinstance(answer, list) or not answer or not set(answer) <= set(options):
            raise fail(path, where, "`answer` must be a non-empty list drawn from `options`")
        if len(set(answer)) != len(answer):
            raise fail(path, where, "`answer` lists a letter twice")
    elif kind == "integer":
        if not expected_code and type(answer) is not int:
            raise fail(path, where, "`answer` must be a whole number (or give `expected_code`)")
    elif kind == "number":
        if not expected_code and type(answer) not in (int, float):
            raise fail(path, where, "`answer` must be a number (or give `expected_code`)")
    elif kind == "word":
        accept = accept or ((str(answer),) if answer is not None else ())
        if not accept:
            raise fail(path, where, "`word` needs `answer` or `accept`")
    elif kind == "boolean" and type(answer) is not bool:
        raise fail(path, where, "`answer` must be true or false")
    return Question(
        id=qid,
        kind=kind,
        text=raw["text"].strip(),
        points=points,
        answer=answer,
        options=options,
        accept=accept,
        tolerance=float(raw.get("tolerance", 0.0)),
        expected_code=str(expected_code).strip(),
        solution_code=str(raw.get("solution_code", "")).strip(),
        setup_code=str(raw.get("setup_code", "")).strip(),
    )


def reflection_from(path: Path, raw: dict, index: int) -> Reflection:
    """A :class:`Reflection` from its spec entry (structure already checked by the schema)."""
    return Reflection(
        id=str(raw["id"]),
        text=raw["text"].strip(),
        points=raw.get("points", 2),
        rubric=raw["rubric"].strip(),
    )
