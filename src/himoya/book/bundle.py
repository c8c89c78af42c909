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
from himoya.templating import render

BUNDLE_NAME = "himoya-offline.zip"

BUNDLE_FOLDERS = ("book", "handouts", "exercises")
"""The folders at the zip's root (the course's "How to use this course" page names them)."""

# Not needed offline: build metadata and execution reports. (_sources stays: the download
# button of every page links its source.)
_BOOK_SKIP = (".buildinfo", "reports", ".doctrees", ".jupyter_cache")

_KINDS = ("card", "module", "track", "facilitator", "gamebook", "screening")
"""Kinds of handout in the order START-HERE.html lists them (the headings are in its template)."""


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
    """The ``START-HERE.html`` page (``templates/book/start-here.html.j2``).

    ``handouts`` holds ``(file name, title, pages or None, kind)`` for every PDF; they are listed
    by kind in the order of ``_KINDS``, then the rest under "Other handouts".
    """
    groups = []
    for kind in (*_KINDS, "other"):
        items = [
            {"name": name, "title": title, "pages": pages}
            for name, title, pages, item_kind in handouts
            if item_kind == kind or (kind == "other" and item_kind not in _KINDS)
        ]
        if items:
            groups.append({"kind": kind, "items": items})
    return render("book/start-here.html.j2", groups=groups, exercises=list(exercises))


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
