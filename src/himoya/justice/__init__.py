"""Juvenile justice tools: a child's age on a date, criminal liability and the protections due.

``age_at`` and ``liability`` are plain functions (tested, used by the exercises); ``calculator``
is the age-and-liability form: live (ipywidgets) in JupyterLab, and a self-contained HTML and
JavaScript calculator in the built book that gives the same answers from the same data.
``worked_table`` gives the answers for the course's fictional children as a pandas DataFrame.
The law is ``age14_articles.yml`` and every word is ``texts.yml``, both next to this file.
Importing this package has no side effects and does not import ipywidgets or pandas.
"""

from himoya.justice.articles import ArticleRef, age_rules, parse_article
from himoya.justice.calculator import (
    LiabilityCalculator,
    article_options,
    calculator,
    example_children,
    static_calculator,
    worked_table,
)
from himoya.justice.dates import age_at, parse_date
from himoya.justice.liability import LiabilityResult, liability

__all__ = [
    "ArticleRef",
    "LiabilityCalculator",
    "LiabilityResult",
    "age_at",
    "age_rules",
    "article_options",
    "calculator",
    "example_children",
    "liability",
    "parse_article",
    "parse_date",
    "static_calculator",
    "worked_table",
]
