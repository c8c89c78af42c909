"""An exercise spec in another language, from ``locale/<lang>/LC_MESSAGES/exercises/<spec>.po``.

Translated: the title, the introduction, every question and reflection, the trainer's rubric, the
knowledge check's items, and the accepted spellings of ``word`` answers (a translated spelling is
accepted *as well as* the English ones, so grading is the same for everyone). Answers that are
letters, numbers or True/False never change, nor do ids, points or code.

Question texts are Markdown: a message keeps its line breaks (a list needs them), and the code in
backticks (``q1 = "B"``) must come back exactly (``himoya translations check`` says so if not).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from himoya.exercises.spec import SpecError
from himoya.i18n import ItemText, item_text
from himoya.i18n.extract import Entry, relative, template
from himoya.yamlfile import read_yaml

ACCEPT_CONTEXT = "accepted answer"
"""The gettext context of an accepted spelling of a ``word`` answer."""


def domain(path: Path) -> str:
    """The spec's catalog domain, ``exercises/<spec file name without .yml>``."""
    return f"exercises/{Path(path).stem}"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _walk(data: dict) -> list[tuple[str, str, str | None]]:
    """(note, text, context) for every translatable text of a spec's YAML data, in file order."""
    found: list[tuple[str, str, str | None]] = [
        ("title", _text(data.get("title")), None),
        ("intro", _text(data.get("intro")), None),
    ]
    for key in ("questions", "items"):
        for number, raw in enumerate(data.get(key) or [], 1):
            if not isinstance(raw, dict):
                continue
            name = raw.get("id", number)
            found.append((f"{key}.{name}.text", _text(raw.get("text")), None))
            for spelling in raw.get("accept") or []:
                found.append((f"{key}.{name}.accept", str(spelling).strip(), ACCEPT_CONTEXT))
    for number, raw in enumerate(data.get("reflections") or [], 1):
        if not isinstance(raw, dict):
            continue
        name = raw.get("id", number)
        found.append((f"reflections.{name}.text", _text(raw.get("text")), None))
        found.append((f"reflections.{name}.rubric", _text(raw.get("rubric")), None))
    return [item for item in found if item[1]]


def spec_template(path: Path, *, root: Path | None = None, data: dict | None = None):
    """The spec's English messages as a template catalog."""
    data = read_yaml(path, error=SpecError) if data is None else data
    where = relative(path, root) if root else Path(path).as_posix()
    entries = [Entry(text, where, note, context) for note, text, context in _walk(data)]
    return template(domain(path), entries)


def text_for(path: Path, language: str, *, root: Path | None = None, data: dict | None = None):
    """The spec's text in ``language``, or a fallback of it (whole spec, one language)."""
    return item_text(language, domain(path), spec_template(path, root=root, data=data), root=root)


def localize_data(data: dict, text: ItemText) -> dict:
    """A copy of a spec's YAML data with its texts in ``text.language``."""
    if text.language == "en":
        return data
    result = copy.deepcopy(data)
    for key in ("title", "intro"):
        if _text(result.get(key)):
            result[key] = text(_text(result[key]))
    for key in ("questions", "items", "reflections"):
        for raw in result.get(key) or []:
            if not isinstance(raw, dict):
                continue
            for field in ("text", "rubric"):
                if _text(raw.get(field)):
                    raw[field] = text(_text(raw[field]))
            if raw.get("accept"):
                english = [str(spelling).strip() for spelling in raw["accept"]]
                translated = [text(spelling, ACCEPT_CONTEXT) for spelling in english]
                raw["accept"] = list(dict.fromkeys([*english, *translated]))
    return result
