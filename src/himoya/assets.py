"""CSS and JavaScript that the package inlines into pages (players, screening forms).

Inlined files travel with every page that uses them (no external file, so a page works from
``file://``, a USB stick or a notebook output), so their comments and indentation are removed.
JavaScript keeps its line breaks, so nothing depends on semicolon insertion rules.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_SPACE = re.compile(r"\s*([{};,])\s*")


@cache
def inline_asset(package: str, name: str) -> str:
    """The file ``static/<name>`` of ``package`` (e.g. ``himoya.scenarios``), ready to inline."""
    text = (resources.files(package) / "static" / name).read_text(encoding="utf-8")
    text = _BLOCK_COMMENT.sub("", text)
    if name.endswith(".css"):
        return _CSS_SPACE.sub(r"\1", " ".join(text.split()))
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and ``\\u0026`` (valid JSON
    escapes), so neither ``</script>`` nor ``<!--`` can appear in the payload.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
