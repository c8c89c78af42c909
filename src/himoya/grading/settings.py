"""``cohort.yml``: the settings of one cohort, read and checked against ``cohort.schema.json``.

The schema beside this module describes every field (editors use it to check the file as a
trainer types); :func:`read_settings` uses it, so a misspelt or wrong setting stops a command with
one line naming the file, the field and what is wrong, instead of being silently ignored.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from himoya.errors import CohortError
from himoya.schemas import problems, where
from himoya.yamlfile import read_yaml

SCHEMA = "cohort.schema.json"
"""The schema file, beside this module."""


def read_settings(path: Path) -> dict[str, Any]:
    """The settings in ``path`` (``{}`` when there is no such file); ``CohortError`` if broken."""
    path = Path(path)
    if not path.is_file():
        return {}
    data = read_yaml(path, error=CohortError, mapping=False) or {}
    found = problems(_plain(data), "himoya.grading", SCHEMA)
    if found:
        raise CohortError(
            "\n".join(f"{path}: {where(p.path) or 'top level'}: {p.message}" for p in found)
        )
    return data


def _plain(data: Any) -> Any:
    """YAML reads ``2026-11-21`` as a date; the schema sees it as the text it was written as."""
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    return data.isoformat() if isinstance(data, date) else data


def certificate_date(settings: dict[str, Any]) -> date | None:
    """``certificate_date`` from the settings, or None when it is not set."""
    value = settings.get("certificate_date")
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CohortError(
            f"cohort.yml: certificate_date {value!r} is not a date like 2026-11-21"
        ) from None
