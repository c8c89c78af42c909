"""Keyboard helpers shared by the browser tests (tests/ is on pytest's pythonpath)."""

from __future__ import annotations


def tab_to(page, selector: str, limit: int) -> bool:
    """Press Tab up to ``limit`` times until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => !!document.activeElement?.matches({selector!r})"):
            return True
    return False
