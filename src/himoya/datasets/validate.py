"""Validate a datasets folder against its ``datapackage.json`` with Frictionless.

Frictionless checks types, constraints (required, unique, minimum/maximum, enum, pattern),
primary keys and foreign keys. Two checks of our own read rules stored in the schema (see
:mod:`himoya.datasets.schema`): date order (``himoya:dateOrder``, e.g. a case closed before it was
identified) and screening items (``himoya:instrumentItems``: item counts, answer ranges, blanks,
ASQ q5, a red-flag follow-up date on a screening without a red flag).

Every problem is reported as ``file:row:field: problem``, where ``row`` is the line number in the
file (the header is line 1).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import attrs
import frictionless
from frictionless import errors

from himoya.screening.model import load_instrument


@attrs.define(kw_only=True, repr=False)
class RuleError(errors.ConstraintError):
    """A row breaks one of the course's own rules (date order, screening items)."""

    type = "himoya-rule"
    title = "Himoya rule"
    description = "A value breaks a rule stored in the schema as a himoya: property."
    template = "{note}"


@attrs.define(kw_only=True, repr=False)
class DateOrderCheck(frictionless.Check):
    """Dates listed as ``[earlier, later]`` in ``himoya:dateOrder`` must be in that order."""

    type = "himoya-date-order"
    Errors = [RuleError]  # noqa: RUF012 (frictionless declares Errors as a ClassVar list)

    def validate_row(self, row: frictionless.Row) -> Iterable[errors.Error]:
        reported: set[str] = set()  # one problem per later date, naming the first rule broken
        for earlier, later in self.resource.schema.custom.get("himoya:dateOrder", []):
            first, second = row[earlier], row[later]
            if later in reported or first is None or second is None or second >= first:
                continue
            reported.add(later)
            yield RuleError.from_row(
                row,
                note=f"{later} {second.isoformat()} is before {earlier} {first.isoformat()}",
                field_name=later,
            )


@attrs.define(kw_only=True, repr=False)
class ScreeningItemsCheck(frictionless.Check):
    """Answers fit the instrument named in the row (``himoya:instrumentItems``)."""

    type = "himoya-screening-items"
    Errors = [RuleError]  # noqa: RUF012 (frictionless declares Errors as a ClassVar list)

    def validate_row(self, row: frictionless.Row) -> Iterable[errors.Error]:
        rules = self.resource.schema.custom.get("himoya:instrumentItems")
        if not rules or row["instrument"] not in rules:
            return
        instrument = row["instrument"]
        rule = rules[instrument]
        names = [name for name in row.field_names if name[:1] == "q" and name[1:].isdigit()]
        answers = [row[name] for name in names]
        for number, (name, value) in enumerate(zip(names, answers, strict=True), start=1):
            if number > rule["items"] and value is not None:
                yield RuleError.from_row(
                    row,
                    note=f"{instrument} has {rule['items']} items: {name} must be blank",
                    field_name=name,
                )
            elif value is not None and value > rule["max"]:
                yield RuleError.from_row(
                    row,
                    note=f"{value} is out of range: {instrument} answers are 0-{rule['max']}",
                    field_name=name,
                )
        items = answers[: rule["items"]]
        if instrument == "asq":
            any_yes = any(value == 1 for value in items[:4])
            for name, value in zip(names[:4], items[:4], strict=True):
                if value is None:
                    yield RuleError.from_row(row, note=f"asq {name} is missing", field_name=name)
            if any_yes and items[4] is None:
                yield RuleError.from_row(
                    row, note="asq q5 must be answered after a yes in q1-q4", field_name="q5"
                )
            if not any_yes and items[4] is not None:
                yield RuleError.from_row(
                    row, note="asq q5 must be blank when q1-q4 are all no", field_name="q5"
                )
        else:
            blanks = sum(value is None for value in items)
            if blanks > rule["blanks"]:
                first = names[items.index(None)]
                yield RuleError.from_row(
                    row,
                    note=(f"{blanks} missing answers; {instrument} allows {rule['blanks']}"),
                    field_name=first,
                )
        followed = "red_flag_followed_up_on"
        if (
            followed in row.field_names
            and row[followed] is not None
            and not load_instrument(instrument).raised_flags(items)
        ):
            yield RuleError.from_row(
                row,
                note="a follow-up date is set but the screening has no red flag",
                field_name=followed,
            )


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a datasets folder."""

    file: str
    """The file, relative to the folder (``cases.csv``, ``datapackage.json``)."""
    row: int | None
    """Line number in the file (the header is line 1); ``None`` for a whole-file problem."""
    field: str | None
    """The column (or key columns, comma-separated); ``None`` when no single column is at fault."""
    message: str
    """What is wrong, in one line."""

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.row}:{self.field or '-'}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """The result of :func:`validate_datasets`."""

    directory: Path
    """The folder that was checked."""
    files: tuple[str, ...]
    """The data files the package describes, in package order."""
    problems: tuple[Problem, ...]
    """Every problem found (at most 1,000 per file), in file and row order."""

    @property
    def valid(self) -> bool:
        """No problem was found."""
        return not self.problems

    def __str__(self) -> str:
        if self.valid:
            return f"{self.directory}: {len(self.files)} files valid ({', '.join(self.files)})"
        return "\n".join(str(problem) for problem in self.problems)

    def _repr_html_(self) -> str:
        from himoya.templating import render

        return render("datasets/validation.html.j2", report=self)


def _same_as(note: str) -> str:
    found = re.search(r"position (\d+)", note)
    return f"the same as line {found.group(1)}" if found else note


def _constraint_message(cell: str, note: str) -> str:
    found = re.fullmatch(r'constraint "(\w+)" is "(.*)"', note, flags=re.DOTALL)
    if not found:
        return f'"{cell}": {note}'
    name, value = found.groups()
    if name == "required":
        return "a value is required"
    if name == "minimum":
        return f'"{cell}" is below the minimum {value}'
    if name == "maximum":
        return f'"{cell}" is above the maximum {value}'
    if name == "pattern":
        return f'"{cell}" does not match the pattern {value}'
    if name == "enum":
        allowed = re.findall(r"'([^']*)'", value)
        shown = ", ".join(allowed[:6]) + (
            f", ... ({len(allowed)} values)" if len(allowed) > 6 else ""
        )
        return f'"{cell}" is not an allowed value (allowed: {shown})'
    return f'"{cell}" breaks the constraint {name} = {value}'


def _problem(path: str, error: errors.Error, *, names: list[str], key: list[str]) -> Problem:
    """Turn a Frictionless error into a one-line problem; ``names`` are the file's columns."""
    row = getattr(error, "row_number", None)
    if isinstance(error, errors.LabelError):
        return Problem(path, 1, error.field_name, f"header: {error.note or error.title}")
    if isinstance(error, errors.HeaderError):
        return Problem(path, 1, None, f"header: {error.note or error.title}")
    cell = getattr(error, "cell", None)
    field = getattr(error, "field_name", None)
    if isinstance(error, RuleError):
        return Problem(path, row, field, error.note)
    if isinstance(error, errors.TypeError):
        expected = " (expected YYYY-MM-DD)" if "date" in error.note else ""
        kind = error.note.removeprefix('type is "').split("/")[0]
        return Problem(path, row, field, f'"{cell}" is not a valid {kind}{expected}')
    if isinstance(error, errors.ConstraintError):
        return Problem(path, row, field, _constraint_message(str(cell), error.note))
    if isinstance(error, errors.UniqueError):
        return Problem(path, row, field, f'"{cell}" is not unique ({_same_as(error.note)})')
    if isinstance(error, errors.ForeignKeyError):
        values = ", ".join(f'"{value}"' for value in error.field_cells)
        target = f"{error.reference_name}.csv ({', '.join(error.reference_field_names)})"
        return Problem(path, row, ",".join(error.field_names), f"{values} not found in {target}")
    if isinstance(error, errors.PrimaryKeyError):
        cells = list(error.cells)
        values = ", ".join(
            f'"{cells[names.index(name)]}"' for name in key if names.index(name) < len(cells)
        )
        return Problem(
            path, row, ",".join(key) or None, f"duplicate id {values} ({_same_as(error.note)})"
        )
    if isinstance(error, errors.CellError):
        return Problem(path, row, field, error.note or error.title)
    if row is not None:
        return Problem(path, row, None, error.note or error.title)
    return Problem(path, None, None, error.note or error.message)


def validate_datasets(*, directory: Path) -> ValidationReport:
    """Check every file of the data package in ``directory``; never raises for bad data."""
    directory = Path(directory)
    descriptor = directory / "datapackage.json"
    if not descriptor.is_file():
        problem = Problem("datapackage.json", None, None, f"not found in {directory}")
        return ValidationReport(directory, (), (problem,))
    try:
        json.loads(descriptor.read_text(encoding="utf-8"))
        package = frictionless.Package(str(descriptor))
    except (ValueError, frictionless.FrictionlessException) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        return ValidationReport(directory, (), (Problem("datapackage.json", None, None, message),))
    checklist = frictionless.Checklist(checks=[DateOrderCheck(), ScreeningItemsCheck()])
    report = package.validate(checklist)
    resources = {resource.name: resource for resource in package.resources}
    paths = {name: str(resource.path) for name, resource in resources.items()}
    problems: list[Problem] = [
        Problem("datapackage.json", None, None, error.note or error.message)
        for error in report.errors
    ]
    for task in report.tasks:
        resource = resources.get(task.name)
        schema = resource.schema if resource is not None else None
        names = [field.name for field in schema.fields] if schema is not None else []
        key = list(schema.primary_key) if schema is not None else []
        path = paths.get(task.name, task.place)
        found = [_problem(path, error, names=names, key=key) for error in task.errors]
        problems.extend(sorted(found, key=lambda p: p.row or 0))
    return ValidationReport(
        directory, tuple(paths[resource.name] for resource in package.resources), tuple(problems)
    )
