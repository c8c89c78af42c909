"""``himoya hub init``, ``hub start`` and ``hub remove``."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from himoya.grading.roster import read_roster
from himoya.grading.workspace import Workspace, open_workspace
from himoya.hub import accounts as os_accounts
from himoya.hub.auth import make_logins
from himoya.hub.cards import Card, write_cards
from himoya.hub.environment import build_environment, check_runnable
from himoya.hub.exchange import prepare_exchange, publish
from himoya.hub.hubconfig import formgrader_url
from himoya.hub.settings import (
    Account,
    HubError,
    HubSettings,
    check_prefix,
    hub_dir,
    load_settings,
    read_accounts,
    read_secrets,
    save_settings,
    settings_path,
    username_for,
    write_accounts,
    write_private,
    write_secrets,
)
from himoya.paths import course_root

CONFIG_FILE = Path(__file__).with_name("jupyterhub_config.py")
PIN_DIGITS = 6
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CONFIG_MARK = "# --- himoya hub (written by `himoya hub init`) ---"


@dataclass
class InitResult:
    """What ``hub init`` did."""

    settings: HubSettings
    cards: Path
    new_accounts: list[str] = field(default_factory=list)
    made_private: list[Path] = field(default_factory=list)
    env_built: bool = False
    released: list[str] = field(default_factory=list)


def course_id_for(workspace: Workspace) -> str:
    """nbgrader course id from the workspace folder's name (``bokhtar-2026-11``)."""
    slug = re.sub(r"[^a-z0-9-]+", "-", workspace.root.name.lower()).strip("-")[:40]
    if not slug or not slug[0].isalpha():
        slug = f"cohort-{slug}".strip("-")
    return slug


def lan_address(port: int) -> str:
    """``http://<first LAN address of this laptop>:<port>/`` (127.0.0.1 when there is none)."""
    found = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5)
        found = next((a for a in out.stdout.split() if "." in a), "")
    return f"http://{found or '127.0.0.1'}:{port}/"


def _new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


def _new_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(12))


def _nbgrader_block(settings: HubSettings) -> str:
    return (
        f"\n{CONFIG_MARK}\n"
        "# On the hub each cohort has its own course id, and the exchange is shared.\n"
        f"c.CourseDirectory.course_id = {settings.course_id!r}\n"
        f"c.Exchange.root = {settings.exchange!r}\n"
        "c.Exchange.path_includes_course = True\n"
    )


def write_logins(workspace: Workspace, settings: HubSettings) -> Path:
    """``logins.json`` (hashed) from ``pins.csv`` and ``trainers.csv``; kept if both are gone."""
    folder = hub_dir(workspace)
    pins = read_secrets(folder / "pins.csv", "pin")
    passwords = read_secrets(folder / "trainers.csv", "password")
    target = folder / "logins.json"
    if not pins and not passwords and target.is_file():
        return target
    rows = []
    for item in read_accounts(workspace):
        secret = (pins if item.kind == "trainee" else passwords).get(item.id)
        if secret is None:
            raise HubError(f"{folder}: no PIN or password for {item.id} (run `hub init` again)")
        rows.append((item.id, item.username, item.kind, secret))
    write_private(target, json.dumps(make_logins(rows), indent=1) + "\n")
    return target


def init_hub(
    *,
    directory: Path,
    prefix: str = "",
    trainers: tuple[str, ...] = ("trainer",),
    exchange: Path | None = None,
    env: Path | None = None,
    memory_mb: int = 1024,
    cull_minutes: int = 60,
    address: str | None = None,
    wifi: str = "",
    join: Path | None = None,
    progress=print,
) -> InitResult:
    """Accounts, PINs, cards, trainee environment and exchange for the cohort in ``directory``.

    With ``join`` (the workspace of a cohort whose hub is already set up) this cohort joins that
    hub: it takes its exchange, trainees' environment and address, no login may clash with the
    hub's, and ``hub start JOIN`` serves it too.
    """
    os_accounts.require_root("hub init")
    workspace = open_workspace(directory)
    folder = hub_dir(workspace)
    previous = load_settings(workspace) if settings_path(workspace).is_file() else None
    prefix = check_prefix(previous.prefix if previous else prefix)
    host = open_workspace(join) if join is not None else None
    if host is not None:
        hosting = load_settings(host)
        if exchange is not None and str(exchange) != hosting.exchange:
            raise HubError(
                f"--exchange {exchange}: the hub of {host.root} uses {hosting.exchange}; "
                "cohorts on one hub share one exchange (leave --exchange out)"
            )
        exchange, env = Path(hosting.exchange), env or Path(hosting.env)
        address = address or hosting.address
    defaults = HubSettings(workspace="", course_id="")
    settings = HubSettings(
        workspace=str(workspace.root),
        course_id=previous.course_id if previous else course_id_for(workspace),
        prefix=prefix,
        exchange=str(exchange or (previous.exchange if previous else defaults.exchange)),
        env=str(env or (previous.env if previous else defaults.env)),
        owner=os_accounts.owner_name(workspace.root),
        memory_mb=memory_mb,
        cull_minutes=cull_minutes,
        address=address or (previous.address if previous else "") or lan_address(8000),
    )
    if memory_mb < 256:
        raise HubError(f"--memory-mb {memory_mb}: give at least 256 MB per trainee")
    trainees = read_roster(workspace.roster_file)
    wanted: list[Account] = [
        Account(t.id, username_for(t.id, prefix), "trainee") for t in trainees
    ] + [Account(name, username_for(name, prefix), "trainer") for name in trainers]
    seen: dict[str, str] = {}
    for item in wanted:
        if item.username in seen:
            raise HubError(
                f"{item.id!r} and {seen[item.username]!r} give the same login {item.username!r}"
            )
        seen[item.username] = item.id
    if host is not None:
        check_join(host, workspace, settings.course_id, wanted)
    folder.mkdir(exist_ok=True)
    folder.chmod(0o700)
    result = InitResult(settings=settings, cards=folder / "cards.pdf")
    for item in wanted:
        if item.kind == "trainee":
            _, new = os_accounts.ensure_account(
                item.username, course_id=settings.course_id, ident=item.id
            )
            if new:
                result.new_accounts.append(item.username)
    pins = read_secrets(folder / "pins.csv", "pin")
    passwords = read_secrets(folder / "trainers.csv", "password")
    pins = {t.id: pins.get(t.id) or _new_pin() for t in trainees}
    passwords = {name: passwords.get(name) or _new_password() for name in trainers}
    write_secrets(folder / "pins.csv", "pin", pins)
    write_secrets(folder / "trainers.csv", "password", passwords)
    write_accounts(workspace, wanted)
    save_settings(workspace, settings)
    if host is not None:
        joined = hosting.extra.setdefault("joined", [])
        if str(workspace.root) not in joined:
            joined.append(str(workspace.root))
        save_settings(host, hosting)
    write_logins(workspace, settings)
    result.made_private = _make_private(workspace, settings)
    config = workspace.config_file.read_text(encoding="utf-8")
    if CONFIG_MARK not in config:
        workspace.config_file.write_text(config + _nbgrader_block(settings), encoding="utf-8")
    prepare_exchange(settings)
    if not workspace.release.is_dir() or not any(workspace.release.glob("*/*.ipynb")):
        from himoya.grading.cohort import release

        progress("making the trainee versions of the exercises (himoya cohort release)")
        release(directory=workspace.root)
    result.env_built = build_environment(Path(settings.env), course_root(), progress=progress)
    result.released = publish(workspace, settings)
    by_id = {t.id: t for t in trainees}
    write_cards(
        result.cards,
        [Card(ident, pin, by_id[ident].full_name) for ident, pin in pins.items()],
        address=settings.address,
        wifi=wifi,
        lockout_minutes=settings.lockout_minutes,
    )
    return result


def check_join(host: Workspace, workspace: Workspace, course_id: str, wanted: list[Account]):
    """Stop before any account is made if this cohort cannot share the hub of ``host``."""
    if host.root == workspace.root:
        raise HubError(f"--join {host.root}: that is this cohort's own workspace")
    joined = load_settings(host).extra.get("joined", [])
    for other in [host, *(open_workspace(Path(path)) for path in joined)]:
        if other.root == workspace.root:
            continue
        if load_settings(other).course_id == course_id:
            raise HubError(
                f"{workspace.root}: course id {course_id} is already used by {other.root} "
                "(rename the workspace folder)"
            )
        taken = {a.username: a for a in read_accounts(other)}
        for item in wanted:
            if item.username in taken:
                raise HubError(
                    f"{item.kind} {item.id!r}: the login {item.username!r} is already a "
                    f"{taken[item.username].kind} of {other.root} (give this cohort a --prefix, "
                    "or its trainers other names with --trainers)"
                )


def cohorts_to_serve(directories: list[Path]) -> list[Workspace]:
    """The given workspaces and every cohort that joined one of them, each once, in order."""
    out: dict[Path, Workspace] = {}
    for directory in directories:
        workspace = open_workspace(directory)
        out.setdefault(workspace.root, workspace)
        if settings_path(workspace).is_file():
            for path in load_settings(workspace).extra.get("joined", []):
                joined = open_workspace(Path(path))
                out.setdefault(joined.root, joined)
    return list(out.values())


def _make_private(workspace: Workspace, settings: HubSettings) -> list[Path]:
    """The workspace, the course folder (it holds the answers) and the owner's home: 0700-ish."""
    changed = []
    candidates = [workspace.root]
    with contextlib.suppress(FileNotFoundError):
        candidates.append(course_root())
    owner = os_accounts.account(settings.owner)
    if owner is not None and owner.pw_uid != 0:
        candidates.append(Path(owner.pw_dir))
    for path in candidates:
        if path.is_dir() and os_accounts.make_private(path):
            changed.append(path)
    return changed


# --- start -------------------------------------------------------------------------------------


def find_proxy(given: Path | None = None) -> str:
    """configurable-http-proxy: given, on PATH, or where ``make hub`` installs it."""
    candidates = [given] if given else []
    on_path = shutil.which("configurable-http-proxy")
    if on_path:
        candidates.append(Path(on_path))
    with contextlib.suppress(FileNotFoundError):
        candidates.append(
            course_root() / ".cache" / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"
        )
    for path in candidates:
        if path and Path(path).is_file():
            return str(path)
    raise HubError(
        "configurable-http-proxy not found: run `make hub` in the course folder (it installs "
        "it from npm into .cache/chp), or give --proxy PATH"
    )


def runtime_for(
    workspaces: list[Workspace], *, ip: str, port: int, proxy: str, ssl: tuple[str, str] | None
) -> dict:
    """Everything JupyterHub's config needs, checked: one entry per cohort."""
    cohorts = []
    names: dict[str, str] = {}
    courses: set[str] = set()
    exchanges: set[str] = set()
    for workspace in workspaces:
        settings = load_settings(workspace)
        check_runnable(Path(settings.env))
        if settings.course_id in courses:
            raise HubError(f"{workspace.root}: course id {settings.course_id} is given twice")
        courses.add(settings.course_id)
        exchanges.add(settings.exchange)
        logins = write_logins(workspace, settings)
        items = read_accounts(workspace)
        for item in items:
            if item.username in names:
                raise HubError(
                    f"{workspace.root}: login {item.username!r} is also in {names[item.username]} "
                    "(give one of the cohorts a --prefix at `hub init`)"
                )
            names[item.username] = str(workspace.root)
        cohorts.append(
            {
                **settings.__dict__,
                "logins": str(logins),
                "trainees": [a.username for a in items if a.kind == "trainee"],
                "trainers": [a.username for a in items if a.kind == "trainer"],
            }
        )
    if len(exchanges) > 1:
        raise HubError("the cohorts use different exchange folders; give them one (--exchange)")
    return {
        "cohorts": cohorts,
        "ip": ip,
        "port": port,
        "proxy": proxy,
        "proxy_token": secrets.token_hex(32),
        "state_dir": str(hub_dir(workspaces[0])),
        "ssl_cert": ssl[0] if ssl else "",
        "ssl_key": ssl[1] if ssl else "",
    }


def start_hub(
    *,
    directories: list[Path],
    ip: str = "0.0.0.0",
    port: int = 8000,
    ssl_cert: Path | None = None,
    ssl_key: Path | None = None,
    proxy: Path | None = None,
    echo=print,
) -> int:
    """Run JupyterHub (and, through it, the proxy) in the foreground until Ctrl+C."""
    os_accounts.require_root("hub start")
    if (ssl_cert is None) != (ssl_key is None):
        raise HubError("give both --ssl-cert and --ssl-key, or neither")
    for path in (ssl_cert, ssl_key):
        if path is not None and not Path(path).is_file():
            raise HubError(f"{path}: no such file")
    workspaces = cohorts_to_serve(directories)
    for number in (port, port + 1, port + 2):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1" if number != port else ip, number))
            except OSError:
                raise HubError(
                    f"port {number} is in use (is another hub still running?); stop it or "
                    "give another --port"
                ) from None
    runtime = runtime_for(
        workspaces,
        ip=ip,
        port=port,
        proxy=find_proxy(proxy),
        ssl=(str(Path(ssl_cert).resolve()), str(Path(ssl_key).resolve())) if ssl_cert else None,
    )
    for workspace in workspaces:
        released = publish(workspace, load_settings(workspace))
        echo(f"{workspace.root.name}: {len(released)} assignment(s) in the exchange")
    state = Path(runtime["state_dir"])
    runtime_file = state / "runtime.json"
    write_private(runtime_file, json.dumps(runtime, indent=1))
    log_path = state / "jupyterhub.log"
    env = {
        **os.environ,
        "HIMOYA_HUB_RUNTIME": str(runtime_file),
        "PATH": f"{Path(sys.executable).parent}:{Path(runtime['proxy']).parent}:"
        f"{os.environ.get('PATH', '/usr/bin:/bin')}",
    }
    scheme = "https" if ssl_cert else "http"
    shown = "127.0.0.1" if ip in ("0.0.0.0", "127.0.0.1") else ip
    echo(f"hub: {scheme}://{shown}:{port}/hub/login   (log: {log_path}; Ctrl+C stops everything)")
    for cohort in runtime["cohorts"]:
        echo(f"formgrader for {cohort['course_id']}: {scheme}://{shown}:{port}"
             f"{formgrader_url(cohort['course_id'])}/")  # fmt: skip
    with log_path.open("a", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG_FILE)],
            cwd=state,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

        def pump() -> None:
            for line in process.stdout:
                log.write(line)
                log.flush()
                if " E " in line[:40] or "CRITICAL" in line or "logged in" in line.lower():
                    echo(line.rstrip())

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()

        def forward(signum, _frame):
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGINT)

        old_int = signal.signal(signal.SIGINT, forward)
        old_term = signal.signal(signal.SIGTERM, forward)
        try:
            try:
                code = process.wait()
            except KeyboardInterrupt:
                code = process.wait(timeout=60)
        finally:
            signal.signal(signal.SIGINT, old_int)
            signal.signal(signal.SIGTERM, old_term)
            if process.poll() is None:
                process.kill()
                process.wait()
            reader.join(timeout=5)
    runtime_file.unlink(missing_ok=True)
    stopped = stop_leftovers(port)
    if stopped:
        echo(f"stopped {stopped} process(es) the hub left running")
    echo("hub stopped")
    return 0 if code in (0, -signal.SIGINT, 130) else code


def stop_leftovers(port: int, *, wait: float = 10.0) -> int:
    """Stop this hub's proxy and servers if JupyterHub left any (it does when it fails to start).

    Only processes that are certainly this hub's: the proxy with its API on ``port + 1``, and
    Jupyter servers whose hub API address is ``127.0.0.1:<port + 2>``.
    """
    hub_api = f"JUPYTERHUB_API_URL=http://127.0.0.1:{port + 2}/hub/api".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        joined = b" ".join(command)
        proxy = (
            b"configurable-http-proxy" in joined
            and b"--api-port" in command
            and command[command.index(b"--api-port") + 1] == str(port + 1).encode()
        )
        server = b"singleuser" in joined and hub_api in environ
        if proxy or server:
            found.append(int(entry.name))
    for pid in found:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in found):
        time.sleep(0.2)
    for pid in found:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return len(found)


# --- remove ------------------------------------------------------------------------------------


def remove_hub(*, directory: Path) -> list[str]:
    """Delete the cohort's OS accounts and homes, its exchange folder and ``DIR/hub/``."""
    os_accounts.require_root("hub remove")
    workspace = open_workspace(directory)
    settings = load_settings(workspace)
    done = []
    from himoya.hub.cgroups import MemoryGroup

    for item in read_accounts(workspace):
        if item.kind != "trainee":
            continue
        if os_accounts.remove_account(item.username, course_id=settings.course_id):
            done.append(f"removed account {item.username} and its home")
        group = MemoryGroup.existing(item.username)
        if group is not None:
            group.remove()
    course_exchange = Path(settings.exchange) / settings.course_id
    if course_exchange.is_dir():
        shutil.rmtree(course_exchange)
        done.append(f"removed {course_exchange}")
    shutil.rmtree(hub_dir(workspace))
    done.append(f"removed {hub_dir(workspace)} (PINs, cards, hub state)")
    return done
