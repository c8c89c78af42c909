"""Read exercise specs (``exercises/specs/*.yml``): YAML, then the schema, then the model.

``spec.schema.json`` (beside this module) says the structure: which fields a spec, a question, a
reflection and a knowledge-check item have, and their types. A file that breaks it stops with one
line per problem naming the file, the question (or item, reflection, track) and what is wrong.
The model builders (:mod:`.spec`, :mod:`.knowledge`) then check what a schema cannot say.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from himoya.exercises.knowledge import knowledge_check_specs
from himoya.exercises.spec import (
    AssignmentSpec,
    SpecError,
    fail,
    question_from,
    reflection_from,
)
from himoya.paths import course_root
from himoya.schemas import problems

SCHEMA = "spec.schema.json"
"""The schema file, beside this module."""

_LISTS = {"questions": "question", "reflections": "reflection", "items": "item"}


def _where(data: dict, path: tuple) -> tuple[str, str]:
    """(where, field prefix) for a schema problem at ``path``: ``question q3`` and ``kind: ``."""
    if len(path) >= 2 and path[0] in _LISTS and isinstance(path[1], int):
        entry = data[path[0]][path[1]]
        name = entry.get("id") if isinstance(entry, dict) else None
        where = f"{_LISTS[path[0]]} {name if isinstance(name, str) else path[1] + 1}"
        rest = path[2:]
    elif len(path) >= 2 and path[0] == "tracks":
        where, rest = f"track {path[1]}", path[2:]
    else:
        where, rest = "top level", path
    field = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in rest)
    return where, (f"`{field}` " if field else "")


def check_structure(path: Path, data: Any) -> None:
    """Raise ``SpecError`` listing every schema problem of the spec ``data`` read from ``path``."""
    if not isinstance(data, dict):
        raise fail(path, "top level", "must be a mapping of fields")
    found = problems(data, "himoya.exercises", SCHEMA)
    if found:
        lines = []
        for problem in found:
            where, field = _where(data, problem.path)
            lines.append(f"{path}: {where}: {field}{problem.message}")
        raise SpecError("\n".join(lines))


def _notebook_specs(path: Path, data: dict) -> list[AssignmentSpec]:
    questions = tuple(question_from(path, raw, i) for i, raw in enumerate(data["questions"]))
    ids = [q.id for q in questions] + [str(r["id"]) for r in data.get("reflections", [])]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise fail(path, "top level", f"duplicate question ids: {', '.join(duplicates)}")
    reflections = tuple(
        reflection_from(path, raw, i) for i, raw in enumerate(data.get("reflections", []))
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
        raise fail(path, line, f"not valid YAML ({getattr(error, 'problem', error)})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise fail(path, "top level", f"cannot be read ({error})") from None
    check_structure(path, data)
    if "tracks" in data:
        return knowledge_check_specs(path, data)
    return _notebook_specs(path, data)


def spec_paths(root: Path | None = None) -> list[Path]:
    """Every spec file of the course, sorted."""
    root = root or course_root()
    return sorted((root / "exercises" / "specs").glob("*.yml"))
