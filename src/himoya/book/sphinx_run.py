"""One Sphinx build of the course with Jupyter Book's configuration (a child process per edition).

``python -m himoya.book.sphinx_run JSON`` where JSON holds ``source``, ``outdir``, ``doctreedir``,
``builder``, ``strict``, ``force_all``, ``quiet`` and ``overrides`` (Sphinx settings). Jupyter Book
1's command line cannot pass Sphinx settings such as ``language`` (jupyter-book #1791), but its
Python entry point can: this calls :func:`jupyter_book.sphinx.build_sphinx` exactly as
``jupyter-book build`` does, with the overrides added and ``himoya.book.sphinx_ext`` loaded. Each
edition runs in its own process, so Sphinx's global state (translators, docutils registries) and
the kernels' ``HIMOYA_LANG`` belong to one language.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

EXTENSION = "himoya.book.sphinx_ext"


def run(spec: dict) -> int:
    """Build once as ``spec`` says; return Sphinx's status code (0: success)."""
    from jupyter_book.config import get_final_config
    from jupyter_book.sphinx import build_sphinx

    source = Path(spec["source"])
    config = source / "_config.yml"
    if spec.get("output_folder"):
        # MyST-NB writes executed notebooks and their images to <outdir>/../jupyter_execute and
        # has no setting for it; an edition's outdir is _build/html/<lang>, so that would be
        # inside the English book. An absolute folder wins in Path.joinpath.
        import myst_nb.sphinx_ext

        myst_nb.sphinx_ext.OUTPUT_FOLDER = str(Path(spec["output_folder"]).resolve())
    overrides = {
        "external_toc_path": (source / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        **spec.get("overrides", {}),
    }
    base, _meta = get_final_config(
        user_yaml=config, cli_config=dict(overrides), sourcedir=source, validate=False
    )
    extensions = list(base.get("extensions", []))
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)
    overrides["extensions"] = extensions
    result = build_sphinx(
        source,
        spec["outdir"],
        noconfig=True,
        path_config=str(config),
        confoverrides=overrides,
        builder=spec.get("builder", "html"),
        doctreedir=spec["doctreedir"],
        warningiserror=spec.get("strict", True),
        keep_going=spec.get("strict", True),
        force_all=spec.get("force_all", False),
        quiet=spec.get("quiet", False),
    )
    return result if isinstance(result, int) else 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m himoya.book.sphinx_run JSON", file=sys.stderr)
        return 2
    return run(json.loads(args[0]))


if __name__ == "__main__":
    sys.exit(main())
