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
    instruments,
    load_instrument,
)
from himoya.screening.printable import printable_form
from himoya.screening.score import NOT_A_DIAGNOSIS, ScreeningResult, score

if TYPE_CHECKING:
    from himoya.screening.form import ScreeningForm


def form(instrument_id: str, *, age: int | None = None) -> ScreeningForm:
    """An interactive ipywidgets form for ``instrument_id`` (see :mod:`himoya.screening.form`).

    ipywidgets is imported only when a form is made.
    """
    from himoya.screening.form import form as _form

    return _form(instrument_id, age=age)


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
