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
"""

from __future__ import annotations

import contextlib
import fnmatch
import logging
import posixpath
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from markupsafe import Markup

from himoya.errors import UserError
from himoya.paths import course_root
from himoya.pdf import font_faces, offline_fetcher
from himoya.roles import TRACKS
from himoya.templating import render

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
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# WeasyPrint's notes on screen-only CSS inside page content (e.g. `overflow-x`, `@media
# (min-width: …)`) say only that a rule does not apply on paper; they are not reported.
_SCREEN_CSS = re.compile(r"^(Ignored `|Invalid media type|Expected a media type)")

# Short tables are kept whole on one page; longer ones may break between rows instead of
# leaving most of a page empty (a table of references with long cells fills a page by row 5).
_LONG_TABLE_ROWS = 4

# What a printed page does not need: theme chrome, buttons, scripts, permalink marks.
_STRIP = (
    "script",
    "noscript",
    "button",
    "a.headerlink",
    ".toggle-button",
    ".copybtn",
    ".prev-next-area",
    ".prev-next-footer",
    ".bd-footer-article",
    ".bd-header-article",
    ".bd-sidebar-secondary",
    ".thebe-launch-button",
    "iframe",
)


class HandoutError(UserError, RuntimeError):
    """A handout cannot be made; the one-line message names the file or document and why."""


@dataclass(frozen=True)
class HandoutSpec:
    """One PDF to make."""

    name: str
    """File name without ``.pdf``, e.g. ``module-03-juvenile-justice``."""
    kind: str
    """``module``, ``track``, ``facilitator``, ``card``, ``gamebook`` or ``screening``."""
    title: str
    """Title on the cover and in the running header."""
    pages: tuple[str, ...] = ()
    """Book pages (docnames such as ``modules/03-juvenile-justice/index``), in order."""
    source_id: str = ""
    """Scenario or instrument id, for gamebooks and screening forms."""
    subtitle: str = ""
    """One sentence under the title on the cover: who it is for and what it holds."""


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
        return _piece("result", files=self.files, directory=str(self.directory))


# --- the course: which pages, in which order ---------------------------------------------------


def toc_docnames(source: Path) -> tuple[str, ...]:
    """Every page of the book in reading order, from ``_toc.yml`` (root first)."""
    toc_file = source / "_toc.yml"
    try:
        toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise HandoutError(f"{toc_file}: cannot read the table of contents ({error})") from None
    found: list[str] = []

    def walk(entries: list) -> None:
        for entry in entries or ():
            if not isinstance(entry, dict):
                continue
            if "file" in entry:
                found.append(_strip_suffix(str(entry["file"])))
            walk(entry.get("sections") or [])
            walk(entry.get("chapters") or [])

    if not isinstance(toc, dict) or "root" not in toc:
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
        raise HandoutError(f"{path}: front matter is not valid YAML ({error})") from None
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


def plan(*, source: Path, html: Path) -> tuple[HandoutSpec, ...]:
    """Every handout of the course, in the order they are made."""
    from himoya.scenarios import discover, load
    from himoya.screening import instrument_ids as screening_ids
    from himoya.screening import load_instrument

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
        title = _page_title(html, pages[0]) if pages else module
        if not title.startswith(module[:2]):
            title = f"{module[:2]} · {title}"
        specs.append(
            HandoutSpec(
                name=f"module-{module}",
                kind="module",
                title=title,
                pages=pages,
                subtitle=f"Module {module[:2]}: all {len(pages)} pages of the course book, "
                "in order.",
            )
        )
    for role in TRACK_ROLES:
        pages = track_pages(source, role, toc=toc)
        specs.append(
            HandoutSpec(
                name=f"track-{role}",
                kind="track",
                title=_page_title(html, pages[0]),
                pages=pages,
                subtitle=f"The {role.replace('-', ' ')} track: the {len(pages)} pages its path "
                "names, in the order to read them.",
            )
        )
    guide = tuple(doc for doc in toc if doc.startswith(f"modules/{FACILITATOR_FOLDER}/"))
    if guide:
        specs.append(
            HandoutSpec(
                name="facilitator-guide",
                kind="facilitator",
                title=_page_title(html, guide[0]),
                pages=guide,
                subtitle="For workshop facilitators: agendas, session plans, running a case "
                "simulation, and working without computers.",
            )
        )
    if PROTOCOL_CARD in toc:
        specs.append(
            HandoutSpec(
                name="protocol-card",
                kind="card",
                title="Police first-contact protocol card",
                pages=(PROTOCOL_CARD,),
            )
        )
    for path in discover(source):
        scenario = load(path, root=source)
        specs.append(
            HandoutSpec(
                name=f"gamebook-{scenario.id}",
                kind="gamebook",
                title=f"Gamebook: {scenario.title}",
                source_id=scenario.id,
            )
        )
    for instrument_id in screening_ids():
        instrument = load_instrument(instrument_id)
        specs.append(
            HandoutSpec(
                name=f"screening-{instrument_id}",
                kind="screening",
                title=f"Screening form: {instrument.short_name}",
                source_id=instrument_id,
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


@dataclass(frozen=True)
class _Page:
    docname: str
    anchor: str
    title: str
    body: str


def _soup(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def _page_title(html: Path, docname: str) -> str:
    built = html / f"{docname}.html"
    if not built.is_file():
        raise HandoutError(f"{built}: page missing from the built book (run `himoya build`)")
    soup = _soup(built.read_text(encoding="utf-8"))
    article = soup.select_one("article.bd-article") or soup.select_one("main#main-content")
    heading = article.find("h1") if article else None
    if heading is None:
        return docname.rsplit("/", 1)[-1]
    for mark in heading.select("a.headerlink"):
        mark.decompose()
    return " ".join(heading.get_text(" ").split())


def _anchor(docname: str) -> str:
    return "p-" + re.sub(r"[^a-z0-9]+", "-", docname.lower()).strip("-")


def _piece(part: str, **data: object) -> str:
    """A small piece of a handout (template ``book/handout-pieces.html.j2``)."""
    return render("book/handout-pieces.html.j2", part=part, **data)


def _player_note(player, gamebooks: dict[str, str]) -> str:
    scenario = player.get("data-scenario", "")
    return _piece("player_note", scenario=scenario, title=gamebooks.get(scenario, scenario))


def extract_page(
    *,
    html: Path,
    docname: str,
    in_document: dict[str, str],
    gamebooks: dict[str, str] | None = None,
) -> _Page:
    """Take one built page's main content, ready to go into a handout.

    ``in_document`` maps the docnames of every page in the same handout to their anchors: links
    to them become links inside the PDF; links to other pages of the book keep their text only.
    Scenario players become a note naming the gamebook handout; images point at their files.
    """
    built = html / f"{docname}.html"
    if not built.is_file():
        raise HandoutError(f"{built}: page missing from the built book (run `himoya build`)")
    soup = _soup(built.read_text(encoding="utf-8"))
    article = soup.select_one("article.bd-article") or soup.select_one("main#main-content")
    if article is None:
        raise HandoutError(f"{built}: no article element (bd-article) or main-content element")
    # A cell that only shows a case player or a screening form prints without its code (the
    # call means nothing on paper), so its heading stays with what it shows.
    # A form runs over several pages: its cell may break between questions.
    for shown in article.select("div.himoya-player, div.himoya-screen-form"):
        cell = shown.find_parent("div", class_="cell")
        if cell is not None:
            for code in cell.select(".cell_input"):
                code.decompose()
            if "himoya-screen-form" in shown.get("class", []):
                cell["class"] = [*cell.get("class", []), "himoya-breakable"]
    for player in article.select("div.himoya-player"):
        player.replace_with(_soup(_player_note(player, gamebooks or {})))
    for table in article.select(".cell_output table"):
        _break_after_underscores(table)
    for selector in _STRIP:
        for element in article.select(selector):
            element.decompose()
    anchor = in_document[docname]
    for element in article.find_all(id=True):
        element["id"] = f"{anchor}--{element['id']}"
    page_dir = posixpath.dirname(docname)
    for link in article.find_all("a", href=True):
        _rewrite_link(link, page_dir=page_dir, docname=docname, in_document=in_document)
    for image in article.find_all(["img", "source"]):
        for attr in ("src", "srcset"):
            if image.get(attr):
                image[attr] = _local_url(image[attr], built.parent)
    for element in article.find_all(style=True):
        if "url(" in element["style"]:
            element["style"] = re.sub(
                r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)",
                lambda m: f"url('{_local_url(m.group(2), built.parent)}')",
                element["style"],
            )
    for paragraph in article.find_all("p"):
        _keep_lead_in_with_what_follows(paragraph)
    for table in article.find_all("table"):
        if len(table.find_all("tr")) > _LONG_TABLE_ROWS:
            table["class"] = [*table.get("class", []), "himoya-long"]
    heading = article.find("h1")
    title = " ".join(heading.get_text(" ").split()) if heading else docname
    body = "".join(str(child) for child in article.children)
    return _Page(docname=docname, anchor=anchor, title=title, body=body)


def _break_after_underscores(table) -> None:
    """Let data labels such as ``first_contact_on`` wrap after an underscore (a ``<wbr>``)."""
    from bs4 import NavigableString

    for text in list(table.find_all(string=lambda value: "_" in value)):
        parts = str(text).split("_")
        pieces: list = []
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            pieces.append(NavigableString(part if last else part + "_"))
            if not last:
                pieces.append(_soup("<wbr>").wbr)
        text.replace_with(*pieces)


def _keep_lead_in_with_what_follows(paragraph) -> None:
    """A paragraph that is only bold text ("**Day 2: referral**") works as a heading: keep it
    on the same page as the table or list after it."""
    parts = [
        child for child in paragraph.children if getattr(child, "name", None) or str(child).strip()
    ]
    if len(parts) == 1 and getattr(parts[0], "name", None) in {"strong", "b"}:
        paragraph["class"] = [*paragraph.get("class", []), "himoya-lead"]


def _rewrite_link(link, *, page_dir: str, docname: str, in_document: dict[str, str]) -> None:
    href = link["href"].strip()
    if _SCHEME.match(href) and not href.lower().startswith("file:"):
        return  # http(s), mailto, tel: a reader follows them on purpose; keep them clickable
    parts = urlsplit(href)
    if parts.path:
        target = posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))
        target = target[:-5] if target.endswith(".html") else target
    else:
        target = docname
    if target in in_document:
        anchor = in_document[target]
        link["href"] = f"#{anchor}--{parts.fragment}" if parts.fragment else f"#{anchor}"
        return
    link.unwrap()  # another page of the book: not in this PDF, keep the words


def _local_url(url: str, base: Path) -> str:
    url = url.strip()
    if _SCHEME.match(url):
        return url  # data: stays; a remote URL stays remote and stops the rendering
    path = unquote(urlsplit(url).path)
    return (base / path).resolve().as_uri()


# --- documents ---------------------------------------------------------------------------------


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


@contextlib.contextmanager
def _quiet_weasyprint() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings instead of printing them (they are reported per file)."""
    logger = logging.getLogger("weasyprint")
    messages: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if record.levelno >= logging.WARNING and not _SCREEN_CSS.match(message):
                messages.append(message)

    handler = _Collect()
    saved = (logger.level, logger.propagate, logger.handlers[:])
    logger.handlers = [handler]
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        logger.handlers = saved[2]


def render_pdf(*, document: str, base_url: str, target: Path, name: str) -> tuple[int, list[str]]:
    """Render an HTML ``document`` to ``target``; return (page count, WeasyPrint's warnings).

    Raises :class:`HandoutError` naming ``name`` and the URL if the document refers to anything
    outside ``file:`` and ``data:``.
    """
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    with _quiet_weasyprint() as messages:
        try:
            rendered = HTML(string=document, base_url=base_url, url_fetcher=offline_fetcher())
            pdf = rendered.render()
            pdf.write_pdf(target)
        except FatalURLFetchingError as error:
            cause = error.__cause__ or error
            raise HandoutError(
                f"{name}: {error} ({cause}); handouts may load local files only"
            ) from None
    return len(pdf.pages), messages


def _print_css() -> str:
    return (resources.files("himoya.book") / "print.css").read_text(encoding="utf-8")


def book_document(*, spec: HandoutSpec, html: Path, gamebooks: dict[str, str], version: str) -> str:
    """The printable HTML of a handout made of book pages (module, track, guide or card)."""
    in_document = {doc: _anchor(doc) for doc in spec.pages}
    pages = [
        extract_page(html=html, docname=doc, in_document=in_document, gamebooks=gamebooks)
        for doc in spec.pages
    ]
    css = font_faces() + "\n" + _print_css()
    if spec.kind == "card":
        css += (
            "\n@page { margin: 12mm 12mm 13mm; }"
            "\n@page :first { @top-center { content: string(doc-title); border-bottom: 0.5pt "
            "solid #999; } @bottom-left { content: "
            + _css_string("Himoya course kit · the steps are explained in module 03")
            + "; } }"
        )
    return render(
        "book/handout.html.j2",
        lang="en",
        title=spec.title,
        subtitle=spec.subtitle,
        css=Markup(css),
        card=spec.kind == "card",
        body_class="card" if spec.kind == "card" else spec.kind,
        running=f"Himoya · {spec.title}",
        version=version,
        pages=[
            {"anchor": page.anchor, "title": page.title, "body": Markup(page.body)}
            for page in pages
        ],
    )


def _standalone_document(*, page: str, extra_css: str) -> str:
    """Add our fonts, A4 page box and running header to a complete HTML document."""
    soup = _soup(page)
    head = soup.head or soup.new_tag("head")
    if soup.head is None:
        soup.html.insert(0, head)
    style = soup.new_tag("style")
    style.string = extra_css
    head.append(style)
    return str(soup)


def _contents_line(soup, targets: list[tuple[object, str]]) -> None:
    """Put a one-line contents list ("Contents: A p. 1 · B p. 3") after the document's h1."""
    heading = soup.find("h1")
    if heading is None or not targets:
        return
    items = []
    for number, (element, label) in enumerate(targets, start=1):
        if not element.get("id"):
            element["id"] = f"himoya-contents-{number}"
        items.append((element["id"], label))
    heading.insert_after(_soup(_piece("contents", items=items)))


_STANDALONE_CSS = """
@page {{ size: A4;
  @top-center {{ content: {running}; font-size: 8pt; color: #333; }}
  @bottom-center {{ content: none; }}
  @bottom-left {{ content: "Himoya course kit · every case in it is fictional";
    font-size: 7.5pt; color: #333; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font-size: 7.5pt;
  color: #333; }} }}
html, body, .himoya-screen-form {{ font-family: "DejaVu Sans", sans-serif; }}
h1, h2, h3, h4, .hs-section {{ break-after: avoid; }}
table, figure, .arrival, .hs-banner, .hs-flag {{ break-inside: avoid; }}
tr {{ break-inside: avoid; }}
.himoya-contents {{ font-size: 9pt; margin: 0 0 4mm; }}
.himoya-contents a {{ color: #111; }}
.himoya-contents a::after {{ content: ", p. " target-counter(attr(href url), page); }}
"""


def gamebook_document(*, scenario_id: str, title: str, source: Path) -> str:
    """The gamebook of a scenario, with our fonts, page header and a contents line."""
    from himoya.scenarios import gamebook

    soup = _soup(gamebook(scenario_id, root=source))
    targets: list[tuple[object, str]] = []
    first_section = soup.select_one("h2.section")
    if first_section is not None:
        targets.append((first_section, "The case: start at §1"))
    for heading in soup.find_all("h2"):
        if "section" not in (heading.get("class") or []):
            label = " ".join(heading.get_text().split())
            if label not in {"What you practise", "How to play"}:
                targets.append((heading, label))
    _contents_line(soup, targets)
    css = font_faces() + _STANDALONE_CSS.format(running=_css_string(f"Himoya · {title}"))
    return _standalone_document(page=str(soup), extra_css=css)


def screening_document(*, instrument_id: str, title: str) -> str:
    """The printable form and scoring sheet of an instrument, with our fonts and header."""
    from himoya.screening import printable_form

    soup = _soup(printable_form(instrument_id))
    targets: list[tuple[object, str]] = []
    heading = soup.find("h1")
    if heading is not None:
        targets.append((heading, "The form"))
    for section in soup.select(".hs-section"):
        targets.append((section, " ".join(section.get_text().split())))
    _contents_line(soup, targets)
    css = font_faces() + _STANDALONE_CSS.format(running=_css_string(f"Himoya · {title}"))
    return _standalone_document(page=str(soup), extra_css=css)


# --- the command -------------------------------------------------------------------------------


def make_handouts(
    *,
    source: Path | None = None,
    build: Path | None = None,
    only: str | None = None,
    progress: bool = True,
    on_file: Callable[[HandoutFile], None] | None = None,
) -> HandoutsResult:
    """Write every handout PDF into ``<build>/handouts`` from the built book in ``<build>/html``.

    ``build`` defaults to ``<course root>/_build``. ``only`` is a shell pattern on the file
    name (``gamebook-*``) to make some handouts only. Fails with :class:`HandoutError` if the
    built book is missing or older than its sources, if the protocol card does not fit one A4
    page, or if a page refers to a file on another host.
    """
    from tqdm import tqdm

    from himoya import __version__

    source = Path(source) if source else course_root()
    build = Path(build) if build else source / "_build"
    html = build / "html"
    check_built(source=source, html=html)
    specs = plan(source=source, html=html)
    if only:
        specs = tuple(spec for spec in specs if fnmatch.fnmatch(spec.name, only))
        if not specs:
            raise HandoutError(f"--only {only!r} matches no handout name")
    out = build / "handouts"
    if not only and out.is_dir():
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    gamebooks = {
        spec.source_id: spec.title.removeprefix("Gamebook: ")
        for spec in plan_gamebooks(specs, source=source)
    }
    files: list[HandoutFile] = []
    bar = tqdm(specs, desc="handouts", unit="pdf", disable=not progress, leave=False)
    for spec in bar:
        bar.set_postfix_str(spec.name)
        target = out / f"{spec.name}.pdf"
        if spec.kind == "gamebook":
            document = gamebook_document(
                scenario_id=spec.source_id, title=spec.title, source=source
            )
        elif spec.kind == "screening":
            document = screening_document(instrument_id=spec.source_id, title=spec.title)
        else:
            document = book_document(spec=spec, html=html, gamebooks=gamebooks, version=__version__)
        count, warnings = render_pdf(
            document=document, base_url=html.resolve().as_uri() + "/", target=target, name=spec.name
        )
        if spec.kind == "card" and count != 1:
            raise HandoutError(
                f"{target}: the protocol card takes {count} A4 pages; it must fit on one "
                f"(shorten {PROTOCOL_CARD}.md)"
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


def plan_gamebooks(specs: tuple[HandoutSpec, ...], *, source: Path) -> tuple[HandoutSpec, ...]:
    """Gamebook specs for every shipped scenario (even when ``--only`` left them out)."""
    from himoya.scenarios import discover, load

    listed = tuple(spec for spec in specs if spec.kind == "gamebook")
    if listed:
        return listed
    return tuple(
        HandoutSpec(
            name=f"gamebook-{scenario.id}",
            kind="gamebook",
            title=f"Gamebook: {scenario.title}",
            source_id=scenario.id,
        )
        for scenario in (load(path, root=source) for path in discover(source))
    )
