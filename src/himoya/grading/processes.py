"""The processes on this machine, read from ``/proc``: counts, a sandbox user's, CPU time.

Grading needs to know how many processes its own user runs (``RLIMIT_NPROC`` counts them all, so
a kernel's process limit is set above that count when grading does not run as root), to end every
process left by a sandbox's user, and to measure a kernel's CPU time for the profile.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path


def processes() -> list[tuple[int, dict[str, str]]]:
    """Every process on this machine now: its id and the fields of ``/proc/<pid>/status``."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:  # the process ended
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        found.append((int(status.parent.name), fields))
    return found


def _uid(fields: dict[str, str]) -> str:
    return (fields.get("Uid", "").split() or [""])[0]


def own_tasks() -> int:
    """Processes and threads of our own user now (what ``RLIMIT_NPROC`` counts for us)."""
    uid = str(os.getuid())
    return sum(int(f.get("Threads", "1")) for _, f in processes() if _uid(f) == uid)


def _processes_of(uid: int) -> list[int]:
    """Process ids of ``uid``'s processes on this machine (zombies included)."""
    return [pid for pid, fields in processes() if _uid(fields) == str(uid)]


def end_sandbox_processes(uid: int, timeout: float = 10.0) -> list[int]:
    """Kill whatever still runs as a sandbox's user ``uid`` and wait until it is gone.

    Killing a sandbox's bubblewrap ends the processes in it only after a moment (the kernel
    delivers ``--die-with-parent``'s signal and tears the PID namespace down on its own time), so
    a worker that ends right away could leave a trainee's processes behind it for a while. The
    user is the worker's own (``UID_BASE`` + its process id), so nothing else runs as it. Returns
    the processes still there after ``timeout`` seconds (normally none).
    """
    deadline = time.monotonic() + timeout
    while pids := _processes_of(uid):
        if time.monotonic() > deadline:
            return pids
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)
    return []


def tree_cpu(pid: int | None) -> float:
    """CPU seconds used so far by a process and all its descendants (0.0 if unknown)."""
    if not pid:
        return 0.0
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        child = int(stat.parent.name)
        parents[child] = int(fields[1])
        cpu[child] = (int(fields[11]) + int(fields[12])) / tick
    total, queue = 0.0, [pid]
    while queue:
        current = queue.pop()
        total += cpu.get(current, 0.0)
        queue += [child for child, parent in parents.items() if parent == current]
    return total
