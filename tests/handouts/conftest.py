"""Handouts made once per session from the session's strict build of the whole book."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from himoya.book.handouts import HandoutsResult, make_handouts


@pytest.fixture(scope="session")
def handouts(built_book, course_dir) -> HandoutsResult:
    """Every handout PDF of the course, made from ``built_book`` (tests must be marked build)."""
    return make_handouts(source=course_dir, build=built_book.parent, progress=False)


def _poppler(tool: str, pdf: Path, *args: str) -> str:
    command = [tool, *args, str(pdf), *(["-"] if tool == "pdftotext" else [])]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{tool} {pdf.name}: {result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def poppler():
    """Run a poppler-utils command (pdffonts, pdfinfo, pdftotext) on a PDF; return its text."""
    return _poppler
