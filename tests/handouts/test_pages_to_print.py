"""From a built book page to printable HTML: what is kept, what goes, where links point.

The fixture ``built-pages/`` is a tiny built site: page A carries theme chrome, a scenario
player, a copy button, an image and links to page B (same handout), page C (not in it) and the
web; page B links back.
"""

from pathlib import Path

from himoya.book.printing import extract_page

SITE = Path(__file__).parent / "built-pages"
A = "modules/01-demo/page-a"
B = "modules/01-demo/page-b"


def _page_a(in_document=None):
    anchors = in_document or {A: "p-a", B: "p-b"}
    return extract_page(
        html=SITE, docname=A, in_document=anchors, gamebooks={"bread-at-the-bazaar": "Bread"}
    )


def test_only_the_article_is_kept_without_buttons_scripts_or_permalinks():
    page = _page_a()
    assert page.title == "Page A: first contact"
    for gone in ("<script", "<button", "headerlink", "Page B in the sidebar", "Next</a>", "Copy"):
        assert gone not in page.body, gone
    assert 'print("hello")' in page.body


def test_links_to_pages_in_the_same_handout_become_links_inside_the_pdf():
    body = _page_a().body
    assert 'href="#p-b--the-details"' in body
    assert 'href="#p-a--page-a-second"' in body
    assert 'id="p-a--page-a-second"' in body


def test_links_to_pages_outside_the_handout_keep_only_their_words():
    body = _page_a().body
    assert "page C of another module" in body
    assert "page-c.html" not in body


def test_web_links_stay_clickable():
    assert 'href="https://www.unicef.org/tajikistan/"' in _page_a().body


def test_a_link_to_a_page_without_fragment_points_at_that_page_start():
    page = extract_page(html=SITE, docname=B, in_document={A: "p-a", B: "p-b"})
    assert 'href="#p-a"' in page.body


def test_scenario_player_becomes_a_note_naming_the_gamebook_handout():
    body = _page_a().body
    assert "himoya-player" not in body
    assert "HimoyaPlayer" not in body
    assert "gamebook-bread-at-the-bazaar.pdf" in body
    assert "Case simulation: Bread" in body


def test_images_point_at_their_files_next_to_the_built_page():
    body = _page_a().body
    figure = (SITE / "_images" / "figure.png").resolve().as_uri()
    assert f'src="{figure}"' in body
    assert 'alt="A district map (fictional)"' in body
