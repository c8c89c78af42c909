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
import zipfile
from dataclasses import dataclass
from pathlib import Path

from himoya.book.handouts import HandoutError, HandoutFile
from himoya.i18n import N_, ui
from himoya.nbgrader_course import (
    StudentVersionError,
    course_assignments,
    generate_student_version,
    nbgrader_api,
)
from himoya.paths import course_root

BUNDLE_NAME = "himoya-offline.zip"

# Not needed offline: build metadata and execution reports. (_sources stays: the download
# button of every page links its source.)
_BOOK_SKIP = frozenset({".buildinfo", "reports", ".doctrees", ".jupyter_cache"})

_KIND_HEADINGS = (
    ("card", N_("Protocol card (one page)")),
    ("module", N_("Modules")),
    ("track", N_("Tracks by role")),
    ("facilitator", N_("For facilitators")),
    ("gamebook", N_("Case simulations on paper (gamebooks)")),
    ("screening", N_("Screening forms with scoring sheets")),
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


def built_languages(*, source: Path | None = None, build: Path | None = None) -> list[str]:
    """English and every edition whose book is built (``<build>/html/<lang>/index.html``)."""
    from himoya.i18n import editions

    source = Path(source) if source else course_root()
    build = Path(build) if build else source / "_build"
    return ["en"] + [
        lang
        for lang in editions(source)
        if lang != "en" and (build / "html" / lang / "index.html").is_file()
    ]


def start_here_name(language: str) -> str:
    """``START-HERE.html`` for English, ``START-HERE-<lang>.html`` for another edition."""
    return "START-HERE.html" if language == "en" else f"START-HERE-{language}.html"


def assignments(source: Path) -> tuple[str, ...]:
    """The exercise assignments of the course (``exercises/<name>/*.ipynb``), sorted."""
    return tuple(course_assignments(source / "exercises"))


def translated_specs(source: Path, language: str) -> list[Path]:
    """The exercise specs that ``language`` translates completely (their notebooks exist in it)."""
    from himoya.exercises.spec import spec_paths
    from himoya.exercises.translate import text_for

    return [
        path
        for path in spec_paths(source)
        if text_for(path, language, root=source).language == language
    ]


def release_exercises(*, source: Path, target: Path, language: str = "en") -> tuple[str, ...]:
    """Write nbgrader's student version of every assignment into ``target/<assignment>/``.

    For another ``language``, only the assignments whose spec it translates completely, made from
    the spec in that language (the English ones stay beside them in the bundle).
    """
    from himoya.exercises.notebook import notebook_for
    from himoya.exercises.spec import load_spec

    names = assignments(source)
    specs = translated_specs(source, language) if language != "en" else []
    if language != "en":
        names = tuple(sorted({spec.assignment for p in specs for spec in load_spec(p)}))
        if not names:
            return ()
    config_file = source / "grading" / "nbgrader_config.py"
    if not config_file.is_file():
        raise HandoutError(f"{config_file}: missing (the exercises are released with it)")
    with tempfile.TemporaryDirectory(prefix="himoya-release-") as tmp:
        course = Path(tmp) / "course"
        if language == "en":
            for name in names:
                shutil.copytree(
                    source / "exercises" / name,
                    course / "source" / name,
                    ignore=shutil.ignore_patterns("*.yml", ".ipynb_checkpoints"),
                )
        else:
            import nbformat

            for path in specs:
                for spec in load_spec(path, lang=language, root=source):
                    folder = course / "source" / spec.assignment
                    folder.mkdir(parents=True, exist_ok=True)
                    nbformat.write(notebook_for(spec), folder / f"{spec.notebook}.ipynb")
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


def start_here_text(language: str = "en") -> dict[str, str]:
    """START-HERE's words in ``language`` (the ``ui`` catalog), by key; some hold HTML."""
    _ = ui(language).gettext
    return {
        "title": _("Himoya course kit: start here"),
        "heading": _("Himoya: child protection course kit"),
        "intro": _(
            "This folder holds the whole course. It works <strong>with no internet</strong>: "
            "nothing in it loads anything from another computer. Every case, name and number in "
            "the course is fictional."
        ),
        "unzip": _(
            "<strong>First:</strong> if you are reading this inside a zip file, unzip (extract) "
            "the whole zip first. On Windows: right-click the zip, choose <em>Extract All</em>. "
            "Then open <strong>{start}</strong> from the extracted folder."
        ),
        "book": _("1. The course book"),
        "open": _("Open the course book"),
        "file": _("the file {file}"),
        "browser": _(
            "It opens in your web browser (Chrome, Firefox, Edge or Safari). The case "
            "simulations and the screening forms work in the browser too. On an Android phone: "
            "copy the extracted folder to the phone, open the <em>Files</em> app, tap {file} and "
            "choose your browser. If the phone will not open it, use the PDF handouts below."
        ),
        "handouts": _("2. Handouts to print (PDF, A4)"),
        "print": _(
            "Print one-sided or two-sided on A4 paper. The protocol card is one page: print it "
            "for every police officer. A gamebook is a case simulation on paper: one copy per "
            "small group and a pencil for the score sheet."
        ),
        "no_handouts": _("No handouts were made."),
        "exercises": _("3. Exercises (for JupyterLab)"),
        "exercises_how": _(
            "Each module has an exercise notebook (<code>.ipynb</code>). Open it in JupyterLab "
            "on a computer where your trainer has set up the course. Answer in the cells marked "
            "for your answer, save, and give the file back to your trainer (on the USB stick). "
            "Your trainer grades it and gives you feedback."
        ),
        "no_exercises": _("No exercises in this bundle."),
        "licence": _(
            "Himoya is an open course kit. Course content: CC BY 4.0 (third-party screening "
            "instruments excluded as marked). Code: MIT."
        ),
    }


def start_here(
    *,
    handouts: list[tuple[str, str, int | None, str]],
    exercises: tuple[str, ...],
    language: str = "en",
    translated_exercises: tuple[str, ...] = (),
    others: tuple[tuple[str, str], ...] = (),
) -> str:
    """The ``START-HERE.html`` page: what is in the bundle and how to open each part.

    ``handouts`` holds ``(file name, title, pages or None, kind)`` for every PDF (of
    ``language``'s edition). ``exercises`` are the English assignments, ``translated_exercises``
    the ones released in ``language`` too; ``others`` the other editions' START-HERE pages as
    ``(file name, language name)``.
    """
    esc = htmllib.escape
    _ = ui(language).gettext
    sub = "" if language == "en" else f"{language}/"
    groups = []
    for kind, heading in _KIND_HEADINGS:
        items = []
        for name, title, pages, item_kind in handouts:
            if item_kind != kind:
                continue
            count = " " + _("({pages} pages)").format(pages=pages) if pages and pages > 1 else ""
            items.append(f'<li><a href="handouts/{sub}{esc(name)}">{esc(title)}</a>{count}</li>')
        if items:
            groups.append(f"<h3>{esc(_(heading))}</h3><ul>{''.join(items)}</ul>")
    extra = [
        f'<li><a href="handouts/{sub}{esc(name)}">{esc(title)}</a></li>'
        for name, title, _pages, kind in handouts
        if kind not in {k for k, _h in _KIND_HEADINGS}
    ]
    if extra:
        groups.append(f"<h3>{esc(_('Other handouts'))}</h3><ul>{''.join(extra)}</ul>")
    exercise_items = "".join(
        f'<li><a href="exercises/{sub}{esc(name)}/">{esc(name)}</a></li>'
        for name in translated_exercises
    ) + "".join(
        f'<li><a href="exercises/{esc(name)}/">{esc(name)}</a>'
        + (f" ({esc(_('English'))})" if language != "en" else "")
        + "</li>"
        for name in exercises
        if name not in translated_exercises
    )
    w = start_here_text(language)
    switch = " · ".join(
        f'<a href="{esc(name)}" lang="{esc(code)}">{esc(label)}</a>' for name, label, code in others
    )
    switch_line = f'<p class="languages">{switch}</p>' if switch else ""
    return f"""<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(w["title"])}</title>
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
{switch_line}
<h1>{esc(w["heading"])}</h1>
<p>{w["intro"]}</p>

<div class="box">
<p class="big">{w["unzip"].format(start=esc(start_here_name(language)))}</p>
</div>

<h2>{esc(w["book"])}</h2>
<p class="big"><a href="book/{sub}index.html">{esc(w["open"])}</a> ({
        w["file"].format(file=f"<code>book/{sub}index.html</code>")
    })</p>
<p>{w["browser"].format(file=f"<code>book/{sub}index.html</code>")}</p>

<h2>{esc(w["handouts"])}</h2>
<p>{esc(w["print"])}</p>
{"".join(groups) or f"<p>{esc(w['no_handouts'])}</p>"}

<h2>{esc(w["exercises"])}</h2>
<p>{w["exercises_how"]}</p>
<ul>{exercise_items or f"<li>{esc(w['no_exercises'])}</li>"}</ul>

<p><small>{esc(w["licence"])}</small></p>
</main>
</body>
</html>
"""


def _handout_rows(
    folder: Path, made: tuple[HandoutFile, ...]
) -> list[tuple[str, str, int | None, str]]:
    known = {item.path.resolve(): item for item in made}
    rows = []
    for pdf in sorted(folder.glob("*.pdf")):
        item = known.get(pdf.resolve())
        if item is not None:
            rows.append((pdf.name, item.title, item.pages, item.kind))
        else:
            kind = pdf.stem.split("-", 1)[0]
            kind = {"protocol": "card", "facilitator": "facilitator"}.get(kind, kind)
            rows.append((pdf.name, pdf.stem.replace("-", " "), None, kind))
    return rows


def make_bundle(
    *,
    source: Path | None = None,
    build: Path | None = None,
    handouts: tuple[HandoutFile, ...] = (),
) -> BundleResult:
    """Write ``<build>/himoya-offline.zip`` from ``<build>/html`` and ``<build>/handouts``.

    ``handouts`` (from :func:`himoya.book.handouts.make_handouts`) gives the titles and page
    counts listed on START-HERE.html; without it the PDFs are listed by file name. Every built
    edition goes in: its book (``book/<lang>/``), its handouts (``handouts/<lang>/``), the
    exercises it translates (``exercises/<lang>/``) and a ``START-HERE-<lang>.html``.
    """
    from himoya.i18n import edition

    source = Path(source) if source else course_root()
    build = Path(build) if build else source / "_build"
    html = build / "html"
    folder = build / "handouts"
    if not (html / "index.html").is_file():
        raise HandoutError(f"{html}: no built book here (run `himoya build` first)")
    if not folder.is_dir() or not any(folder.glob("*.pdf")):
        raise HandoutError(f"{folder}: no handouts here (run `himoya handouts` first)")
    languages = built_languages(source=source, build=build)
    target = build / BUNDLE_NAME
    partial = target.with_suffix(".zip.partial")
    with tempfile.TemporaryDirectory(prefix="himoya-bundle-") as tmp:
        released = Path(tmp) / "exercises"
        names = release_exercises(source=source, target=released)
        translated = {
            lang: release_exercises(source=source, target=released / lang, language=lang)
            for lang in languages
            if lang != "en"
        }
        pages = {}
        for language in languages:
            others = tuple(
                (start_here_name(lang), edition(lang, source).name, lang)
                for lang in languages
                if lang != language
            )
            sub = folder if language == "en" else folder / language
            pages[start_here_name(language)] = start_here(
                handouts=_handout_rows(sub, handouts) if sub.is_dir() else [],
                exercises=names,
                language=language,
                translated_exercises=translated.get(language, ()),
                others=others,
            )
        members = 0
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for name, page in pages.items():
                archive.writestr(name, page)
                members += 1
            for root, prefix in ((html, "book"), (folder, "handouts"), (released, "exercises")):
                for path in sorted(root.rglob("*")):
                    relative = path.relative_to(root)
                    parts = relative.parts
                    top = parts[1] if len(parts) > 1 and parts[0] in languages else parts[0]
                    if path.is_dir() or (prefix == "book" and top in _BOOK_SKIP):
                        continue
                    if prefix == "handouts" and path.suffix != ".pdf":
                        continue
                    archive.write(path, f"{prefix}/{relative.as_posix()}")
                    members += 1
    partial.replace(target)
    return BundleResult(path=target, size=target.stat().st_size, members=members, exercises=names)
