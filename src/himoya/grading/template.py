"""Warm kernels: one kernel template per grading worker, forked into a fresh kernel per notebook.

Most of a graded notebook's cost is starting Python and importing IPython and ipykernel (about
two thirds of a kernel's CPU time, see ``benchmarks/README.md``). Here each grading worker starts
one *template* process in its own bubblewrap sandbox (the same sandbox and limits as a single
kernel, :mod:`himoya.grading.sandbox`); the template imports the kernel's modules and then, for
each notebook, forks a child that becomes that notebook's kernel. The template itself never runs
a notebook's code. One notebook never sees another's state:

* a child starts from the template's memory, which no notebook has touched (copy-on-write);
* one child runs at a time; when it exits or is killed, the template, which is process 1 of
  the sandbox's process namespace, kills every process left in the sandbox (``kill(-1)``), then
  empties ``/tmp``, ``/dev/shm`` and the System V IPC objects before it starts the next child;
* a child's home is in ``/tmp``, and nothing outside ``/tmp`` and ``/dev/shm`` is writable for it
  (the sandbox's root is read-only; :func:`himoya.grading.kernel.restrict_writes`);
* the worker deletes the child's folder (the copy of its files, connection file and sockets)
  before it prepares the next one, so the only notebook folder a child can see is its own;
* the template is not dumpable (``PR_SET_DUMPABLE``): a child, though the same user, cannot
  trace it or read its memory or its pipes, and as process 1 it ignores the signals a child can
  send; its control pipes are closed in every child.

The protocol on the template's standard input and output is one JSON object per line:
``{"start": {...}}`` answered by ``{"pid": N}``, then ``{"exited": CODE}`` when the child is gone
and the sandbox is clean; ``{"kill": true}`` ends the child early. Run as
``python -I -m himoya.grading.template [--memory-mb N] [--processes N] [--file-size-mb N]
[--preload MODULE,...] FOLDER`` (``FOLDER``: where the worker makes the notebooks' folders; it is
kept when ``/tmp`` is emptied).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import select
import shutil
import signal
import sys
from pathlib import Path

from himoya.grading.kernel import enter_home, no_debugger, restrict_writes

PRELOAD = (
    # What an IPython kernel imports until it answers (measured: ``sys.modules`` after start).
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.comm",
    "ipykernel.debugger",
    "IPython.core.interactiveshell",
    "IPython.core.completer",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "IPython.utils.wildcard",
    "jupyter_client.session",
    "matplotlib_inline.backend_inline",
    "comm",
    "sqlite3",
    "tornado.gen",
    "tornado.locks",
    "tornado.platform.asyncio",
    "tornado.queues",
)
"""Modules the template imports once, for every kernel it forks (plus those the assignments'
source notebooks import, given with ``--preload``)."""

_PR_SET_DUMPABLE = 4


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _dumpable(value: bool) -> None:
    _libc().prctl(_PR_SET_DUMPABLE, int(value), 0, 0, 0)


def _remove_sysv_ipc() -> None:
    """Remove every System V shared memory segment, message queue and semaphore set."""
    libc = _libc()
    ipc_rmid = 0
    for kind, remove in (
        ("shm", lambda i: libc.shmctl(i, ipc_rmid, None)),
        ("msg", lambda i: libc.msgctl(i, ipc_rmid, None)),
        ("sem", lambda i: libc.semctl(i, 0, ipc_rmid)),
    ):
        with contextlib.suppress(OSError):
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
            for line in lines:
                fields = line.split()
                if len(fields) > 1:
                    remove(int(fields[1]))


def _empty(folder: Path, keep: set[Path]) -> None:
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if entry in keep or any(k.is_relative_to(entry) for k in keep):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()


def _clean_sandbox(keep: Path) -> None:
    """Kill every process but this one, reap them, and empty the shared scratch places."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(-1, signal.SIGKILL)
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
        except InterruptedError:
            continue
    _empty(Path("/tmp"), {keep})
    _empty(Path("/dev/shm"), set())
    _remove_sysv_ipc()


def _child(request: dict) -> None:
    """Become the notebook's kernel (runs in the forked child; never returns)."""
    try:
        os.setsid()
        _dumpable(True)  # an ordinary process again (only the template must not be traced)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.close(devnull)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.environ.clear()
        os.environ.update(request["env"])
        enter_home(Path(request["files"]), Path(os.environ["HOME"]))
        restrict_writes(Path(request["sockets"]))
        sys.path[0:0] = [""] if sys.path[:1] != [""] else []
        if "numpy" in sys.modules:
            # numpy seeded its global generator when the template imported it: seed again, so
            # no two kernels share "random" numbers.
            sys.modules["numpy"].random.seed()
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=request["argv"])
    finally:
        os._exit(0)


def _send(message: dict) -> None:
    os.write(1, (json.dumps(message) + "\n").encode())


def serve(keep: Path, preload: tuple[str, ...] = ()) -> None:
    """The template's loop: one child kernel at a time, a clean sandbox between them."""
    _dumpable(False)
    no_debugger()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    for name in (*PRELOAD, *preload):
        with contextlib.suppress(Exception):
            __import__(name)
    _clean_sandbox(keep)  # what the imports left in /tmp (caches), so every child starts alike
    _send({"ready": True})
    buffer = b""
    child = pidfd = None
    while True:
        watch = [0] if pidfd is None else [0, pidfd]
        readable, _, _ = select.select(watch, [], [])
        if pidfd is not None and pidfd in readable:
            _, status, usage = os.wait4(child, 0)
            os.close(pidfd)
            child = pidfd = None
            _clean_sandbox(keep)
            cpu = usage.ru_utime + usage.ru_stime
            _send({"exited": os.waitstatus_to_exitcode(status), "cpu": round(cpu, 3)})
            continue
        chunk = os.read(0, 65536)
        if not chunk:
            if child is not None:
                _clean_sandbox(keep)
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            request = json.loads(line)
            if "start" in request and child is None:
                child = os.fork()
                if child == 0:
                    _child(request["start"])
                pidfd = os.pidfd_open(child)
                _send({"pid": child})
            elif "kill" in request and child is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)


def main(argv: list[str]) -> None:
    from himoya.grading.kernel import apply_limits, parse_limits

    values, rest = parse_limits(argv)
    preload: tuple[str, ...] = ()
    if "--preload" in rest:
        at = rest.index("--preload")
        preload = tuple(filter(None, rest[at + 1].split(",")))
        del rest[at : at + 2]
    apply_limits(values)
    serve(Path(rest[0]), preload)


if __name__ == "__main__":
    main(sys.argv[1:])
