"""Headless Debian chromium (never a downloaded browser) and axe-core from the npm registry."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from himoya.paths import course_root

ROOT = course_root(Path(__file__).parent)
AXE_DIR = ROOT / ".cache" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_CORE = re.search(
    r"^AXE_CORE := (\S+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE
).group(1)
"""The axe-core version the Makefile installs (the one tested)."""


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe-core's ``axe.min.js``, installed from the npm registry into ``.cache/axe`` once.

    ``make test`` installs it first; this is the fallback when pytest runs on its own.
    """
    if not AXE_JS.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"{AXE_JS} missing and npm not found: run `make test` or install npm")
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        command = ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR)]
        result = subprocess.run(
            [npm, *command, f"axe-core@{AXE_CORE}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not AXE_JS.is_file():
            pytest.fail(f"npm could not install axe-core into {AXE_DIR}: {result.stderr[-500:]}")
    return AXE_JS
