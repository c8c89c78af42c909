"""The ``himoya`` command line: parse, call a typed function, print. No course logic lives here.

Each command group has an ``_add_<group>`` function that declares its sub-parser and sets
``handler`` to a small function taking the parsed arguments and returning an exit code. Expected
failures (bad input, a failed build) are printed as one line naming what is wrong, exit code 1;
usage errors exit 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from himoya import __version__

Handler = Callable[[argparse.Namespace], int]


class CommandError(Exception):
    """An expected failure: printed as one line, exit code 1."""


def _fail(message: str) -> int:
    print(f"himoya: error: {message}", file=sys.stderr)
    return 1


# --- build -------------------------------------------------------------------------------------


def _build(args: argparse.Namespace) -> int:
    from himoya.book import BuildError, build_book

    try:
        html = build_book(
            source=args.source, output=args.output, strict=not args.no_strict, rebuild_all=args.all
        )
    except BuildError as error:
        return _fail(str(error))
    print(f"built: {html / 'index.html'} (opens offline; or `python -m http.server -d {html}`)")
    return 0


def _add_build(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "build",
        help="build the HTML book into _build/html, strictly and offline-checked",
        description=(
            "Build the HTML book into _build/html. Any warning fails the build; afterwards every "
            "page is checked and the build fails, naming page and URL, if anything would load "
            "from another host."
        ),
    )
    parser.add_argument(
        "--source", type=Path, default=None, help="course folder (default: found from here)"
    )
    parser.add_argument(
        "--output", type=Path, default=None, help="folder that receives _build/ (default: source)"
    )
    parser.add_argument("--all", action="store_true", help="rebuild every page, not only changed")
    parser.add_argument(
        "--no-strict", action="store_true", help="do not fail on warnings (drafting only)"
    )
    parser.set_defaults(handler=_build)


# --- exercises ---------------------------------------------------------------------------------


def _exercises_build(args: argparse.Namespace) -> int:
    from himoya.exercises import SpecError, build_all

    try:
        changed = build_all(check=args.check)
    except SpecError as error:
        return _fail(str(error))
    if args.check:
        for path in changed:
            print(f"out of date: {path} (run `himoya exercises build`)", file=sys.stderr)
        if changed:
            return 1
        print("every exercise notebook matches its spec")
        return 0
    for path in changed:
        print(f"wrote {path}")
    print(f"{len(changed)} notebook(s) written" if changed else "nothing to do: all up to date")
    return 0


def _add_exercises(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "exercises",
        help="build the nbgrader exercise notebooks from their specs",
        description="Exercise notebooks are generated from exercises/specs/*.yml.",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    build = actions.add_parser(
        "build", help="write exercises/<assignment>/*.ipynb from exercises/specs/*.yml"
    )
    build.add_argument(
        "--check", action="store_true", help="only report notebooks that differ from their spec"
    )
    build.set_defaults(handler=_exercises_build)


# --- parser ------------------------------------------------------------------------------------

_GROUPS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _add_build,
    _add_exercises,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="himoya",
        description=(
            "Himoya: build and run the child-protection training course "
            "(book, case simulations, screening, datasets, cohort grading)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"himoya {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for add in _GROUPS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except CommandError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return _fail("interrupted")


if __name__ == "__main__":
    sys.exit(main())
