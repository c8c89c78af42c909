"""The shared Jinja2 environment escapes data and refuses undefined names."""

import pytest
from jinja2 import UndefinedError

from himoya.templating import render


def test_a_trainees_name_cannot_become_markup():
    html = render("_selftest.html.j2", name='<script>alert("x")</script> Ҷамшед')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Ҷамшед" in html


def test_an_undefined_name_fails_instead_of_printing_nothing():
    with pytest.raises(UndefinedError):
        render("_selftest.html.j2")
