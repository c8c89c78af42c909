"""A cohort's feedback pages and report speak its language; the scores stay the same.

One small cohort is graded once; its feedback is written in English, then again after
``cohort.yml`` says Russian, then Tajik (the same autograded notebooks, so the numbers must match).
"""

import re

import pytest
import yaml

from himoya.grading.feedback import feedback
from himoya.grading.report import report

from .cohort_fixtures import graded_right_wrong_broken

pytestmark = pytest.mark.nbgrader

SCORE = re.compile(r"(?:Score|Баллы|Хол): (\d+(?:\.\d+)?) / (\d+(?:\.\d+)?)")


def _set_language(workspace, lang: str) -> None:
    settings = yaml.safe_load(workspace.settings_file.read_text(encoding="utf-8"))
    settings["lang"] = lang
    workspace.settings_file.write_text(yaml.safe_dump(settings), encoding="utf-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """{lang: {trainee: feedback page text}} and the report page per language."""
    tmp = tmp_path_factory.mktemp("feedback-language")
    workspace = graded_right_wrong_broken(tmp, ("L01", "L02", "L03"))
    out, reports = {}, {}
    for lang in ("en", "ru", "tg"):
        _set_language(workspace, lang)
        feedback(directory=workspace.root)
        out[lang] = {
            t: (workspace.feedback / t / "mini" / "mini.html").read_text(encoding="utf-8")
            for t in ("L01", "L02", "L03")
        }
        result = report(directory=workspace.root, certificates=False, progress=False)
        reports[lang] = result.index_html.read_text(encoding="utf-8")
        reports[f"{lang}-problems"] = result.problems_csv.read_text(encoding="utf-8-sig")
        reports[f"{lang}-grades"] = result.grades_csv.read_text(encoding="utf-8-sig")
    return out, reports


def test_russian_and_tajik_feedback_have_the_same_scores_as_english(pages):
    out, _ = pages
    for trainee in ("L01", "L02"):
        english = SCORE.findall(out["en"][trainee])
        assert len(english) >= 4  # the notebook's total and each graded cell
        assert SCORE.findall(out["ru"][trainee]) == english
        assert SCORE.findall(out["tg"][trainee]) == english
    assert SCORE.findall(out["en"]["L01"])[0] != SCORE.findall(out["en"]["L02"])[0]


def test_russian_feedback_words_are_russian(pages):
    out, _ = pages
    right, wrong = out["ru"]["L01"], out["ru"]["L02"]
    assert "Баллы: " in right
    assert "Score:" not in right
    assert "Ответ участника" in right
    assert "Student's answer" not in right
    assert right.count("✓ Верно.") == 3
    assert "✓ Correct." not in right
    assert wrong.count("✗ Неверно.") == 3
    assert "The grader also ran hidden checks" not in right
    assert "### BEGIN HIDDEN TESTS" not in right


def test_tajik_feedback_words_are_tajik(pages):
    out, _ = pages
    right, wrong = out["tg"]["L01"], out["tg"]["L02"]
    assert "Хол: " in right
    assert "Score:" not in right
    assert right.count("✓ Дуруст.") == 3
    assert wrong.count("✗ Нодуруст.") == 3
    assert "Student's answer" not in right
    assert "(Top)" not in right


def test_english_feedback_keeps_nbgraders_words(pages):
    out, _ = pages
    right = out["en"]["L01"]
    assert "Student's answer" in right
    assert "(Top)" in right
    assert right.count("✓ Correct.") == 3


def test_the_not_graded_page_is_in_the_cohorts_language(pages):
    out, _ = pages
    assert "could not be graded" in out["en"]["L03"]
    russian, tajik = out["ru"]["L03"], out["tg"]["L03"]
    assert '<html lang="ru">' in russian
    assert "не удалось проверить" in russian
    assert '<html lang="tg">' in tajik
    assert "could not be graded" not in tajik
    # The reason, recorded in English by grading, is shown in the cohort's language.
    assert "broken JSON" in out["en"]["L03"]
    assert re.search(r"файл не является исправной тетрадью: JSON повреждён в строке \d+", russian)
    assert re.search(r"файл дафтари дуруст нест: JSON дар сатри \d+ вайрон аст", tajik)
    assert "broken JSON" not in russian
    assert "broken JSON" not in tajik


def test_the_report_labels_are_in_the_cohorts_language(pages):
    _, reports = pages
    assert "How to read this report" in reports["en"]
    russian, tajik = reports["ru"], reports["tg"]
    assert '<html lang="ru">' in russian
    assert "How to read this report" not in russian
    assert "Как читать этот отчёт" in russian
    assert "Сертификаты" in russian
    assert "Сотрудник милиции" in russian  # the role, from the same catalog
    assert "не удалось проверить" in russian  # a follow-up reason made in Python
    assert '<html lang="tg">' in tajik
    assert "How to read this report" not in tajik
    assert "Шаҳодатномаҳо" in tajik
    assert "Корманди милитсия" in tajik


@pytest.mark.parametrize(
    ("lang", "words"),
    [("ru", "JSON повреждён в строке"), ("tg", "JSON дар сатри")],
)
def test_the_reasons_in_the_report_and_problems_csv_are_in_the_cohorts_language(pages, lang, words):
    _, reports = pages
    page, problems, grades = reports[lang], reports[f"{lang}-problems"], reports[f"{lang}-grades"]
    assert page.count(words) == 2  # the problem submissions and the trainees to follow up
    assert "broken JSON" not in page
    assert "broken JSON" in reports["en"]
    header, row = problems.splitlines()[:2]
    assert header == "id,first_name,last_name,assignment,notebook,problem,note,what_to_do"
    assert row.startswith("L03,")
    assert words in row
    assert "broken JSON" not in row
    assert "--replace" in row  # the advice, in the language too
    # grades.csv: the column names and the status are the same in every language.
    assert grades.splitlines()[0] == reports["en-grades"].splitlines()[0]
    assert "problem: not a valid notebook: broken JSON at line" in grades
