"""Load and validate exercise specs (``exercises/specs/*.yml``).

A spec holds the questions *and their answers*; it never goes to trainees. Answer kinds:

``letter``   one letter from ``options``               ``q1 = "B"``
``letters``  several letters, any order                ``q2 = ["b", "d"]``
``integer``  a whole number                            ``q3 = 14``
``number``   a number within ``tolerance``             ``q4 = 0.42``
``word``     one word or short phrase from ``accept``  ``q5 = "moderate"``
``boolean``  ``True`` or ``False``                     ``q6 = True``

``number`` and ``integer`` may give ``expected_code``: Python that computes the expected value into
``expected`` at grading time (e.g. from ``load_dataset``), so answers follow the shipped data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from himoya.paths import course_root

KINDS = ("letter", "letters", "integer", "number", "word", "boolean")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class SpecError(ValueError):
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


def _fail(path: Path, where: str, message: str) -> SpecError:
    return SpecError(f"{path}: {where}: {message}")


def _question(path: Path, raw: dict, index: int) -> Question:
    where = f"question {raw.get('id', index + 1)}"
    if not isinstance(raw, dict):
        raise _fail(path, where, "must be a mapping")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        raise _fail(path, where, "`id` must be a lower-case Python name such as q1")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _fail(path, where, f"`kind` must be one of {', '.join(KINDS)}, not {kind!r}")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _fail(path, where, "`text` is missing")
    points = raw.get("points", 1)
    if type(points) is not int or points < 1:
        raise _fail(path, where, "`points` must be a positive whole number")
    options = tuple(str(o) for o in raw.get("options", ()))
    accept = tuple(str(a) for a in raw.get("accept", ()))
    answer = raw.get("answer")
    expected_code = raw.get("expected_code", "")
    if kind == "letter":
        if not options or answer not in options:
            raise _fail(path, where, "`answer` must be one of `options`")
    elif kind == "letters":
        if not isinstance(answer, list) or not answer or not set(answer) <= set(options):
            raise _fail(path, where, "`answer` must be a non-empty list drawn from `options`")
        if len(set(answer)) != len(answer):
            raise _fail(path, where, "`answer` lists a letter twice")
    elif kind == "integer":
        if not expected_code and type(answer) is not int:
            raise _fail(path, where, "`answer` must be a whole number (or give `expected_code`)")
    elif kind == "number":
        if not expected_code and type(answer) not in (int, float):
            raise _fail(path, where, "`answer` must be a number (or give `expected_code`)")
    elif kind == "word":
        accept = accept or ((str(answer),) if answer is not None else ())
        if not accept:
            raise _fail(path, where, "`word` needs `answer` or `accept`")
    elif kind == "boolean" and type(answer) is not bool:
        raise _fail(path, where, "`answer` must be true or false")
    return Question(
        id=qid,
        kind=kind,
        text=text.strip(),
        points=points,
        answer=answer,
        options=options,
        accept=accept,
        tolerance=float(raw.get("tolerance", 0.0)),
        expected_code=str(expected_code).strip(),
        solution_code=str(raw.get("solution_code", "")).strip(),
        setup_code=str(raw.get("setup_code", "")).strip(),
    )


def _reflection(path: Path, raw: dict, index: int) -> Reflection:
    where = f"reflection {raw.get('id', index + 1) if isinstance(raw, dict) else index + 1}"
    if not isinstance(raw, dict):
        raise _fail(path, where, "must be a mapping")
    missing = [key for key in ("id", "text", "rubric") if not str(raw.get(key, "")).strip()]
    if missing:
        raise _fail(path, where, f"missing {', '.join(missing)}")
    points = raw.get("points", 2)
    if type(points) is not int or points < 1:
        raise _fail(path, where, "`points` must be a positive whole number")
    return Reflection(
        id=str(raw["id"]), text=raw["text"].strip(), points=points, rubric=raw["rubric"].strip()
    )


def _notebook_specs(path: Path, data: dict) -> list[AssignmentSpec]:
    for key in ("assignment", "title", "intro"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _fail(path, "top level", f"`{key}` is missing")
    questions = tuple(_question(path, raw, i) for i, raw in enumerate(data.get("questions", [])))
    if not questions:
        raise _fail(path, "top level", "no `questions`")
    ids = [q.id for q in questions] + [str(r.get("id")) for r in data.get("reflections", [])]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise _fail(path, "top level", f"duplicate question ids: {', '.join(duplicates)}")
    reflections = tuple(
        _reflection(path, raw, i) for i, raw in enumerate(data.get("reflections", []))
    )
    spec = AssignmentSpec(
        path=path,
        assignment=data["assignment"],
        notebook=data.get("notebook", data["assignment"]),
        title=data["title"].strip(),
        intro=data["intro"].strip(),
        questions=questions,
        reflections=reflections,
        setup_code=str(data.get("setup_code", "")).strip(),
    )
    return [spec]


def load_spec(path: Path) -> list[AssignmentSpec]:
    """Load one spec file; return the notebook specs it defines (knowledge checks define six)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark else "YAML"
        raise _fail(path, line, f"not valid YAML ({getattr(error, 'problem', error)})") from None
    if not isinstance(data, dict):
        raise _fail(path, "top level", "must be a mapping")
    if "tracks" in data:
        from himoya.exercises.knowledge import knowledge_check_specs

        return knowledge_check_specs(path, data)
    return _notebook_specs(path, data)


def spec_paths(root: Path | None = None) -> list[Path]:
    """Every spec file of the course, sorted."""
    root = root or course_root()
    return sorted((root / "exercises" / "specs").glob("*.yml"))
