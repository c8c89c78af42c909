"""A Python kernel with a memory cap, for grading trainee notebooks.

``python -m himoya.grading.kernel --memory-mb 2048 -f CONNECTION_FILE`` sets the address-space
limit of the kernel process, then starts an ordinary IPython kernel. A notebook that tries to use
more memory gets a ``MemoryError`` (or its kernel dies) instead of taking the laptop down.
"""

from __future__ import annotations

import resource
import sys


def main(argv: list[str]) -> None:
    args = list(argv)
    if "--memory-mb" in args:
        index = args.index("--memory-mb")
        megabytes = int(args[index + 1])
        del args[index : index + 2]
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from ipykernel import kernelapp

    sys.argv = [sys.argv[0], *args]
    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main(sys.argv[1:])
