"""``himoya translations``: language editions (update the catalogs, status, check, review)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from himoya.errors import UserError


def _translation_languages(args: argparse.Namespace) -> list[str] | None:
    if not args.lang:
        return None
    from himoya.i18n import edition

    languages = [lang.strip() for lang in args.lang.split(",") if lang.strip()]
    for language in languages:
        edition(language)
    return languages


def _translations_update(args: argparse.Namespace) -> int:
    from himoya.book.editions import extract_pages
    from himoya.paths import course_root
    from himoya.translations.update import data_templates, update_catalogs

    root = course_root()
    templates = {}
    executed = True
    if not args.no_pages:
        print("reading the English pages (Sphinx gettext builder)...", file=sys.stderr)
        pages, executed = extract_pages(root=root, quiet=args.quiet)
        templates.update(pages)
        if not executed:
            print(
                "note: no English build yet (himoya build --lang en): the captions of charts on "
                "executed pages are kept as they are in the catalogs; build, then update again",
                file=sys.stderr,
            )
    templates.update(data_templates(root))
    result = update_catalogs(
        templates=templates,
        languages=_translation_languages(args),
        root=root,
        on_file=lambda path: print(f"updated {path.relative_to(root)}"),
        pages=not args.no_pages,
        keep_executed=not executed,
    )
    for path in result.orphans:
        print(f"no English any more (remove it if the page or item is gone): {path}")
    print(f"{len(result.written)} catalog(s) updated from {result.templates} English template(s)")
    return 0


def _translations_status(args: argparse.Namespace) -> int:
    from himoya.paths import course_root
    from himoya.translations.status import format_status, status, status_json

    root = course_root()
    gettext_dir = root / "_build" / "gettext"
    report = status(
        languages=_translation_languages(args),
        root=root,
        gettext_dir=gettext_dir if gettext_dir.is_dir() else None,
    )
    print(status_json(report) if args.json else format_status(report))
    return 0


def _translations_check(args: argparse.Namespace) -> int:
    from himoya.paths import course_root
    from himoya.translations.status import check

    root = course_root()
    gettext_dir = root / "_build" / "gettext"
    problems = check(
        languages=_translation_languages(args),
        root=root,
        gettext_dir=gettext_dir if gettext_dir.is_dir() else None,
        paths=args.catalogs or None,
    )
    for problem in problems:
        print(problem)
    if problems:
        raise UserError(f"{len(problems)} problem(s) in the translations")
    if args.catalogs:
        print(f"{len(args.catalogs)} catalog(s) OK: they compile and keep their markup")
    else:
        print("translations OK: every catalog compiles, keeps its markup and keeps its promises")
    return 0


def _translations_review(args: argparse.Namespace) -> int:
    from himoya.i18n.catalogs import mark_reviewed

    _translation_languages(args)
    mark = mark_reviewed(args.lang, args.catalog, reviewer=args.reviewer)
    print(
        f"marked reviewed: {args.lang} {mark.domain} by {mark.reviewer} on {mark.date} "
        f"(the notice goes once the book is built again)"
    )
    return 0


def add_translations(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "translations",
        help="language editions: update the catalogs, status, check, mark reviewed",
        description=(
            "Translations live in gettext catalogs, locale/<lang>/LC_MESSAGES/*.po, one per page "
            "or item. See locale/README.md."
        ),
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    update = actions.add_parser(
        "update",
        help="bring every catalog in step with the English (new text missing, changed fuzzy)",
        description=(
            "Extract the English messages (pages with Sphinx's gettext builder, scenarios, "
            "instruments, exercise specs, the age-and-liability tools' words and the program's "
            "own text) and update every "
            "locale/<lang>/LC_MESSAGES/*.po: new English is added untranslated, changed English "
            "keeps its old translation marked fuzzy. Only files that change are written."
        ),
    )
    update.add_argument("--lang", default=None, help="only these languages, e.g. ru or ru,tg")
    update.add_argument(
        "--no-pages", action="store_true", help="skip the book's pages (data and program only)"
    )
    update.add_argument("--quiet", action="store_true", help="no Sphinx output")
    update.set_defaults(handler=_translations_update)
    stat = actions.add_parser(
        "status",
        help="per language and module: messages translated, fuzzy and missing",
        description=(
            "Per language and module: the share of messages translated, fuzzy (the English "
            "changed; a translator checks them) and missing; how many pages and items are "
            "complete (only those show in the language), promised and reviewed."
        ),
    )
    stat.add_argument("--lang", default=None, help="only these languages, e.g. ru")
    stat.add_argument("--json", action="store_true", help="print JSON")
    stat.set_defaults(handler=_translations_status)
    chk = actions.add_parser(
        "check",
        help="fail on a catalog that does not compile, broken markup, or a broken promise",
        description=(
            "Exit non-zero, naming file and message, when a catalog does not compile, when a "
            "translation lost or added markup (roles, links, code, directives, placeholders), "
            "or when an item an edition promises is missing or incomplete."
        ),
    )
    chk.add_argument("catalogs", nargs="*", type=Path, help="check only these .po files")
    chk.add_argument("--lang", default=None, help="only these languages, e.g. ru")
    chk.set_defaults(handler=_translations_check)
    rev = actions.add_parser(
        "review",
        help="mark a catalog reviewed by a native-speaking child-protection professional",
        description=(
            "Record in locale/<lang>/reviewed.yml that REVIEWER reviewed CATALOG as it is now. "
            "Its 'awaiting review' notice goes away; it comes back if the translation changes."
        ),
    )
    rev.add_argument("lang", help="language, e.g. ru")
    rev.add_argument("catalog", help="catalog name, e.g. modules/00-start/index or scenarios/x")
    rev.add_argument("--reviewer", required=True, help="name and role of the reviewer")
    rev.set_defaults(handler=_translations_review)
