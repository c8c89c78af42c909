"""The kernel launcher for graded notebooks: limits, a private home, then an IPython kernel.

``python -m himoya.grading.kernel [--memory-mb N] [--processes N] [--file-size-mb N]
[--files FOLDER] -f CONNECTION_FILE`` runs inside the grading sandbox
(:mod:`himoya.grading.sandbox`) before any trainee code. It sets the limits that no code in the
kernel can raise again: address space per process (``RLIMIT_AS``: a memory bomb gets
``MemoryError``), processes and threads of its user (``RLIMIT_NPROC``: a fork bomb gets
``BlockingIOError``), size of any file it writes (``RLIMIT_FSIZE``: Python then gets ``OSError:
File too large``), and no core files; it makes the kernel the first process the system stops when
memory runs out (``oom_score_adj``), so the trainer's own programs are not. With ``--files`` it
copies the notebook's files into its home (``$HOME``, in the sandbox's in-memory ``/tmp``, so
what the notebook writes never reaches the disk), starts there, and closes every other place for
writing (:func:`restrict_writes`). Then it starts an ordinary IPython kernel, without its debugger
(a graded kernel is never debugged). The warm kernel template (:mod:`himoya.grading.template`)
does the same for every kernel it forks.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import shutil
import struct
import sys
from pathlib import Path

_OPTIONS = {"--memory-mb": "memory", "--processes": "processes", "--file-size-mb": "file_size"}


def parse_limits(argv: list[str]) -> tuple[dict[str, int], list[str]]:
    """Split the limit options (``--memory-mb N`` …) from the other arguments."""
    values: dict[str, int] = {}
    rest: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg in _OPTIONS:
            values[_OPTIONS[arg]] = int(next(args))
        else:
            rest.append(arg)
    return values, rest


def _limit(kind: int, value: int) -> None:
    resource.setrlimit(kind, (value, value))


def apply_limits(values: dict[str, int]) -> None:
    """Set the limits for this process and every process it starts (they cannot be raised)."""
    megabyte = 1024 * 1024
    if "memory" in values:
        _limit(resource.RLIMIT_AS, values["memory"] * megabyte)
    if "processes" in values:
        _limit(resource.RLIMIT_NPROC, values["processes"])
    if "file_size" in values:
        _limit(resource.RLIMIT_FSIZE, values["file_size"] * megabyte)
    _limit(resource.RLIMIT_CORE, 0)
    # Out of memory, the system stops these first (only a privileged process may lower it again).
    with contextlib.suppress(OSError):
        Path("/proc/self/oom_score_adj").write_text("1000")


def no_debugger() -> None:
    """Keep ipykernel from importing debugpy: a graded kernel is never debugged, and the import
    is a third of a fresh kernel's start-up (ipykernel then runs without its debugger)."""
    sys.modules["debugpy"] = None


def enter_home(files: Path, home: Path) -> None:
    """Copy the notebook's files (the worker's copy, read-only here) into ``home``; start there."""
    shutil.copytree(files, home, symlinks=False, dirs_exist_ok=True)
    os.chdir(home)


# Landlock (Linux 5.13+): an unprivileged process closes file-system access for itself and for
# everything it starts. Numbers from <linux/landlock.h>; the system calls are the same on every
# architecture.
_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_RULE_PATH_BENEATH = 1
_WRITE_FILE, _REMOVE_DIR, _REMOVE_FILE = 1 << 1, 1 << 4, 1 << 5
_MAKE = sum(1 << bit for bit in range(6, 13))  # char, dir, regular, socket, fifo, block, symlink
_MAKE_SOCK, _REFER, _TRUNCATE = 1 << 9, 1 << 13, 1 << 14
_PR_SET_NO_NEW_PRIVS = 38


def restrict_writes(sockets: Path, scratch: tuple[str, ...] = ("/tmp", "/dev/shm")) -> bool:
    """Allow writing only in the sandbox's in-memory folders from now on (Landlock).

    In ``scratch`` everything may be written; in ``/dev`` and ``/proc`` only existing files (such
    as ``/dev/null``); in ``sockets``, the kernel's own folder on the grading machine's disk, only
    its sockets may be made and removed. Everywhere else, even where the sandbox binds a folder
    writable, nothing can be created, written, truncated, renamed or removed. This matters when
    grading does not run as root: the kernel is then the trainer's own user, who owns its folder.
    Returns False where the system has no Landlock (the sandbox's other protections still hold).
    """
    libc = ctypes.CDLL(None, use_errno=True)
    abi = libc.syscall(_CREATE_RULESET, None, 0, 1)  # LANDLOCK_CREATE_RULESET_VERSION
    if abi < 1:
        return False
    handled = _WRITE_FILE | _REMOVE_DIR | _REMOVE_FILE | _MAKE
    handled |= (_REFER if abi >= 2 else 0) | (_TRUNCATE if abi >= 3 else 0)
    attr = ctypes.create_string_buffer(struct.pack("=Q", handled))
    ruleset = libc.syscall(_CREATE_RULESET, attr, len(attr.raw), 0)
    if ruleset < 0:
        return False
    try:
        device = handled & (_WRITE_FILE | _TRUNCATE)
        rules = [(path, handled) for path in scratch]
        rules += [("/dev", device), ("/proc", device), (str(sockets), _MAKE_SOCK | _REMOVE_FILE)]
        for path, access in rules:
            try:
                folder = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                rule = ctypes.create_string_buffer(struct.pack("=Qi", access, folder))
                if libc.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, rule, 0) != 0:
                    return False
            finally:
                os.close(folder)
        libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        return libc.syscall(_RESTRICT_SELF, ruleset, 0) == 0
    finally:
        os.close(ruleset)


def main(argv: list[str]) -> None:
    values, args = parse_limits(argv)
    apply_limits(values)
    no_debugger()
    if "--files" in args:
        at = args.index("--files")
        files = Path(args[at + 1])
        del args[at : at + 2]
        enter_home(files, Path(os.environ["HOME"]))
        if "-f" in args:
            restrict_writes(Path(args[args.index("-f") + 1]).parent)
    from ipykernel import kernelapp

    sys.argv = [sys.argv[0], *args]
    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main(sys.argv[1:])
