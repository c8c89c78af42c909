"""Labels in words for tables and charts that people read (the code keeps the column names).

>>> readable(pd.crosstab(cases["household"], cases["risk_level"]))   # "parent abroad", "risk level"

The data are unchanged: only the labels shown change (index and column labels that are text, and
the names of the index and the columns). Use it on what you show, not on what you compute with.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import pandas as pd

Table = TypeVar("Table", pd.DataFrame, pd.Series)

_PERCENT = re.compile(r"_percent$")
_PER = re.compile(r"\bper_(\d+)")


def label(text: Any) -> Any:
    """One label in words: ``"on_time_percent"`` -> ``"on time (%)"``; other values unchanged."""
    if not isinstance(text, str):
        return text
    words = _PER.sub(lambda match: f"per {int(match.group(1)):,}", text)
    words = _PERCENT.sub(" (%)", words)
    return words.replace("_", " ")


def readable(table: Table) -> Table:
    """A copy of ``table`` (a DataFrame or Series) with its labels in words (see :func:`label`)."""
    shown = table.copy()
    shown.index = shown.index.map(label)
    shown.index.names = [label(name) for name in shown.index.names]
    if isinstance(shown, pd.DataFrame):
        shown.columns = shown.columns.map(label)
        shown.columns.names = [label(name) for name in shown.columns.names]
    else:
        shown.name = label(shown.name)
    return shown
