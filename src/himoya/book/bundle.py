"""The offline bundle: one zip with the book, the handouts and the exercises, for a USB stick.

``_build/himoya-offline.zip`` holds, at its root:

```
START-HERE.html   what is inside and how to open it (plain HTML, works with no internet)
book/             the HTML book (open book/index.html)
handouts/         the PDF handouts
exercises/        the released (student) exercise notebooks, one folder per assignment
```

The student versions are made by nbgrader (``generate_assignment``) in a temporary course
folder, with the course's ``grading/nbgrader_config.py``: solutions and hidden tests are removed
exactly as in a real cohort release.
"""

from __future__ import annotations

import html as htmllib
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from himoya.book.handouts import HandoutError, HandoutFile
from himoya.nbgrader_course import (
    StudentVersionError,
    course_assignments,
    generate_student_version,
    nbgrader_api,
)
from himoya.paths import course_root

BUNDLE_NAME = "himoya-offline.zip"

BUNDLE_FOLDERS = ("book", "handouts", "exercises")
"""The folders at the zip's root (the course's "How to use this course" page names them)."""

# Not needed offline: build metadata and execution reports. (_sources stays: the download
# button of every page links its source.)
_BOOK_SKIP = (".buildinfo", "reports", ".doctrees", ".jupyter_cache")

_KIND_HEADINGS = (
    ("card", "Protocol card (one page)"),
    ("module", "Modules"),
    ("track", "Tracks by role"),
    ("facilitator", "For facilitators"),
    ("gamebook", "Case simulations on paper (gamebooks)"),
    ("screening", "Screening forms with scoring sheets"),
)


@dataclass(frozen=True)
class BundleResult:
    """The offline zip that was written."""

    path: Path
    """Where the zip is (``_build/himoya-offline.zip``)."""
    size: int
    """Its size in bytes."""
    members: int
    """Number of files in it."""
    exercises: tuple[str, ...]
    """Names of the released assignments inside."""


def assignments(source: Path) -> tuple[str, ...]:
    """The exercise assignments of the course (``exercises/<name>/*.ipynb``), sorted."""
    return tuple(course_assignments(source / "exercises"))


def release_exercises(*, source: Path, target: Path) -> tuple[str, ...]:
    """Write nbgrader's student version of every assignment into ``target/<assignment>/``."""
    names = assignments(source)
    config_file = source / "grading" / "nbgrader_config.py"
    if not config_file.is_file():
        raise HandoutError(f"{config_file}: missing (the exercises are released with it)")
    with tempfile.TemporaryDirectory(prefix="himoya-release-") as tmp:
        course = Path(tmp) / "course"
        for name in names:
            shutil.copytree(
                source / "exercises" / name,
                course / "source" / name,
                ignore=shutil.ignore_patterns("*.yml", ".ipynb_checkpoints"),
            )
        course.mkdir(parents=True, exist_ok=True)
        shutil.copy2(config_file, course / "nbgrader_config.py")
        api = nbgrader_api(course, db_url=f"sqlite:///{course / 'gradebook.db'}")
        for name in names:
            try:
                generate_student_version(api, name)
            except StudentVersionError as error:
                raise HandoutError(f"exercises/{error}") from None
        for name in names:
            shutil.copytree(course / "release" / name, target / name, dirs_exist_ok=True)
    return names


def start_here(
    *, handouts: list[tuple[str, str, int | None, str]], exercises: tuple[str, ...]
) -> str:
    """The ``START-HERE.html`` page: what is in the bundle and how to open each part.

    ``handouts`` holds ``(file name, title, pages or None, kind)`` for every PDF.
    """
    esc = htmllib.escape
    groups = []
    for kind, heading in _KIND_HEADINGS:
        items = [
            f'<li><a href="handouts/{esc(name)}">{esc(title)}</a>'
            f"{f' ({pages} pages)' if pages and pages > 1 else ''}</li>"
            for name, title, pages, item_kind in handouts
            if item_kind == kind
        ]
        if items:
            groups.append(f"<h3>{esc(heading)}</h3><ul>{''.join(items)}</ul>")
    others = [
        f'<li><a href="handouts/{esc(name)}">{esc(title)}</a></li>'
        for name, title, _, kind in handouts
        if kind not in {k for k, _ in _KIND_HEADINGS}
    ]
    if others:
        groups.append(f"<h3>Other handouts</h3><ul>{''.join(others)}</ul>")
    exercise_items = "".join(
        f'<li><a href="exercises/{esc(name)}/">{esc(name)}</a></li>' for name in exercises
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Himoya course kit: start here</title>
<style>
body {{ font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; line-height: 1.5;
  color: #111; background: #fff; max-width: 46rem; margin: 0 auto; padding: 1rem; }}
h1 {{ font-size: 1.6rem; line-height: 1.25; }}
h2 {{ font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid #111; }}
h3 {{ font-size: 1.05rem; margin-bottom: 0.3rem; }}
a {{ color: #0b4a80; }}
.big {{ font-size: 1.15rem; }}
.box {{ border: 2px solid #0b4a80; padding: 0.6rem 1rem; border-radius: 4px; }}
li {{ margin-bottom: 0.3rem; }}
</style>
</head>
<body>
<main>
<h1>Himoya: child protection course kit</h1>
<p>This folder holds the whole course. It works <strong>with no internet</strong>: nothing in it
loads anything from another computer. Every case, name and number in the course is fictional.</p>

<div class="box">
<p class="big"><strong>First:</strong> if you are reading this inside a zip file, unzip (extract)
the whole zip first. On Windows: right-click the zip, choose <em>Extract All</em>. Then open
<strong>START-HERE.html</strong> from the extracted folder.</p>
</div>

<h2>1. The course book</h2>
<p class="big"><a href="book/index.html">Open the course book</a> (the file
<code>book/index.html</code>)</p>
<p>It opens in your web browser (Chrome, Firefox, Edge or Safari). The case simulations and the
screening forms work in the browser too. On an Android phone: copy the extracted folder to the
phone, open the <em>Files</em> app, tap <code>book/index.html</code> and choose your browser. If
the phone will not open it, use the PDF handouts below.</p>

<h2>2. Handouts to print (PDF, A4)</h2>
<p>Print one-sided or two-sided on A4 paper. The protocol card is one page: print it for every
police officer. A gamebook is a case simulation on paper: one copy per small group and a pencil
for the score sheet.</p>
{"".join(groups) or "<p>No handouts were made.</p>"}

<h2>3. Exercises (for JupyterLab)</h2>
<p>Each module has an exercise notebook (<code>.ipynb</code>). Open it in JupyterLab on a
computer where your trainer has set up the course. Answer in the cells marked for your answer,
save, and give the file back to your trainer (on the USB stick). Your trainer grades it and gives
you feedback.</p>
<ul>{exercise_items or "<li>No exercises in this bundle.</li>"}</ul>

<p><small>Himoya is an open course kit. Course content: CC BY 4.0 (third-party screening
instruments excluded as marked). Code: MIT.</small></p>
</main>
</body>
</html>
"""


def _handout_rows(
    folder: Path, made: tuple[HandoutFile, ...]
) -> list[tuple[str, str, int | None, str]]:
    known = {item.path.name: item for item in made}
    rows = []
    for pdf in sorted(folder.glob("*.pdf")):
        item = known.get(pdf.name)
        if item is not None:
            rows.append((pdf.name, item.title, item.pages, item.kind))
        else:
            kind = pdf.stem.split("-", 1)[0]
            kind = {"protocol": "card", "facilitator": "facilitator"}.get(kind, kind)
            rows.append((pdf.name, pdf.stem.replace("-", " "), None, kind))
    return rows


# Every member readable by everyone once unzipped (a file written with mode 0600 could not be
# opened from a shared USB stick or by a web server): files 0644, folders 0755, whatever the
# modes on the machine that made the zip.
_FILE_MODE = 0o100644
_FOLDER_MODE = 0o040755


def _add(archive: zipfile.ZipFile, name: str, data: bytes, *, source: Path | None = None) -> None:
    info = zipfile.ZipInfo.from_file(source, name) if source else zipfile.ZipInfo(name, _now())
    info.external_attr = _FILE_MODE << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _now() -> tuple[int, int, int, int, int, int]:
    return time.localtime()[:6]


def _add_folder(archive: zipfile.ZipFile, name: str) -> None:
    info = zipfile.ZipInfo(name, _now())
    info.external_attr = (_FOLDER_MODE << 16) | 0x10  # 0x10: the MS-DOS directory flag
    archive.writestr(info, b"")


def make_bundle(
    *,
    source: Path | None = None,
    build: Path | None = None,
    handouts: tuple[HandoutFile, ...] = (),
) -> BundleResult:
    """Write ``<build>/himoya-offline.zip`` from ``<build>/html`` and ``<build>/handouts``.

    ``handouts`` (from :func:`himoya.book.handouts.make_handouts`) gives the titles and page
    counts listed on START-HERE.html; without it the PDFs are listed by file name.
    """
    source = Path(source) if source else course_root()
    build = Path(build) if build else source / "_build"
    html = build / "html"
    folder = build / "handouts"
    if not (html / "index.html").is_file():
        raise HandoutError(f"{html}: no built book here (run `himoya build` first)")
    if not folder.is_dir() or not any(folder.glob("*.pdf")):
        raise HandoutError(f"{folder}: no handouts here (run `himoya handouts` first)")
    target = build / BUNDLE_NAME
    partial = target.with_suffix(".zip.partial")
    with tempfile.TemporaryDirectory(prefix="himoya-bundle-") as tmp:
        released = Path(tmp) / "exercises"
        names = release_exercises(source=source, target=released)
        page = start_here(handouts=_handout_rows(folder, handouts), exercises=names)
        members = 0
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            _add(archive, "START-HERE.html", page.encode("utf-8"))
            members += 1
            for root, prefix in zip((html, folder, released), BUNDLE_FOLDERS, strict=True):
                _add_folder(archive, f"{prefix}/")
                for path in sorted(root.rglob("*")):
                    relative = path.relative_to(root)
                    if prefix == "book" and relative.parts[0] in _BOOK_SKIP:
                        continue
                    if path.is_dir():
                        _add_folder(archive, f"{prefix}/{relative.as_posix()}/")
                        continue
                    if prefix == "handouts" and path.suffix != ".pdf":
                        continue
                    name = f"{prefix}/{relative.as_posix()}"
                    _add(archive, name, path.read_bytes(), source=path)
                    members += 1
    partial.replace(target)
    return BundleResult(path=target, size=target.stat().st_size, members=members, exercises=names)
