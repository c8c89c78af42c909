"""The mini course of the language tests (``tests/i18n/mini-course``): English, Russian, Tajik."""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).parent
COURSE = HERE / "i18n" / "mini-course"
SCENARIO = HERE / "scenarios" / "valid-minimal.yml"


def make_mini_course(target: Path) -> Path:
    """Copy the mini course to ``target`` with its case (``tests/scenarios/valid-minimal.yml``)."""
    shutil.copytree(COURSE, target, ignore=shutil.ignore_patterns("_build"))
    cases = target / "modules" / "01-demo" / "cases"
    cases.mkdir(parents=True)
    shutil.copy2(SCENARIO, cases / SCENARIO.name)
    return target


def write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` (UTF-8), making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
