"""Build the HTML book strictly, then check that it works offline."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Sequence
from concurrent import futures
from pathlib import Path

from himoya.book.offline import RemoteResource, find_remote_resources
from himoya.errors import UserError
from himoya.paths import course_root


class BuildError(UserError, RuntimeError):
    """The book did not build, or the built book would not work offline."""

    def __init__(self, message: str, *, remote: tuple[RemoteResource, ...] = ()) -> None:
        super().__init__(message)
        self.remote = remote


def build_book(
    *,
    source: Path | None = None,
    output: Path | None = None,
    strict: bool = True,
    rebuild_all: bool = False,
    quiet: bool = False,
    languages: Sequence[str] | None = None,
) -> Path:
    """Build the book from ``source`` (the course root) and return the HTML folder.

    ``output`` is the folder that receives ``_build/`` (default: the course root). ``languages``
    are the editions to build (default: English and every edition whose ``edition.yml`` says
    ``build: true``); English is always built first, into ``_build/html``, each other edition
    into ``_build/html/<lang>`` (see :mod:`himoya.book.editions`); the other editions need only
    the English build, so they are built side by side, one per core. With ``strict``, any Sphinx
    warning fails the build (``-W -n --keep-going``). After the build, every page and stylesheet
    is scanned; any resource loaded from another host fails the build with the page and URL
    named. ``quiet`` captures the build log and puts its tail into the error instead of
    streaming it.
    """
    from himoya.book.editions import (
        EditionBuildError,
        EditionPlan,
        prepare_locale,
        share_english_outputs,
    )
    from himoya.i18n import EditionError, editions

    source = Path(source).resolve() if source else course_root()
    output = Path(output) if output else source
    missing = [name for name in ("_config.yml", "_toc.yml") if not (source / name).is_file()]
    if missing:
        raise BuildError(f"{source}: not a course folder (missing {', '.join(missing)})")
    _check_book_files(source)
    try:
        found = editions(source)
    except EditionError as error:
        raise BuildError(str(error)) from None
    wanted = list(languages) if languages else [e.language for e in found.values() if e.build]
    unknown = [lang for lang in wanted if lang not in found]
    if unknown:
        raise BuildError(
            f"no edition {unknown[0]!r} (editions: {', '.join(found)}; an edition is "
            "locale/<lang>/edition.yml)"
        )
    build = (output / "_build").resolve()
    order = ["en", *[lang for lang in dict.fromkeys(wanted) if lang != "en"]]
    plans = [EditionPlan(found[lang], build) for lang in order]
    # The language switch lists the editions built now and those `himoya build` makes, in the
    # order of `editions()` (English, then the locale folders).
    listed = {*order, *(e.language for e in found.values() if e.build)}
    switch = [
        EditionPlan(edition, build) for edition in found.values() if edition.language in listed
    ]
    env = {"HIMOYA_ROOT": str(source)}
    with _environment(env):
        english, others = plans[0], plans[1:]
        _check(english, _sphinx(english, switch, None, source, strict, rebuild_all, quiet), quiet)
        prepared = []
        for plan in others:
            try:
                pages = prepare_locale(plan, root=source)
            except EditionBuildError as error:
                raise BuildError(str(error)) from None
            share_english_outputs(plan, pages, root=source)
            prepared.append((plan, pages))
        jobs = max(1, min(len(prepared), _cpus()))
        if jobs == 1:
            for plan, pages in prepared:
                result = _sphinx(plan, switch, pages, source, strict, rebuild_all, quiet)
                _check(plan, result, quiet)
        else:
            # The other editions need only the English build: they are built side by side, one
            # Sphinx process per core, each with its log held back and printed when it ends (so
            # two logs never interleave).
            if not quiet:
                names = ", ".join(plan.edition.english_name for plan, _ in prepared)
                print(f"building the other editions side by side ({names})…", flush=True)
            with futures.ThreadPoolExecutor(max_workers=jobs) as pool:
                running = {
                    pool.submit(
                        _sphinx, plan, switch, pages, source, strict, rebuild_all, True
                    ): plan
                    for plan, pages in prepared
                }
                failed = None
                for done in futures.as_completed(running):
                    plan, result = running[done], done.result()
                    if not quiet:
                        print(result.stdout or "", end="", flush=True)
                        print(result.stderr or "", end="", file=sys.stderr, flush=True)
                        state = "built" if result.returncode == 0 else "failed"
                        print(f"the {plan.edition.english_name} edition: {state}", flush=True)
                    try:
                        _check(plan, result, True)
                    except BuildError as error:
                        failed = failed or error
                if failed is not None:
                    raise failed
    html = build / "html"
    remote = tuple(find_remote_resources(html))
    if remote:
        listing = "\n".join(f"  {item}" for item in remote)
        raise BuildError(
            f"{len(remote)} reference(s) in the built book load files from another host "
            f"and would fail offline:\n{listing}",
            remote=remote,
        )
    return html


def _check_book_files(source: Path) -> None:
    """``_config.yml`` and ``_toc.yml`` read as Jupyter Book needs them, or one line saying why.

    Jupyter Book would otherwise stop inside Sphinx with a Python traceback for a table of
    contents that is not a mapping or a configuration that is empty or of the wrong shape.
    """
    from himoya.book.editions import book_config
    from himoya.yamlfile import read_yaml

    book_config(source)
    toc = source / "_toc.yml"
    if "root" not in read_yaml(toc, error=BuildError):
        raise BuildError(f"{toc}: no `root:` entry (the book's first page)")


def _cpus() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _sphinx(plan, switch, pages, source, strict, rebuild_all, quiet):
    """Write ``plan``'s edition settings and run its Sphinx build (``pages``: None for English)."""
    from himoya.book.editions import edition_settings, run_sphinx

    settings = edition_settings(plan, switch, pages or _english_pages(), root=source)
    plan.settings_file.parent.mkdir(parents=True, exist_ok=True)
    plan.settings_file.write_text(json.dumps(settings, ensure_ascii=False, indent=1), "utf-8")
    return run_sphinx(plan, root=source, strict=strict, rebuild_all=rebuild_all, quiet=quiet)


def _check(plan, result, quiet: bool) -> None:
    """Raise :class:`BuildError` when ``plan``'s Sphinx run failed or wrote no front page."""
    if result.returncode != 0:
        detail = ""
        if quiet:
            log = (result.stdout or "") + (result.stderr or "")
            lines = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
            detail = "\n" + "\n".join((lines or log.splitlines())[-30:])
        raise BuildError(
            f"the {plan.edition.english_name} edition did not build (Sphinx exit "
            f"{result.returncode}); the warnings above name the page{detail}"
        )
    if not (plan.html / "index.html").is_file():
        raise BuildError(f"{plan.html / 'index.html'} was not written")


def _english_pages():
    from himoya.book.editions import PageLanguages

    return PageLanguages()


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    """Set environment variables for the duration (the catalogs are read from HIMOYA_ROOT)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
