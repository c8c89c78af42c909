"""Build the HTML book strictly, then check that it works offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from himoya.book.offline import RemoteResource, find_remote_resources
from himoya.errors import UserError
from himoya.paths import course_root


class BuildError(UserError, RuntimeError):
    """The book did not build, or the built book would not work offline."""

    def __init__(self, message: str, *, remote: tuple[RemoteResource, ...] = ()) -> None:
        super().__init__(message)
        self.remote = remote


def _jupyter_book_command() -> list[str]:
    script = Path(sys.executable).with_name("jupyter-book")
    if script.exists():
        return [str(script)]
    found = shutil.which("jupyter-book")
    if found:
        return [found]
    raise BuildError("jupyter-book is not installed in this environment (run `make course`)")


def build_book(
    *,
    source: Path | None = None,
    output: Path | None = None,
    strict: bool = True,
    rebuild_all: bool = False,
    quiet: bool = False,
) -> Path:
    """Build the book from ``source`` (the course root) and return the HTML folder.

    ``output`` is the folder that receives ``_build/`` (default: the course root). With
    ``strict``, any Sphinx warning fails the build (``-W -n --keep-going``). After the build, every
    page and stylesheet is scanned; any resource loaded from another host fails the build with the
    page and URL named. ``quiet`` captures the build log and puts its tail into the error instead of
    streaming it.
    """
    source = Path(source) if source else course_root()
    output = Path(output) if output else source
    missing = [name for name in ("_config.yml", "_toc.yml") if not (source / name).is_file()]
    if missing:
        raise BuildError(f"{source}: not a course folder (missing {', '.join(missing)})")
    command = [*_jupyter_book_command(), "build", str(source), "--path-output", str(output)]
    if strict:
        command += ["-W", "-n", "--keep-going"]
    if rebuild_all:
        command.append("--all")
    env = {**os.environ, "HIMOYA_ROOT": str(source), "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    result = subprocess.run(
        command,
        cwd=source,
        env=env,
        text=True,
        capture_output=quiet,
        check=False,
    )
    if result.returncode != 0:
        detail = ""
        if quiet:
            log = (result.stdout or "") + (result.stderr or "")
            lines = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
            detail = "\n" + "\n".join((lines or log.splitlines())[-30:])
        raise BuildError(
            f"the book build failed (jupyter-book exit {result.returncode}); "
            f"the warnings above name the page{detail}"
        )
    html = output / "_build" / "html"
    if not (html / "index.html").is_file():
        raise BuildError(f"{html / 'index.html'} was not written")
    remote = tuple(find_remote_resources(html))
    if remote:
        listing = "\n".join(f"  {item}" for item in remote)
        raise BuildError(
            f"{len(remote)} reference(s) in the built book load files from another host "
            f"and would fail offline:\n{listing}",
            remote=remote,
        )
    return html
