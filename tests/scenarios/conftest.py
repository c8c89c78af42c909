"""Shared helpers for the scenario tests: Debian's headless chromium, driven by Playwright."""

import pytest


class OfflinePage:
    """A browser page that aborts and counts every request that is not ``file:`` or ``data:``."""

    def __init__(self, browser, *, width: int = 1000, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def offline_page(browser):
    """Make :class:`OfflinePage` objects; closes them after the test."""
    pages: list[OfflinePage] = []

    def make(**kwargs) -> OfflinePage:
        page = OfflinePage(browser, **kwargs)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()


def play_to_an_ending(page, player, *, use_enter: bool = True, max_steps: int = 60) -> list[str]:
    """Click the first offered choice until the player shows an ending; return the nodes seen.

    With ``use_enter``, the first step focuses the button and presses Enter instead of clicking.
    """
    nodes = [player.get_attribute("data-himoya-node")]
    for step in range(max_steps):
        if player.get_attribute("data-himoya-finished") == "true":
            return nodes
        button = player.locator("button.hp-choice").first
        if use_enter and step == 0:
            button.focus()
            page.keyboard.press("Enter")
        else:
            button.click()
        nodes.append(player.get_attribute("data-himoya-node"))
    raise AssertionError(f"no ending after {max_steps} choices: {nodes}")


@pytest.fixture
def play_to_ending():
    """The :func:`play_to_an_ending` helper, for test modules (which cannot import conftest)."""
    return play_to_an_ending
