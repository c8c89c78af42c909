"""Page weight of the built book, the handouts and the offline zip.

Run after ``himoya build`` and ``himoya handouts`` (``make course``):
``.venv/bin/python benchmarks/pages.py [--build _build]``.

Every page is opened in headless Debian chromium from ``file://``; every file it loads is
recorded (HTML, CSS, scripts, fonts, images; nothing is fetched from another host: those requests
are aborted and reported), and so is every script error. Sizes are bytes on disk (``file://`` has
no compression, so this is what a phone reads from a USB stick):

- **cold load**: one page with everything it loads, nothing cached;
- **further page**: what a page adds once the reader has opened the book's first page (the files
  that page loaded, the theme's CSS, scripts and fonts, are in the browser's cache);
- **per page (own)**: the page's HTML plus the files no other page uses.

The search page is reported on its own line: it is the one page that loads the book's search
index (``searchindex.js``, about 210 KB: the words of every page), so it is a tool rather than a
page to read; it is held to the cold-load target but not to the further-page one.

Targets (issue 14): every cold load <= 1 MB (1,048,576 bytes); every further page to read
<= 150 KB; no script error; zipped offline bundle <= 40 MB. The script exits non-zero when one
is missed.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

from himoya.paths import course_root

COLD_TARGET = 1024 * 1024
FURTHER_TARGET = 150 * 1024
ZIP_TARGET = 40 * 1024 * 1024
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


def _pages(html: Path) -> list[Path]:
    """Every page of the site (not the theme's templates, not the root redirect)."""
    return sorted(
        path
        for path in html.rglob("*.html")
        if "_static" not in path.relative_to(html).parts and path != html / "index.html"
    )


def loads(html: Path) -> tuple[dict[Path, set[Path]], list[str], dict[Path, list[str]]]:
    """For every page: the local files it loads (itself included); remote URLs; script errors."""
    from playwright.sync_api import sync_playwright

    used: dict[Path, set[Path]] = {}
    remote: list[str] = []
    errors: dict[Path, list[str]] = {}
    pages = _pages(html)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        files: set[Path] = set()
        failures: list[str] = []

        def abort(route) -> None:
            remote.append(route.request.url)
            route.abort()

        page.route(lambda url: not url.startswith(("file:", "data:")), abort)
        page.on(
            "requestfinished",
            lambda request: (
                files.add(Path(unquote(urlsplit(request.url).path)))
                if request.url.startswith("file:")
                else None
            ),
        )
        page.on("pageerror", lambda error: failures.append(str(error)))
        page.on(
            "console",
            lambda message: failures.append(message.text) if message.type == "error" else None,
        )
        for number, path in enumerate(pages, start=1):
            files.clear()
            failures.clear()
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_timeout(200)  # fonts and lazy images requested after load
            used[path] = {f for f in files if f.is_file()} | {path}
            if failures:
                errors[path] = list(failures)
            print(f"\r  opened {number}/{len(pages)} pages", end="", file=sys.stderr)
        print(file=sys.stderr)
        browser.close()
    return used, remote, errors


def _first_page(html: Path) -> Path:
    """The page the book opens on (the root index.html redirects to it)."""
    text = (html / "index.html").read_text(encoding="utf-8")
    match = re.search(r'url=([^"\']+)', text)
    return (html / match.group(1)).resolve() if match else html / "index.html"


def report(build: Path) -> int:
    html = (build / "html").resolve()
    if not (html / "index.html").is_file():
        print(f"{html}: no built book (run `himoya build` first)", file=sys.stderr)
        return 1
    site_files = [p for p in html.rglob("*") if p.is_file()]
    site_size = sum(p.stat().st_size for p in site_files)
    used, remote, errors = loads(html)
    users: dict[Path, int] = defaultdict(int)
    for files in used.values():
        for file in files:
            users[file] += 1
    shared = {file for file, count in users.items() if count > 1}
    size = {file: file.stat().st_size for files in used.values() for file in files}
    own = {
        page: sum(size[f] for f in files if f not in shared or f == page)
        for page, files in used.items()
    }
    cold = {page: sum(size[f] for f in files) for page, files in used.items()}
    search = html / "search.html"
    first = _first_page(html)
    cached = used.get(first, set()) - {first}
    further_all = {page: sum(size[f] for f in files - cached) for page, files in used.items()}
    further = {page: value for page, value in further_all.items() if page != search}
    shared_size = sum(size[f] for f in shared)
    worst_cold = max(cold, key=cold.get)
    worst_further = max(further, key=further.get)
    cold_ok = cold[worst_cold] <= COLD_TARGET
    further_ok = further[worst_further] <= FURTHER_TARGET

    def name(page: Path) -> str:
        return page.relative_to(html).as_posix()

    print(f"site: {len(site_files)} files, {_mb(site_size)} ({html})")
    print(f"pages: {len(used)}")
    reading = {page: value for page, value in cold.items() if page != search}
    worst_read = max(reading, key=reading.get)
    print(
        f"cold load (everything a page loads, nothing cached): median "
        f"{_kb(statistics.median(cold.values()))}, max {_kb(cold[worst_cold])} "
        f"({name(worst_cold)}); max of a page to read {_kb(reading[worst_read])} "
        f"({name(worst_read)})  [target <= {_kb(COLD_TARGET)}: {'OK' if cold_ok else 'OVER'}]"
    )
    print(
        f"further page to read (after {name(first)}, its {len(cached)} files cached): median "
        f"{_kb(statistics.median(further.values()))}, max {_kb(further[worst_further])} "
        f"({name(worst_further)})  [target <= {_kb(FURTHER_TARGET)}: "
        f"{'OK' if further_ok else 'OVER'}]"
    )
    if search in further_all:
        print(
            f"search page (loads the search index): cold {_kb(cold[search])}, "
            f"further {_kb(further_all[search])}"
        )
    print(
        f"per page (own HTML + files only it uses): median "
        f"{_kb(statistics.median(own.values()))}, max {_kb(max(own.values()))}"
    )
    print(f"shared files (theme, scripts, fonts; loaded once): {len(shared)}, {_kb(shared_size)}")
    print("heaviest further pages:")
    for page in sorted(further, key=further.get, reverse=True)[:5]:
        print(f"  {_kb(further[page]):>9}  {name(page)}")
    print("files of a cold load of the first page:")
    for file in sorted(used.get(first, ()), key=lambda f: size[f], reverse=True)[:8]:
        print(f"  {_kb(size[file]):>9}  {file.relative_to(html) if html in file.parents else file}")
    print(f"requests to other hosts: {len(remote)}{' ' + str(remote[:3]) if remote else ''}")
    print(f"pages with script errors: {len(errors)}")
    for page, messages in list(errors.items())[:5]:
        print(f"  {name(page)}: {messages[0][:120]}")

    handouts = sorted((build / "handouts").glob("*.pdf"))
    if handouts:
        total = sum(p.stat().st_size for p in handouts)
        print(f"handouts: {len(handouts)} PDFs, {_mb(total)}")
        for pdf in handouts:
            print(f"  {_kb(pdf.stat().st_size):>9}  {pdf.name}")
    else:
        print("handouts: none (run `himoya handouts`)")
    bundle = build / "himoya-offline.zip"
    zip_ok = True
    if bundle.is_file():
        zip_size = bundle.stat().st_size
        zip_ok = zip_size <= ZIP_TARGET
        print(
            f"offline zip: {_mb(zip_size)}  [target <= {_mb(ZIP_TARGET)}: "
            f"{'OK' if zip_ok else 'OVER'}]"
        )
    else:
        print("offline zip: none (run `himoya handouts`)")
    return 0 if cold_ok and further_ok and zip_ok and not remote and not errors else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--build",
        type=Path,
        default=None,
        help="build folder holding html/ and handouts/ (default: <course>/_build)",
    )
    args = parser.parse_args()
    sys.exit(report(args.build or course_root() / "_build"))


if __name__ == "__main__":
    main()
