"""The trainees' Python environment: a venv from Debian's Python, in a world-readable folder.

A trainee's server runs as the trainee's own OS account, so it cannot use the trainer's ``.venv``
(often in a private home, or under ``/root``). ``hub init`` builds a venv from ``/usr/bin/python3``
(Debian's ``python3-venv``) in ``/opt/himoya/hub-env`` by default, with the same versions of
JupyterHub, Notebook and nbgrader as the trainer's environment, plus Himoya itself (for
``himoya.datasets`` in the exercises). Packages come from the package index (or its cache) once,
when the trainer prepares the laptop; afterwards the hub needs no network. A second ``hub init``
reuses the environment when nothing changed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
import tempfile
from importlib import metadata
from pathlib import Path

from himoya.hub.settings import HubError

SYSTEM_PYTHON = Path("/usr/bin/python3")
# Packages of the trainee's server, pinned to the trainer's versions where the trainer has them.
PACKAGES = (
    "jupyterhub",
    "notebook",
    "jupyterlab",
    "nbgrader",
    "ipykernel",
    "ipywidgets",
    "pandas",
    "numpy",
    "matplotlib",
    "PyYAML",
    "attrs",
    "frictionless",
)
STAMP = ".himoya-env.json"
ENV_FORMAT = 1
"""Raise to rebuild every trainee environment (a change in how it is made)."""
PACKAGE_TOP_FILES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT.md")

NBGRADER_CONFIG = """\
# nbgrader for trainees on the Himoya workshop hub (written by `himoya hub init`).
import os

c = get_config()  # noqa: F821
c.Exchange.root = os.environ.get("HIMOYA_EXCHANGE", "/srv/himoya/exchange")
c.Exchange.path_includes_course = True
# Courses come from the trainee's JupyterHub groups (nbgrader-<course>): a trainee sees only
# their own cohort's assignments.
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
"""

SERVER_CONFIG = {
    "ServerApp": {
        # No terminal for trainees: a phone does not need one, and it narrows what they can do.
        "terminals_enabled": False,
    }
}
# Server extensions a trainee's server does not load. The trainee's side of nbgrader only (no
# formgrader, no course list); no /lab (trainees use Notebook 7, which serves its own pages and
# the JupyterLab settings it needs), no language servers, no terminals. Each loaded extension
# costs memory in every trainee's server (see benchmarks/README.md). nbgrader's assignment list
# (fetch, submit, feedback) and Validate stay on.
UNUSED_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
    "jupyterlab",
    "jupyter_lsp",
    "jupyter_server_terminals",
)
TRAINER_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:create-assignment",
)


def requirements(course: Path) -> list[str]:
    """pip requirement strings for the environment (trainer's versions pinned)."""
    pinned = []
    for name in PACKAGES:
        try:
            pinned.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pinned.append(name)
    return pinned


def _digest(parts: list[str], files: list[Path] = ()) -> str:
    digest = hashlib.sha256("\n".join(parts).encode())
    for path in files:
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _package_files(course: Path) -> list[Path]:
    """What ``pip install`` takes from the course folder for the Himoya package."""
    files = [course / name for name in PACKAGE_TOP_FILES if (course / name).is_file()]
    files += sorted(
        p
        for p in (course / "src" / "himoya").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    return files


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        last = (result.stderr.strip() or result.stdout.strip()).splitlines()[-3:]
        raise HubError(f"{what} failed: {' | '.join(last)}")


def _install_himoya(target: Path, course: Path) -> None:
    """Himoya itself without its book-building dependencies (the exercises need the datasets).

    Installed from a copy of the package's files, so the build leaves nothing in the course folder.
    """
    with tempfile.TemporaryDirectory(prefix="himoya-hub-env-") as tmp:
        for path in _package_files(course):
            copy = Path(tmp) / path.relative_to(course)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
        _run(
            [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet",
             "--disable-pip-version-check", "--no-deps", "--force-reinstall", tmp],
            "installing Himoya into the trainees' environment",
        )  # fmt: skip


def _make_readable(target: Path) -> None:
    for path in [target, *target.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.lstat().st_mode
        path.chmod((mode | 0o444 | (0o111 if mode & 0o100 else 0)) & ~0o022)


def build_environment(target: Path, course: Path, *, progress=print) -> bool:
    """Build (or bring up to date) the trainees' environment at ``target``; True if changed.

    A change of the pinned packages rebuilds it (minutes); a change of Himoya's own files only
    reinstalls Himoya, a change of the trainees' server settings only rewrites them (seconds).
    """
    if not SYSTEM_PYTHON.is_file():
        raise HubError(f"{SYSTEM_PYTHON} not found: install Debian's python3 and python3-venv")
    target = Path(target)
    reqs = requirements(course)
    packages = _digest([f"format {ENV_FORMAT}", *reqs])
    himoya = _digest([], _package_files(course))
    config = _digest([NBGRADER_CONFIG, json.dumps(SERVER_CONFIG), *UNUSED_SERVER_EXTENSIONS,
                      *TRAINER_LAB_PLUGINS])  # fmt: skip
    target.parent.mkdir(parents=True, exist_ok=True)
    for folder in (target.parent, *target.parent.parents):
        if folder.stat().st_mode & 0o005 != 0o005:
            raise HubError(
                f"{folder}: other users cannot enter this folder, so trainees could not run "
                f"the environment; choose another --env folder (default /opt/himoya/hub-env)"
            )
    lock_path = target.parent / f".{target.name}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = target / STAMP
        done = json.loads(stamp.read_text()) if stamp.is_file() else {}
        wanted = {"packages": packages, "himoya": himoya, "config": config}
        if all(done.get(key) == value for key, value in wanted.items()):
            return False
        if done.get("packages") != packages:
            progress(f"building the trainees' Python environment in {target} (minutes, once)")
            stamp.unlink(missing_ok=True)
            if target.exists():
                shutil.rmtree(target)
            _create(target, reqs)
            done = {}
        if done.get("config") != config:
            progress(f"configuring the trainees' Jupyter server in {target}")
            _configure(target)
        if done.get("himoya") != himoya:
            progress(f"installing Himoya into {target}")
            _install_himoya(target, course)
        _make_readable(target)
        stamp.write_text(json.dumps({**wanted, "requirements": reqs}))
        return True


def _create(target: Path, reqs: list[str]) -> None:
    _run(
        [str(SYSTEM_PYTHON), "-m", "venv", str(target)],
        "python3 -m venv (apt-get install python3-venv)",
    )
    _run(
        [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet",
         "--disable-pip-version-check", *reqs],
        "installing JupyterHub, Notebook and nbgrader into the trainees' environment",
    )  # fmt: skip


def _configure(target: Path) -> None:
    """nbgrader's and Jupyter Server's settings for trainees; unused extensions switched off."""
    etc = target / "etc" / "jupyter"
    etc.mkdir(parents=True, exist_ok=True)
    (etc / "nbgrader_config.py").write_text(NBGRADER_CONFIG, encoding="utf-8")
    (etc / "jupyter_server_config.json").write_text(
        json.dumps(SERVER_CONFIG, indent=2), encoding="utf-8"
    )
    jupyter = str(target / "bin" / "jupyter")
    for module in UNUSED_SERVER_EXTENSIONS:
        _run([jupyter, "server", "extension", "disable", "--sys-prefix", module], module)
    for plugin in TRAINER_LAB_PLUGINS:
        _run([jupyter, "labextension", "disable", "--level=sys_prefix", plugin], plugin)


def singleuser_command(target: Path) -> list[str]:
    return [str(Path(target) / "bin" / "jupyterhub-singleuser")]


def check_runnable(target: Path) -> None:
    """Raise unless the environment exists and is executable by others."""
    python = Path(target) / "bin" / "python"
    if not (Path(target) / STAMP).is_file() or not python.exists():
        raise HubError(
            f"{target}: the trainees' environment is missing (run `sudo himoya hub init`)"
        )
