"""The kernel launcher for graded notebooks: limits, then an IPython kernel.

``python -m himoya.grading.kernel [--memory-mb N] [--processes N] [--file-size-mb N]
-f CONNECTION_FILE`` runs inside the grading sandbox (:mod:`himoya.grading.sandbox`) before any
trainee code. It sets the limits that no code in the kernel can raise again: address space per
process (``RLIMIT_AS``: a memory bomb gets ``MemoryError``), processes and threads of its user
(``RLIMIT_NPROC``: a fork bomb gets ``BlockingIOError``), size of any file it writes
(``RLIMIT_FSIZE``: Python then gets ``OSError: File too large``), and no core files; then it
starts an ordinary IPython kernel, without its debugger (a graded kernel is never debugged).
The warm kernel template (:mod:`himoya.grading.template`) sets the same limits.
"""

from __future__ import annotations

import resource
import sys

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


def no_debugger() -> None:
    """Keep ipykernel from importing debugpy: a graded kernel is never debugged, and the import
    is a third of a fresh kernel's start-up (ipykernel then runs without its debugger)."""
    sys.modules["debugpy"] = None


def main(argv: list[str]) -> None:
    values, args = parse_limits(argv)
    apply_limits(values)
    no_debugger()
    from ipykernel import kernelapp

    sys.argv = [sys.argv[0], *args]
    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main(sys.argv[1:])
