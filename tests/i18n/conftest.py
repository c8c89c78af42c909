"""A fresh copy of the mini course (English, Russian, Tajik) per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from minicourse import make_mini_course


@pytest.fixture
def mini_course(tmp_path, monkeypatch) -> Path:
    """A fresh copy of the mini course; the catalogs are read from it (``HIMOYA_ROOT``)."""
    root = make_mini_course(tmp_path / "course")
    monkeypatch.setenv("HIMOYA_ROOT", str(root))
    monkeypatch.delenv("HIMOYA_LANG", raising=False)
    return root
