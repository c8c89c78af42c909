"""Psychosocial screening: instruments as data, a scoring engine, live and printable forms.

>>> from himoya.screening import score
>>> score("phq9", [1, 2, 0, 3, 1, 0, 2, 1, 0]).band
'moderate'

A screen is never a diagnosis: a result only says who needs a fuller assessment by a trained
person, and which red flags need action the same day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from himoya.screening.model import (
    Instrument,
    InstrumentFileError,
    UnknownInstrumentError,
    instrument_ids,
)
from himoya.screening.printable import printable_form
from himoya.screening.score import NOT_A_DIAGNOSIS, ScreeningResult, score
from himoya.screening.translate import instruments, load_instrument

if TYPE_CHECKING:
    from himoya.screening.form import ScreeningForm


def form(instrument_id: str, *, age: int | None = None, lang: str | None = None) -> ScreeningForm:
    """An interactive ipywidgets form for ``instrument_id`` (see :mod:`himoya.screening.form`).

    ipywidgets is imported only when a form is made. ``lang``: the form's language (default: the
    page's).
    """
    from himoya.screening.form import form as _form

    return _form(instrument_id, age=age, lang=lang)


__all__ = [
    "NOT_A_DIAGNOSIS",
    "Instrument",
    "InstrumentFileError",
    "ScreeningResult",
    "UnknownInstrumentError",
    "form",
    "instrument_ids",
    "instruments",
    "load_instrument",
    "printable_form",
    "score",
]
