"""The live screening form: an ipywidgets form that administers an instrument item by item.

In JupyterLab the form shows each question with its answer labels as radio buttons, a "Score"
button and, after scoring, the result, its red flags and the recommended action, under a banner
saying that screening is not diagnosis. In the static book (no kernel) the same object shows the
book's HTML form, scored in the browser from the same rules
(:func:`himoya.screening.printable.form_fragment` with ``interactive=True``):
``_repr_mimebundle_`` returns the widget's bundle plus a ``text/html`` entry. The HTML pieces are
the template ``screening/live.html.j2``; the words come from ``ui-strings.yml``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from himoya.screening.model import Instrument, load_instrument
from himoya.screening.printable import form_fragment
from himoya.screening.score import BANNER_TEXT, ScreeningResult, score
from himoya.templating import render
from himoya.ui import fill, ui_strings


def _piece(part: str, **data: Any) -> str:
    """One HTML piece of the form (template ``screening/live.html.j2``)."""
    ui = ui_strings("screening")
    return render("screening/live.html.j2", part=part, ui=ui, fill=fill, **data)


class ScreeningForm:
    """An interactive form for one instrument. Display it in a notebook cell.

    Attributes a script or a test can drive: ``questions`` (item id -> radio buttons),
    ``age_input``, ``score_button``, ``reset_button``, ``result_view`` (the HTML shown after
    scoring) and ``result`` (the last :class:`ScreeningResult`, or None).
    """

    def __init__(self, instrument: Instrument, *, age: int | None = None) -> None:
        self.instrument = instrument
        self.result: ScreeningResult | None = None
        self.questions: dict[str, widgets.RadioButtons] = {}
        self._boxes: dict[str, widgets.VBox] = {}
        rows: list[widgets.Widget] = []
        ui = ui_strings("screening")
        for item in instrument.items:
            radio = widgets.RadioButtons(
                options=[(option.label, option.value) for option in instrument.options],
                value=None,
                layout=widgets.Layout(width="auto", margin="0 0 0 1.5em"),
            )
            label = widgets.HTML(_piece("item", item=item))
            box = widgets.VBox([label, radio], layout=widgets.Layout(margin="0 0 0.6em 0"))
            radio.observe(self._on_answer, names="value")
            self.questions[item.id] = radio
            self._boxes[item.id] = box
            rows.append(box)
        self.age_input = widgets.Text(
            value="" if age is None else str(age),
            description=ui["age_box"],
            layout=widgets.Layout(width="16em"),
        )
        self.score_button = widgets.Button(
            description=ui["score_button"], button_style="primary", tooltip=ui["score_tip"]
        )
        self.reset_button = widgets.Button(
            description=ui["start_again"], tooltip=ui["start_again_tip"]
        )
        self.score_button.on_click(lambda _button: self.score())
        self.reset_button.on_click(lambda _button: self.reset())
        self.result_view = widgets.HTML("")
        header = widgets.HTML(_piece("header", instrument=instrument, banner=BANNER_TEXT))
        footer = widgets.HTML(_piece("footer", instrument=instrument))
        self.widget = widgets.VBox(
            [
                header,
                self.age_input,
                *rows,
                widgets.HBox([self.score_button, self.reset_button]),
                self.result_view,
                footer,
            ]
        )
        self._update_optional()

    # -- behaviour --------------------------------------------------------------------------

    def responses(self) -> dict[str, int | None]:
        """The answers chosen so far: item id -> value (None: not answered)."""
        return {ident: radio.value for ident, radio in self.questions.items()}

    def _age(self) -> int | None:
        text = self.age_input.value.strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(f"age must be a whole number of years, got {text!r}")
        return int(text)

    def _on_answer(self, _change: Any) -> None:
        self._update_optional()
        if self.result is not None:
            self.result = None
            self.result_view.value = _piece("changed")

    def _update_optional(self) -> None:
        """Show optional items (the ASQ's question 5) only when the scored answers call for them."""
        threshold = self.instrument.default_cutoff.min_total
        total = sum(self.questions[item.id].value or 0 for item in self.instrument.scored_items)
        for item in self.instrument.items:
            if not item.optional:
                continue
            show = total >= threshold
            self._boxes[item.id].layout.display = "" if show else "none"
            if not show and self.questions[item.id].value is not None:
                self.questions[item.id].value = None

    def score(self) -> ScreeningResult | None:
        """Score the current answers and show the result (or what is missing)."""
        try:
            result = score(self.instrument.id, self.responses(), age=self._age())
        except ValueError as error:
            self.result = None
            self.result_view.value = _piece("error", error=str(error))
            return None
        self.result = result
        self.result_view.value = result._repr_html_()
        return result

    def reset(self) -> None:
        """Clear every answer and the result."""
        for radio in self.questions.values():
            radio.value = None
        self.result = None
        self.result_view.value = ""

    # -- display ----------------------------------------------------------------------------

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude, **kwargs))
        bundle["text/html"] = form_fragment(
            self.instrument.id,
            note=ui_strings("screening")["interactive_note"],
            interactive=True,
        )
        return bundle

    def __repr__(self) -> str:
        return f"ScreeningForm({self.instrument.id!r})"


def form(instrument_id: str, *, age: int | None = None) -> ScreeningForm:
    """An interactive form for ``instrument_id``; display it in a notebook cell.

    ``age`` fills in the age box (it selects age-specific cut-offs when scoring).
    """
    return ScreeningForm(load_instrument(instrument_id), age=age)
