"""Log in with a roster id and a PIN: a small JupyterHub authenticator over hashed PINs.

The hub reads only ``DIR/hub/logins.json`` (scrypt hashes, readable by root only), never the
PINs in clear. A login that gets ``max_failures`` wrong PINs in a row is locked for
``lockout_minutes``, and so is an address (a phone, a laptop) that sends many wrong PINs, whatever
the names it tries; the trainer can also unlock by restarting the hub.

JupyterHub's own choices were checked first: its ``SharedPasswordAuthenticator`` has one password
for everybody, PAM would need OS passwords (and a system-wide lockout) on the trainer's laptop, and
NativeAuthenticator lets people sign up rather than reading a list the trainer prints on cards.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import defaultdict, deque

SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_secret(secret: str, salt: bytes | None = None) -> dict[str, str]:
    """A storable scrypt hash of ``secret``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, **SCRYPT)
    return {"salt": salt.hex(), "hash": digest.hex()}


def check_secret(secret: str, stored: dict[str, str]) -> bool:
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=bytes.fromhex(stored["salt"]), **SCRYPT)
    return hmac.compare_digest(digest.hex(), stored["hash"])


def make_logins(entries: list[tuple[str, str, str, str]]) -> dict:
    """``logins.json`` content from (id, username, kind, secret) rows."""
    return {
        "users": {
            username: {"id": ident, "kind": kind, **hash_secret(secret)}
            for ident, username, kind, secret in entries
        }
    }


class Lockout:
    """Counts wrong PINs per login and per address; says how long a locked one must wait."""

    def __init__(self, *, max_failures: int, minutes: float, per_address: int) -> None:
        self.max_failures = max_failures
        self.seconds = minutes * 60
        self.per_address = per_address
        self._user_failures: dict[str, int] = defaultdict(int)
        self._locked_until: dict[str, float] = {}
        self._address_failures: dict[str, deque] = defaultdict(deque)

    def wait(self, username: str, address: str, now: float | None = None) -> float:
        """Seconds to wait before this login may be tried again (0: go ahead)."""
        now = time.monotonic() if now is None else now
        waits = [self._locked_until.get(username, 0) - now]
        recent = self._address_failures[address]
        while recent and recent[0] < now - self.seconds:
            recent.popleft()
        if len(recent) >= self.per_address:
            waits.append(recent[0] + self.seconds - now)
        return max(0.0, *waits)

    def failed(self, username: str, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self._address_failures[address].append(now)
        self._user_failures[username] += 1
        if self._user_failures[username] >= self.max_failures:
            self._locked_until[username] = now + self.seconds
            self._user_failures[username] = 0

    def succeeded(self, username: str) -> None:
        self._user_failures.pop(username, None)
        self._locked_until.pop(username, None)
