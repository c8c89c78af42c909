"""The offline zip: book, handouts, released exercises and a START-HERE page at its root."""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import PurePosixPath

import pytest

from himoya.book.bundle import make_bundle, start_here


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.remote: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])
        for attr in ("src", "href"):
            if tag in {"link", "script", "img"} and (values.get(attr) or "").startswith("http"):
                self.remote.append(values[attr])


def _links(page: str) -> _Links:
    parser = _Links()
    parser.feed(page)
    return parser


def test_start_here_links_the_book_every_handout_and_every_exercise():
    page = start_here(
        handouts=[
            ("protocol-card.pdf", "Police first-contact protocol card", 1, "card"),
            ("module-03-juvenile-justice.pdf", "03 · Juvenile justice", 35, "module"),
            ("gamebook-bread-at-the-bazaar.pdf", "Gamebook: Bread at the bazaar", 20, "gamebook"),
        ],
        exercises=("03-juvenile-justice",),
    )
    links = _links(page)
    assert links.hrefs == [
        "book/index.html",
        "handouts/protocol-card.pdf",
        "handouts/module-03-juvenile-justice.pdf",
        "handouts/gamebook-bread-at-the-bazaar.pdf",
        "exercises/03-juvenile-justice/",
    ]
    assert links.remote == []
    assert "(35 pages)" in page
    assert "Extract All" in page


@pytest.fixture(scope="session")
def bundle(handouts, built_book, course_dir):
    return make_bundle(source=course_dir, build=built_book.parent, handouts=handouts.files)


@pytest.mark.build
@pytest.mark.nbgrader
def test_bundle_holds_book_handouts_exercises_and_start_page_at_its_root(bundle, handouts):
    with zipfile.ZipFile(bundle.path) as archive:
        names = set(archive.namelist())
        start = archive.read("START-HERE.html").decode("utf-8")
    assert bundle.path.name == "himoya-offline.zip"
    assert {"START-HERE.html", "book/index.html"} <= names
    assert "book/modules/03-juvenile-justice/protocol-card.html" in names
    assert "book/_sources/modules/03-juvenile-justice/protocol-card.md" in names
    assert {f"handouts/{item.path.name}" for item in handouts.files} <= names
    for href in _links(start).hrefs:
        target = str(PurePosixPath(href))
        assert target in names or any(name.startswith(target + "/") for name in names), href
    assert bundle.size <= 40 * 1024 * 1024


@pytest.mark.build
@pytest.mark.nbgrader
def test_bundled_exercises_are_student_versions_without_answers(bundle, course_dir):
    with zipfile.ZipFile(bundle.path) as archive:
        notebooks = {n: archive.read(n) for n in archive.namelist() if n.endswith(".ipynb")}
    folders = {PurePosixPath(name).parts[1] for name in notebooks}
    assert folders == set(bundle.exercises)
    assert set(bundle.exercises) == {
        p.name
        for p in (course_dir / "exercises").iterdir()
        if p.is_dir() and any(p.glob("*.ipynb"))
    }
    for name, raw in notebooks.items():
        text = raw.decode("utf-8")
        assert not re.search(r"BEGIN (SOLUTION|HIDDEN TESTS)", text), name
        json.loads(text)


def test_every_member_is_readable_after_unzipping_whatever_the_modes_on_disk(tmp_path, course_dir):
    # A tiny course and build: one page, one PDF, no exercises; the files on disk are private.
    source = tmp_path / "course"
    (source / "grading").mkdir(parents=True)
    (source / "exercises").mkdir()
    config = (course_dir / "grading" / "nbgrader_config.py").read_text(encoding="utf-8")
    (source / "grading" / "nbgrader_config.py").write_text(config, encoding="utf-8")
    build = tmp_path / "build"
    (build / "html" / "modules").mkdir(parents=True)
    (build / "handouts").mkdir()
    for path in (
        build / "html" / "index.html",
        build / "html" / "modules" / "page.html",
        build / "handouts" / "module-01.pdf",
    ):
        path.write_text("x", encoding="utf-8")
        path.chmod(0o600)
    (build / "html" / "modules").chmod(0o700)
    result = make_bundle(source=source, build=build)
    with zipfile.ZipFile(result.path) as archive:
        modes = {info.filename: (info.external_attr >> 16) for info in archive.infolist()}
        target = tmp_path / "unzipped"
        archive.extractall(target)
    files = {name: mode for name, mode in modes.items() if not name.endswith("/")}
    folders = {name: mode for name, mode in modes.items() if name.endswith("/")}
    assert set(files) == {
        "START-HERE.html",
        "book/index.html",
        "book/modules/page.html",
        "handouts/module-01.pdf",
    }
    assert {oct(mode) for mode in files.values()} == {oct(0o100644)}
    assert {"book/", "book/modules/", "handouts/", "exercises/"} <= set(folders)
    assert {oct(mode) for mode in folders.values()} == {oct(0o040755)}
    # The names START-HERE uses are the folders the zip really has.
    start = (target / "START-HERE.html").read_text(encoding="utf-8")
    assert 'href="book/index.html"' in start
    assert (target / "book" / "index.html").is_file()
