"""Read a YAML file a person wrote (spec, edition, cohort settings), or say why not in one line.

Every such reader starts here, so a file that is not UTF-8, is not YAML or (for a file of fields)
is not a mapping stops each command the same way: ``FILE: line N: YAML syntax error (what)``,
raised as the caller's own :class:`~himoya.errors.UserError` subclass. What the fields must hold
is the caller's business (its schema). A missing or unreadable file is left as the ``OSError`` it
is: the command line names its path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from himoya.errors import UserError


def read_yaml(
    path: Path | str,
    *,
    error: type[UserError] = UserError,
    mapping: bool = True,
    shown: str | None = None,
) -> Any:
    """The document in ``path``; ``error`` naming the file (as ``shown``) and line if unusable.

    With ``mapping`` (the default) the document must be a mapping of fields: an empty file is
    ``{}``, a list or a lone value is an error. Without it, the document is returned as it is
    (``None`` for an empty file) for a schema to judge.
    """
    path = Path(path)
    name = shown if shown is not None else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as problem:
        raise error(
            f"{name}: not UTF-8 text (byte {problem.start}); save the file as UTF-8"
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        what = getattr(problem, "problem", None) or str(problem).splitlines()[0]
        raise error(f"{name}: {line}YAML syntax error ({what})") from None
    if not mapping:
        return data
    if data is None:
        return {}
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise error(f"{name}: must be a mapping of fields (name: value), not {kind}")
    return data
