"""``himoya cohort feedback``: nbgrader's feedback HTML, without hidden tests and fully offline.

nbgrader restores the full test cells, hidden tests included, into autograded notebooks and shows
them in feedback (by design: nbgrader #917, #1363). A trainee who sees a hidden test sees the
answer. Here nbgrader's own ``generate_feedback`` runs with one more preprocessor first,
``HideHiddenTests`` (:mod:`himoya.grading.preprocessors`): it removes every hidden region from the
source, by nbgrader's own rule for the delimiters, and replaces a test cell's outputs with a
pass/fail line (plus the assertion message when that message is part of the visible test), so
nothing a hidden test printed is shown either. Afterwards every feedback page is cleaned of
scripts that nbconvert's template loads from a CDN (MathJax) and checked to load nothing from
another host.

What a trainee wrote in a Markdown cell is theirs, not the course's: it is shown without any
script, event handler, style or frame, and without an image from another host
(:func:`trainee_markup`); only the course's own (locked) cells keep all their markup. A trainee's
reflection can then neither run code in the browser of whoever opens the page nor make the page
load something from the internet (which the offline check would refuse, for the whole cohort).

A notebook that could not be graded gets a short feedback page saying so (without details that
come from running it: see :func:`_for_trainee`).

The pages speak the cohort's language (``cohort.yml``): nbgrader's feedback template is extended
by ``templates/grading/nbconvert/himoya-feedback``, whose fixed words ("Score", "Comments", ...)
come from the ``ui`` catalog through :class:`FeedbackExporter`, and the pass/fail lines too.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import bleach  # nbconvert's own HTML sanitizer (a dependency of nbconvert)
import nbgrader
from jinja2 import Environment
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades
from traitlets import Unicode

from himoya.grading.autograde import load_state
from himoya.grading.labels import REASONS, english, in_language
from himoya.grading.labels import reason as translated_reason
from himoya.grading.preprocessors import HideHiddenTests
from himoya.grading.workspace import CohortError, Workspace, nbgrader_api, open_workspace
from himoya.i18n import ui
from himoya.offline import is_remote, scan_file
from himoya.templating import render

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "grading" / "nbconvert"
"""The folder of the ``himoya-feedback`` nbconvert template (it extends nbgrader's)."""
_NBGRADER = Path(nbgrader.__file__).parent
_NBGRADER_TEMPLATES = str(_NBGRADER / "server_extensions" / "formgrader" / "templates")
_NBGRADER_CSS = str(
    _NBGRADER
    / "server_extensions"
    / "formgrader"
    / "static"
    / "node_modules"
    / "bootstrap"
    / "dist"
    / "css"
)
_REMOTE_SCRIPT = re.compile(
    r"<script[^>]*\bsrc\s*=\s*[\"'](?:https?:)?//[^\"']*[\"'][^>]*>\s*</script>", re.IGNORECASE
)
_REMOTE_LINK = re.compile(
    r"<link[^>]*\bhref\s*=\s*[\"'](?:https?:)?//[^\"']*[\"'][^>]*/?>", re.IGNORECASE
)


_TRAINEE_TAGS = frozenset(
    {
        *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "blockquote"),
        *("em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark"),
        *("code", "pre", "kbd", "samp", "ul", "ol", "li", "dl", "dt", "dd", "a", "img"),
        *("table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"),
    }
)


def _trainee_attribute(tag: str, name: str, value: str) -> bool:
    """Attributes kept in a trainee's markup: no event handler, style or remote image."""
    if name in ("class", "title", "id"):
        return True
    if tag == "a":
        return name == "href" and not value.strip().lower().startswith("data:")
    if tag == "img":
        return name in ("alt", "width", "height") or (name == "src" and not is_remote(value))
    return tag in ("td", "th") and name in ("colspan", "rowspan", "align")


def trainee_markup(html: str) -> str:
    """A trainee's Markdown cell, rendered, with only harmless markup left (bleach)."""
    return bleach.clean(
        html,
        tags=_TRAINEE_TAGS,
        attributes=_trainee_attribute,
        protocols={"http", "https", "mailto", "data"},  # data: only for images (above)
    )


class FeedbackExporter(HTMLExporter):
    """nbconvert's HTML exporter with the ``ui`` catalog of ``lang`` installed in its templates."""

    lang = Unicode("en", help="The language of the feedback page's words.").tag(
        config=True, affects_environment=True
    )

    def _create_environment(self) -> Environment:
        environment = super()._create_environment()
        environment.add_extension("jinja2.ext.i18n")
        environment.policies["ext.i18n.trimmed"] = True  # as `himoya translations update` reads
        environment.install_gettext_translations(ui(self.lang), newstyle=True)
        environment.filters["trainee_markup"] = trainee_markup
        return environment


def _clean_html(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    cleaned = _REMOTE_LINK.sub("", _REMOTE_SCRIPT.sub("", text))
    if cleaned != text:
        path.write_text(cleaned, encoding="utf-8")
    remote = scan_file(path)
    if remote:
        raise CohortError(f"{path}: feedback would load {remote[0].url} from another host")


def _for_trainee(reason: str) -> str:
    """A recorded reason as the trainee's page shows it: nbgrader's or Python's own words about
    a failure are left out, since a notebook's code can make them quote what it saw while graded
    (hidden tests included); the trainer finds them in ``problems.csv``."""
    for key in ("reason.nbgrader", "reason.failed"):
        if reason.startswith(REASONS[key].split("{", 1)[0]):
            return english(key, detail="…")
    return reason


def _problem_page(
    workspace: Workspace,
    student: str,
    assignment: str,
    notebook: str,
    reason: str,
    lang: str = "en",
):
    folder = workspace.feedback / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{notebook}.html"
    with in_language(lang):
        shown = translated_reason(_for_trainee(reason))
    path.write_text(
        render("grading/not-graded.html.j2", lang=lang, notebook=notebook, reason=shown),
        encoding="utf-8",
    )
    return path


def feedback(*, directory: Path) -> list[Path]:
    """Write feedback HTML for every autograded notebook; return the pages written."""
    workspace = open_workspace(directory)
    if not workspace.autograded.is_dir() and not load_state(workspace).get("notebooks"):
        raise CohortError(f"{workspace.root}: nothing graded yet (run `himoya cohort grade`)")
    lang = workspace.language()
    api = nbgrader_api(
        workspace,
        **{
            "GenerateFeedback.preprocessors": [
                HideHiddenTests,
                GetGrades,
                CSSHTMLHeaderPreprocessor,
            ],
            "HideHiddenTests.lang": lang,
            # nbgrader's API sets HTMLExporter.template_name = "feedback"; the subclass's own
            # section wins, and our template extends nbgrader's (found in its basedirs).
            "GenerateFeedback.exporter_class": FeedbackExporter,
            "FeedbackExporter.lang": lang,
            "FeedbackExporter.template_name": "himoya-feedback",
            "FeedbackExporter.extra_template_basedirs": [str(TEMPLATES), _NBGRADER_TEMPLATES],
            # Where `{% extends 'feedback/index.html.j2' %}` finds nbgrader's page, and the
            # Bootstrap CSS nbgrader's page inlines (GenerateFeedback sets it for HTMLExporter).
            "FeedbackExporter.extra_template_paths": [_NBGRADER_TEMPLATES, _NBGRADER_CSS],
        },
    )
    assignments = (
        sorted({p.name for s in workspace.autograded.glob("*") if s.is_dir() for p in s.iterdir()})
        if workspace.autograded.is_dir()
        else []
    )
    for assignment in assignments:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outcome = api.generate_feedback(assignment, force=True)
        if not outcome["success"]:
            lines = (outcome.get("error") or outcome.get("log") or "").strip().splitlines()
            raise CohortError(
                f"{assignment}: nbgrader could not write feedback: {lines[-1] if lines else ''}"
            )
    for key, entry in sorted(load_state(workspace).get("notebooks", {}).items()):
        if entry.get("problem"):
            student, assignment, notebook = key.split("/")
            _problem_page(workspace, student, assignment, notebook, entry["problem"], lang)
    pages = sorted(workspace.feedback.rglob("*.html")) if workspace.feedback.is_dir() else []
    for page in pages:
        _clean_html(page)
    return pages
