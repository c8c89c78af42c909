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
from himoya.grading.workspace import CohortError, Workspace, open_workspace
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
    typed_names,
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
"""Start of the hub's lines at the end of a workspace's ``nbgrader_config.py`` (rewritten)."""


@dataclass
class InitResult:
    """What ``hub init`` did."""

    settings: HubSettings
    cards: Path
    new_accounts: list[str] = field(default_factory=list)
    made_private: list[Path] = field(default_factory=list)
    env_built: bool = False
    released: list[str] = field(default_factory=list)
    grader: str = ""
    """The grader account made now for this cohort's formgrader (``--join``), if any."""


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
        "# This workspace is the course: its formgrader asks JupyterHub for no groups (trainees'\n"
        "# servers do, to show each trainee only their own cohort's assignments).\n"
        'c.Authenticator.plugin_class = "nbgrader.auth.NoAuthPlugin"\n'
    )


def _write_nbgrader_block(workspace: Workspace, settings: HubSettings) -> None:
    """Add (or bring up to date) the hub's lines at the end of the workspace's nbgrader config."""
    config = workspace.config_file.read_text(encoding="utf-8")
    wanted = config.split(f"\n{CONFIG_MARK}\n")[0] + _nbgrader_block(settings)
    if wanted != config:
        workspace.config_file.write_text(wanted, encoding="utf-8")


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
    settings = new_settings(
        workspace,
        previous,
        prefix=prefix,
        exchange=exchange,
        env=env,
        memory_mb=memory_mb,
        cull_minutes=cull_minutes,
        address=address,
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
    grader = None
    if host is not None:
        check_join(host, workspace, settings.course_id, wanted)
        grader = grader_needed(host, workspace, settings)
    folder.mkdir(exist_ok=True)
    folder.chmod(0o700)
    result = InitResult(settings=settings, cards=folder / "cards.pdf")
    if grader is not None:
        # nbgrader's multiple-courses setup: this cohort's formgrader runs as an account of its
        # own (grader-<course>), so its trainers reach no other cohort's files.
        _, new = os_accounts.ensure_account(
            grader, course_id=settings.course_id, ident=os_accounts.GRADER_IDENT
        )
        settings.grader = grader
        result.grader = grader if new else ""
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
        settings.extra["host"] = str(host.root)
        save_settings(workspace, settings)
        joined = hosting.extra.setdefault("joined", [])
        if str(workspace.root) not in joined:
            joined.append(str(workspace.root))
        save_settings(host, hosting)
    write_logins(workspace, settings)
    result.made_private = _make_private(workspace, settings)
    if settings.grader:
        os_accounts.open_to_grader(workspace.root, settings.grader)
    _write_nbgrader_block(workspace, settings)
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


def new_settings(
    workspace: Workspace,
    previous: HubSettings | None,
    *,
    prefix: str,
    exchange: Path | None,
    env: Path | None,
    memory_mb: int,
    cull_minutes: int,
    address: str | None,
) -> HubSettings:
    """The settings ``hub init`` saves: what is given, else what the last ``hub init`` saved.

    What the hub recorded itself (the cohorts that joined it, the hub a cohort joined, the
    cohort's grader account) is kept.
    """
    defaults = HubSettings(workspace="", course_id="")
    return HubSettings(
        workspace=str(workspace.root),
        course_id=previous.course_id if previous else course_id_for(workspace),
        prefix=prefix,
        exchange=str(exchange or (previous.exchange if previous else defaults.exchange)),
        env=str(env or (previous.env if previous else defaults.env)),
        owner=os_accounts.owner_name(workspace.root),
        grader=previous.grader if previous else "",
        memory_mb=memory_mb,
        cull_minutes=cull_minutes,
        address=address or (previous.address if previous else "") or lan_address(8000),
        extra=dict(previous.extra) if previous else {},
    )


def hub_cohorts(host: Workspace) -> list[Workspace]:
    """The cohort whose hub it is and every cohort that joined it."""
    joined = load_settings(host).extra.get("joined", [])
    return [host, *(open_workspace(Path(path)) for path in joined)]


def grader_needed(host: Workspace, workspace: Workspace, settings: HubSettings) -> str | None:
    """The grader account a joining cohort's formgrader needs, or None if the owner will do.

    A cohort's formgrader runs as the owner of its workspace, and its trainers can do in it what
    that account can (it runs their code). On a shared hub that must be an account of this
    cohort alone: not root (who reads everything) and not the owner of another cohort on the
    hub (whose grades it could read). Otherwise the formgrader runs as an account of its own,
    ``grader-<course>``, which must be able to reach the workspace. Checked before any account
    is made.
    """
    others = {
        os_accounts.owner_name(other.root)
        for other in hub_cohorts(host)
        if other.root != workspace.root
    }
    if not settings.grader and settings.owner != "root" and settings.owner not in others:
        return None
    name = settings.grader or os_accounts.grader_name(settings.course_id)
    existing = os_accounts.account(name)
    if existing is not None and not os_accounts.is_ours(existing, settings.course_id):
        raise HubError(
            f"{workspace.root}: the OS account {name!r} for this cohort's formgrader already "
            "exists and was not made by this cohort's hub (rename the workspace folder: its "
            "name gives the course id)"
        )
    # `hub init` makes the course folder and the owners' homes private.
    closed = {
        Path(entry.pw_dir) for o in {*others, settings.owner} if (entry := os_accounts.account(o))
    }
    with contextlib.suppress(FileNotFoundError):
        closed.add(course_root())
    for parent in workspace.root.parents:
        if parent in closed or not parent.stat().st_mode & 0o001:
            raise HubError(
                f"{workspace.root}: this cohort's formgrader will run as its own account "
                f"{name}, which cannot enter {parent}; move the workspace to a folder other "
                "accounts may enter (e.g. /srv/himoya/cohorts/) and run `hub init` again"
            )
    return name


def check_join(host: Workspace, workspace: Workspace, course_id: str, wanted: list[Account]):
    """Stop before any account is made if this cohort cannot share the hub of ``host``."""
    if host.root == workspace.root:
        raise HubError(f"--join {host.root}: that is this cohort's own workspace")
    for other in hub_cohorts(host):
        if other.root == workspace.root:
            continue
        if load_settings(other).course_id == course_id:
            raise HubError(
                f"{workspace.root}: course id {course_id} is already used by {other.root} "
                "(rename the workspace folder)"
            )
        check_logins(wanted, read_accounts(other), other.root)


def check_logins(wanted: list[Account], taken: list[Account], where: Path) -> None:
    """Stop if a login of ``wanted`` could be typed for one of ``taken`` (another cohort).

    A person logs in with their roster id or trainer name in any case, or with the login
    itself: on one hub each of these must belong to one person only. A ``--prefix`` changes the
    login but not the id people type, so it does not settle a clash.
    """
    names = {name: other for other in taken for name in typed_names(other)}
    for item in wanted:
        for name in sorted(typed_names(item)):
            if name in names:
                other = names[name]
                change = "--trainers" if item.kind == "trainer" else "this cohort's roster"
                raise HubError(
                    f"{item.kind} {item.id!r}: {name!r} already logs in the {other.kind} "
                    f"{other.id!r} of {where}; on one hub every id and trainer name must "
                    f"differ (change it in {change})"
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
    served: list[tuple[Workspace, list[Account]]] = []
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
        for other, taken in served:
            check_logins(items, taken, other.root)
        served.append((workspace, items))
        cohorts.append(
            {
                **settings.__dict__,
                "formgrader_user": settings.grader or settings.owner,
                "formgrader_python": formgrader_python(workspace, settings),
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


def formgrader_python(workspace: Workspace, settings: HubSettings) -> str:
    """The Python that runs the cohort's formgrader as its account (grader, else owner).

    The hub's own Python where that account can run it (root always can); otherwise the
    trainees' environment, which every account may run and which has the same nbgrader (its
    formgrader extension, off for trainees, is switched on for this server only).
    """
    user = settings.grader or settings.owner
    if user == "root":
        return sys.executable
    if os_accounts.account(user) is None:
        raise HubError(
            f"{workspace.root}: {user!r}, who would run its formgrader, is not an account of "
            "this laptop (give the folder to an account, then run `hub init` again)"
        )
    probe = subprocess.run(
        ["runuser", "-u", user, "--", sys.executable, "-c", "import nbgrader"],
        capture_output=True, cwd="/", timeout=300, check=False,
    )  # fmt: skip
    return sys.executable if probe.returncode == 0 else str(Path(settings.env) / "bin" / "python")


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
            # As the hub and proxy bind: a port left in TIME_WAIT by a hub just stopped is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
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
        settings = load_settings(workspace)
        if settings.grader:  # again: a new gradebook.db would be the owner's alone
            os_accounts.open_to_grader(workspace.root, settings.grader)
        released = publish(workspace, settings)
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
    if settings.grader:
        os_accounts.close_to_grader(workspace.root)
        if os_accounts.remove_account(settings.grader, course_id=settings.course_id):
            done.append(f"removed account {settings.grader} (this cohort's formgrader)")
    if settings.extra.get("host") and _leave_host(workspace, Path(settings.extra["host"])):
        done.append(f"the hub of {settings.extra['host']} no longer serves this cohort")
    shutil.rmtree(hub_dir(workspace))
    done.append(f"removed {hub_dir(workspace)} (PINs, cards, hub state)")
    return done


def _leave_host(workspace: Workspace, host_root: Path) -> bool:
    """Take the cohort off the list of the hub it joined; False if it was not (or no longer) on."""
    try:
        host = open_workspace(host_root)
        hosting = load_settings(host)
    except CohortError:
        return False
    joined = hosting.extra.get("joined", [])
    if str(workspace.root) not in joined:
        return False
    joined.remove(str(workspace.root))
    save_settings(host, hosting)
    return True
