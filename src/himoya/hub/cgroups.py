"""A memory limit for everything one trainee runs: a Linux control group (cgroup).

cgroup v2 (every current Debian and Ubuntu laptop): ``/sys/fs/cgroup/himoya/<user>/memory.max``.
cgroup v1 (older systems, some containers): ``/sys/fs/cgroup/memory/himoya/<user>/``
``memory.limit_in_bytes``. The hub (root) makes the group before a server starts; the server's
process joins it between fork and exec, so its kernels inherit it. When neither is available the
spawner falls back to an address-space limit per process.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
GROUP = "himoya"


@dataclass(frozen=True)
class MemoryGroup:
    """One trainee's cgroup."""

    path: Path
    """The cgroup folder."""
    limit_file: str
    """``memory.max`` (v2) or ``memory.limit_in_bytes`` (v1)."""

    @classmethod
    def create(cls, name: str, megabytes: int, root: Path = ROOT) -> MemoryGroup | None:
        """Make (or reuse) the group with the limit set; None when this system has no cgroups."""
        limit = str(megabytes * 1024 * 1024)
        v2 = root / "cgroup.controllers"
        try:
            if v2.is_file() and "memory" in v2.read_text().split():
                parent = root / GROUP
                parent.mkdir(exist_ok=True)
                for folder in (root, parent):
                    control = folder / "cgroup.subtree_control"
                    if "memory" not in control.read_text().split():
                        control.write_text("+memory")
                group = parent / name
                group.mkdir(exist_ok=True)
                (group / "memory.max").write_text(limit)
                with contextlib.suppress(OSError):
                    (group / "memory.swap.max").write_text("0")
                return cls(group, "memory.max")
            v1 = root / "memory"
            if (v1 / "memory.limit_in_bytes").is_file():
                group = v1 / GROUP / name
                group.mkdir(parents=True, exist_ok=True)
                (group / "memory.limit_in_bytes").write_text(limit)
                return cls(group, "memory.limit_in_bytes")
        except OSError:
            return None
        return None

    @classmethod
    def existing(cls, name: str, root: Path = ROOT) -> MemoryGroup | None:
        """The group ``create`` made for ``name``, if it is there."""
        for path, limit_file in (
            (root / GROUP / name, "memory.max"),
            (root / "memory" / GROUP / name, "memory.limit_in_bytes"),
        ):
            if (path / limit_file).is_file():
                return cls(path, limit_file)
        return None

    def enter(self, pid: int) -> None:
        """Put process ``pid`` (and so every child it starts later) into the group."""
        (self.path / "cgroup.procs").write_text(str(pid))

    def limit_bytes(self) -> int:
        return int((self.path / self.limit_file).read_text().strip())

    def pids(self) -> list[int]:
        return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            self.path.rmdir()
