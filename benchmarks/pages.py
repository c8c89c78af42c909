"""Page weight of the built book, the handouts and the offline zip.

Run after ``himoya build`` and ``himoya handouts`` (``make course``):
``.venv/bin/python benchmarks/pages.py [--build _build]``.

Every page is opened in headless Debian chromium from ``file://``; each file it loads is
recorded (nothing is fetched from another host: those requests are aborted and reported). Sizes
are bytes on disk (``file://`` has no compression, so this is what a phone reads):

- **per page**: the page's own HTML plus the files only that page uses (its images), i.e. what
  a reader pays for the page when the shared theme files are already cached;
- **shared**: files two or more pages use (theme CSS, JS, fonts), counted once;
- **first visit**: one page with everything it loads, nothing cached.

Targets (issue 10): median page <= 300 KB; zipped offline bundle <= 40 MB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

from himoya.paths import course_root

MEDIAN_TARGET = 300 * 1024
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


def loads(html: Path) -> tuple[dict[Path, set[Path]], list[str]]:
    """For every page, the local files it loads (itself included); and any remote URLs."""
    from playwright.sync_api import sync_playwright

    used: dict[Path, set[Path]] = {}
    remote: list[str] = []
    pages = _pages(html)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        files: set[Path] = set()

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
        for number, path in enumerate(pages, start=1):
            files.clear()
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_timeout(200)  # fonts and lazy images requested after load
            used[path] = {f for f in files if f.is_file()} | {path}
            print(f"\r  opened {number}/{len(pages)} pages", end="", file=sys.stderr)
        print(file=sys.stderr)
        browser.close()
    return used, remote


def report(build: Path) -> int:
    html = build / "html"
    if not (html / "index.html").is_file():
        print(f"{html}: no built book (run `himoya build` first)", file=sys.stderr)
        return 1
    site_files = [p for p in html.rglob("*") if p.is_file()]
    site_size = sum(p.stat().st_size for p in site_files)
    used, remote = loads(html)
    users: dict[Path, int] = defaultdict(int)
    for files in used.values():
        for file in files:
            users[file] += 1
    shared = {file for file, count in users.items() if count > 1}
    own = {
        page: sum(f.stat().st_size for f in files if f not in shared or f == page)
        for page, files in used.items()
    }
    first = {page: sum(f.stat().st_size for f in files) for page, files in used.items()}
    median = statistics.median(own.values())
    heaviest = max(own, key=own.get)
    shared_size = sum(f.stat().st_size for f in shared)

    print(f"site: {len(site_files)} files, {_mb(site_size)} ({html})")
    print(f"pages: {len(used)}")
    print(
        f"per page (own HTML + files only it uses): median {_kb(median)}, "
        f"max {_kb(own[heaviest])} ({heaviest.relative_to(html)})"
        f"  [target: median <= {_kb(MEDIAN_TARGET)}: "
        f"{'OK' if median <= MEDIAN_TARGET else 'OVER'}]"
    )
    print(f"shared files (theme, scripts, fonts; loaded once): {len(shared)}, {_kb(shared_size)}")
    print(
        f"first visit, nothing cached: median {_kb(statistics.median(first.values()))}, "
        f"max {_kb(max(first.values()))}"
    )
    print("heaviest pages (own):")
    for page in sorted(own, key=own.get, reverse=True)[:5]:
        print(f"  {_kb(own[page]):>9}  {page.relative_to(html)}")
    print(f"requests to other hosts: {len(remote)}{' ' + str(remote[:3]) if remote else ''}")

    handouts = sorted((build / "handouts").glob("*.pdf"))
    if handouts:
        total = sum(p.stat().st_size for p in handouts)
        print(f"handouts: {len(handouts)} PDFs, {_mb(total)}")
        for pdf in handouts:
            print(f"  {_kb(pdf.stat().st_size):>9}  {pdf.name}")
    else:
        print("handouts: none (run `himoya handouts`)")
    bundle = build / "himoya-offline.zip"
    if bundle.is_file():
        size = bundle.stat().st_size
        verdict = "OK" if size <= ZIP_TARGET else "OVER"
        print(f"offline zip: {_mb(size)}  [target <= {_mb(ZIP_TARGET)}: {verdict}]")
    else:
        print("offline zip: none (run `himoya handouts`)")
    return 0 if median <= MEDIAN_TARGET and not remote else 1


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
