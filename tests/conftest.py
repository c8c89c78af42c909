"""Shared fixtures: the course root and one strict build of the whole book per test session."""

from pathlib import Path

import pytest

from himoya.book import build_book
from himoya.paths import course_root

ROOT = course_root(Path(__file__).parent)


@pytest.fixture(scope="session")
def course_dir() -> Path:
    """The repository's course root (holds _config.yml and _toc.yml)."""
    return ROOT


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The whole course built strictly into a temporary folder, cold, as on a fresh machine.

    Tests that use it must be marked ``build``. Returns the ``_build/html`` folder.
    """
    out = tmp_path_factory.mktemp("book")
    return build_book(source=ROOT, output=out, strict=True, quiet=True)
