"""Handouts as printable documents: book pages taken out of the built book, the gamebooks and the
screening forms, each put into a plain HTML document for WeasyPrint, in the handout's language.

:mod:`himoya.book.handouts` plans the handouts and runs the command; this module makes each
document (:func:`book_document`, :func:`gamebook_document`, :func:`screening_document`) and
renders it (:func:`render_pdf`). The handouts' own words (:func:`handout_text`) come from the
``ui`` catalog; the markup from the templates ``book/handout.html.j2`` and
``book/handout-pieces.html.j2``.
"""

from __future__ import annotations

import contextlib
import logging
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from himoya.errors import UserError
from himoya.i18n import ui
from himoya.pdf import font_faces, offline_fetcher
from himoya.templating import render
from himoya.ui import ui_strings

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
    ".himoya-languages",
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
    language: str = "en"
    """The language of the handout (the edition its pages come from)."""


def handout_text(language: str = "en") -> dict[str, str]:
    """The handouts' own words in ``language`` (the ``ui`` catalog), by key."""
    _ = ui(language).gettext
    return {
        "module": _("Module {number}: all {count} pages of the course book, in order."),
        "track": _(
            "The {role} track: the {count} pages its path names, in the order to read them."
        ),
        "facilitator": _(
            "For workshop facilitators: agendas, session plans, running a case simulation, and "
            "working without computers."
        ),
        "card": _("Police first-contact protocol card"),
        "gamebook": _("Gamebook: {title}"),
        "screening": _("Screening form: {name}"),
        "player": _(
            "On screen, the book plays it: open this page in the course book. On paper, use the "
            "gamebook handout {file} (one copy per group, a pencil for the score sheet)."
        ),
        "case": _("Case simulation"),
        "card_footer": _("Himoya course kit · the steps are explained in module 03"),
        "kicker": _("Himoya course kit · handout for printing"),
        "contents": _("Contents"),
        "colophon": _(
            "Printed from the Himoya course book (version {version}). Links to other parts of the "
            "book are plain text here; open the book itself (on a computer, a phone or the USB "
            "stick) to follow them, and to play the case simulations. Every case, name and "
            "number in this course is fictional. Course content: CC BY 4.0; third-party "
            "screening instruments excluded as marked."
        ),
        "footer": _("Himoya course kit · every case in it is fictional"),
        "first_footer": _("Himoya course kit. Every case, name and number in it is fictional."),
        "page": _("Page {page} of {pages}"),
        "start": _("The case: start at §1"),
        "the_form": _("The form"),
    }


@dataclass(frozen=True)
class _Page:
    docname: str
    anchor: str
    title: str
    body: str


def _soup(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def page_title(html: Path, docname: str) -> str:
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


def handout_piece(part: str, language: str = "en", **data: object) -> str:
    """A small piece of a handout (template ``book/handout-pieces.html.j2``), in ``language``."""
    words = handout_text(language)
    return render("book/handout-pieces.html.j2", lang=language, part=part, words=words, **data)


def _player_note(player, gamebooks: dict[str, str], language: str = "en") -> str:
    scenario = player.get("data-scenario", "")
    title = gamebooks.get(scenario, scenario)
    return handout_piece("player_note", language, scenario=scenario, title=title)


def extract_page(
    *,
    html: Path,
    docname: str,
    in_document: dict[str, str],
    gamebooks: dict[str, str] | None = None,
    language: str = "en",
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
        player.replace_with(_soup(_player_note(player, gamebooks or {}, language)))
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
                pieces.append(_soup("").new_tag("wbr"))
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
    words = handout_text(spec.language)
    in_document = {doc: _anchor(doc) for doc in spec.pages}
    pages = [
        extract_page(
            html=html,
            docname=doc,
            in_document=in_document,
            gamebooks=gamebooks,
            language=spec.language,
        )
        for doc in spec.pages
    ]
    css = font_faces() + "\n" + _print_css()
    if spec.language != "en":  # print.css holds the English page footers
        first = _css_string(words["first_footer"])
        css += (
            f"\n@page {{ @bottom-right {{ content: {_page_counter(words)}; }} }}"
            f"\n@page :first {{ @bottom-left {{ content: {first}; }} }}"
        )
    if spec.kind == "card":
        css += (
            "\n@page { margin: 12mm 12mm 13mm; }"
            "\n@page :first { @top-center { content: string(doc-title); border-bottom: 0.5pt "
            "solid #999; } @bottom-left { content: " + _css_string(words["card_footer"]) + "; } }"
        )
    return render(
        "book/handout.html.j2",
        lang=spec.language,
        words=words,
        title=spec.title,
        subtitle=spec.subtitle,
        css=Markup(css),
        card=spec.kind == "card",
        body_class="card" if spec.kind == "card" else spec.kind,
        running=f"Himoya · {spec.title}",
        colophon=words["colophon"].format(version=version),
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


def _contents_line(soup, targets: list[tuple[object, str]], language: str = "en") -> None:
    """Put a one-line contents list ("Contents: A p. 1 · B p. 3") after the document's h1."""
    heading = soup.find("h1")
    if heading is None or not targets:
        return
    items = []
    for number, (element, label) in enumerate(targets, start=1):
        if not element.get("id"):
            element["id"] = f"himoya-contents-{number}"
        items.append((element["id"], label))
    heading.insert_after(_soup(handout_piece("contents", language, items=items)))


_STANDALONE_CSS = """
@page {{ size: A4;
  @top-center {{ content: {running}; font-size: 8pt; color: #333; }}
  @bottom-center {{ content: none; }}
  @bottom-left {{ content: {footer};
    font-size: 7.5pt; color: #333; }}
  @bottom-right {{ content: {page}; font-size: 7.5pt;
  color: #333; }} }}
html, body, .himoya-screen-form {{ font-family: "DejaVu Sans", sans-serif; }}
h1, h2, h3, h4, .hs-section {{ break-after: avoid; }}
table, figure, .arrival, .hs-banner, .hs-flag {{ break-inside: avoid; }}
tr {{ break-inside: avoid; }}
.himoya-contents {{ font-size: 9pt; margin: 0 0 4mm; }}
.himoya-contents a {{ color: #111; }}
.himoya-contents a::after {{ content: ", p. " target-counter(attr(href url), page); }}
"""


def _page_counter(words: dict[str, str]) -> str:
    """CSS content for "Page 1 of 9" in the handout's language."""
    before, _, after = words["page"].partition("{page}")
    middle, _, end = after.partition("{pages}")
    return (
        f"{_css_string(before)} counter(page) {_css_string(middle)} counter(pages) "
        f"{_css_string(end)}"
    )


def _standalone_css(title: str, language: str) -> str:
    words = handout_text(language)
    return font_faces() + _STANDALONE_CSS.format(
        running=_css_string(f"Himoya · {title}"),
        footer=_css_string(words["footer"]),
        page=_page_counter(words),
    )


def gamebook_document(*, scenario_id: str, title: str, source: Path, language: str = "en") -> str:
    """The gamebook of a scenario, with our fonts, page header and a contents line."""
    from himoya.scenarios import gamebook

    soup = _soup(gamebook(scenario_id, root=source, lang=language))
    book_words = ui_strings("gamebook", language)
    targets: list[tuple[object, str]] = []
    first_section = soup.select_one("h2.section")
    if first_section is not None:
        targets.append((first_section, handout_text(language)["start"]))
    for heading in soup.find_all("h2"):
        if "section" not in (heading.get("class") or []):
            label = " ".join(heading.get_text().split())
            if label not in {book_words["practise"], book_words["how_to_play"]}:
                targets.append((heading, label))
    _contents_line(soup, targets, language)
    return _standalone_document(page=str(soup), extra_css=_standalone_css(title, language))


def screening_document(*, instrument_id: str, title: str, language: str = "en") -> str:
    """The printable form and scoring sheet of an instrument, with our fonts and header."""
    from himoya.screening import printable_form

    soup = _soup(printable_form(instrument_id, lang=language))
    targets: list[tuple[object, str]] = []
    heading = soup.find("h1")
    if heading is not None:
        targets.append((heading, handout_text(language)["the_form"]))
    for section in soup.select(".hs-section"):
        targets.append((section, " ".join(section.get_text().split())))
    _contents_line(soup, targets, language)
    return _standalone_document(page=str(soup), extra_css=_standalone_css(title, language))
