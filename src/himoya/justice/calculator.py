"""The age-and-liability calculator: live in JupyterLab, working in the static book, and a table.

One object, two renderings: :func:`calculator` returns an object whose ``_repr_mimebundle_``
holds the live ipywidgets form (JupyterLab, with a kernel) *and* a ``text/html`` calculator that
works in the built book with no kernel and no network (:func:`static_calculator`). The book shows
the ``text/html`` (``nb_mime_priority_overrides`` in ``_config.yml``).

The static calculator is the template ``templates/justice/liability-calculator.html.j2`` with
``static/liability.js`` and the law and the words as JSON, taken from ``age14_articles.yml`` and
``texts.yml`` when the page is built: one source for Python and the browser.

:func:`worked_table` gives the answers for the course's fictional children as a DataFrame.
ipywidgets and pandas are imported only when these functions are called.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from himoya.justice.articles import ARTICLE_PATTERN, SUPERSCRIPTS, age_rules, rules_data
from himoya.justice.dates import SPACE
from himoya.justice.liability import LiabilityResult, liability
from himoya.justice.texts import message, text, texts

if TYPE_CHECKING:
    import pandas as pd

OTHER = "other"
_INSTANCES = itertools.count(1)


@functools.cache
def example_children() -> tuple[Mapping[str, Any], ...]:
    """The fictional children of the worked table (``worked_examples.yml``)."""
    source = resources.files("himoya.justice").joinpath("worked_examples.yml").read_text("utf-8")
    return tuple(yaml.safe_load(source))


def worked_table(
    children: Iterable[Mapping[str, Any]] | None = None, *, detail: bool = False
) -> pd.DataFrame:
    """One row per child: article, age that counts, liable?, outcome, what happened, the dates.

    With ``detail``, also the age of liability and what applies.

    Each child is a mapping with ``child``, ``date_of_birth``, ``offence_date`` and ``article``
    (and optionally ``what``, a short description); by default the course's fictional children.
    A row that cannot be worked out raises the ``ValueError`` of :func:`liability`, prefixed with
    the child's name. The table is indexed by the child's name.
    """
    import pandas as pd

    words = text("table")
    rows = []
    for child in example_children() if children is None else children:
        name = str(child.get("child", "?"))
        try:
            result = liability(child["date_of_birth"], child["offence_date"], child["article"])
        except (KeyError, ValueError) as error:
            raise ValueError(message("table.bad_row", child=name, error=error)) from None
        # The answer first, so that it shows on a phone without scrolling sideways.
        row = {
            words["child"]: name,
            words["article"]: result.article_label,
            words["age"]: result.age_at_offence,
            words["liable"]: result.liable_word,
            words["outcome"]: result.outcome,
            words["what"]: str(child.get("what", "")),
            words["date_of_birth"]: result.date_of_birth.isoformat(),
            words["offence_date"]: result.offence_date.isoformat(),
        }
        if detail:
            row[words["liable_from"]] = result.liability_age
            row[words["what_applies"]] = "; ".join(result.protections)
        rows.append(row)
    return pd.DataFrame(rows).set_index(words["child"])


def article_options() -> list[tuple[str, str]]:
    """(label, value) for each choice of the article list, each part named, then "another"."""
    rules = age_rules()
    form = text("form")
    options: list[tuple[str, str]] = []
    for entry in rules.listed:
        if entry.parts is None:
            label = message(
                "form.option", value=entry.article, offence=entry.offence, age=rules.listed_age
            )
            options.append((label, str(entry.article)))
            continue
        for part in entry.parts:
            age = rules.listed_age if part.listed else rules.general_age
            label = message(
                "form.option_part",
                number=entry.article,
                part=part.part,
                offence=part.offence,
                age=age,
            )
            options.append((label, f"{entry.article} part {part.part}"))
    options.append((form["option_other"], OTHER))
    return options


def calculator_payload() -> dict[str, Any]:
    """What ``liability.js`` needs, as JSON: the law, the words and the article grammar."""
    return {
        "rules": rules_data(),
        "texts": texts(),
        "pattern": ARTICLE_PATTERN,
        "space": SPACE,
        "superscripts": SUPERSCRIPTS,
        "other": OTHER,
    }


@functools.cache
def _static(name: str) -> str:
    return resources.files("himoya.justice").joinpath("static", name).read_text("utf-8")


def static_calculator(*, element_id: str | None = None, article: str = "244") -> str:
    """The calculator as one self-contained HTML fragment (``data-tool="liability"``).

    It loads nothing from anywhere, so it works from ``file://`` and on a phone with no
    connection. Each call gets its own element id unless ``element_id`` is given.
    """
    from markupsafe import Markup

    from himoya.templating import render

    return render(
        "justice/liability-calculator.html.j2",
        element_id=element_id or f"himoya-liability-{next(_INSTANCES)}",
        css=Markup(_static("liability.css")),  # the package's own file
        js=Markup(_static("liability.js")),  # the package's own file
        payload=calculator_payload(),
        form=text("form"),
        options=article_options(),
        selected=article,
    )


def standalone_page(*, lang: str = "en") -> str:
    """A complete HTML page with one static calculator (for previews and browser tests)."""
    from markupsafe import Markup

    from himoya.templating import render

    return render(
        "justice/liability-page.html.j2",
        lang=lang,
        title=text("form.title"),
        calculator=Markup(static_calculator()),  # rendered by our template
    )


class LiabilityCalculator:
    """A small form: two date pickers, an article list (each part named), the answer below.

    Displayed in JupyterLab it is live; in the built book it is the static calculator (see the
    module docstring).
    """

    def __init__(
        self,
        *,
        date_of_birth: dt.date | None = None,
        offence_date: dt.date | None = None,
        article: str = "244",
    ) -> None:
        import ipywidgets as widgets

        form = text("form")
        self.date_of_birth = widgets.DatePicker(
            description=form["date_of_birth"], value=date_of_birth
        )
        self.offence_date = widgets.DatePicker(description=form["offence_date"], value=offence_date)
        self.article = widgets.Dropdown(
            description=form["article"], options=article_options(), value=article
        )
        self.other_article = widgets.Text(
            description=form["other_article"],
            placeholder=form["other_article_hint"],
            layout=widgets.Layout(display="none"),
        )
        self.answer = widgets.HTML()
        style = {"description_width": "12em"}
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
            article = self.other_article.value
        return liability(self.date_of_birth.value, self.offence_date.value, article)

    def update(self) -> None:
        """Recompute the answer shown under the form."""
        from himoya.templating import render

        self.other_article.layout.display = "" if self.article.value == OTHER else "none"
        try:
            result = self.result()
        except ValueError as error:
            self.answer.value = render(
                "justice/liability-message.html.j2",
                kind="hl-error",
                text=message("errors.check_form", error=error),
            )
            return
        if result is None:
            self.answer.value = render(
                "justice/liability-message.html.j2", kind="hl-waiting", text=text("form.waiting")
            )
        else:
            self.answer.value = result._repr_html_()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = static_calculator(article=str(self.article.value))
        bundle["text/plain"] = text("form.title")
        return bundle


def calculator(
    *,
    date_of_birth: dt.date | None = None,
    offence_date: dt.date | None = None,
    article: str = "244",
) -> LiabilityCalculator:
    """The age-and-liability form: live in JupyterLab, the static calculator in the book."""
    return LiabilityCalculator(
        date_of_birth=date_of_birth, offence_date=offence_date, article=article
    )
