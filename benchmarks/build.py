"""Time a cold book build and a rebuild after touching one page.

Run: ``make bench`` or ``.venv/bin/python benchmarks/build.py [--page modules/...md]``.
The cold build goes into a fresh temporary folder (no execution cache), as on a new machine.
The rebuild touches one page (its modification time) and builds again into the same folder.
Prints both times in seconds. Timings are for reports, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from himoya.book import build_book
from himoya.paths import course_root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--page",
        default="modules/01-foundations/index.md",
        help="page to touch before the rebuild (relative to the course root)",
    )
    args = parser.parse_args()
    root = course_root()
    page = root / args.page
    with tempfile.TemporaryDirectory(prefix="himoya-bench-") as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        build_book(source=root, output=out, strict=True, quiet=True)
        cold = time.perf_counter() - start

        stat = page.stat()
        os.utime(page, (stat.st_atime, time.time()))
        start = time.perf_counter()
        build_book(source=root, output=out, strict=True, quiet=True)
        warm = time.perf_counter() - start
        pages = sum(1 for _ in (out / "_build" / "html").rglob("*.html"))
    print(f"pages built:            {pages}")
    print(f"cold build:             {cold:.1f} s")
    print(f"rebuild after touching: {warm:.1f} s  ({args.page})")


if __name__ == "__main__":
    main()
