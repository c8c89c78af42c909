"""The live screening form: an ipywidgets form that administers an instrument item by item.

In JupyterLab the form shows each question with its answer labels as radio buttons, a "Score"
button and, after scoring, the result, its red flags and the recommended action, under a banner
saying that screening is not diagnosis. In the static book (no kernel) the same object shows the
printable form with its scoring sheet instead: ``_repr_mimebundle_`` returns the widget's bundle
plus a ``text/html`` entry.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from himoya.i18n import N_, ui
from himoya.screening.model import Instrument
from himoya.screening.printable import form_fragment
from himoya.screening.score import BANNER_TEXT, ScreeningResult, score
from himoya.screening.translate import language_notes, load_instrument, screening_words

_STATIC_NOTE = N_(
    "This is the printable version of the form. Opened as a notebook in JupyterLab, this page "
    "shows an interactive form that scores the answers for you."
)


class ScreeningForm:
    """An interactive form for one instrument. Display it in a notebook cell.

    Attributes a script or a test can drive: ``questions`` (item id -> radio buttons),
    ``age_input``, ``score_button``, ``reset_button``, ``result_view`` (the HTML shown after
    scoring) and ``result`` (the last :class:`ScreeningResult`, or None).
    """

    def __init__(self, instrument: Instrument, *, age: int | None = None) -> None:
        self.instrument = instrument
        self.language = instrument.requested_language
        _ = self._ = ui(self.language).gettext
        w = self.words = screening_words(self.language)
        self.result: ScreeningResult | None = None
        self.questions: dict[str, widgets.RadioButtons] = {}
        self._boxes: dict[str, widgets.VBox] = {}
        rows: list[widgets.Widget] = []
        for item in instrument.items:
            radio = widgets.RadioButtons(
                options=[(option.label, option.value) for option in instrument.options],
                value=None,
                layout=widgets.Layout(width="auto", margin="0 0 0 1.5em"),
            )
            hint = ""
            if item.optional and item.ask_when:
                ask = _("ask only if {when}").format(when=item.ask_when)
                hint = f" <em>({escape(ask)})</em>"
            label = widgets.HTML(f"<strong>{item.number}.</strong> {escape(item.text)}{hint}")
            box = widgets.VBox([label, radio], layout=widgets.Layout(margin="0 0 0.6em 0"))
            radio.observe(self._on_answer, names="value")
            self.questions[item.id] = radio
            self._boxes[item.id] = box
            rows.append(box)
        self.age_input = widgets.Text(
            value="" if age is None else str(age),
            description=_("Age (years, optional)"),
            layout=widgets.Layout(width="16em"),
        )
        self.score_button = widgets.Button(
            description=_("Score"), button_style="primary", tooltip=_("Score the answers")
        )
        self.reset_button = widgets.Button(
            description=_("Start again"), tooltip=_("Clear all answers")
        )
        self.score_button.on_click(lambda _button: self.score())
        self.reset_button.on_click(lambda _button: self.reset())
        self.result_view = widgets.HTML("")
        notes = "".join(f"<p><em>{escape(note)}</em></p>" for note in language_notes(instrument))
        header = widgets.HTML(
            '<p style="background:#fff4ce;border-left:4px solid #8a6d00;padding:4px 8px">'
            f"<strong>{escape(w['screening_is_not_diagnosis'])}</strong> "
            f"{escape(_(BANNER_TEXT))}</p>{notes}"
            f"<p><strong>{escape(instrument.name)}</strong>. "
            f"{escape(w['who_answers'])} {escape(instrument.respondent)}.</p>"
            f"<p>{escape(instrument.instructions)}</p>"
        )
        footer = widgets.HTML(
            f'<p style="font-size:0.85em">{escape(instrument.attribution)} '
            f"{escape(instrument.licence)}</p>"
        )
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
            raise ValueError(
                self._("age must be a whole number of years, got {value}").format(value=repr(text))
            )
        return int(text)

    def _on_answer(self, _change: Any) -> None:
        self._update_optional()
        if self.result is not None:
            self.result = None
            self.result_view.value = (
                f"<p><em>{escape(self.words['answers_changed_press_score_again'])}</em></p>"
            )

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
            result = score(
                self.instrument.id, self.responses(), age=self._age(), lang=self.language
            )
        except ValueError as error:
            self.result = None
            self.result_view.value = (
                '<p style="color:#b00020">'
                f"<strong>{escape(self.words['cannot_score_yet'])}</strong> "
                f"{escape(str(error))}</p>"
            )
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
            self.instrument.id, note=self._(_STATIC_NOTE), lang=self.language
        )
        return bundle

    def __repr__(self) -> str:
        return f"ScreeningForm({self.instrument.id!r})"


def form(instrument_id: str, *, age: int | None = None, lang: str | None = None) -> ScreeningForm:
    """An interactive form for ``instrument_id``; display it in a notebook cell.

    ``age`` fills in the age box (it selects age-specific cut-offs when scoring). ``lang`` is the
    form's language (default: the page's, :func:`himoya.i18n.current_language`).
    """
    return ScreeningForm(load_instrument(instrument_id, lang=lang), age=age)
