"""Headless Debian chromium (never a downloaded browser) and axe-core from the npm registry."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from himoya.paths import course_root

ROOT = course_root(Path(__file__).parent)
AXE_DIR = ROOT / ".cache" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_LOCK = ROOT / "tools" / "npm" / "axe"
"""The axe-core version tested, with its lock file (the Makefile installs from it too)."""


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
        for name in ("package.json", "package-lock.json"):
            shutil.copy2(AXE_LOCK / name, AXE_DIR / name)
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not AXE_JS.is_file():
            pytest.fail(f"npm could not install axe-core into {AXE_DIR}: {result.stderr[-500:]}")
    return AXE_JS
