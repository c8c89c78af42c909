"""The age-and-liability form (live, ipywidgets) and its worked table (static, pandas).

One object, two renderings: :func:`calculator` returns an object whose ``_repr_mimebundle_``
holds the live widget (JupyterLab, with a kernel) *and* a ``text/html`` note with a worked
example, which the built book shows because it has no kernel. ``worked_table`` gives the same
answers for a list of example children as a pandas DataFrame.

ipywidgets and pandas are imported only when these functions are called.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from himoya.justice.articles import age_rules
from himoya.justice.liability import ADULT, BELOW_AGE, MINOR, LiabilityResult, liability

if TYPE_CHECKING:
    import pandas as pd

OTHER = "other"

#: Fictional children for the worked table. Names, dates and events are invented.
EXAMPLE_CHILDREN: tuple[Mapping[str, Any], ...] = (
    {"child": "Farrukh (Bokhtar)", "date_of_birth": "2011-03-10", "offence_date": "2025-03-09",
     "article": "244", "what": "took bread at a bazaar"},
    {"child": "Farrukh, one day later", "date_of_birth": "2011-03-10",
     "offence_date": "2025-03-10", "article": "244", "what": "the same act on his birthday"},
    {"child": "Jamshed (Khujand)", "date_of_birth": "2009-11-02", "offence_date": "2025-01-15",
     "article": "111", "what": "a fight in which another boy was hurt"},
    {"child": "Davron (Kulob)", "date_of_birth": "2009-11-02", "offence_date": "2025-01-15",
     "article": "247", "what": "an offence not on the art. 23(2) list"},
    {"child": "Siyovush (Dushanbe)", "date_of_birth": "2010-06-20", "offence_date": "2025-02-01",
     "article": "237(1)", "what": "hooliganism, part 1"},
    {"child": "Siyovush, other case", "date_of_birth": "2010-06-20",
     "offence_date": "2025-02-01", "article": "237(2)", "what": "hooliganism, part 2"},
    {"child": "Manija (Vahdat)", "date_of_birth": "2008-02-29", "offence_date": "2022-02-28",
     "article": "244", "what": "born on 29 February; offence on 28 February"},
    {"child": "Rustam (Istaravshan)", "date_of_birth": "2007-04-05",
     "offence_date": "2025-04-05", "article": "248", "what": "offence on his 18th birthday"},
)  # fmt: skip


_OUTCOMES = {
    BELOW_AGE: "No criminal liability: protection referral",
    MINOR: "Liable minor: all protections for minors",
    ADULT: "Not a child case",
}


def worked_table(children: Iterable[Mapping[str, Any]] = EXAMPLE_CHILDREN) -> pd.DataFrame:
    """One row per child: age at the offence, liable?, minor?, outcome and protections.

    Each child is a mapping with ``child``, ``date_of_birth``, ``offence_date`` and ``article``
    (and optionally ``what``, a short description). A row that cannot be worked out raises the
    ``ValueError`` of :func:`liability`, prefixed with the child's name.
    """
    import pandas as pd

    rows = []
    for child in children:
        name = str(child.get("child", "?"))
        try:
            result = liability(child["date_of_birth"], child["offence_date"], child["article"])
        except (KeyError, ValueError) as error:
            raise ValueError(f"{name}: {error}") from None
        rows.append(
            {
                "Child (fictional)": name,
                "What happened": str(child.get("what", "")),
                "Date of birth": result.date_of_birth.isoformat(),
                "Offence date": result.offence_date.isoformat(),
                "Article": result.article_label,
                "Age at offence": result.age_at_offence,
                "Liable from": result.liability_age,
                "Liable?": "yes" if result.liable else "no",
                "Minor (art. 86)?": "yes" if result.minor else "no",
                "Outcome": _OUTCOMES[result.status],
                "What applies": "; ".join(result.protections),
            }
        )
    return pd.DataFrame(rows)


def _article_options() -> list[tuple[str, str]]:
    options: list[tuple[str, str]] = []
    for entry in age_rules().listed:
        for part in entry.known_parts or (None,):
            value = str(entry.article) if part is None else f"{entry.article}({part})"
            listed = entry.parts is None or part in entry.parts
            where = "from 14" if listed else "from 16"
            label = f"{value} — {entry.offence} ({where})"
            options.append((label, value))
    options.append(("Another article (not on the art. 23(2) list: from 16)", OTHER))
    return options


_STATIC_NOTE = (
    "<div class='himoya-calculator-static'>"
    "<p><strong>The age-and-liability form runs in JupyterLab.</strong> It needs a live Python "
    "kernel, which the book does not have. In the book, see the worked table on this page. "
    "Example: a fictional child born on 2011-03-10 who took bread (art. 244) on 2025-03-09 gets "
    "this answer:</p>{example}</div>"
)


class LiabilityCalculator:
    """A small form: two date pickers, an article dropdown, and the answer below them.

    Displayed in JupyterLab it is live; in the built book it shows a static note and a worked
    example instead (see the module docstring).
    """

    def __init__(
        self,
        *,
        date_of_birth: dt.date | None = None,
        offence_date: dt.date | None = None,
        article: str = "244",
    ) -> None:
        import ipywidgets as widgets

        self.date_of_birth = widgets.DatePicker(description="Date of birth", value=date_of_birth)
        self.offence_date = widgets.DatePicker(description="Offence date", value=offence_date)
        self.article = widgets.Dropdown(
            description="Article", options=_article_options(), value=article
        )
        self.other_article = widgets.BoundedIntText(
            description="Article no.",
            value=age_rules().first_article,
            min=age_rules().first_article,
            max=age_rules().last_article,
            layout=widgets.Layout(display="none"),
        )
        self.answer = widgets.HTML()
        style = {"description_width": "8em"}
        for control in (self.date_of_birth, self.offence_date, self.article, self.other_article):
            control.style = style
            control.observe(self._changed, names="value")
        self.widget = widgets.VBox(
            [self.date_of_birth, self.offence_date, self.article, self.other_article, self.answer]
        )
        self.update()

    def _changed(self, _change: object) -> None:
        self.update()

    def result(self) -> LiabilityResult | None:
        """The answer for the form's current values (``None`` until both dates are set)."""
        if self.date_of_birth.value is None or self.offence_date.value is None:
            return None
        article = self.article.value
        if article == OTHER:
            article = str(self.other_article.value)
        return liability(self.date_of_birth.value, self.offence_date.value, article)

    def update(self) -> None:
        """Recompute the answer shown under the form."""
        self.other_article.layout.display = "" if self.article.value == OTHER else "none"
        try:
            result = self.result()
        except ValueError as error:
            self.answer.value = f"<p><strong>Check the form:</strong> {html.escape(str(error))}</p>"
            return
        if result is None:
            self.answer.value = "<p>Choose the date of birth and the date of the offence.</p>"
        else:
            self.answer.value = result._repr_html_()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        example = liability("2011-03-10", "2025-03-09", "244")._repr_html_()
        bundle["text/html"] = _STATIC_NOTE.format(example=example)
        bundle["text/plain"] = (
            "Age-and-liability form (live in JupyterLab). "
            "In the book, see the worked table on this page."
        )
        return bundle


def calculator(
    *,
    date_of_birth: dt.date | None = None,
    offence_date: dt.date | None = None,
    article: str = "244",
) -> LiabilityCalculator:
    """The age-and-liability form: live in JupyterLab, a static example in the book."""
    return LiabilityCalculator(
        date_of_birth=date_of_birth, offence_date=offence_date, article=article
    )
