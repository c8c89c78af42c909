"""Juvenile justice tools: a child's age on a date, criminal liability and the protections due.

``age_at`` and ``liability`` are plain functions (tested, used by the exercises); ``calculator``
is a small ipywidgets form over ``liability`` for JupyterLab, and ``worked_table`` gives the
same answers as a pandas DataFrame for the static book. Importing this package has no side
effects and does not import ipywidgets or pandas.
"""

from himoya.justice.articles import ArticleRef, age_rules, parse_article
from himoya.justice.calculator import (
    EXAMPLE_CHILDREN,
    LiabilityCalculator,
    calculator,
    worked_table,
)
from himoya.justice.dates import age_at, parse_date
from himoya.justice.liability import LiabilityResult, liability

__all__ = [
    "EXAMPLE_CHILDREN",
    "ArticleRef",
    "LiabilityCalculator",
    "LiabilityResult",
    "age_at",
    "age_rules",
    "calculator",
    "liability",
    "parse_article",
    "parse_date",
    "worked_table",
]
