"""PDF handouts for workshops, made from the BUILT book (run ``himoya build`` first).

A workshop in Khatlon or Sughd may have a printer and no internet. ``himoya handouts`` writes into
``_build/handouts/``:

- one PDF per module folder (``module-00-start.pdf`` … ``module-07-caseload-data.pdf``),
- one per role track (``track-police.pdf``, ``track-social-worker.pdf``,
  ``track-caregiver.pdf``, ``track-supervisor.pdf``): the pages the role's path page
  (``modules/00-start/path-*.md``) links, in order,
- the facilitator guide (``facilitator-guide.pdf``),
- the police first-contact protocol card on ONE A4 page (``protocol-card.pdf``),
- one gamebook per case scenario (``gamebook-<id>.pdf``, from :func:`himoya.scenarios.gamebook`),
- one screening form with its scoring sheet per instrument (``screening-<id>.pdf``).

How (measured): WeasyPrint hangs in nested flexbox layout on a whole sphinx-book-theme page, so
each page's main content (``article.bd-article``) is taken out of the built HTML, stripped of the
theme's chrome and scripts, and put into a plain document with our own print stylesheet
(``print.css``: A4, running header, page numbers, no widowed headings). Internal links between
pages of the same PDF become links inside the PDF. Rendering may read only ``file:`` and ``data:``
URLs; anything else stops it at once with an error naming the URL (:class:`HandoutError`).
The documents themselves are made in :mod:`himoya.book.printing`; this module plans them and runs
the command.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from himoya.book.printing import (
    HandoutError,
    HandoutSpec,
    book_document,
    gamebook_document,
    handout_piece,
    handout_text,
    page_title,
    render_pdf,
    screening_document,
)
from himoya.paths import course_root
from himoya.roles import TRACKS, track_name
from himoya.yamlfile import read_yaml

PROTOCOL_CARD = "modules/03-juvenile-justice/protocol-card"
"""Docname of the police first-contact protocol card (label ``jj-protocol-card``)."""

FACILITATOR_FOLDER = "facilitator"

TRACK_ROLES = TRACKS
"""Roles with a printed track; each has ``modules/00-start/path-<role>.md``."""

# A row of a path page's table that asks for the whole module ("All pages", "read all of it",
# "Your core module") brings in every page of that module that serves the track's role.
_WHOLE_MODULE = re.compile(r"\ball pages\b|\ball of it\b|\bcore module\b", re.IGNORECASE)
_DOC_ROLE = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


@dataclass(frozen=True)
class HandoutFile:
    """One PDF written."""

    path: Path
    """Where the PDF is."""
    kind: str
    """As in :class:`HandoutSpec`."""
    title: str
    """The handout's title."""
    pages: int
    """Number of A4 pages."""
    size: int
    """File size in bytes."""
    warnings: tuple[str, ...]
    """What WeasyPrint warned about while rendering (empty when all went well)."""


@dataclass(frozen=True)
class HandoutsResult:
    """What ``himoya handouts`` made."""

    directory: Path
    """The handouts folder (``_build/handouts``)."""
    files: tuple[HandoutFile, ...]
    """Every PDF written, in the order made."""

    def _repr_html_(self) -> str:
        return handout_piece("result", files=self.files, directory=str(self.directory))


# --- the course: which pages, in which order ---------------------------------------------------


def toc_docnames(source: Path) -> tuple[str, ...]:
    """Every page of the book in reading order, from ``_toc.yml`` (root first)."""
    toc_file = source / "_toc.yml"
    toc = read_yaml(toc_file, error=HandoutError)
    found: list[str] = []

    def walk(entries: list) -> None:
        for entry in entries or ():
            if not isinstance(entry, dict):
                continue
            if "file" in entry:
                found.append(_strip_suffix(str(entry["file"])))
            walk(entry.get("sections") or [])
            walk(entry.get("chapters") or [])

    if "root" not in toc:
        raise HandoutError(f"{toc_file}: no `root:` entry")
    found.append(_strip_suffix(str(toc["root"])))
    walk(toc.get("parts") or [])
    walk(toc.get("chapters") or [])
    walk(toc.get("sections") or [])
    return tuple(dict.fromkeys(found))


def _strip_suffix(docname: str) -> str:
    for suffix in (".md", ".ipynb"):
        if docname.endswith(suffix):
            return docname[: -len(suffix)]
    return docname


def page_roles(source: Path, docname: str) -> tuple[str, ...]:
    """The ``roles:`` of a page's front matter (empty if it has none)."""
    path = source / f"{docname}.md"
    if not path.is_file():
        return ()
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        return ()
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 2}: " if mark is not None else ""
        what = getattr(error, "problem", None) or "not valid YAML"
        raise HandoutError(f"{path}: {line}front matter is not valid YAML ({what})") from None
    roles = meta.get("roles") if isinstance(meta, dict) else None
    return tuple(str(role) for role in roles) if isinstance(roles, list) else ()


def track_pages(source: Path, role: str, *, toc: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The pages of a role's track, in order, read from ``modules/00-start/path-<role>.md``.

    The track is the path page itself, then every page it links with ``{doc}``, in the order of
    the links. A table row that asks for a whole module ("All pages", "read all of it", "Your
    core module") also brings in that module's other pages whose ``roles`` include ``role``, in
    book order, right after the module's landing page.
    """
    toc = toc if toc is not None else toc_docnames(source)
    path_doc = f"modules/00-start/path-{role}"
    path_file = source / f"{path_doc}.md"
    if not path_file.is_file():
        raise HandoutError(f"{path_file}: no path page for the {role} track")
    folder = posixpath.dirname(path_doc)
    pages: list[str] = [path_doc]
    for line in path_file.read_text(encoding="utf-8").splitlines():
        linked = [_resolve_doc(folder, target) for target in _DOC_ROLE.findall(line)]
        whole = bool(_WHOLE_MODULE.search(line)) and line.lstrip().startswith("|")
        for docname in linked:
            if docname not in toc:
                raise HandoutError(f"{path_file}: links {docname}, which is not in _toc.yml")
            pages.append(docname)
            if whole and docname.endswith("/index"):
                module = docname.rsplit("/", 1)[0] + "/"
                pages.extend(
                    doc for doc in toc if doc.startswith(module) and role in page_roles(source, doc)
                )
    return tuple(dict.fromkeys(pages))


def _resolve_doc(folder: str, target: str) -> str:
    target = target.strip()
    if target.startswith("/"):
        return _strip_suffix(target.lstrip("/"))
    return _strip_suffix(posixpath.normpath(posixpath.join(folder, target)))


def plan(*, source: Path, html: Path, language: str = "en") -> tuple[HandoutSpec, ...]:
    """Every handout of the course, in the order they are made, in ``language``."""
    from himoya.scenarios import discover, load
    from himoya.screening import instrument_ids as screening_ids
    from himoya.screening import load_instrument

    words = handout_text(language)
    toc = toc_docnames(source)
    specs: list[HandoutSpec] = []
    modules = sorted(
        {
            doc.split("/")[1]
            for doc in toc
            if doc.startswith("modules/") and re.match(r"\d\d-", doc.split("/")[1])
        }
    )
    for module in modules:
        pages = tuple(doc for doc in toc if doc.startswith(f"modules/{module}/"))
        title = page_title(html, pages[0]) if pages else module
        if not title.startswith(module[:2]):
            title = f"{module[:2]} · {title}"
        specs.append(
            HandoutSpec(
                name=f"module-{module}",
                kind="module",
                title=title,
                pages=pages,
                subtitle=words["module"].format(number=module[:2], count=len(pages)),
                language=language,
            )
        )
    for role in TRACK_ROLES:
        pages = track_pages(source, role, toc=toc)
        specs.append(
            HandoutSpec(
                name=f"track-{role}",
                kind="track",
                title=page_title(html, pages[0]),
                pages=pages,
                subtitle=words["track"].format(role=track_name(role, language), count=len(pages)),
                language=language,
            )
        )
    guide = tuple(doc for doc in toc if doc.startswith(f"modules/{FACILITATOR_FOLDER}/"))
    if guide:
        specs.append(
            HandoutSpec(
                name="facilitator-guide",
                kind="facilitator",
                title=page_title(html, guide[0]),
                pages=guide,
                subtitle=words["facilitator"],
                language=language,
            )
        )
    if PROTOCOL_CARD in toc:
        specs.append(
            HandoutSpec(
                name="protocol-card",
                kind="card",
                title=words["card"],
                pages=(PROTOCOL_CARD,),
                language=language,
            )
        )
    for path in discover(source):
        scenario = load(path, root=source, lang=language)
        specs.append(
            HandoutSpec(
                name=f"gamebook-{scenario.id}",
                kind="gamebook",
                title=words["gamebook"].format(title=scenario.title),
                source_id=scenario.id,
                subtitle=scenario.title,
                language=language,
            )
        )
    for instrument_id in screening_ids():
        instrument = load_instrument(instrument_id, lang=language)
        specs.append(
            HandoutSpec(
                name=f"screening-{instrument_id}",
                kind="screening",
                title=words["screening"].format(name=instrument.short_name),
                source_id=instrument_id,
                language=language,
            )
        )
    return tuple(specs)


# --- is the built book there and up to date? ---------------------------------------------------


def check_built(*, source: Path, html: Path, pages: tuple[str, ...] | None = None) -> None:
    """Raise :class:`HandoutError` if the built book is missing or older than its sources.

    Every page of ``_toc.yml`` must be built, and each page's ``.html`` must be newer than its
    ``.md`` (Sphinx rewrites exactly the pages whose source changed, so a build that changed
    nothing leaves every file as it was; ``_toc.yml`` and ``_config.yml`` are not compared).
    """
    if not (html / "index.html").is_file():
        raise HandoutError(f"{html}: no built book here (run `himoya build` first)")
    pages = pages if pages is not None else toc_docnames(source)
    for docname in pages:
        built = html / f"{docname}.html"
        if not built.is_file():
            raise HandoutError(f"{built}: page missing from the built book (run `himoya build`)")
        for page_source in (source / f"{docname}.md", source / f"{docname}.ipynb"):
            if page_source.is_file() and built.stat().st_mtime < page_source.stat().st_mtime:
                raise HandoutError(
                    f"{built}: older than {page_source} (run `himoya build` again, then "
                    "`himoya handouts`)"
                )


# --- from a built page to printable HTML -------------------------------------------------------


# --- the command -------------------------------------------------------------------------------


def make_handouts(
    *,
    source: Path | None = None,
    build: Path | None = None,
    only: str | None = None,
    progress: bool = True,
    on_file: Callable[[HandoutFile], None] | None = None,
    language: str = "en",
) -> HandoutsResult:
    """Write every handout PDF into ``<build>/handouts`` from the built book in ``<build>/html``.

    ``build`` defaults to ``<course root>/_build``. ``only`` is a shell pattern on the file
    name (``gamebook-*``) to make some handouts only. Fails with :class:`HandoutError` if the
    built book is missing or older than its sources, if the protocol card does not fit one A4
    page, or if a page refers to a file on another host. ``language`` other than English makes
    the edition's handouts, from ``<build>/html/<lang>`` into ``<build>/handouts/<lang>``.
    """
    from tqdm import tqdm

    from himoya import __version__

    source = Path(source) if source else course_root()
    build = Path(build) if build else source / "_build"
    suffix = "" if language == "en" else language
    html = build / "html" / suffix if suffix else build / "html"
    check_built(source=source, html=html)
    specs = plan(source=source, html=html, language=language)
    if only:
        specs = tuple(spec for spec in specs if fnmatch.fnmatch(spec.name, only))
        if not specs:
            raise HandoutError(f"--only {only!r} matches no handout name")
    out = build / "handouts" / suffix if suffix else build / "handouts"
    if not only and out.is_dir():
        for old in out.glob("*.pdf"):  # the editions' folders beside them stay
            old.unlink()
    out.mkdir(parents=True, exist_ok=True)
    gamebooks = {
        spec.source_id: spec.subtitle
        for spec in plan_gamebooks(specs, source=source, language=language)
    }
    files: list[HandoutFile] = []
    bar = tqdm(specs, desc="handouts", unit="pdf", disable=not progress, leave=False)
    for spec in bar:
        bar.set_postfix_str(spec.name)
        target = out / f"{spec.name}.pdf"
        if spec.kind == "gamebook":
            document = gamebook_document(
                scenario_id=spec.source_id, title=spec.title, source=source, language=language
            )
        elif spec.kind == "screening":
            document = screening_document(
                instrument_id=spec.source_id, title=spec.title, language=language
            )
        else:
            document = book_document(spec=spec, html=html, gamebooks=gamebooks, version=__version__)
        count, warnings = render_pdf(
            document=document, base_url=html.resolve().as_uri() + "/", target=target, name=spec.name
        )
        if spec.kind == "card" and count != 1:
            raise HandoutError(
                f"{target}: the protocol card takes {count} A4 pages; it must fit on one "
                f"(shorten {PROTOCOL_CARD}.md"
                + (f" or its {language} translation)" if language != "en" else ")")
            )
        made = HandoutFile(
            path=target,
            kind=spec.kind,
            title=spec.title,
            pages=count,
            size=target.stat().st_size,
            warnings=tuple(warnings),
        )
        files.append(made)
        if on_file is not None:
            on_file(made)
    return HandoutsResult(directory=out, files=tuple(files))


def plan_gamebooks(
    specs: tuple[HandoutSpec, ...], *, source: Path, language: str = "en"
) -> tuple[HandoutSpec, ...]:
    """Gamebook specs for every shipped scenario (even when ``--only`` left them out)."""
    from himoya.scenarios import discover, load

    listed = tuple(spec for spec in specs if spec.kind == "gamebook")
    if listed:
        return listed
    words = handout_text(language)
    return tuple(
        HandoutSpec(
            name=f"gamebook-{scenario.id}",
            kind="gamebook",
            title=words["gamebook"].format(title=scenario.title),
            source_id=scenario.id,
            subtitle=scenario.title,
            language=language,
        )
        for scenario in (load(path, root=source, lang=language) for path in discover(source))
    )
