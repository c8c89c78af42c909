"""``himoya handouts`` needs a built book that is newer than its sources."""

import os
import shutil
from pathlib import Path

import pytest

from himoya.book.handouts import HandoutError, check_built
from himoya.cli import main

COURSE = Path(__file__).parent / "course-with-paths"


@pytest.fixture
def course(tmp_path) -> Path:
    """The fixture course with a 'built' page for every page of its table of contents."""
    source = tmp_path / "course"
    shutil.copytree(COURSE, source)
    html = tmp_path / "_build" / "html"
    for md in source.rglob("*.md"):
        built = html / md.relative_to(source).with_suffix(".html")
        built.parent.mkdir(parents=True, exist_ok=True)
        built.write_text("<html></html>", encoding="utf-8")
    (html / "index.html").write_text("<html></html>", encoding="utf-8")
    old = 1_700_000_000
    for path in [*source.rglob("*.md"), source / "_toc.yml", source / "_config.yml"]:
        os.utime(path, (old, old))
    return source


def test_a_fresh_build_passes(course):
    check_built(source=course, html=course.parent / "_build" / "html")


def test_missing_build_names_the_folder_and_the_command(course):
    html = course.parent / "nowhere" / "html"
    with pytest.raises(HandoutError, match=r"nowhere/html: no built book here \(run `himoya build"):
        check_built(source=course, html=html)


def test_a_page_edited_after_the_build_is_named(course):
    edited = course / "modules" / "01-demo" / "for-police.md"
    newer = (course.parent / "_build" / "html" / "index.html").stat().st_mtime + 60
    os.utime(edited, (newer, newer))
    with pytest.raises(HandoutError, match=r"for-police\.html: older than .*for-police\.md"):
        check_built(source=course, html=course.parent / "_build" / "html")


def test_a_page_in_the_toc_but_not_built_is_named(course):
    html = course.parent / "_build" / "html"
    (html / "modules" / "02-other" / "referral.html").unlink()
    with pytest.raises(HandoutError, match=r"referral\.html: page missing from the built book"):
        check_built(source=course, html=html)


def test_touching_the_toc_alone_does_not_fail(course):
    # Sphinx rewrites nothing when no page changed, so the toc's date proves nothing.
    html = course.parent / "_build" / "html"
    newer = (html / "index.html").stat().st_mtime + 60
    os.utime(course / "_toc.yml", (newer, newer))
    os.utime(course / "_config.yml", (newer, newer))
    check_built(source=course, html=html)


def test_cli_without_a_build_exits_1_with_one_line(course, tmp_path, capsys):
    code = main(["handouts", "--source", str(course), "--build", str(tmp_path / "empty")])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.count("\n") == 0
    assert err.startswith("himoya: error: ")
    assert "run `himoya build` first" in err
