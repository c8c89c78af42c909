"""The ``himoya`` command line: parse, call a typed function, print. No course logic lives here.

Each command group has an ``_add_<group>`` function (a group large enough to deserve its own file
lives in a module of this package, e.g. ``cli/hub.py``) that declares its sub-parser and sets
``handler`` to a small function taking the parsed arguments and returning an exit code. Expected
failures (bad input, a failed build) are printed as one line naming what is wrong, exit code 1;
usage errors exit 2 (argparse's convention).

A user's mistake anywhere below (a missing course folder, a bad path, a broken roster, scenario
or spec) raises :class:`himoya.errors.UserError`; :func:`main` catches it once and prints it as
``himoya: error: <what and where>``, one line per problem, with no traceback. An ``OSError`` that
names a file (a path that does not exist or cannot be written) is shown the same way.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from himoya import __version__
from himoya.errors import UserError

from .hub import add_hub
from .translations import add_translations

Handler = Callable[[argparse.Namespace], int]


def _fail(message: str) -> int:
    for line in message.splitlines() or [""]:
        print(f"himoya: error: {line}", file=sys.stderr)
    return 1


def _os_error(error: OSError) -> str:
    """``PATH: No such file or directory`` for an OSError about a file."""
    where = error.filename if error.filename is not None else ""
    if error.filename2 is not None:
        where = f"{where} -> {error.filename2}"
    what = error.strerror or str(error)
    return f"{where}: {what}" if where else what


# --- build -------------------------------------------------------------------------------------


def _build(args: argparse.Namespace) -> int:
    from himoya.book import build_book

    languages = None
    if args.lang:
        languages = [lang.strip() for lang in args.lang.split(",") if lang.strip()]
    html = build_book(
        source=args.source,
        output=args.output,
        strict=not args.no_strict,
        rebuild_all=args.all,
        languages=languages,
    )
    print(f"built: {html / 'index.html'} (opens offline; or `python -m http.server -d {html}`)")
    for edition in sorted(p.parent.name for p in html.glob("*/index.html") if p.parent != html):
        print(f"       {html / edition / 'index.html'} ({edition} edition)")
    return 0


def _add_build(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "build",
        help="build the HTML book into _build/html, strictly and offline-checked",
        description=(
            "Build the HTML book into _build/html (English) and each language edition into "
            "_build/html/<lang>. Any warning fails the build; afterwards every page is checked "
            "and the build fails, naming page and URL, if anything would load from another host."
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
        "--lang",
        default=None,
        metavar="LANGS",
        help="editions to build besides English, e.g. ru or ru,tg (default: every edition whose "
        "locale/<lang>/edition.yml says build: true; 'en' builds English only)",
    )
    parser.add_argument(
        "--no-strict", action="store_true", help="do not fail on warnings (drafting only)"
    )
    parser.set_defaults(handler=_build)


# --- exercises ---------------------------------------------------------------------------------


def _exercises_build(args: argparse.Namespace) -> int:
    from himoya.exercises import build_all

    changed = build_all(check=args.check)
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


# --- screening ---------------------------------------------------------------------------------


def _screening_score(args: argparse.Namespace) -> int:
    import json

    from himoya.screening import score

    age = None
    if args.age is not None:
        try:
            age = int(args.age)
        except ValueError:
            return _fail(
                f"{args.instrument}: --age must be a whole number of years, got {args.age!r}"
            )
    try:
        result = score(args.instrument, args.responses, age=age)
    except ValueError as error:
        return _fail(str(error))
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.as_text())
    return 0


def _screening_list(args: argparse.Namespace) -> int:
    import json

    from himoya.screening import instruments

    rows = [
        {
            "id": item.id,
            "name": item.name,
            "items": len(item.items),
            "answers": ", ".join(f"{o.value}={o.label.lower()}" for o in item.options),
            "ages": item.age_range_text,
        }
        for item in instruments()
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(
            f"{row['id']:<7} {row['name']} - {row['items']} items ({row['answers']}); "
            f"ages {row['ages']}"
        )
    return 0


def _add_screening(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "screening",
        help="score a screening questionnaire (PHQ-9, GAD-7, PSC-17, ASQ); list them",
        description="Score screening instruments. A screen is not a diagnosis.",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    scoring = actions.add_parser(
        "score",
        help="score one set of responses",
        description=(
            "Score one set of responses, given in form order as values (0 1 2) or labels "
            "('several days', yes; quote labels with spaces). '-' marks an unanswered item. "
            "Prints the total, band, whether the screen is positive, red flags and what to do."
        ),
    )
    scoring.add_argument(
        "instrument", help="instrument id, e.g. phq9 (see `himoya screening list`)"
    )
    scoring.add_argument("responses", nargs="+", metavar="R", help="answers in form order")
    scoring.add_argument("--age", default=None, help="age in whole years (selects age cut-offs)")
    scoring.add_argument("--json", action="store_true", help="print the result as JSON")
    scoring.set_defaults(handler=_screening_score)
    listing = actions.add_parser("list", help="list the instruments the course can score")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(handler=_screening_list)


# --- scenarios ---------------------------------------------------------------------------------


def _scenarios_list(args: argparse.Namespace) -> int:
    import json

    from himoya.scenarios import check

    reports = check(shipped=False)
    rows = []
    broken = 0
    for report in reports:
        if report.scenario is None:
            broken += 1
            for problem in report.errors:
                print(problem, file=sys.stderr)
            continue
        scenario = report.scenario
        rows.append(
            {
                "id": scenario.id,
                "title": scenario.title,
                "roles": list(scenario.roles),
                "module": scenario.module,
                "nodes": len(scenario.nodes),
                "endings": len(scenario.endings),
                "path": str(report.path),
                "decisions": report.decision_points,
            }
        )
    if args.json:
        keys = ("id", "title", "roles", "module", "nodes", "endings", "path")
        print(json.dumps([{key: row[key] for key in keys} for row in rows], indent=2))
    elif rows:
        print(f"{'id':<34} {'module':<24} nodes endings decisions  roles / title")
        for row in rows:
            print(
                f"{row['id']:<34} {row['module']:<24} {row['nodes']:>5} {row['endings']:>7} "
                f"{row['decisions']:>9}  {', '.join(row['roles'])} / {row['title']}"
            )
    else:
        print("no scenarios yet (they live in modules/*/cases/*.yml)")
    if broken:
        return _fail(f"{broken} scenario file(s) have errors; run `himoya scenarios check`")
    return 0


def _scenarios_check(args: argparse.Namespace) -> int:
    from himoya.scenarios import check

    reports = check(args.paths or None, shipped=not args.draft)
    if args.paths and not reports:
        return _fail(f"no scenario files (*.yml) in {', '.join(map(str, args.paths))}")
    problems = [problem for report in reports for problem in report.problems]
    for problem in problems:
        print(problem)
    if problems:
        failed = sum(1 for report in reports if report.problems)
        return _fail(f"{len(problems)} problem(s) in {failed} of {len(reports)} scenario(s)")
    print(f"{len(reports)} scenarios OK")
    return 0


def _add_scenarios(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "scenarios",
        help="list and check the case scenarios (modules/*/cases/*.yml)",
        description="List and validate the case-simulation scenarios.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    listing = commands.add_parser(
        "list",
        help="list the scenarios: id, title, roles, module, node and ending counts",
        description=(
            "List the shipped scenarios with their id, module, number of nodes, endings and "
            "decision points on the longest path, roles and title."
        ),
    )
    listing.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of {id, title, roles, module, nodes, endings, path}",
    )
    listing.set_defaults(handler=_scenarios_list)
    checking = commands.add_parser(
        "check",
        help="validate scenario files (default: every shipped scenario)",
        description=(
            "Validate scenario files and print each problem as `FILE: node NODE: problem`. "
            "Exits non-zero on any problem; prints `N scenarios OK` otherwise. Shipped scenarios "
            "also need their module folder, at least 3 endings and at least 6 decision points "
            "on the longest path."
        ),
    )
    checking.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="scenario files or folders (default: modules/*/cases/*.yml)",
    )
    checking.add_argument(
        "--draft",
        action="store_true",
        help="skip the rules for shipped scenarios (module folder, size), e.g. for test fixtures",
    )
    checking.set_defaults(handler=_scenarios_check)


# --- datasets ----------------------------------------------------------------------------------


def _datasets_folder(given: Path | None) -> Path:
    if given is not None:
        return given
    from himoya.paths import course_root

    return course_root() / "datasets"


def _datasets_generate(args: argparse.Namespace) -> int:
    from himoya.datasets import write_datasets

    if args.seed < 0:
        return _fail(f"--seed must be 0 or a positive whole number, got {args.seed}")
    out = _datasets_folder(args.out)
    try:
        result = write_datasets(out=out, seed=args.seed)
    except OSError as error:
        return _fail(f"{out}: cannot write the datasets ({error.strerror or error})")
    for item in result.files:
        rows = f"{item.rows:>6,} rows" if item.rows is not None else ""
        print(f"  {item.path.name:<22} {rows}")
    print(f"wrote {len(result.files)} files to {result.directory} (seed {result.seed})")
    return 0


def _datasets_validate(args: argparse.Namespace) -> int:
    from himoya.datasets import validate_datasets

    folder = _datasets_folder(args.directory)
    if not folder.is_dir():
        return _fail(f"{folder}: no such folder")
    report = validate_datasets(directory=folder)
    if report.valid:
        print(report)
        return 0
    for problem in report.problems:
        print(problem)
    return _fail(f"{len(report.problems)} problem(s) in {folder}")


def _add_datasets(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "datasets",
        help="generate the synthetic caseload datasets; validate them against datapackage.json",
        description="The synthetic (invented) caseload used by module 07 and the exercises.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    generate = commands.add_parser(
        "generate",
        help="write the CSV files and datapackage.json (byte-identical for a seed)",
        description=(
            "Generate every synthetic dataset and its datapackage.json. The same seed gives the "
            "same bytes; the committed datasets/ folder is the default seed."
        ),
    )
    generate.add_argument(
        "--seed", type=int, default=2024, help="random seed (default: 2024, the committed data)"
    )
    generate.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder to write to (default: the course's datasets/)",
    )
    generate.set_defaults(handler=_datasets_generate)
    validate = commands.add_parser(
        "validate",
        help="check the CSV files against datapackage.json (Frictionless)",
        description=(
            "Check types, constraints, primary and foreign keys, date order and screening items. "
            "Prints each problem as FILE:ROW:FIELD: problem (ROW is the line number; the header "
            "is line 1) and exits non-zero if there is any."
        ),
    )
    validate.add_argument(
        "directory",
        nargs="?",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder holding datapackage.json (default: the course's datasets/)",
    )
    validate.set_defaults(handler=_datasets_validate)


# --- cohort (trainer workflow) ---------------------------------------------------------------


def _cohort_init(args: argparse.Namespace) -> int:
    from himoya.grading.cohort import init_cohort

    workspace = init_cohort(
        directory=args.dir, roster=args.roster, db_url=args.db_url, language=args.lang
    )
    print(f"cohort workspace ready: {workspace.root}")
    print(f"next: himoya cohort release {args.dir}")
    return 0


def _cohort_release(args: argparse.Namespace) -> int:
    from himoya.grading.cohort import release

    for path in release(directory=args.dir, assignments=tuple(args.assignments)):
        print(f"released: {path}")
    print(f"instructions for trainees: {Path(args.dir) / 'usb' / 'instructions.html'}")
    return 0


def _cohort_collect(args: argparse.Namespace) -> int:
    from himoya.grading.collect import collect

    if args.from_hub:
        if args.sources:
            return _fail("give either --from-hub or zip files and folders, not both")
        from himoya.hub.exchange import collect_from_hub

        result = collect_from_hub(directory=args.dir)
    elif not args.sources:
        return _fail("give the zip files or folders to collect, or --from-hub")
    else:
        result = collect(directory=args.dir, sources=list(args.sources), replace=args.replace)
    for line in result.lines():
        print(line)
    print(
        f"{len(result.placed)} placed, {len(result.unchanged)} unchanged, "
        f"{len(result.skipped)} not placed; originals kept read-only in {result.batch}"
    )
    if result.skipped and not result.placed and not result.unchanged:
        return _fail(f"nothing collected: {len(result.skipped)} file(s) not placed (see above)")
    return 0


def _check_workspace(directory: Path) -> None:
    """Name a folder that is not a cohort workspace at once, before loading nbgrader (seconds)."""
    from himoya.grading.workspace import open_workspace

    open_workspace(directory)


def _cohort_grade(args: argparse.Namespace) -> int:
    _check_workspace(args.dir)
    from himoya.grading.autograde import grade

    summary = grade(
        directory=args.dir, workers=args.workers, progress=not args.quiet, regrade=args.regrade
    )
    print(
        f"graded {summary.graded} notebook(s), {summary.problems} with problems, "
        f"{summary.skipped} already graded, in {summary.seconds:.0f} s"
    )
    return 0


def _cohort_feedback(args: argparse.Namespace) -> int:
    _check_workspace(args.dir)
    from himoya.grading.feedback import feedback

    pages = feedback(directory=args.dir)
    print(f"{len(pages)} feedback page(s) in {Path(args.dir) / 'feedback'} (no hidden tests shown)")
    if args.to_hub:
        from himoya.hub.exchange import return_feedback

        for line in return_feedback(directory=args.dir):
            print(line)
    return 0


def _cohort_report(args: argparse.Namespace) -> int:
    from datetime import date

    _check_workspace(args.dir)
    from himoya.grading.report import report

    on_date = None
    if args.date:
        try:
            on_date = date.fromisoformat(args.date)
        except ValueError:
            return _fail(f"--date must look like 2026-11-21, got {args.date!r}")
    result = report(
        directory=args.dir,
        certificates=not args.no_certificates,
        on_date=on_date,
        progress=not args.quiet,
    )
    print(f"grades:   {result.grades_csv} (UTF-8 with BOM: opens in Excel)")
    print(f"problems: {result.problems_csv} ({result.problems} notebook(s))")
    print(f"report:   {result.index_html} (open in a browser; works offline)")
    if not args.no_certificates:
        print(f"certificates: {len(result.certificates)} in {Path(args.dir) / 'certificates'}")
    print(
        f"{result.needs_manual} notebook(s) wait for manual grading; "
        f"{result.follow_up} trainee(s) to follow up"
    )
    return 0


def _add_cohort(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "cohort",
        help="trainer workflow: init, release, collect, grade, feedback, report",
        description="Run a training cohort offline with nbgrader. See grading/README.md.",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create a cohort workspace from a roster CSV")
    init.add_argument("dir", type=Path, help="new folder for the cohort workspace")
    init.add_argument(
        "--roster",
        type=Path,
        required=True,
        help="CSV with columns id, first_name, last_name, role, organisation, district",
    )
    init.add_argument("--db-url", default=None, help="gradebook database URL (default: SQLite)")
    init.add_argument(
        "--lang",
        default="en",
        help="the cohort's language: en, ru or tg (exercises translated completely are released "
        "in it, the others in English; grading is the same)",
    )
    init.set_defaults(handler=_cohort_init)
    rel = actions.add_parser("release", help="student versions and one USB zip per assignment")
    rel.add_argument("dir", type=Path)
    rel.add_argument("assignments", nargs="*", help="assignment ids (default: all)")
    rel.set_defaults(handler=_cohort_release)
    col = actions.add_parser("collect", help="returned notebooks (zips or folders) into submitted/")
    col.add_argument("dir", type=Path)
    col.add_argument("sources", nargs="*", type=Path, help="zip files or folders")
    col.add_argument(
        "--from-hub",
        action="store_true",
        help="take every submission from the workshop hub's exchange (needs sudo)",
    )
    col.add_argument(
        "--replace", action="store_true", help="take a newer copy over one already collected"
    )
    col.set_defaults(handler=_cohort_collect)
    grd = actions.add_parser("grade", help="autograde everything not yet graded (resumable)")
    grd.add_argument("dir", type=Path)
    grd.add_argument("--workers", type=int, default=None, help="parallel workers (default: CPUs)")
    grd.add_argument("--quiet", action="store_true", help="no progress bar")
    grd.add_argument(
        "--regrade",
        action="store_true",
        help="grade every notebook again (by default only new or changed ones, or all after "
        "the tests or limits changed)",
    )
    grd.set_defaults(handler=_cohort_grade)
    fb = actions.add_parser("feedback", help="feedback HTML per trainee, hidden tests removed")
    fb.add_argument("dir", type=Path)
    fb.add_argument(
        "--to-hub",
        action="store_true",
        help="also return each page through the workshop hub's exchange (needs sudo)",
    )
    fb.set_defaults(handler=_cohort_feedback)
    rep = actions.add_parser(
        "report",
        help="grades CSV, problems CSV, cohort dashboard (HTML) and certificates (PDF)",
        description=(
            "Write DIR/reports/grades.csv, DIR/reports/problems.csv, DIR/reports/index.html (one "
            "offline page with charts) and DIR/certificates/<id>.pdf for every trainee who meets "
            "the completion rule in DIR/cohort.yml. Run it again after manual grading."
        ),
    )
    rep.add_argument("dir", type=Path)
    rep.add_argument(
        "--no-certificates", action="store_true", help="write the reports but no certificates"
    )
    rep.add_argument(
        "--date", default=None, help="date on the certificates, YYYY-MM-DD (default: today)"
    )
    rep.add_argument("--quiet", action="store_true", help="no progress bar")
    rep.set_defaults(handler=_cohort_report)


# --- demo --------------------------------------------------------------------------------------


def _demo(args: argparse.Namespace) -> int:
    from himoya.grading.demo import run_demo

    if args.trainees < 1:
        return _fail(f"--trainees must be at least 1, got {args.trainees}")
    if args.workers is not None and args.workers < 1:
        return _fail(f"--workers must be at least 1, got {args.workers}")
    result = run_demo(
        directory=args.dir,
        trainees=args.trainees,
        seed=args.seed,
        workers=args.workers,
        assignments=tuple(args.assignments or ()),
        progress=not args.quiet,
        language=args.lang,
    )
    print(
        f"demo done: {result.trainees} fictional trainees, {result.returned} notebooks, "
        f"{len(result.broken)} broken on purpose, {result.feedback_files} feedback page(s), "
        f"{result.certificates} certificate(s) in {result.workspace}"
    )
    return 0


def _add_demo(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "demo",
        help="a whole synthetic cohort end to end (init, release, answers, grade, report)",
        description=(
            "Make a synthetic cohort of fictional trainees in DIR (a new folder) and run the whole "
            "trainer workflow on it: init, release, answers written into the released notebooks "
            "(a few broken on purpose), collect from a zip, grade, feedback, report and "
            "certificates. Every name and answer is invented. 30 trainees take 5-10 minutes."
        ),
    )
    parser.add_argument("dir", type=Path, help="new folder for the demo cohort")
    parser.add_argument("--trainees", type=int, default=30, help="how many (default: 30)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default: 2024)")
    parser.add_argument(
        "--workers", type=int, default=None, help="parallel grading workers (default: CPUs)"
    )
    parser.add_argument(
        "--assignments",
        nargs="+",
        default=None,
        metavar="ASSIGNMENT",
        help="release only these (default: module exercises 01-07 and knowledge-check)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--lang", default="en", help="the cohort's language (en, ru or tg)")
    parser.set_defaults(handler=_demo)


# --- handouts ----------------------------------------------------------------------------------


def _handouts(args: argparse.Namespace) -> int:
    from himoya.book.bundle import built_languages, make_bundle
    from himoya.book.handouts import make_handouts

    if args.lang:
        from himoya.i18n import edition

        languages = [lang.strip() for lang in args.lang.split(",") if lang.strip()]
        for language in languages:
            edition(language, root=args.source)  # an unknown language stops here, named
    else:
        languages = built_languages(source=args.source, build=args.build)
    made = []
    for language in languages:
        result = make_handouts(
            source=args.source,
            build=args.build,
            only=args.only,
            progress=not args.quiet,
            language=language,
        )
        for item in result.files:
            for warning in item.warnings:
                print(f"{item.path.name}: {warning}", file=sys.stderr)
        pages = sum(item.pages for item in result.files)
        print(f"{len(result.files)} handouts ({pages} A4 pages) in {result.directory}")
        made.extend(result.files)
    if args.no_bundle or args.only:
        return 0
    bundle = make_bundle(source=args.source, build=args.build, handouts=tuple(made))
    print(
        f"offline bundle: {bundle.path} ({bundle.size / 1e6:.1f} MB, {bundle.members} files; "
        "unzip it and open START-HERE.html)"
    )
    return 0


def _add_handouts(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "handouts",
        help="PDF handouts from the built book into _build/handouts, and the offline zip",
        description=(
            "Make the printable A4 handouts from the BUILT book (run `himoya build` first): one "
            "PDF per module, per role track (police, social worker, caregiver, supervisor), the "
            "facilitator guide, the one-page police protocol card, a gamebook per case scenario "
            "and each "
            "screening form with its scoring sheet. Then write _build/himoya-offline.zip (book, "
            "handouts, released exercises and START-HERE.html) for a USB stick."
        ),
    )
    parser.add_argument(
        "--source", type=Path, default=None, help="course folder (default: found from here)"
    )
    parser.add_argument(
        "--build",
        type=Path,
        default=None,
        help="build folder holding html/ (default: <course>/_build; `himoya build --output X` "
        "puts it in X/_build)",
    )
    parser.add_argument(
        "--only",
        default=None,
        metavar="PATTERN",
        help="make only handouts whose file name matches, e.g. 'gamebook-*' (no zip)",
    )
    parser.add_argument(
        "--lang",
        default=None,
        metavar="LANGS",
        help="handouts of these editions, e.g. en,ru (default: every edition that is built); "
        "another edition's go into _build/handouts/<lang>",
    )
    parser.add_argument("--no-bundle", action="store_true", help="do not write the offline zip")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=_handouts)


# --- translations ------------------------------------------------------------------------------


# --- parser ------------------------------------------------------------------------------------

_GROUPS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _add_build,
    _add_handouts,
    _add_exercises,
    _add_screening,
    _add_scenarios,
    _add_datasets,
    _add_cohort,
    add_hub,
    _add_demo,
    add_translations,
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
    except UserError as error:
        return _fail(str(error))
    except OSError as error:
        # A path the command was given, or one it writes to, that is missing or not allowed.
        return _fail(_os_error(error))
    except KeyboardInterrupt:
        return _fail("interrupted")


if __name__ == "__main__":
    sys.exit(main())
