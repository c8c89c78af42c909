"""The offline check finds every resource a built page would load from another host."""

from pathlib import Path

import pytest

from himoya.book.offline import find_remote_resources, is_remote, scan_file

HERE = Path(__file__).parent
SITE = HERE / "planted-cdn-site"


@pytest.mark.parametrize(
    ("url", "remote"),
    [
        ("https://cdn.jsdelivr.net/npm/x.js", True),
        ("http://example.org/a.css", True),
        ("//fonts.googleapis.com/css", True),
        ("HTTPS://EXAMPLE.ORG/A.PNG", True),
        ("_static/local.js", False),
        ("../../_static/styles/theme.css?digest=1", False),
        ("/_static/x.css", False),
        ("data:image/png;base64,AAAA", False),
        ("file:///tmp/x.css", False),
        ("#section", False),
    ],
)
def test_is_remote_tells_other_hosts_from_local_files(url, remote):
    assert is_remote(url) is remote


def test_planted_cdn_resources_are_each_named_with_page_and_url():
    found = find_remote_resources(SITE)
    by_url = {item.url: item for item in found}
    assert set(by_url) == {
        "https://cdn.jsdelivr.net/npm/require.js",
        "//fonts.googleapis.com/css?family=Roboto",
        "https://example.org/bg.png",
        "https://example.org/photo.jpg",
        "https://example.org/big.png",
        "https://fonts.example.org/remote.css",
    }
    script = by_url["https://cdn.jsdelivr.net/npm/require.js"]
    assert script.file == SITE / "sub" / "page.html"
    assert script.kind == "<script src>"
    assert script.line == 4
    assert "sub/page.html:4" in str(script)
    assert by_url["https://fonts.example.org/remote.css"].file.name == "local.css"


def test_hyperlinks_comments_and_data_urls_are_not_reported():
    assert scan_file(SITE / "index.html") == []
    urls = {item.url for item in find_remote_resources(SITE)}
    assert "https://example.org/a-citation" not in urls
    assert "https://example.org/in-a-comment.png" not in urls


def test_missing_site_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no built site here"):
        find_remote_resources(tmp_path / "nothing")
