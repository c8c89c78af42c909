"""OS accounts for trainees: made with ``useradd``, homes private (0700), removed with ``userdel``.

Every account the hub makes carries ``himoya hub <course>`` in its comment (GECOS) field. The hub
never touches an account without that mark: a roster id that names an existing account of the
laptop (``root``, ``aziz``...) stops ``hub init`` instead. A cohort that joins another's hub may
also get a grader account (``grader-<course>``, nbgrader's multiple-courses setup) that runs its
formgrader; it enters that one workspace through its group and writes only the gradebook.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import signal
import stat
import subprocess
import time
from pathlib import Path

from himoya.hub.settings import GECOS_MARK, OS_NAME_MAX, HubError

NOLOGIN = "/usr/sbin/nologin"
GRADER_IDENT = "formgrader"
"""What the comment field of a cohort's grader account says after the course id."""


def require_root(action: str) -> None:
    """Stop with a plain sentence unless running as root."""
    if os.geteuid() != 0:
        raise HubError(
            f"{action} needs administrator rights (it manages OS accounts and their files): "
            f"run it with sudo, e.g. `sudo .venv/bin/himoya {action} ...`"
        )


def mark(course_id: str, ident: str) -> str:
    # No ':' or ',' (field separators of /etc/passwd and of the comment field).
    return f"{GECOS_MARK} {course_id} {ident}"


def account(username: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(username)
    except KeyError:
        return None


def is_ours(entry: pwd.struct_passwd, course_id: str | None = None) -> bool:
    gecos = entry.pw_gecos or ""
    if not gecos.startswith(GECOS_MARK + " "):
        return False
    return course_id is None or gecos.startswith(f"{GECOS_MARK} {course_id} ")


def ensure_account(username: str, *, course_id: str, ident: str) -> tuple[pwd.struct_passwd, bool]:
    """Create the account (home 0700, no password, no shell) or reuse this cohort's one."""
    existing = account(username)
    if existing is not None:
        if not is_ours(existing, course_id):
            raise HubError(
                f"id {ident!r}: the OS account {username!r} already exists and was not made by "
                f"this cohort's hub (give a --prefix, e.g. --prefix t-)"
            )
        Path(existing.pw_dir).chmod(0o700)
        return existing, False
    result = subprocess.run(
        ["useradd", "--create-home", "--user-group", "--shell", NOLOGIN,
         "--comment", mark(course_id, ident), username],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise HubError(f"id {ident!r}: useradd {username} failed: {result.stderr.strip()}")
    entry = pwd.getpwnam(username)
    # useradd -m makes homes 0755 on Debian: other trainees could read them.
    Path(entry.pw_dir).chmod(0o700)
    return entry, True


def stop_processes(uid: int, *, wait: float = 5.0) -> int:
    """Send SIGTERM, then SIGKILL, to every process running as ``uid``; return how many."""
    if uid == 0:
        raise HubError("refusing to stop processes of root")

    def running() -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid == uid:
                        pids.append(int(entry.name))
                except OSError:
                    continue
        return pids

    found = running()
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in running():
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while running() and time.monotonic() < deadline:
            time.sleep(0.1)
    return len(found)


def remove_account(username: str, *, course_id: str) -> bool:
    """Delete the account, its home and its processes if this cohort's hub made it."""
    entry = account(username)
    if entry is None:
        return False
    if not is_ours(entry, course_id):
        raise HubError(f"{username}: not an account of this cohort's hub; left alone")
    stop_processes(entry.pw_uid)
    result = subprocess.run(
        ["userdel", "--remove", username], capture_output=True, text=True, check=False
    )
    if result.returncode not in (0, 12):  # 12: home could not be removed (reported below)
        raise HubError(f"userdel {username} failed: {result.stderr.strip()}")
    if Path(entry.pw_dir).exists():
        raise HubError(f"{entry.pw_dir}: home of {username} could not be removed")
    return True


def make_private(path: Path) -> bool:
    """Remove group and other permissions from ``path``; True if they were there."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        path.chmod(stat.S_IMODE(mode) & ~(stat.S_IRWXG | stat.S_IRWXO))
        return True
    return False


def owner_name(path: Path) -> str:
    uid = path.stat().st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def grader_name(course_id: str) -> str:
    """The OS account of a cohort's own formgrader (nbgrader's ``grader-<course>``)."""
    return f"grader-{course_id}"[:OS_NAME_MAX].rstrip("-_")


def open_to_grader(root: Path, grader: str) -> None:
    """Let the grader account into the workspace ``root`` and let it write the gradebook.

    The workspace keeps its owner. Its folder gets the grader's group with the sticky bit (mode
    1770): the grader may create files there (SQLite's journal) but may not rename or delete
    anything it did not make, such as ``hub/`` (PINs and logins, 0700) or ``nbgrader_config.py``
    (which root runs). Inside, what others may read it reads; it writes only ``gradebook.db``.
    """
    entry = account(grader)
    if entry is None:
        raise HubError(f"{root}: the grader account {grader!r} is missing (run `hub init`)")
    os.chown(root, -1, entry.pw_gid)
    root.chmod(0o1770)
    gradebook = root / "gradebook.db"
    if gradebook.is_file() and not gradebook.is_symlink():
        os.chown(gradebook, -1, entry.pw_gid, follow_symlinks=False)
        gradebook.chmod(0o660)


def close_to_grader(root: Path) -> None:
    """Undo :func:`open_to_grader`: the workspace and its gradebook for their owner alone."""
    for path, mode in ((root, 0o700), (root / "gradebook.db", 0o600)):
        if path.exists() and not path.is_symlink():
            owner = path.stat().st_uid
            with contextlib.suppress(KeyError):
                os.chown(path, -1, pwd.getpwuid(owner).pw_gid)
            path.chmod(mode)
