"""Build the HTML book strictly, then check that it works offline."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
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
    into ``_build/html/<lang>`` (see :mod:`himoya.book.editions`). With ``strict``, any Sphinx
    warning fails the build (``-W -n --keep-going``). After the build, every page and stylesheet
    is scanned; any resource loaded from another host fails the build with the page and URL
    named. ``quiet`` captures the build log and puts its tail into the error instead of
    streaming it.
    """
    from himoya.book.editions import (
        EditionBuildError,
        EditionPlan,
        edition_settings,
        prepare_locale,
        run_sphinx,
        share_english_outputs,
    )
    from himoya.i18n import EditionError, editions

    source = Path(source).resolve() if source else course_root()
    output = Path(output) if output else source
    missing = [name for name in ("_config.yml", "_toc.yml") if not (source / name).is_file()]
    if missing:
        raise BuildError(f"{source}: not a course folder (missing {', '.join(missing)})")
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
        for plan in plans:
            try:
                pages = prepare_locale(plan, root=source) if not plan.english else None
            except EditionBuildError as error:
                raise BuildError(str(error)) from None
            if pages is not None:
                share_english_outputs(plan, pages, root=source)
            settings = edition_settings(plan, switch, pages or _english_pages(), root=source)
            plan.settings_file.parent.mkdir(parents=True, exist_ok=True)
            plan.settings_file.write_text(
                json.dumps(settings, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            result = run_sphinx(
                plan, root=source, strict=strict, rebuild_all=rebuild_all, quiet=quiet
            )
            if result.returncode != 0:
                detail = ""
                if quiet:
                    log = (result.stdout or "") + (result.stderr or "")
                    lines = [
                        line for line in log.splitlines() if "WARNING" in line or "ERROR" in line
                    ]
                    detail = "\n" + "\n".join((lines or log.splitlines())[-30:])
                raise BuildError(
                    f"the {plan.edition.english_name} edition did not build (Sphinx exit "
                    f"{result.returncode}); the warnings above name the page{detail}"
                )
            if not (plan.html / "index.html").is_file():
                raise BuildError(f"{plan.html / 'index.html'} was not written")
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
