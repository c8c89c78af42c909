"""Certificates of completion: one A4 landscape PDF per trainee, made with WeasyPrint, offline.

The fonts are DejaVu Serif and DejaVu Sans from the system (Debian ``fonts-dejavu-core``), loaded
from ``file://`` URLs, so Tajik and Russian names (ғ ӣ қ ӯ ҳ ҷ) render correctly and nothing is
fetched from the network: the URL fetcher allows only ``file:`` and ``data:``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from himoya.grading.workspace import Workspace
from himoya.pdf import FONT_DIR, font_faces, offline_fetcher

if TYPE_CHECKING:
    from himoya.grading.report import TraineeSummary

DEFAULT_COURSE_TITLE = (
    "Himoya — child protection casework, juvenile justice and psychosocial screening"
)
STATEMENT = (
    "Himoya is an open training course; this certificate records completion of its exercises."
)
ROLE_LABELS = {
    "police": "Police officer",
    "social-worker": "Social worker",
    "caregiver": "Caregiver",
    "supervisor": "Supervisor",
}


def format_date(value: date) -> str:
    """``21 November 2026`` (English month names, whatever the laptop's locale)."""
    months = (
        *("January", "February", "March", "April", "May", "June"),
        *("July", "August", "September", "October", "November", "December"),
    )
    return f"{value.day} {months[value.month - 1]} {value.year}"


def certificate_html(
    *,
    name: str,
    role: str,
    organisation: str,
    district: str,
    modules: Sequence[str],
    on_date: date,
    trainee_id: str,
    course_title: str = DEFAULT_COURSE_TITLE,
    workshop: str = "",
    font_dir: Path = FONT_DIR,
) -> str:
    """The HTML of one certificate (printed to PDF by ``render_certificate``)."""
    e = html.escape
    who = ", ".join(part for part in (ROLE_LABELS.get(role, role), organisation, district) if part)
    items = "".join(f"<li>{e(m)}</li>" for m in modules)
    place = f'<p class="small">{e(workshop)}</p>' if workshop else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Certificate: {e(name)}</title>
<style>
{font_faces(font_dir)}
@page {{ size: A4 landscape; margin: 12mm; }}
html {{ font-family: "DejaVu Sans", sans-serif; color: #1d2b36; }}
body {{ margin: 0; }}
.frame {{ position: relative; border: 3px solid #0b5394; outline: 1px solid #0b5394;
          outline-offset: -9px; height: 184mm; box-sizing: border-box; padding: 14mm 22mm 0;
          text-align: center; }}
.kicker {{ letter-spacing: .3em; text-transform: uppercase; font-size: 10pt; color: #0b5394;
           margin: 0; }}
h1 {{ font-family: "DejaVu Serif", serif; font-size: 32pt; margin: 4mm 0 6mm; }}
.name {{ font-family: "DejaVu Serif", serif; font-size: 28pt; font-weight: bold;
         margin: 2mm 0 1mm; }}
.who {{ font-size: 13pt; margin: 0 0 6mm; }}
.course {{ font-family: "DejaVu Serif", serif; font-size: 16pt;
           font-weight: bold; margin: 1mm 10mm 5mm; }}
ul {{ text-align: left; display: inline-block; margin: 1mm auto 2mm; font-size: 11pt; }}
li {{ margin-bottom: 1mm; }}
.small {{ font-size: 10.5pt; margin: 1mm 0; }}
.footer {{ position: absolute; left: 22mm; right: 22mm; bottom: 9mm; font-size: 10pt; }}
.statement {{ color: #444; margin: 0 0 3mm; }}
.date {{ float: left; }} .meta {{ float: right; color: #666; font-size: 8.5pt; }}
</style></head>
<body><div class="frame">
<p class="kicker">Himoya · open training course</p>
<h1>Certificate of completion</h1>
<p class="small">This certifies that</p>
<p class="name">{e(name)}</p>
<p class="who">{e(who)}</p>
<p class="small">has completed the exercises of the training course</p>
<p class="course">{e(course_title)}</p>
<p class="small">Modules completed:</p>
<ul>{items}</ul>
{place}
<div class="footer">
<p class="statement">{e(STATEMENT)}</p>
<span class="date">Date: {e(format_date(on_date))}</span>
<span class="meta">Trainee ID {e(trainee_id)}</span>
</div>
</div></body></html>
"""


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
            course_title=course_title or DEFAULT_COURSE_TITLE,
            workshop=workshop,
        )
        target = folder / f"{t.id}.pdf"
        written.append(render_certificate(document, target, font_config=font_config))
    return written
