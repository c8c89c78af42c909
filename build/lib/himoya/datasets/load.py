"""Load a synthetic dataset as a typed :class:`pandas.DataFrame`."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import pandas as pd

from himoya.datasets.schema import DATASET_NAMES, DEFAULT_SEED, TABLES, Field, Table
from himoya.paths import course_root


def datasets_dir() -> Path | None:
    """The course's ``datasets/`` folder, or ``None`` when no course (or no data) is found."""
    try:
        root = course_root()
    except FileNotFoundError:
        return None
    folder = root / "datasets"
    return folder if (folder / "datapackage.json").is_file() else None


def _typed(column: pd.Series, field: Field) -> pd.Series:
    if field.type == "date":
        return pd.to_datetime(column, format="%Y-%m-%d")
    if field.type == "integer":
        numbers = pd.to_numeric(column)
        return numbers.astype("int64" if field.required else "Int64")
    if field.type == "number":
        return pd.to_numeric(column).astype("float64")
    if field.type == "boolean":
        flags = column.map({"true": True, "false": False})
        return flags.astype("bool" if field.required else "boolean")
    if field.enum is not None:
        return column.astype(pd.CategoricalDtype(list(field.enum), ordered=field.ordered))
    return column


def _read(source, table: Table) -> pd.DataFrame:
    if table.raw:
        # The cleaning exercise starts from the text exactly as typed: nothing is converted,
        # an empty cell stays an empty string.
        return pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    frame = pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    expected = [field.name for field in table.fields]
    if list(frame.columns) != expected:
        raise ValueError(
            f"{table.path}: columns {list(frame.columns)} do not match the schema {expected}"
        )
    for field in table.fields:
        frame[field.name] = _typed(frame[field.name], field)
    return frame


def load_dataset(name: str, *, directory: Path | None = None) -> pd.DataFrame:
    """Load one synthetic dataset with typed columns.

    Dates are ``datetime64``, columns with a fixed list of values are categoricals (risk levels
    ordered low < medium < high), ids are strings, counts are integers (``Int64`` when a value
    may be missing). ``cases_raw`` is the exception: every column is text exactly as typed, for
    the cleaning exercise.

    The files are read from ``directory``, else from the course's ``datasets/`` folder (found
    from any working directory, see :func:`himoya.paths.course_root`). Without a course folder
    the data is generated in memory with the default seed: the same bytes as the committed
    files.

    Raises ``ValueError`` for an unknown name, listing the known names.
    """
    if name not in TABLES:
        raise ValueError(f"unknown dataset {name!r}; known datasets: {', '.join(DATASET_NAMES)}")
    table = TABLES[name]
    folder = Path(directory) if directory is not None else datasets_dir()
    if folder is not None:
        path = folder / table.path
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such file (run `himoya datasets generate`)")
        return _read(path, table)
    return _read(io.StringIO(_generated_texts()[table.path]), table)


@functools.cache
def _generated_texts() -> dict[str, str]:
    from himoya.datasets.generate import dataset_texts

    return dataset_texts(seed=DEFAULT_SEED)
