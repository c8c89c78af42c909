"""A cohort in Russian gets the exercises Russian translates completely; grading is unchanged."""

import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from himoya.grading.cohort import init_cohort
from himoya.grading.workspace import CohortError
from himoya.paths import course_root

pytestmark = pytest.mark.nbgrader
ROOT = course_root(Path(__file__).parent)
ROSTER = (
    "id,first_name,last_name,role,organisation,district\n"
    "KUL-01,Фарҳод,Қодиров,police,Kulob police,Kulob\n"
)


def _hidden_tests(notebook) -> list[str]:
    return [
        cell.source.split("### BEGIN HIDDEN TESTS", 1)[1]
        for cell in notebook.cells
        if "### BEGIN HIDDEN TESTS" in cell.source
    ]


def test_a_russian_cohort_gets_every_exercise_in_russian_with_the_same_checks(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    workspace = init_cohort(directory=tmp_path / "ws", roster=roster, course=ROOT, language="ru")
    assert workspace.language() == "ru"
    russian = nbformat.read(workspace.source / "04-psychosocial" / "04-psychosocial.ipynb", 4)
    english = nbformat.read(ROOT / "exercises" / "04-psychosocial" / "04-psychosocial.ipynb", 4)
    assert russian.cells[0].source.startswith("# Упражнение 04")
    assert [c.metadata.get("nbgrader") for c in russian.cells] == [
        c.metadata.get("nbgrader") for c in english.cells
    ]
    hidden_ru, hidden_en = _hidden_tests(russian), _hidden_tests(english)
    for ru, en in zip(hidden_ru, hidden_en, strict=True):
        # The same checks; a word answer is accepted in English and in Russian.
        assert ru == en or ("'moderate'" in ru and "'умеренный'" in ru)
    # The whole Russian course is translated: every released exercise opens in Russian.
    released = sorted(workspace.source.glob("*/*.ipynb"))
    assert len(released) == len(sorted((ROOT / "exercises").glob("*/*.ipynb")))
    for path in released:
        first = nbformat.read(path, 4).cells[0].source
        assert re.search("[а-яё]", first, flags=re.IGNORECASE), f"{path.name} is not in Russian"


def test_an_unknown_cohort_language_is_refused(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    with pytest.raises(CohortError, match="no edition 'uz'"):
        init_cohort(directory=tmp_path / "ws", roster=roster, course=ROOT, language="uz")
    assert not (tmp_path / "ws").exists()


def test_a_tajik_cohort_has_its_instruction_sheet_and_certificates_in_tajik(tmp_path):
    from datetime import date

    from himoya.grading.certificates import certificate_html, render_certificate
    from himoya.grading.cohort import instruction_sheet

    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    workspace = init_cohort(directory=tmp_path / "ws", roster=roster, course=ROOT, language="tg")
    sheet = instruction_sheet(["04-psychosocial"], workspace)
    assert '<html lang="tg">' in sheet
    assert "Машқҳои Himoya: чӣ тавр иҷро кардан ва баргардондан" in sheet
    assert "KUL-07_03-juvenile-justice.ipynb" in sheet  # the example file name is kept
    assert "You do not need the internet" not in sheet

    pdf = render_certificate(
        certificate_html(
            name="Фарҳод Қодиров",
            role="police",
            organisation="Kulob police",
            district="Kulob",
            modules=["04"],
            on_date=date(2026, 3, 5),
            trainee_id="KUL-01",
            lang=workspace.language(),
        ),
        tmp_path / "KUL-01.pdf",
    )
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Шаҳодатномаи хатми курс" in text
    assert "Фарҳод Қодиров" in text  # the name exactly as in the roster
    assert "Корманди милитсия" in text
    assert "Сана: 5 марти соли 2026" in text
    assert "Certificate" not in text
