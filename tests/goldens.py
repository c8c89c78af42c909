"""Golden files: approved output kept beside the tests, compared after normalising.

A test calls ``assert_golden(text, path)``. The text is normalised first (``normalise``): inline
images become a placeholder (their bytes depend on the matplotlib and FreeType versions, their
alt text stays), time stamps and temporary folders become fixed words. When the output changes on
purpose, look at the new output and approve it with

    .venv/bin/pytest tests/grading/test_goldens.py --update-goldens   (or HIMOYA_UPDATE_GOLDENS=1)

then review ``git diff`` of the golden files like any other change.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

UPDATE = {"flag": False}
"""Set by ``--update-goldens`` (tests/conftest.py)."""

_DATA_URI = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")
_STAMP = re.compile(r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\b")


def normalise(text: str, *, replace: dict[str, str] | None = None) -> str:
    """The text with its run-dependent parts replaced by fixed words."""
    for old, new in (replace or {}).items():
        text = text.replace(old, new)
    text = _DATA_URI.sub("data:image/png;base64,(PNG)", text)
    return _STAMP.sub("(TIME)", text)


def updating() -> bool:
    return UPDATE["flag"] or os.environ.get("HIMOYA_UPDATE_GOLDENS") == "1"


def assert_golden(text: str, golden: Path, *, replace: dict[str, str] | None = None) -> None:
    """Compare ``text`` (normalised) with the approved file, or write it when updating."""
    actual = normalise(text, replace=replace)
    if updating():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="")
        return
    if not golden.is_file():
        raise AssertionError(f"{golden} does not exist yet: run the test with --update-goldens")
    expected = golden.read_bytes().decode("utf-8")  # keeps the CSV files' \r\n
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{golden.name} (approved)",
                tofile=f"{golden.name} (now)",
                n=2,
            )
        )
        raise AssertionError(
            f"output differs from {golden} (if on purpose: --update-goldens)\n{diff[:6000]}"
        )
