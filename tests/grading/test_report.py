"""The report and certificates of a small cohort graded by real nbgrader."""

import csv
import json
import shutil
import subprocess
import warnings
from datetime import date

import pytest
import yaml

from himoya.cli import main
from himoya.grading.autograde import grade
from himoya.grading.cohort import init_cohort, release
from himoya.grading.report import report
from himoya.grading.workspace import CohortError, Workspace, gradebook
from himoya.offline import scan_file

from .cohort_fixtures import BROKEN, HERE, fake_course, hand_in

pytestmark = pytest.mark.nbgrader

ROSTER = (
    "id,first_name,last_name,role,organisation,district\n"
    'KUL-01,Фарҳод,Қодиров,police,"Kulob police, juvenile unit",Kulob\n'
    "KUL-02,Зарина,Ҳакимова,social-worker,Kulob social protection office,Kulob\n"
    "BKH-03,Мадина,Юсупова,caregiver,Kinship carer,Bokhtar\n"
    "DSH-04,Ҷамшед,Раҳимов,supervisor,Dushanbe Commission on Child Rights,Dushanbe\n"
)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Four trainees on the mini assignment: right, wrong, broken JSON, nothing handed in."""
    tmp = tmp_path_factory.mktemp("report")
    roster = tmp / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    workspace = init_cohort(directory=tmp / "ws", roster=roster, course=fake_course(tmp))
    release(directory=workspace.root, assignments=("mini",))
    # All answers right and a reflection written: it waits for the trainer.
    answered = json.loads((HERE / "mini" / "answers-correct.ipynb").read_text(encoding="utf-8"))
    for cell in answered["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "r1":
            cell["source"] = "Because the child's safety comes first."
    (tmp / "answered.ipynb").write_text(json.dumps(answered), encoding="utf-8")
    hand_in(workspace, "KUL-01", tmp / "answered.ipynb")
    hand_in(workspace, "KUL-02", HERE / "mini" / "answers-wrong.ipynb")
    hand_in(workspace, "BKH-03", BROKEN / "invalid-json.ipynb")
    grade(directory=workspace.root, workers=2, progress=False)
    return workspace


def rows(workspace) -> dict[str, dict]:
    with (workspace.reports / "grades.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def pdf_text(path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())


def test_the_report_command_writes_every_file(graded, capsys):
    code = main(["cohort", "report", str(graded.root), "--date", "2026-11-21", "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert "grades.csv (UTF-8 with BOM" in out
    assert "certificates: 1 in" in out
    for path in ("reports/grades.csv", "reports/problems.csv", "reports/index.html"):
        assert (graded.root / path).is_file(), path


def test_grades_csv_keeps_cyrillic_quotes_commas_and_gives_each_status(graded):
    report(directory=graded.root, on_date=date(2026, 11, 21), progress=False)
    raw = (graded.reports / "grades.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b'"Kulob police, juvenile unit"' in raw
    table = rows(graded)
    assert list(table) == ["KUL-01", "KUL-02", "BKH-03", "DSH-04"]
    right, wrong, broken, missing = table.values()
    assert (right["first_name"], right["last_name"]) == ("Фарҳод", "Қодиров")
    assert right["organisation"] == "Kulob police, juvenile unit"
    assert (right["auto_score"], right["max_auto"], right["max_manual"]) == ("7", "7", "2")
    assert right["status"] == "needs manual grading"
    assert right["manual_score"] == ""
    assert right["percent"] == "100.0"
    assert (wrong["auto_score"], wrong["percent"]) == ("0", "0.0")
    assert broken["status"].startswith("problem: not a valid notebook: broken JSON")
    assert (missing["status"], missing["auto_score"], missing["percent"]) == (
        "not submitted",
        "",
        "",
    )


def test_problems_csv_lists_the_broken_notebook_with_what_to_do(graded):
    report(directory=graded.root, certificates=False, progress=False)
    with (graded.reports / "problems.csv").open(encoding="utf-8-sig", newline="") as handle:
        problems = list(csv.DictReader(handle))
    assert [(p["id"], p["last_name"], p["notebook"]) for p in problems] == [
        ("BKH-03", "Юсупова", "mini")
    ]
    assert "broken JSON" in problems[0]["problem"]
    assert "--replace" in problems[0]["what_to_do"]


def test_the_report_page_is_one_offline_file_with_names(graded):
    report(directory=graded.root, certificates=False, progress=False)
    page = graded.reports / "index.html"
    assert scan_file(page) == []
    text = page.read_text(encoding="utf-8")
    assert "Ҷамшед Раҳимов" in text
    assert "How to read this report" in text
    assert "data:image/png;base64," in text
    assert "<script" not in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_only_the_trainee_who_meets_the_rule_gets_a_certificate(graded):
    result = report(directory=graded.root, on_date=date(2026, 11, 21), progress=False)
    assert [p.name for p in result.certificates] == ["KUL-01.pdf"]
    assert sorted(p.name for p in graded.certificates.iterdir()) == ["KUL-01.pdf"]
    text = pdf_text(graded.certificates / "KUL-01.pdf")
    assert "Фарҳод Қодиров" in text
    assert "Police officer, Kulob police, juvenile unit, Kulob" in text
    assert "21 November 2026" in text
    assert "mini" in text.lower()


def test_manual_grades_from_the_formgrader_reach_the_report(tmp_path, graded):
    # Work on a copy: the other tests expect the reflections still waiting.
    copy = tmp_path / "ws"
    shutil.copytree(graded.root, copy, symlinks=True)
    workspace = Workspace(copy)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with gradebook(workspace, f"sqlite:///{copy / 'gradebook.db'}") as gb:
            grade_row = gb.find_grade("r1", "mini", "mini", "KUL-01")
            grade_row.manual_score = 1.0
            grade_row.needs_manual_grade = False
            gb.db.commit()
    report(directory=copy, certificates=False, progress=False)
    right = rows(workspace)["KUL-01"]
    assert (right["manual_score"], right["status"]) == ("1", "graded")
    assert right["percent"] == f"{100 * 8 / 9:.1f}"


def test_a_certificate_is_removed_when_the_trainee_no_longer_meets_the_rule(tmp_path, graded):
    copy = tmp_path / "ws"
    shutil.copytree(graded.root, copy, symlinks=True)
    report(directory=copy, on_date=date(2026, 11, 21), progress=False)
    assert (copy / "certificates" / "KUL-01.pdf").is_file()
    # A new copy handed in (collect --replace): it is not graded yet, so no certificate for now.
    submitted = copy / "submitted" / "KUL-01" / "mini" / "mini.ipynb"
    submitted.write_text(submitted.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = report(directory=copy, on_date=date(2026, 11, 21), progress=False)
    assert result.certificates == ()
    assert not (copy / "certificates" / "KUL-01.pdf").exists()


def test_a_completion_rule_above_100_percent_is_refused_naming_the_field(tmp_path, graded):
    copy = tmp_path / "ws"
    shutil.copytree(graded.root, copy, symlinks=True)
    settings_file = copy / "cohort.yml"
    settings = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    settings["completion"]["min_percent"] = 101
    settings_file.write_text(yaml.safe_dump(settings), encoding="utf-8")
    with pytest.raises(CohortError, match=r"cohort\.yml: completion\.min_percent: 101 must be"):
        report(directory=copy, progress=False)


def test_report_on_a_folder_that_is_not_a_workspace_fails_in_one_line(tmp_path, capsys):
    assert main(["cohort", "report", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "not a cohort workspace" in err[0]
