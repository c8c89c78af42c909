"""Rendering reads local files only: a remote URL stops it at once, before any connection."""

import socket
import subprocess

import pytest

from himoya.book.printing import HandoutError, font_faces, render_pdf

TAJIK = "ғ ӣ қ ӯ ҳ ҷ"


@pytest.fixture
def silent_server():
    """A local TCP port that accepts connections and never answers (a hung web server)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def _connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def _page(body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}'
        f"<style>{font_faces()} html {{ font-family: 'DejaVu Sans'; }}</style></head>"
        f"<body>{body}</body></html>"
    )


@pytest.mark.parametrize(
    ("label", "head", "body"),
    [
        ("image", "", '<img alt="x" src="http://127.0.0.1:{port}/photo.png">'),
        ("stylesheet", '<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">', "<p>x</p>"),
        ("css url", "", '<p style="background: url(http://127.0.0.1:{port}/bg.png)">x</p>'),
    ],
)
def test_remote_url_stops_rendering_without_connecting(tmp_path, silent_server, label, head, body):
    port = silent_server.getsockname()[1]
    page = _page(body.format(port=port), head.format(port=port))
    with pytest.raises(HandoutError) as raised:
        render_pdf(
            document=page, base_url=tmp_path.as_uri() + "/", target=tmp_path / "x.pdf", name=label
        )
    message = str(raised.value)
    assert message.startswith(f"{label}: ")
    assert f"http://127.0.0.1:{port}/" in message
    assert "\n" not in message
    assert _connections(silent_server) == 0
    assert not (tmp_path / "x.pdf").exists()


def test_web_links_do_not_stop_rendering_and_stay_clickable(tmp_path):
    target = tmp_path / "links.pdf"
    pages, _ = render_pdf(
        document=_page('<p><a href="https://www.unicef.org/tajikistan/">UNICEF</a></p>'),
        base_url=tmp_path.as_uri() + "/",
        target=target,
        name="links",
    )
    assert pages == 1
    urls = subprocess.run(
        ["pdfinfo", "-url", str(target)], capture_output=True, text=True, check=True
    ).stdout
    assert "https://www.unicef.org/tajikistan/" in urls


def test_tajik_letters_render_in_an_embedded_font(tmp_path):
    target = tmp_path / "tajik.pdf"
    render_pdf(
        document=_page(f"<p>Ҳуқуқҳои кӯдак: {TAJIK}</p>"),
        base_url=tmp_path.as_uri() + "/",
        target=target,
        name="tajik",
    )
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert TAJIK in text
    fonts = subprocess.run(
        ["pdffonts", str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts
