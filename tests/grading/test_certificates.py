"""Certificates: A4 landscape PDFs that print Tajik Cyrillic names and load nothing remote."""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from himoya.grading.certificates import certificate_html, render_certificate, write_certificates
from himoya.grading.results import GRADED, NotebookResult, TraineeSummary
from himoya.grading.roster import Trainee
from himoya.grading.workspace import Workspace

NAME = "Ғайратҷон Қӯзиев"  # fictional; uses the Tajik letters ғ ҷ қ ӯ
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed"
)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def document(**changes) -> str:
    fields = {
        "name": NAME,
        "role": "social-worker",
        "organisation": "Vose social protection office",
        "district": "Vose",
        "modules": ["02 · The casework cycle", "03 · Juvenile justice: applying the rules"],
        "on_date": date(2026, 11, 21),
        "trainee_id": "VOS-07",
        "workshop": "Workshop in Bokhtar, 20 and 21 November 2026",
    }
    return certificate_html(**{**fields, **changes})


STATEMENT = (
    "Himoya is an open training course; this certificate records completion of its exercises."
)


def test_dates_are_written_in_english_whatever_the_locale():
    assert "Date: 21 November 2026" in document()
    assert "Date: 5 January 2027" in document(on_date=date(2027, 1, 5))


@needs_poppler
def test_a_certificate_is_one_a4_landscape_page_with_the_cyrillic_name(tmp_path):
    pdf = render_certificate(document(), tmp_path / "VOS-07.pdf")
    info = pdf_info(pdf)
    assert "Pages:           1" in info
    assert "841.89 x 595.276" in info  # A4, wider than tall
    text = " ".join(pdf_text(pdf).split())
    assert NAME in text
    assert "Social worker, Vose social protection office, Vose" in text
    assert "03 · Juvenile justice: applying the rules" in text
    assert "21 November 2026" in text
    assert "Workshop in Bokhtar" in text
    assert " ".join(STATEMENT.split()) in text
    assert "VOS-07" in text


@needs_poppler
def test_the_fonts_are_embedded(tmp_path):
    pdf = render_certificate(document(), tmp_path / "c.pdf")
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = fonts.splitlines()[2:]
    assert rows
    assert all(" yes " in row for row in rows), fonts


def test_remote_urls_are_refused_at_once_and_no_certificate_is_written(tmp_path):
    from weasyprint.urls import FatalURLFetchingError

    remote = document().replace(
        "<body>", '<body><img src="https://example.org/logo.png" alt="logo">', 1
    )
    with pytest.raises(FatalURLFetchingError, match=r"https://example\.org/logo\.png"):
        render_certificate(remote, tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()


def test_names_are_escaped_in_the_html():
    html = document(name="Ali <b>&</b>")
    assert "Ali &lt;b&gt;&amp;&lt;/b&gt;" in html


def summary(trainee: Trainee) -> TraineeSummary:
    module = NotebookResult(
        trainee=trainee,
        assignment="03-juvenile-justice",
        notebook="03-juvenile-justice",
        status=GRADED,
        auto_score=10.0,
        max_auto=12.0,
        manual_score=3.0,
        max_manual=3.0,
    )
    return TraineeSummary(
        trainee=trainee,
        modules=(module,),
        pre=None,
        post=None,
        auto_percent=83.3,
        certified=True,
        why_not="",
        follow_up=(),
    )


@needs_poppler
def test_write_certificates_uses_module_titles_and_removes_stale_ones(tmp_path):
    workspace = Workspace(root=tmp_path)
    stale = workspace.certificates / "KUL-02.pdf"
    stale.parent.mkdir()
    stale.write_bytes(b"%PDF-1.4 old")
    trainee = Trainee("KUL-01", "Зарина", "Ҳакимова", "police", "Kulob police", "Kulob")
    written = write_certificates(
        workspace=workspace,
        summaries=[summary(trainee)],
        not_certified=["KUL-02"],
        titles={"03-juvenile-justice": "03 · Juvenile justice"},
        on_date=date(2026, 11, 21),
        course_title="Himoya workshop course",
        progress=False,
    )
    assert written == [workspace.certificates / "KUL-01.pdf"]
    assert not stale.exists()
    text = " ".join(pdf_text(written[0]).split())
    assert "Зарина Ҳакимова" in text
    assert "03 · Juvenile justice" in text
    assert "Himoya workshop course" in text
