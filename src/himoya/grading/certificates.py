"""Certificates of completion: one A4 landscape PDF per trainee, made with WeasyPrint, offline.

The fonts are DejaVu Serif and DejaVu Sans from the system (Debian ``fonts-dejavu-core``), loaded
from ``file://`` URLs, so Tajik and Russian names (ғ ӣ қ ӯ ҳ ҷ) render correctly and nothing is
fetched from the network: the URL fetcher allows only ``file:`` and ``data:``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from himoya.grading.workspace import Workspace
from himoya.pdf import FONT_DIR, font_faces, offline_fetcher
from himoya.roles import role_label
from himoya.templating import render

if TYPE_CHECKING:
    from himoya.grading.results import TraineeSummary


def certificate_html(
    *,
    name: str,
    role: str,
    organisation: str,
    district: str,
    modules: Sequence[str],
    on_date: date,
    trainee_id: str,
    course_title: str = "",
    workshop: str = "",
    font_dir: Path = FONT_DIR,
) -> str:
    """The HTML of one certificate (``templates/grading/certificate.html.j2``).

    An empty ``course_title`` prints the Himoya course title.
    """
    return render(
        "grading/certificate.html.j2",
        name=name,
        who=[part for part in (role_label(role), organisation, district) if part],
        modules=list(modules),
        on_date=on_date,
        trainee_id=trainee_id,
        course_title=course_title,
        workshop=workshop,
        # CSS the package writes itself (font file paths), so it is not escaped.
        font_faces=Markup(font_faces(font_dir)),
    )


def render_certificate(document: str, target: Path, *, font_config=None) -> Path:
    """Print certificate HTML to ``target`` (PDF). Only ``file:`` and ``data:`` URLs load."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = offline_fetcher()
    font_config = font_config or FontConfiguration()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".pdf.part")
    HTML(string=document, base_url=str(target.parent), url_fetcher=fetcher).write_pdf(
        partial, font_config=font_config
    )
    partial.replace(target)
    return target


def write_certificates(
    *,
    workspace: Workspace,
    summaries: Iterable[TraineeSummary],
    not_certified: Iterable[str] = (),
    titles: dict[str, str] | None = None,
    on_date: date,
    course_title: str | None = None,
    workshop: str = "",
    progress: bool = True,
) -> list[Path]:
    """Write ``certificates/<id>.pdf`` for each summary; remove those of ``not_certified``.

    A certificate left from an earlier run for a trainee who no longer meets the rule (for example
    after a regrade) is deleted, so the folder always matches the report.
    """
    from tqdm import tqdm
    from weasyprint.text.fonts import FontConfiguration

    titles = titles or {}
    folder = workspace.certificates
    folder.mkdir(exist_ok=True)
    for trainee_id in not_certified:
        (folder / f"{trainee_id}.pdf").unlink(missing_ok=True)
    summaries = list(summaries)
    font_config = FontConfiguration()
    written = []
    quiet = not progress or len(summaries) < 5
    bar = tqdm(summaries, unit="certificate", desc="certificates", disable=quiet)
    for summary in bar:
        t = summary.trainee
        modules = [titles.get(m.assignment) or m.assignment for m in summary.completed]
        document = certificate_html(
            name=t.full_name,
            role=t.role,
            organisation=t.organisation,
            district=t.district,
            modules=modules,
            on_date=on_date,
            trainee_id=t.id,
            course_title=course_title or "",
            workshop=workshop,
        )
        target = folder / f"{t.id}.pdf"
        written.append(render_certificate(document, target, font_config=font_config))
    return written
