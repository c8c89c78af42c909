"""Read exercise specs (``exercises/specs/*.yml``): YAML, then the schema, then the model.

``spec.schema.json`` (beside this module) says the structure: which fields a spec, a question, a
reflection and a knowledge-check item have, and their types. A file that breaks it stops with one
line per problem naming the file, the question (or item, reflection, track) and what is wrong.
The model builders (:mod:`.spec`, :mod:`.knowledge`) then check what a schema cannot say.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

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
from himoya.yamlfile import read_yaml

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


def load_spec(path: Path, *, lang: str = "en", root: Path | None = None) -> list[AssignmentSpec]:
    """Load one spec file; return the notebook specs it defines (knowledge checks define six).

    ``lang`` (English by default: the committed notebooks are English) gives the texts from
    ``locale/<lang>/LC_MESSAGES/exercises/<spec>.po`` when it translates the whole spec, else from
    the next language of the edition's chain; answers, ids and points never change.
    """
    path = Path(path)
    data = read_yaml(path, error=SpecError)
    check_structure(path, data)
    if lang != "en":
        from himoya.exercises.translate import localize_data, text_for
        from himoya.i18n import resolve_language

        resolve_language(lang)
        data = localize_data(data, text_for(path, lang, root=root, data=data))
    if "tracks" in data:
        specs = knowledge_check_specs(path, data, lang=lang)
    else:
        specs = _notebook_specs(path, data)
    return [replace(spec, language=lang) for spec in specs]


def spec_paths(root: Path | None = None) -> list[Path]:
    """Every spec file of the course, sorted."""
    root = root or course_root()
    return sorted((root / "exercises" / "specs").glob("*.yml"))
