"""Shared fixtures: the course root, one strict build of the book per session, headless chromium."""

from pathlib import Path

import pytest

from himoya.book import build_book
from himoya.paths import course_root

ROOT = course_root(Path(__file__).parent)


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="write the golden files (tests/**/goldens/) from this run's output (see goldens.py)",
    )


def pytest_configure(config):
    import goldens

    config.pluginmanager.register(GroupCheck(), "himoya-group-check")
    goldens.UPDATE["flag"] = config.getoption("--update-goldens")


SLOW_TIMEOUT = 3600
"""Seconds a test marked build, browser or nbgrader may take (the default is in pyproject.toml)."""


def xdist_group(item) -> str:
    """Which of ``make test``'s parallel workers' queues a test joins (pytest-xdist
    ``--dist loadgroup``): the tests of one group run in one worker, one after another.

    - ``book``: every test of the session's strict build (``built_book``: built once);
    - ``hub``: the hub's tests (they create OS accounts and use fixed ports);
    - ``grading``: the tests that grade with nbgrader (each grades with two workers of its own;
      two at once would only compete for the cores);
    - otherwise the test's file (its module-scoped fixtures are made once).
    """
    path = Path(str(item.path)).relative_to(ROOT / "tests").as_posix()
    if item.get_closest_marker("build"):
        return "book"
    if path.startswith("hub/"):
        return "hub"
    if item.get_closest_marker("nbgrader"):
        return "grading"
    return path


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items):
    for item in items:
        slow = any(item.get_closest_marker(name) for name in ("build", "browser", "nbgrader"))
        if slow and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(SLOW_TIMEOUT))
        item.add_marker(pytest.mark.xdist_group(xdist_group(item)))


class GroupCheck:
    """Under ``--dist loadgroup`` every test id ends with its group (xdist adds it on the
    workers); if not, two workers would each build the book (and more), so stop at once."""

    @pytest.hookimpl(trylast=True)  # after xdist marked the groups in the test ids
    def pytest_collection_modifyitems(self, config, items):
        grouped = getattr(config.option, "loadgroup", False)  # set by xdist on its workers
        if grouped and any("@" not in item.nodeid for item in items):
            raise pytest.UsageError(
                "pytest-xdist's --dist loadgroup ignores the test groups with this pytest "
                "(pytest-xdist#1386): install the versions in constraints.txt"
            )


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


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's headless chromium driven by Playwright (never a downloaded browser).

    Module-scoped on purpose: Playwright's sync API keeps an event loop for as long as it is open,
    so two open at once (or one left open across the whole session) break each other.
    """
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; `make test` does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server on loopback for the session (see ``tests/postgres.py``)."""
    from postgres import missing_reason, postgres_server

    reason = missing_reason()
    if reason:
        pytest.fail(reason)
    with postgres_server() as server:
        yield server
