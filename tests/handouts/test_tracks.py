"""Role tracks are read from the path pages: their ``{doc}`` links, in order."""

from pathlib import Path

import pytest

from himoya.book.handouts import TRACK_ROLES, HandoutError, toc_docnames, track_pages

COURSE = Path(__file__).parent / "course-with-paths"


def test_toc_lists_the_root_then_every_page_in_reading_order():
    assert toc_docnames(COURSE) == (
        "modules/00-start/index",
        "modules/00-start/path-police",
        "modules/00-start/glossary",
        "modules/01-demo/index",
        "modules/01-demo/for-police",
        "modules/01-demo/for-caregivers",
        "modules/01-demo/for-everyone",
        "modules/02-other/index",
        "modules/02-other/referral",
        "modules/02-other/for-police-too",
    )


def test_track_follows_the_path_page_links_in_order_once_each():
    assert track_pages(COURSE, "police") == (
        "modules/00-start/path-police",
        "modules/00-start/index",
        "modules/00-start/glossary",
        "modules/01-demo/index",
        # "read all of it": the module's pages that serve police officers, in book order
        "modules/01-demo/for-police",
        "modules/01-demo/for-everyone",
        "modules/02-other/index",
        # "Only referral": the linked page even though its roles do not name police
        "modules/02-other/referral",
    )


def test_a_role_without_a_path_page_is_named_in_the_error():
    with pytest.raises(HandoutError, match=r"path-supervisor\.md: no path page"):
        track_pages(COURSE, "supervisor")


def test_every_role_with_a_path_page_gets_a_printed_track(course_dir):
    paths = (course_dir / "modules/00-start").glob("path-*.md")
    assert {path.stem.removeprefix("path-") for path in paths} == set(TRACK_ROLES)


def test_the_real_supervisor_track_holds_casework_and_all_of_the_caseload_data_module(course_dir):
    pages = track_pages(course_dir, "supervisor")
    assert pages[0] == "modules/00-start/path-supervisor"
    assert {"modules/02-casework/steps", "modules/02-casework/timeframes"} <= set(pages)
    # "Your core module: read all of it": every page of module 07 that serves supervisors
    module_07 = [page for page in pages if page.startswith("modules/07-caseload-data/")]
    assert "modules/07-caseload-data/timeliness" in module_07
    assert len(module_07) >= 8
    assert "modules/04-psychosocial/red-flags" in pages
    assert len(pages) == len(set(pages))


def test_the_real_police_track_holds_the_protocol_card_and_the_referral_page(course_dir):
    pages = track_pages(course_dir, "police")
    assert pages[0] == "modules/00-start/path-police"
    assert "modules/03-juvenile-justice/protocol-card" in pages
    assert "modules/02-casework/referral" in pages
    assert len(pages) == len(set(pages))
