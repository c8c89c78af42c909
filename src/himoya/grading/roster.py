"""Read and check a cohort roster (CSV, UTF-8).

Columns: ``id, first_name, last_name, role, organisation, district``. Ids are safe ASCII (they
become folder names and nbgrader student ids); names may be in Tajik or Russian Cyrillic and are
kept exactly as written.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from himoya.grading.workspace import CohortError
from himoya.roles import ROLES

COLUMNS = ("id", "first_name", "last_name", "role", "organisation", "district")
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
_HEADER_ALIASES = {
    "first name": "first_name",
    "last name": "last_name",
    "organization": "organisation",
}


@dataclass(frozen=True)
class Trainee:
    """One row of the roster."""

    id: str
    """Safe ASCII id: letters, digits, ``-`` and ``_`` (e.g. ``KUL-07``)."""
    first_name: str
    """First name as written (any script)."""
    last_name: str
    """Last name as written (any script)."""
    role: str
    """One of ``ROLES``."""
    organisation: str
    """Employer or organisation."""
    district: str
    """District or city."""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def read_roster(path: Path) -> tuple[Trainee, ...]:
    """Read and check the roster; raise ``CohortError`` listing every bad row (one line each)."""
    path = Path(path)
    if not path.is_file():
        raise CohortError(f"{path}: roster file not found")
    raw = path.read_bytes()
    problems: list[str] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        for number, line in enumerate(raw.split(b"\n"), 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(f"{path}:{number}: not UTF-8 text (save the roster as 'CSV UTF-8')")
        raise CohortError("\n".join(problems)) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [
        _HEADER_ALIASES.get((name or "").strip().lower(), (name or "").strip().lower())
        for name in (reader.fieldnames or [])
    ]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise CohortError(f"{path}:1: missing column(s): {', '.join(missing)}")
    reader.fieldnames = header
    trainees: list[Trainee] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, 2):
        values = {key: (row.get(key) or "").strip() for key in COLUMNS}
        if not any(values.values()):
            continue
        tid = values["id"]
        if not tid:
            problems.append(f"{path}:{number}: empty id")
        elif not SAFE_ID.match(tid):
            problems.append(
                f"{path}:{number}: id {tid!r} is not safe ASCII "
                "(use letters A-Z, digits, '-' or '_', at most 40)"
            )
        elif tid.lower() in seen:
            problems.append(
                f"{path}:{number}: duplicate id {tid!r} (first on line {seen[tid.lower()]})"
            )
        else:
            seen[tid.lower()] = number
        if values["role"] not in ROLES:
            problems.append(
                f"{path}:{number}: unknown role {values['role']!r} (use one of {', '.join(ROLES)})"
            )
        if not values["first_name"] and not values["last_name"]:
            problems.append(f"{path}:{number}: no name")
        trainees.append(Trainee(**values))
    if problems:
        raise CohortError("\n".join(problems))
    if not trainees:
        raise CohortError(f"{path}: the roster has no trainees")
    return tuple(trainees)


def write_roster(path: Path, trainees: tuple[Trainee, ...]) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(COLUMNS)
        for t in trainees:
            writer.writerow([getattr(t, column) for column in COLUMNS])
