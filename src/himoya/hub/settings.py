"""The hub's files inside a cohort workspace (``DIR/hub/``) and the names it gives people.

```
DIR/hub/
  hub.json        settings written by `himoya hub init` (course id, prefix, exchange, env, ...)
  accounts.csv    id,username,kind   one row per login (kind: trainee or trainer)
  pins.csv        id,pin             the trainees' PINs, in clear, for printing cards (0600)
  trainers.csv    id,password        the trainers' passwords, in clear (0600)
  logins.json     hashed PINs and passwords: the only file the hub reads to check a login
  cards.pdf       printable trainee cards
  jupyterhub.log  the hub's log; jupyterhub.sqlite and the cookie secret: the hub's state
```

A trainee's login name is their roster id. JupyterHub lowercases login names, so the hub user and
the OS account are ``PREFIX + id.lower()`` (``KUL-07`` -> ``kul-07``; the prefix is empty unless
``hub init --prefix`` gives one); a trainee may type their id in any case.
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from himoya.grading.workspace import CohortError, Workspace

SETTINGS_VERSION = 1
GECOS_MARK = "himoya hub"
"""Start of the comment field of every OS account the hub makes; nothing else is ever deleted."""
OS_NAME_MAX = 32
_PREFIX = re.compile(r"^([a-z_][a-z0-9_-]{0,14})?$")


class HubError(CohortError):
    """The hub cannot go on; the message says what and where in one line."""


@dataclass(frozen=True)
class Account:
    """One login of the hub."""

    id: str
    """Roster id (trainee) or trainer name as written."""
    username: str
    """JupyterHub user name, which is also the OS account name."""
    kind: str
    """``trainee`` or ``trainer``."""


@dataclass
class HubSettings:
    """``DIR/hub/hub.json``: what ``hub init`` decided, read by ``hub start`` and the hub."""

    workspace: str
    """Absolute path of the cohort workspace."""
    course_id: str
    """nbgrader course id of this cohort on the hub (also the formgrader service's name)."""
    prefix: str = ""
    """Prefix of every login and OS account name of this cohort (may be empty)."""
    exchange: str = "/srv/himoya/exchange"
    """nbgrader's exchange folder, shared by every cohort on the hub."""
    env: str = "/opt/himoya/hub-env"
    """The trainees' Python environment (world-readable)."""
    owner: str = "root"
    """OS account that owns the workspace; the formgrader runs as this account."""
    grader: str = ""
    """On a hub shared by several cohorts: the OS account that runs this cohort's formgrader
    instead of ``owner`` (``grader-<course>``, made by ``hub init --join``). It enters the
    workspace through its group and may write the gradebook, nothing else. Empty otherwise."""
    memory_mb: int = 1024
    """Memory limit of one trainee (their server and kernels together)."""
    cull_minutes: int = 60
    """Servers idle this long are stopped by jupyterhub-idle-culler (work is saved first)."""
    max_failures: int = 5
    """Wrong PINs in a row after which a login is locked."""
    lockout_minutes: int = 5
    """How long a locked login waits."""
    address: str = ""
    """Address printed on the cards, e.g. ``http://192.168.8.10:8000/``."""
    version: int = SETTINGS_VERSION
    extra: dict = field(default_factory=dict)


def hub_dir(workspace: Workspace) -> Path:
    return workspace.root / "hub"


def settings_path(workspace: Workspace) -> Path:
    return hub_dir(workspace) / "hub.json"


def load_settings(workspace: Workspace) -> HubSettings:
    path = settings_path(workspace)
    if not path.is_file():
        raise HubError(
            f"{workspace.root}: no hub here yet (run `sudo himoya hub init {workspace.root}`)"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return HubSettings(**data)
    except (ValueError, TypeError) as error:
        raise HubError(f"{path}: not a readable hub settings file ({error})") from None


def save_settings(workspace: Workspace, settings: HubSettings) -> Path:
    path = settings_path(workspace)
    write_private(path, json.dumps(asdict(settings), indent=2) + "\n")
    return path


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only (mode 0600), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    partial.replace(path)


def check_prefix(prefix: str) -> str:
    if not _PREFIX.match(prefix):
        raise HubError(
            f"--prefix {prefix!r}: use at most 15 lower-case letters, digits, '-' or '_', "
            "starting with a letter"
        )
    return prefix


def username_for(trainee_id: str, prefix: str) -> str:
    """Hub and OS account name for a roster id (lower case, as JupyterHub stores names)."""
    name = f"{prefix}{trainee_id.lower()}"
    if len(name) > OS_NAME_MAX:
        raise HubError(
            f"id {trainee_id!r}: the account name {name!r} is longer than {OS_NAME_MAX} "
            "characters (use a shorter id or prefix)"
        )
    if not re.match(r"^[a-z_][a-z0-9_-]*$", name):
        raise HubError(
            f"id {trainee_id!r}: an OS account name must start with a letter; "
            f"give a --prefix (e.g. --prefix t-) or change the id"
        )
    return name


def typed_names(item: Account) -> set[str]:
    """What a person may type to log in as ``item``: the login, or the id in any case."""
    return {item.username, item.id.lower()}


def read_accounts(workspace: Workspace) -> list[Account]:
    path = hub_dir(workspace) / "accounts.csv"
    if not path.is_file():
        raise HubError(f"{path}: missing (run `sudo himoya hub init {workspace.root}`)")
    with path.open(encoding="utf-8", newline="") as handle:
        return [Account(row["id"], row["username"], row["kind"]) for row in csv.DictReader(handle)]


def write_accounts(workspace: Workspace, accounts: list[Account]) -> None:
    rows = ["id,username,kind"] + [f"{a.id},{a.username},{a.kind}" for a in accounts]
    write_private(hub_dir(workspace) / "accounts.csv", "\n".join(rows) + "\n")


def read_secrets(path: Path, column: str) -> dict[str, str]:
    """``id -> secret`` from ``pins.csv`` (column ``pin``) or ``trainers.csv`` (``password``)."""
    if not path.is_file():
        return {}
    secrets: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if (
            reader.fieldnames is None
            or "id" not in reader.fieldnames
            or column not in (reader.fieldnames)
        ):
            raise HubError(f"{path}:1: the columns must be id,{column}")
        for number, row in enumerate(reader, 2):
            ident, secret = (row.get("id") or "").strip(), (row.get(column) or "").strip()
            if not ident and not secret:
                continue
            if not ident or len(secret) < 4:
                raise HubError(
                    f"{path}:{number}: each row needs an id and a {column} of 4+ characters"
                )
            secrets[ident] = secret
    return secrets


def write_secrets(path: Path, column: str, secrets: dict[str, str]) -> None:
    lines = [f"id,{column}"] + [f"{ident},{secret}" for ident, secret in secrets.items()]
    write_private(path, "\n".join(lines) + "\n")
