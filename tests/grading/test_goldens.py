"""Golden files for what the grading steps write: the report page, the CSV files, the feedback
page of a notebook that could not be graded, the USB instruction sheet, a certificate's HTML and
the offline bundle's START-HERE page. Approved copies are in ``goldens/``; see
``tests/goldens.py`` for how to approve a change (``--update-goldens``).

The cohort is hand-made (``handmade.py``) with one hostile name and answer, so the goldens also
show that a trainee's text is escaped wherever it appears.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pytest

from goldens import assert_golden
from himoya.book.bundle import start_here
from himoya.grading.certificates import certificate_html
from himoya.grading.cohort import instruction_sheet
from himoya.grading.feedback import _problem_page
from himoya.grading.report import render_html
from himoya.grading.tables import write_grades_csv, write_problems_csv
from himoya.grading.workspace import Workspace

from .handmade import person, result, summarise
from .handmade import small_cohort as handmade_cohort

GOLDENS = Path(__file__).parent / "goldens"
WHEN = datetime(2026, 11, 21, 16, 30)
HOSTILE = 'Али <script>alert("x")</script>'


@pytest.fixture
def cohort(tmp_path):
    """The hand-made cohort plus a trainee whose name and notebook try to inject markup."""
    base = handmade_cohort(tmp_path)
    intruder = person("KUL-09", first=HOSTILE, last="<b>Bold</b> & co", org='"Quoted" <org>')
    module = result(intruder, auto=2.0, manual=None)
    summary = summarise(intruder, (module,), None, None, base.rule, has_kc=True)
    problem = {
        "trainee": "KUL-09",
        "assignment": "03-juvenile-justice",
        "notebook": "03-juvenile-justice",
        "problem": "not a valid notebook: <img src=x onerror=alert(1)>",
        "note": "",
    }
    return dataclasses.replace(
        base,
        trainees=(*base.trainees, intruder),
        results=(*base.results, module),
        summaries=(*base.summaries, summary),
        problems=(*base.problems, problem),
        questions={**base.questions, ("03-juvenile-justice", "q1"): "Which <safeguards>?"},
    )


def test_the_report_page_matches_its_golden(cohort):
    page = render_html(cohort, generated=WHEN)
    assert "<script>alert" not in page
    assert_golden(page, GOLDENS / "report.html")


def test_grades_and_problems_csv_match_their_goldens(cohort, tmp_path):
    grades = write_grades_csv(cohort, tmp_path / "grades.csv")
    problems = write_problems_csv(cohort, tmp_path / "problems.csv")
    for path in (grades, problems):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the Cyrillic names as UTF-8
        assert_golden(raw.decode("utf-8-sig"), GOLDENS / path.name)


def test_the_not_graded_feedback_page_matches_its_golden(tmp_path):
    page = _problem_page(
        Workspace(tmp_path), "KUL-09", "mini", "mini", "not a valid notebook: <broken> JSON"
    )
    assert_golden(page.read_text(encoding="utf-8"), GOLDENS / "not-graded.html")


def test_the_instruction_sheet_matches_its_golden(tmp_path):
    for assignment, notebooks in {
        "03-juvenile-justice": ["03-juvenile-justice"],
        "knowledge-check": ["post-police", "pre-police"],
    }.items():
        folder = tmp_path / "source" / assignment
        folder.mkdir(parents=True)
        for name in notebooks:
            (folder / f"{name}.ipynb").write_text("{}", encoding="utf-8")
    sheet = instruction_sheet(["03-juvenile-justice", "knowledge-check"], Workspace(tmp_path))
    assert_golden(sheet, GOLDENS / "instructions.html")


def test_a_certificate_matches_its_golden(tmp_path):
    document = certificate_html(
        name=HOSTILE,
        role="social-worker",
        organisation="Vose social protection office",
        district="Vose",
        modules=["02 · The casework cycle", "03 · Juvenile justice <applied>"],
        on_date=date(2026, 11, 21),
        trainee_id="VOS-07",
        workshop="Workshop in Bokhtar, 20 and 21 November 2026",
        font_dir=tmp_path,  # no font files here: no @font-face rules, nothing machine-specific
    )
    assert_golden(document, GOLDENS / "certificate.html")


def test_start_here_matches_its_golden():
    page = start_here(
        handouts=[
            ("protocol-card.pdf", "Police first-contact protocol card", 1, "card"),
            ("module-03-juvenile-justice.pdf", "03 · Juvenile justice", 14, "module"),
            ("track-police.pdf", "The police track", 40, "track"),
            ("gamebook-bread-at-the-bazaar.pdf", "Bread at the bazaar", 6, "gamebook"),
            ("notes.pdf", "Notes <draft>", None, "misc"),
        ],
        exercises=("03-juvenile-justice", "knowledge-check"),
    )
    assert_golden(page, GOLDENS / "start-here.html")


def test_a_changed_output_fails_and_names_the_golden(tmp_path, monkeypatch):
    import goldens

    monkeypatch.setitem(goldens.UPDATE, "flag", False)
    monkeypatch.delenv("HIMOYA_UPDATE_GOLDENS", raising=False)
    golden = tmp_path / "page.html"
    golden.write_text("<p>(TIME) data:image/png;base64,(PNG)</p>\n", encoding="utf-8")
    assert_golden("<p>2026-11-21 16:30 data:image/png;base64,iVBORw0=</p>\n", golden)
    with pytest.raises(AssertionError, match=r"page\.html \(approved\)"):
        assert_golden("<p>something else</p>\n", golden)
