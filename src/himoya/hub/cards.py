"""Printable trainee cards (PDF, A4, six per page): hub address, id, PIN and how to connect."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from himoya.pdf import font_faces, offline_fetcher
from himoya.templating import render

TITLE = "Himoya"


@dataclass(frozen=True)
class Card:
    """One trainee's card."""

    id: str
    """Roster id: what the trainee types as their name."""
    pin: str
    """The trainee's PIN."""
    name: str
    """Full name as in the roster (so the trainer hands the right card to the right person)."""


def cards_html(
    cards: list[Card], *, address: str, wifi: str = "", lockout_minutes: int = 5, lang: str = "en"
) -> str:
    return render(
        "hub-cards.html.j2",
        cards=cards,
        address=address,
        wifi=wifi,
        title=TITLE,
        lockout_minutes=lockout_minutes,
        lang=lang,
        font_faces=Markup(font_faces()),  # the package's own CSS, not user data
    )


def write_cards(target: Path, cards: list[Card], **options) -> Path:
    """Render the cards to ``target`` (PDF) and return it."""
    from weasyprint import HTML

    document = cards_html(cards, **options)
    HTML(string=document, base_url=str(target.parent), url_fetcher=offline_fetcher()).write_pdf(
        target
    )
    target.chmod(0o600)
    return target
