"""JSON Schemas of the files authors and trainers write, and one-line messages for what they find.

Each format has a ``*.schema.json`` beside its loader (``scenarios/scenario.schema.json``,
``screening/instrument.schema.json``, ``exercises/spec.schema.json``,
``grading/cohort.schema.json``), with a ``description`` for every field, so an editor can check a
file while it is typed. The loaders check the *structure* with it (fields, types, allowed values)
through :func:`problems`, and keep their own code for what a schema cannot say (a ``goto`` that
names a node, a reference that is in the table, reachability).

A schema error becomes a :class:`SchemaProblem`: where in the document (a path of keys and
indexes, which each loader turns into its own words: ``node found``, ``question q3``) and what is
wrong, in a short sentence. Two keywords that VS Code also shows give a schema's own words:
``patternErrorMessage`` for a value that does not match its ``pattern``, and ``errorMessage`` for
anything wrong with the value it is set on.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class SchemaProblem:
    """One place where a document does not follow its schema."""

    path: Path_
    """Keys and list indexes (from 0) from the top of the document to the wrong value."""
    message: str
    """What is wrong, in a short sentence (no location; the loader adds it)."""


@cache
def load_schema(package: str, name: str) -> dict[str, Any]:
    """The schema ``name`` (e.g. ``scenario.schema.json``) shipped in ``package``."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return schema


@cache
def _validator(package: str, name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(package, name))


def problems(data: Any, package: str, name: str) -> list[SchemaProblem]:
    """Everything in ``data`` that breaks the schema, in document order, one entry per place."""
    found: dict[tuple[Path_, str], SchemaProblem] = {}
    for error in _validator(package, name).iter_errors(data):
        for leaf in _leaves(error):
            problem = SchemaProblem(tuple(leaf.absolute_path), describe(leaf))
            found.setdefault((problem.path, problem.message), problem)
    return sorted(found.values(), key=lambda p: ([str(part) for part in p.path], p.message))


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """For ``oneOf``/``anyOf``, the errors of the branch that fits best; else the error itself."""
    if isinstance(error.schema, dict) and "errorMessage" in error.schema:
        yield error
    elif error.validator in ("oneOf", "anyOf") and error.context:
        deepest = max(error.context, key=lambda e: (len(e.absolute_path), -len(e.schema_path)))
        branch = deepest.schema_path[0] if deepest.schema_path else None
        chosen = [e for e in error.context if e.schema_path and e.schema_path[0] == branch]
        for sub in chosen or [deepest]:
            yield from _leaves(sub)
    else:
        yield error


_KINDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}


def kind_of(value: Any) -> str:
    """How a YAML value is named in a message (``a list``, ``text``)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__


def _first_sentence(description: str | None) -> str:
    """The start of a field's description, as a hint after "missing 'x'" (short, lower case)."""
    if not description:
        return ""
    sentence = re.split(r"\.\s+(?=[A-Z])|: ", description)[0].rstrip(".")
    if len(sentence) > 80:
        return ""
    return sentence[:1].lower() + sentence[1:]


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def describe(error: ValidationError) -> str:
    """One short sentence for one schema error (the location is added by the caller)."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    if "errorMessage" in schema:
        return schema["errorMessage"]
    value = error.instance
    key = error.validator
    if key == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        if not missing:
            return error.message
        hint = _first_sentence(schema.get("properties", {}).get(missing[0], {}).get("description"))
        return f"missing {missing[0]!r}" + (f" ({hint})" if hint else "")
    if key == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [name for name in value if name not in allowed]
        name = str(extra[0]) if extra else "?"
        hint = difflib.get_close_matches(name, allowed, n=1)
        return f"unknown field {name!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")
    if key == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        words = " or ".join(_KINDS.get(w, w) for w in wanted)
        if value is None:
            return f"must be {words}, not empty"
        return f"must be {words}, not {kind_of(value)} {_shown(value)}"
    if key == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return f"{_shown(value)} is not allowed (use one of: {options})"
    if key == "const":
        return f"must be {error.validator_value!r}, not {_shown(value)}"
    if key == "pattern":
        return schema.get("patternErrorMessage") or f"{_shown(value)} has the wrong form"
    if key == "minLength":
        return "must not be empty"
    if key == "minItems":
        n = error.validator_value
        return "must not be empty" if n == 1 else f"needs at least {n} items"
    if key == "maxItems":
        return f"has {len(value)} items; at most {error.validator_value} are allowed"
    if key == "minProperties":
        return "must not be empty"
    if key in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            return f"{_shown(value)} must be between {low} and {high}"
        if low is not None:
            return f"{_shown(value)} must be {low} or more"
        return f"{_shown(value)} must be {high} or less"
    if key == "uniqueItems":
        return "lists an entry twice"
    if key == "not":
        return schema.get("notMessage") or error.message
    if key == "dependentRequired":
        for name, needed in error.validator_value.items():
            if name in value:
                lacking = [n for n in needed if n not in value]
                if lacking:
                    return f"{name!r} needs {lacking[0]!r} too"
    return error.message


def where(path: Path_) -> str:
    """A path as authors read it: ``items[3].text`` (list positions from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
