"""Check that a page, or a whole built site, loads nothing from another host.

A workshop in Khatlon may have no internet at all, so every script, stylesheet, font and image a
built page needs must be inside ``_build/html``. Hyperlinks (``<a href>``) to cited sources are
fine: they are followed only when a reader chooses to.

The check is static: it reads every ``.html`` and ``.css`` file and reports each reference that
makes a browser fetch a resource from another host as soon as the page loads. The book build
(:mod:`himoya.book.build`) checks the whole site with it; the grading steps check each feedback
page and report they write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

# <link rel=...> values that make a browser fetch the target when the page loads.
_FETCHING_LINK_RELS = frozenset(
    {
        "stylesheet",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "preload",
        "prefetch",
        "modulepreload",
        "manifest",
        "preconnect",
        "dns-prefetch",
    }
)
# tag -> attributes whose URL the browser loads on its own.
_RESOURCE_ATTRS: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")\s]+)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(['"])(?P<url>[^'"]+)\1""", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def is_remote(url: str) -> bool:
    """True when ``url`` names another host (``http:``, ``https:``, ``ftp:`` or ``//host``)."""
    url = url.strip()
    if url.lower().startswith(("data:", "file:", "blob:", "about:", "javascript:", "#")):
        return False
    return bool(_REMOTE.match(url))


@dataclass(frozen=True)
class RemoteResource:
    """One reference from a built file to a resource on another host."""

    file: Path
    """The built file (page or stylesheet) that holds the reference."""
    line: int
    """Line in that file (1-based)."""
    kind: str
    """What loads it, e.g. ``<script src>`` or ``url() in CSS``."""
    url: str
    """The remote address."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind} loads {self.url}"


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _css_urls(text: str) -> list[tuple[int, str, str]]:
    found: list[tuple[int, str, str]] = []
    clean = _CSS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for pattern, kind in ((_CSS_URL, "url()"), (_CSS_IMPORT, "@import")):
        for match in pattern.finditer(clean):
            line = clean.count("\n", 0, match.start()) + 1
            found.append((line, kind, match.group("url")))
    return found


class _PageScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._in_style = False
        self._style_start = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels & _FETCHING_LINK_RELS and values.get("href"):
                self.found.append((line, "<link href>", values["href"]))
        for attr in _RESOURCE_ATTRS.get(tag, ()):
            if values.get(attr):
                urls = _srcset_urls(values[attr]) if attr == "srcset" else [values[attr]]
                self.found.extend((line, f"<{tag} {attr}>", url) for url in urls)
        if "style" in values:
            self.found.extend(
                (line, f"style url() on <{tag}>", url) for _, _, url in _css_urls(values["style"])
            )
        if tag == "style":
            self._in_style = True
            self._style_start = line

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            for offset, kind, url in _css_urls(data):
                self.found.append((self._style_start + offset - 1, f"<style {kind}>", url))


def scan_file(path: Path) -> list[RemoteResource]:
    """Return every remote resource that the page or stylesheet at ``path`` loads."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() == ".css":
        hits = [(line, f"{kind} in CSS", url) for line, kind, url in _css_urls(text)]
    else:
        scanner = _PageScanner()
        scanner.feed(text)
        scanner.close()
        hits = scanner.found
    return [
        RemoteResource(file=path, line=line, kind=kind, url=url.strip())
        for line, kind, url in hits
        if is_remote(url)
    ]


def find_remote_resources(site: Path) -> list[RemoteResource]:
    """Scan every ``.html`` and ``.css`` file under ``site`` (a built book folder)."""
    site = Path(site)
    if not site.is_dir():
        raise FileNotFoundError(f"{site}: no built site here (run `himoya build` first)")
    results: list[RemoteResource] = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix.lower() in {".html", ".htm", ".css"}:
            results.extend(scan_file(path))
    return results
