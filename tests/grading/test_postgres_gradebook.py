"""A PostgreSQL gradebook loses nothing: the same cohort on SQLite and on a real server.

Six police trainees hand in the knowledge check's pre- and post-test (two notebooks of one
assignment). Graded with two workers straight into a server gradebook, this cohort used to come
back with some notebooks zeroed, a different number each run: nbgrader's autograde zeroes every
notebook of the assignment missing from the folder it grades, and each worker's folder holds one
notebook. So the cohort is graded on PostgreSQL several times (``--regrade``), and every round
must give, notebook by notebook, the scores of the same cohort graded on SQLite.

Two trainers grading at once: each has a workspace of the cohort on the same PostgreSQL gradebook
and has collected half the trainees; both run ``himoya cohort grade`` (two processes, two workers
each) at the same moment, and afterwards every notebook's score is there and equals SQLite's.
"""

import shutil
import subprocess
import sys
import warnings

import pytest

from himoya.grading.autograde import grade
from himoya.grading.cohort import init_cohort, release
from himoya.grading.workspace import CohortError, Workspace, database_url, gradebook

from .cohort_fixtures import ROOT

pytestmark = pytest.mark.nbgrader

TRAINEES = [f"BKH-P{n:02d}" for n in range(6)]
NOTEBOOKS = ("pre-police", "post-police")
ROUNDS = 3


def make_cohort(folder, db_url=None, handed_in=TRAINEES) -> Workspace:
    """The cohort's workspace with the knowledge check released and handed in by ``handed_in``."""
    roster = folder / "roster.csv"
    roster.write_text(
        "id,first_name,last_name,role,organisation,district\n"
        + "".join(f"{t},Фарҳод,Қодиров,police,Bokhtar district police,Bokhtar\n" for t in TRAINEES),
        encoding="utf-8",
    )
    workspace = init_cohort(directory=folder / "ws", roster=roster, db_url=db_url, course=ROOT)
    release(directory=workspace.root, assignments=("knowledge-check",))
    for n, trainee in enumerate(TRAINEES):
        if trainee not in handed_in:
            continue
        folder = workspace.submitted / trainee / "knowledge-check"
        folder.mkdir(parents=True)
        for notebook in NOTEBOOKS:
            # Most answer everything right; every third trainee leaves the pre-test blank.
            blank = notebook.startswith("pre") and n % 3 == 0
            origin = workspace.release if blank else workspace.source
            shutil.copy2(origin / "knowledge-check" / f"{notebook}.ipynb", folder)
        (folder / "timestamp.txt").write_text("2026-11-21 16:00:00.000000 UTC\n", encoding="utf-8")
    return workspace


def notebook_scores(workspace) -> dict[tuple[str, str], float]:
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with gradebook(workspace) as gb:
            for submission in gb.find_assignment("knowledge-check").submissions:
                for nb in submission.notebooks:
                    # The other tracks' notebooks, not handed in, score zero (as in nbgrader).
                    out[(submission.student.id, nb.name)] = nb.score
    return out


@pytest.fixture(scope="module")
def on_sqlite(tmp_path_factory):
    workspace = make_cohort(tmp_path_factory.mktemp("kc-sqlite"))
    summary = grade(directory=workspace.root, workers=2, progress=False)
    assert (summary.graded, summary.problems) == (12, 0)
    return notebook_scores(workspace)


def test_sqlite_gives_full_marks_except_the_blank_pre_tests(on_sqlite):
    blank = {(t, "pre-police") for n, t in enumerate(TRAINEES) if n % 3 == 0}
    police = {key: score for key, score in on_sqlite.items() if key[1] in NOTEBOOKS}
    assert len(police) == 12
    assert all((score == 0) == (key in blank) for key, score in police.items())
    assert all(score == 0 for key, score in on_sqlite.items() if key[1] not in NOTEBOOKS)


def test_postgresql_gives_the_same_scores_notebook_by_notebook_every_time(
    tmp_path_factory, postgres, on_sqlite
):
    url = postgres.createdb("himoya_kc_parity")
    workspace = make_cohort(tmp_path_factory.mktemp("kc-postgres"), db_url=url)
    assert workspace.db_url().startswith("postgresql+psycopg://")
    for round_ in range(ROUNDS):
        summary = grade(directory=workspace.root, workers=2, progress=False, regrade=round_ > 0)
        assert (summary.graded, summary.problems) == (12, 0)
        assert notebook_scores(workspace) == on_sqlite, f"round {round_ + 1} of {ROUNDS}"


def test_two_trainers_grading_at_once_into_one_postgresql_gradebook_lose_nothing(
    tmp_path_factory, postgres, on_sqlite
):
    url = postgres.createdb("himoya_kc_two_trainers")
    halves = (TRAINEES[::2], TRAINEES[1::2])  # each half has a trainee with a blank pre-test
    workspaces = [
        make_cohort(tmp_path_factory.mktemp(f"kc-trainer{n}"), db_url=url, handed_in=half)
        for n, half in enumerate(halves)
    ]
    for round_ in range(2):
        command = [sys.executable, "-m", "himoya.cli", "cohort", "grade", "--workers", "2"]
        command += ["--quiet", *(["--regrade"] if round_ else [])]
        trainers = [
            subprocess.Popen([*command, str(ws.root)], stdout=subprocess.PIPE, text=True)
            for ws in workspaces
        ]
        outputs = [trainer.communicate(timeout=900)[0] for trainer in trainers]
        assert [trainer.returncode for trainer in trainers] == [0, 0], outputs
        assert all(out.startswith("graded 6 notebook(s), 0 with problems") for out in outputs)
        for workspace in workspaces:
            assert notebook_scores(workspace) == on_sqlite, f"round {round_ + 1}"


def test_a_plain_postgresql_url_uses_psycopg_3():
    assert database_url("postgresql://u:p@127.0.0.1/db") == "postgresql+psycopg://u:p@127.0.0.1/db"
    assert database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_a_missing_postgresql_driver_is_one_clear_line(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "psycopg" else real(name, *a)
    )
    with pytest.raises(CohortError, match=r"pip install 'himoya\[postgres\]'"):
        database_url("postgresql://trainer@127.0.0.1/cohort")
