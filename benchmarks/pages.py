"""Page weight of the built book in every edition, the handouts and the offline zip.

Run after ``himoya build`` and ``himoya handouts`` (``make course``):
``.venv/bin/python benchmarks/pages.py [--build _build] [--edition en|ru|tg ...]``.

Each edition is measured on its own: the English book in ``_build/html/``, and each other edition
(a folder of ``_build/html/`` with its own ``searchindex.js``: ``ru/``, ``tg/``) from its own
first page. Every page is opened in headless Debian chromium from ``file://``, in a new browser
context (nothing cached); every file it loads is recorded (HTML, CSS, scripts, fonts, images;
nothing is fetched from another host: those requests are aborted and reported), and so is every
script error. Sizes are bytes on disk (``file://`` has no compression, so this is what a phone
reads from a USB stick):

- **cold load**: one page with everything it loads, nothing cached;
- **further page**: what a page adds once the reader has opened the edition's first page (the page
  ``<edition>/index.html`` leads to): the files that first page loaded (the theme's CSS, scripts
  and fonts) are in the browser's cache, the rest is counted;
- **per page (own)**: the page's HTML plus the files no other page of the edition uses.

The search page is the one page that loads the edition's search index (``searchindex.js``, the
words of every page): it is held to the cold-load target, and its further weight is reported on
its own line, not held to the further-page target (it is a tool, opened to search, not a page to
read). Any other page that loads a ``searchindex.js`` is held to both targets like every page.

Targets (issue 14): every cold load <= 1 MB (1,048,576 bytes); every further page to read
<= 150 KB; no script error; no request to another host; zipped offline bundle <= 40 MB. The
script exits non-zero when one is missed, naming the edition and the page.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from himoya.paths import course_root

COLD_TARGET = 1024 * 1024
FURTHER_TARGET = 150 * 1024
ZIP_TARGET = 40 * 1024 * 1024
SEARCH_PAGE = "search.html"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
]


def _kb(size: float) -> str:
    return f"{size / 1024:,.0f} KB"


def _mb(size: float) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


@dataclass
class Edition:
    """One built edition: its folder and its pages."""

    code: str
    """``en`` for the book in ``html/``, else the folder's name (``ru``, ``tg``)."""
    root: Path
    """The edition's folder (``html/`` or ``html/<code>/``)."""
    pages: list[Path] = field(default_factory=list)
    nested: set[Path] = field(default_factory=set)
    """Other editions' folders inside this one (the English book holds ``ru/`` and ``tg/``)."""

    def files(self) -> list[Path]:
        """Every file of the edition's folder (not of the editions nested in it)."""
        return [
            path
            for path in self.root.rglob("*")
            if path.is_file() and not any(folder in path.parents for folder in self.nested)
        ]

    @property
    def first(self) -> Path:
        """The page the edition opens on (its ``index.html`` redirects to it)."""
        index = self.root / "index.html"
        match = re.search(r'url=([^"\']+)', index.read_text(encoding="utf-8"))
        return (self.root / match.group(1)).resolve() if match else index

    @property
    def search(self) -> Path:
        return self.root / SEARCH_PAGE


def find_editions(html: Path) -> list[Edition]:
    """The English book and every edition folder below it, each with its pages (not the theme's
    templates, not the edition's root redirect, not another edition's pages)."""
    others = sorted(
        folder
        for folder in html.iterdir()
        if folder.is_dir() and (folder / "searchindex.js").is_file() and folder.name != "_static"
    )
    found = [Edition("en", html)] + [Edition(folder.name, folder) for folder in others]
    for edition in found:
        edition.nested = {other.root for other in found if edition.root in other.root.parents}
        edition.pages = sorted(
            path
            for path in edition.files()
            if path.suffix == ".html"
            and "_static" not in path.relative_to(edition.root).parts
            and path != edition.root / "index.html"
        )
    return found


@dataclass
class Loads:
    """What opening the pages found."""

    used: dict[Path, set[Path]] = field(default_factory=dict)
    """page -> every local file it loaded (the page included)."""
    remote: list[str] = field(default_factory=list)
    errors: dict[Path, list[str]] = field(default_factory=dict)


def open_pages(pages: list[Path]) -> Loads:
    """Open every page, each in a new browser context (an empty cache), and record its loads."""
    from playwright.sync_api import sync_playwright

    result = Loads()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for number, path in enumerate(pages, start=1):
            files: set[Path] = set()
            failures: list[str] = []
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()

            def abort(route) -> None:
                result.remote.append(route.request.url)
                route.abort()

            page.route(lambda url: not url.startswith(("file:", "data:")), abort)
            page.on(
                "requestfinished",
                lambda request, files=files: (
                    files.add(Path(unquote(urlsplit(request.url).path)))
                    if request.url.startswith("file:")
                    else None
                ),
            )
            page.on("pageerror", lambda error, failures=failures: failures.append(str(error)))
            page.on(
                "console",
                lambda message, failures=failures: (
                    failures.append(message.text) if message.type == "error" else None
                ),
            )
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_timeout(200)  # fonts and lazy images requested after load
            result.used[path] = {f for f in files if f.is_file()} | {path}
            if failures:
                result.errors[path] = failures
            context.close()
            print(f"\r  opened {number}/{len(pages)} pages", end="", file=sys.stderr)
        print(file=sys.stderr)
        browser.close()
    return result


@dataclass
class Figures:
    """One edition's page weights, in bytes."""

    edition: Edition
    cold: dict[Path, int]
    further: dict[Path, int]
    """Every page but the first and the search page."""
    own: dict[Path, int]
    cached: set[Path]
    """The first page's files (the cache for a further page)."""
    shared: set[Path]
    size: dict[Path, int]
    search_cold: int | None = None
    search_further: int | None = None

    def problems(self, html: Path) -> list[str]:
        """Each missed target, naming the page."""
        found = []
        for page, value in sorted(self.cold.items(), key=lambda item: -item[1]):
            if value > COLD_TARGET:
                found.append(
                    f"{self.edition.code}: {_name(page, html)}: cold load {_kb(value)} "
                    f"> {_kb(COLD_TARGET)}"
                )
        for page, value in sorted(self.further.items(), key=lambda item: -item[1]):
            if value > FURTHER_TARGET:
                found.append(
                    f"{self.edition.code}: {_name(page, html)}: further page {_kb(value)} "
                    f"> {_kb(FURTHER_TARGET)}"
                )
        return found


def _name(page: Path, html: Path) -> str:
    return page.relative_to(html).as_posix() if html in page.parents else str(page)


def weigh(edition: Edition, used: dict[Path, set[Path]]) -> Figures:
    """Cold, further and own weight of every page of ``edition`` from what each page loaded."""
    mine = {page: used[page] for page in edition.pages}
    size = {file: file.stat().st_size for files in mine.values() for file in files}
    users: dict[Path, int] = defaultdict(int)
    for files in mine.values():
        for file in files:
            users[file] += 1
    shared = {file for file, count in users.items() if count > 1}
    first = edition.first
    cached = mine.get(first, set()) - {first}
    cold = {page: sum(size[f] for f in files) for page, files in mine.items()}
    further_all = {page: sum(size[f] for f in files - cached) for page, files in mine.items()}
    figures = Figures(
        edition=edition,
        cold=cold,
        further={
            page: value
            for page, value in further_all.items()
            if page not in {first, edition.search}
        },
        own={
            page: sum(size[f] for f in files if f not in shared or f == page)
            for page, files in mine.items()
        },
        cached=cached,
        shared=shared,
        size=size,
    )
    if edition.search in mine:
        figures.search_cold = cold[edition.search]
        figures.search_further = further_all[edition.search]
    return figures


def print_edition(figures: Figures, html: Path, errors: dict[Path, list[str]]) -> None:
    edition = figures.edition
    cold, further = figures.cold, figures.further
    worst_cold = max(cold, key=cold.get)
    worst_further = max(further, key=further.get)
    cold_ok = cold[worst_cold] <= COLD_TARGET
    further_ok = further[worst_further] <= FURTHER_TARGET
    first = edition.first

    def name(page: Path) -> str:
        return _name(page, html)

    site_files = edition.files()
    print(
        f"\n== edition {edition.code} ({name(edition.root / 'index.html')} -> {name(first)}): "
        f"{len(cold)} pages; folder {len(site_files)} files, "
        f"{_mb(sum(p.stat().st_size for p in site_files))}"
    )
    print(
        f"cold load (everything a page loads, nothing cached): median "
        f"{_kb(statistics.median(cold.values()))}, max {_kb(cold[worst_cold])} "
        f"({name(worst_cold)})  [target <= {_kb(COLD_TARGET)}: {'OK' if cold_ok else 'OVER'}]"
    )
    print(
        f"further page to read (after {name(first)}, its {len(figures.cached)} files cached): "
        f"median {_kb(statistics.median(further.values()))}, max {_kb(further[worst_further])} "
        f"({name(worst_further)})  [target <= {_kb(FURTHER_TARGET)}: "
        f"{'OK' if further_ok else 'OVER'}]"
    )
    if figures.search_cold is not None:
        index = edition.root / "searchindex.js"
        print(
            f"search page ({name(edition.search)}, loads the search index, "
            f"{name(index)} {_kb(index.stat().st_size)}): cold {_kb(figures.search_cold)}, "
            f"further {_kb(figures.search_further)}"
        )
    print(
        f"per page (own HTML + files only it uses): median "
        f"{_kb(statistics.median(figures.own.values()))}, max {_kb(max(figures.own.values()))}"
    )
    print(
        f"shared files (theme, scripts, fonts; loaded once): {len(figures.shared)}, "
        f"{_kb(sum(figures.size[f] for f in figures.shared))}"
    )
    print("heaviest further pages:")
    for page in sorted(further, key=further.get, reverse=True)[:5]:
        print(f"  {_kb(further[page]):>9}  {name(page)}")
    print(f"files of a cold load of the first page ({_kb(cold[first])}):")
    for file in sorted(figures.cached | {first}, key=lambda f: figures.size[f], reverse=True)[:8]:
        print(f"  {_kb(figures.size[file]):>9}  {name(file)}")
    mine = {page: messages for page, messages in errors.items() if page in cold}
    print(f"pages with script errors: {len(mine)}")
    for page, messages in list(mine.items())[:5]:
        print(f"  {name(page)}: {messages[0][:120]}")


def report(build: Path, only: list[str] | None = None) -> int:
    html = (build / "html").resolve()
    if not (html / "index.html").is_file():
        print(f"{html}: no built book (run `himoya build` first)", file=sys.stderr)
        return 1
    editions = find_editions(html)
    if only:
        unknown = sorted(set(only) - {edition.code for edition in editions})
        if unknown:
            print(f"{html}: no edition {', '.join(unknown)} built", file=sys.stderr)
            return 1
        editions = [edition for edition in editions if edition.code in only]
    print(f"book: {html}; editions: {', '.join(edition.code for edition in editions)}")
    loads = open_pages([page for edition in editions for page in edition.pages])
    problems: list[str] = []
    for edition in editions:
        if edition.first not in loads.used:
            problems.append(f"{edition.code}: first page {_name(edition.first, html)} not built")
            continue
        figures = weigh(edition, loads.used)
        print_edition(figures, html, loads.errors)
        problems += figures.problems(html)
    for page, messages in loads.errors.items():
        problems.append(f"{_name(page, html)}: script error: {messages[0][:120]}")
    print(f"\nrequests to other hosts: {len(loads.remote)}")
    for url in loads.remote[:5]:
        problems.append(f"request to another host: {url}")

    handouts = sorted((build / "handouts").rglob("*.pdf"))
    if handouts:
        total = sum(p.stat().st_size for p in handouts)
        print(f"handouts: {len(handouts)} PDFs, {_mb(total)}")
        for pdf in sorted(handouts, key=lambda p: p.stat().st_size, reverse=True)[:5]:
            print(f"  {_kb(pdf.stat().st_size):>9}  {pdf.relative_to(build / 'handouts')}")
    else:
        print("handouts: none (run `himoya handouts`)")
    bundle = build / "himoya-offline.zip"
    if bundle.is_file():
        zip_size = bundle.stat().st_size
        zip_ok = zip_size <= ZIP_TARGET
        print(
            f"offline zip: {_mb(zip_size)}  [target <= {_mb(ZIP_TARGET)}: "
            f"{'OK' if zip_ok else 'OVER'}]"
        )
        if not zip_ok:
            problems.append(f"{bundle}: {_mb(zip_size)} > {_mb(ZIP_TARGET)}")
    else:
        print("offline zip: none (run `himoya handouts`)")
    if problems:
        print(f"\n{len(problems)} target(s) missed:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("\nall targets met")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--build",
        type=Path,
        default=None,
        help="build folder holding html/ and handouts/ (default: <course>/_build)",
    )
    parser.add_argument(
        "--edition",
        action="append",
        metavar="CODE",
        help="measure only this edition (en, ru, tg; repeat for several; default: all built)",
    )
    args = parser.parse_args()
    sys.exit(report(args.build or course_root() / "_build", args.edition))


if __name__ == "__main__":
    main()
