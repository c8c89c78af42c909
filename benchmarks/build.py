"""Time a cold book build and a rebuild after touching one page.

Run: ``make bench`` or ``.venv/bin/python benchmarks/build.py [--page modules/...md] [--lang L]``.
``--lang en`` builds the English book only; ``--lang ru`` English and Russian; the default is
every edition ``himoya build`` makes (English and each ``build: true`` edition).
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
    parser.add_argument(
        "--lang",
        default=None,
        help="editions to build, e.g. en (English only) or ru (English and Russian)",
    )
    args = parser.parse_args()
    languages = [lang for lang in args.lang.split(",") if lang] if args.lang else None
    root = course_root()
    page = root / args.page
    with tempfile.TemporaryDirectory(prefix="himoya-bench-") as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        build_book(source=root, output=out, strict=True, quiet=True, languages=languages)
        cold = time.perf_counter() - start

        stat = page.stat()
        os.utime(page, (stat.st_atime, time.time()))
        start = time.perf_counter()
        build_book(source=root, output=out, strict=True, quiet=True, languages=languages)
        warm = time.perf_counter() - start
        pages = sum(1 for _ in (out / "_build" / "html").rglob("*.html"))
    print(f"editions:               {args.lang or 'default'}")
    print(f"pages built:            {pages}")
    print(f"cold build:             {cold:.1f} s")
    print(f"rebuild after touching: {warm:.1f} s  ({args.page})")


if __name__ == "__main__":
    main()
