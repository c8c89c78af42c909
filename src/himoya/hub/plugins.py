"""What JupyterHub loads from Himoya: the PIN authenticator and the trainee spawner.

Imported only inside the hub process (it needs ``jupyterhub``, from the ``[hub]`` extra).
"""

from __future__ import annotations

import json
import os
import resource
import socket
from pathlib import Path

from jupyterhub.auth import Authenticator
from jupyterhub.spawner import LocalProcessSpawner
from tornado import web
from traitlets import Float, Integer, List, Unicode

from himoya.hub.auth import Lockout, check_secret
from himoya.hub.cgroups import MemoryGroup


class PinAuthenticator(Authenticator):
    """Roster id (any case) and PIN, checked against the hashed ``logins.json`` files."""

    logins_files = List(Unicode(), help="logins.json files, one per cohort").tag(config=True)
    max_failures = Integer(5, help="wrong PINs in a row before a lockout").tag(config=True)
    lockout_minutes = Float(5, help="how long a lockout lasts").tag(config=True)
    max_failures_per_address = Integer(
        20, help="wrong PINs from one address (any names) before it is locked out"
    ).tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._users: dict[str, dict] = {}
        self._names: dict[str, str] = {}
        for path in self.logins_files:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            for username, entry in data["users"].items():
                self._users[username] = entry
                self._names[username] = username
                self._names[entry["id"].lower()] = username
        self.lockout = Lockout(
            max_failures=self.max_failures,
            minutes=self.lockout_minutes,
            per_address=self.max_failures_per_address,
        )

    def check_allowed(self, username, authentication=None):
        return username in self._users

    async def authenticate(self, handler, data):
        typed = str((data or {}).get("username", "")).strip()
        secret = str((data or {}).get("password", "")).strip()
        username = self._names.get(typed.lower(), typed.lower())
        address = handler.request.remote_ip if handler is not None else ""
        wait = self.lockout.wait(username, address)
        if wait > 0:
            self.log.warning("Locked login attempt for %s from %s", username, address)
            raise web.HTTPError(
                429,
                f"Too many wrong PINs. Wait {max(1, round(wait / 60))} minute(s) and try "
                "again, or ask your trainer.",
            )
        entry = self._users.get(username)
        if entry is None or not secret or not check_secret(secret, entry):
            self.lockout.failed(username, address)
            self.log.warning("Failed login for %r from %s", typed, address)
            return None
        self.lockout.succeeded(username)
        return {"name": username}


class TraineeSpawner(LocalProcessSpawner):
    """A trainee's server: their own uid, the world-readable trainee environment, a memory limit.

    The memory limit covers the server and every kernel it starts: a cgroup (v2 or v1 memory
    controller) where the kernel offers one, otherwise an address-space limit per process.
    Ports come from a fixed range so the hub's traffic stays in the ports the trainer opened.
    """

    trainee_env = Unicode(help="the trainees' Python environment").tag(config=True)
    exchange = Unicode(help="nbgrader's exchange folder").tag(config=True)
    memory_mb = Integer(1024, help="memory limit per trainee, in MB").tag(config=True)
    first_port = Integer(8020).tag(config=True)
    last_port = Integer(8099).tag(config=True)

    _ports_in_use: set[int] = set()  # noqa: RUF012 (shared by every spawner of the hub on purpose)

    def _pick_port(self) -> int:
        for port in range(self.first_port, self.last_port + 1):
            if port in TraineeSpawner._ports_in_use:
                continue
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    continue
            TraineeSpawner._ports_in_use.add(port)
            return port
        raise web.HTTPError(
            503, f"No free port between {self.first_port} and {self.last_port}: too many servers"
        )

    async def start(self):
        TraineeSpawner._ports_in_use.discard(self.port)
        self.port = self._pick_port()
        self._memory = MemoryGroup.create(self.user.name, self.memory_mb)
        return await super().start()

    async def stop(self, now=False):
        await super().stop(now=now)
        TraineeSpawner._ports_in_use.discard(self.port)

    def make_preexec_fn(self, name):
        become = super().make_preexec_fn(name)
        memory = self._memory
        limit = self.memory_mb * 1024 * 1024

        def preexec():
            if memory is not None:
                memory.enter(os.getpid())
            else:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            become()

        return preexec

    def get_env(self):
        env = super().get_env()
        bin_dir = str(Path(self.trainee_env) / "bin")
        env.update(
            {
                "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
                "HIMOYA_EXCHANGE": self.exchange,
                "MEM_LIMIT": str(self.memory_mb * 1024 * 1024),
                # One thread per numerical library: forty trainees share two cores.
                "OPENBLAS_NUM_THREADS": "1",
                "OMP_NUM_THREADS": "1",
            }
        )
        return env
