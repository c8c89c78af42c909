"""Shared pieces for every PDF Himoya prints with WeasyPrint (handouts, gamebooks, certificates).

Fonts come from Debian's fonts-dejavu-core (which covers Tajik and Russian Cyrillic: ғ ӣ қ ӯ ҳ ҷ)
and are embedded, subset, in each PDF. Rendering may read only ``file:`` and ``data:`` URLs, so a
PDF never waits for a network that a workshop does not have.
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
"""Debian's fonts-dejavu-core (installed by ``make course``)."""

DEJAVU_FILES = {
    ("DejaVu Sans", "normal", "normal"): "DejaVuSans.ttf",
    ("DejaVu Sans", "bold", "normal"): "DejaVuSans-Bold.ttf",
    ("DejaVu Sans", "normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("DejaVu Sans", "bold", "italic"): "DejaVuSans-BoldOblique.ttf",
    ("DejaVu Sans Mono", "normal", "normal"): "DejaVuSansMono.ttf",
    ("DejaVu Sans Mono", "bold", "normal"): "DejaVuSansMono-Bold.ttf",
    ("DejaVu Serif", "normal", "normal"): "DejaVuSerif.ttf",
    ("DejaVu Serif", "bold", "normal"): "DejaVuSerif-Bold.ttf",
}
"""(family, weight, style) -> file name in ``FONT_DIR``."""


def font_faces(font_dir: Path = FONT_DIR) -> str:
    """``@font-face`` rules for the DejaVu files present in ``font_dir`` (local files only).

    Where a file is missing, fontconfig's nearest font is used instead.
    """
    rules = []
    for (family, weight, style), name in DEJAVU_FILES.items():
        path = font_dir / name
        if path.is_file():
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'font-style: {style}; src: url("{path.as_uri()}"); }}'
            )
    return "\n".join(rules)


def offline_fetcher():
    """A WeasyPrint URL fetcher that reads ``file:`` and ``data:`` only, and fails loudly.

    Any other URL (``https:``, ``ftp:``…) raises ``FatalURLFetchingError`` at once, which stops
    the rendering instead of waiting for a network.
    """
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=["file", "data"], timeout=2, fail_on_errors=True)
