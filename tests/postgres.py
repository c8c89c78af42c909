"""A real PostgreSQL server for tests: Debian's ``postgresql``, in a temporary folder, on loopback.

``make test`` installs the package. The server runs as the ``postgres`` OS user when the tests run
as root (PostgreSQL refuses to run as root) and as the current user otherwise; it listens only on
127.0.0.1 on a free port, with its socket in its own folder, and is stopped when the fixture ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    return versions[0].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class PostgresServer:
    """A running server: ``url(db)`` gives a SQLAlchemy URL, ``createdb(db)`` makes a database."""

    port: int
    bindir: Path
    _as_user: tuple[str, ...]

    def url(self, database: str) -> str:
        """SQLAlchemy URL (psycopg 3 driver) of ``database`` on this server."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def createdb(self, database: str) -> str:
        """Create ``database`` and return its URL."""
        subprocess.run(
            [*self._as_user, str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p",
             str(self.port), "-U", "postgres", database],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return self.url(database)


def missing_reason() -> str | None:
    """Why no server can be started here, or None."""
    if _bindir() is None:
        return "PostgreSQL is not installed (apt-get install postgresql; `make test` does)"
    return None


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a throw-away server with its data in a new temporary folder; stop and delete on exit.

    The folder is made directly under the system temporary folder so that the ``postgres`` user
    can reach it (pytest's own temporary folders are private to the user running the tests).
    """
    bindir = _bindir()
    if bindir is None:
        raise RuntimeError(missing_reason())
    as_user: tuple[str, ...] = ()
    folder = Path(tempfile.mkdtemp(prefix="himoya-postgres-"))
    data = folder / "pgdata"
    if os.geteuid() == 0:
        as_user = ("runuser", "-u", "postgres", "--")
        shutil.chown(folder, "postgres")
        folder.chmod(0o700)
    port = _free_port()
    run = {"check": True, "capture_output": True, "text": True}
    subprocess.run(
        [*as_user, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
        **run,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w",
         "-l", str(folder / "server.log"), "start"],
        **run,
    )  # fmt: skip
    try:
        yield PostgresServer(port=port, bindir=bindir, _as_user=as_user)
    finally:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
