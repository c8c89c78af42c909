"""The protocol card prints on ONE A4 page: from the browser, and through a plain print template."""

import re
from pathlib import Path

import pytest

CARD = Path("modules") / "03-juvenile-justice" / "protocol-card.html"
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def _article(html: str) -> str:
    match = re.search(r'<article class="bd-article">(.*?)</article>', html, flags=re.DOTALL)
    assert match, "no <article> in the built protocol card"
    return match.group(1)


@pytest.mark.build
def test_protocol_card_fits_one_a4_page_in_a_plain_print_template(built_book):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    page = built_book / CARD
    body = _article(page.read_text(encoding="utf-8"))
    document = (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 15mm; }"
        "body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; line-height: 1.35; }"
        "table { border-collapse: collapse; width: 100%; }"
        "td, th { border: 1px solid #999; padding: 3pt 5pt; vertical-align: top; }"
        "a.headerlink { display: none; }"
        f"</style></head><body>{body}</body></html>"
    )
    fetcher = URLFetcher(allowed_protocols=["file", "data"], timeout=2)
    rendered = HTML(string=document, base_url=page.parent.as_uri() + "/", url_fetcher=fetcher)
    pages = rendered.render().pages
    assert len(pages) == 1, f"the protocol card takes {len(pages)} A4 pages"


@pytest.mark.build
@pytest.mark.browser
def test_protocol_card_prints_on_one_a4_page_from_the_browser(built_book, browser):
    page = browser.new_page()
    try:
        page.goto((built_book / CARD).as_uri())
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    count = len(PAGE_OBJECT.findall(pdf))
    assert count == 1, f"the protocol card prints on {count} A4 pages"
