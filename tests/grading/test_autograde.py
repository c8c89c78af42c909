"""Parallel, resumable grading: a broken notebook costs only its own grade; same scores."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from himoya.grading.autograde import grade, load_state, problems_table
from himoya.grading.workspace import tool_env

from .cohort_fixtures import BROKEN, HERE, hand_in, make_workspace, scores

pytestmark = pytest.mark.nbgrader

# fixture -> (autograded score out of 7, text expected in the problem or note, "" for none)
BROKEN_CASES = {
    "invalid-json": (0, "broken JSON"),
    "empty-file": (0, "empty"),
    "deleted-test-cell": (7, ""),
    "edited-test-cell": (4, ""),
    "duplicate-cell-ids": (7, ""),
    "copied-test-cell": (7, "copied"),
    "endless-loop": (5, ""),
    "memory-bomb": (4, ""),
    "sys-exit": (5, ""),
    "huge-output": (7, ""),
    "kernel-death": (0, "kernel died"),
}
GOOD_CASES = {"answers-correct": 7, "answers-wrong": 0, "answers-partly-right": 4}


def trainee_id(name: str) -> str:
    return name.upper()[:30]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A cohort with every broken-notebook fixture and three ordinary ones, graded in parallel."""
    tmp = tmp_path_factory.mktemp("autograde")
    names = [*BROKEN_CASES, *GOOD_CASES]
    workspace = make_workspace(tmp, [trainee_id(n) for n in names])
    for name in BROKEN_CASES:
        hand_in(workspace, trainee_id(name), BROKEN / f"{name}.ipynb")
    for name in GOOD_CASES:
        hand_in(workspace, trainee_id(name), HERE / "mini" / f"{name}.ipynb")
    before = tmp / "before-grading"
    shutil.copytree(workspace.root, before, symlinks=True)
    summary = grade(directory=workspace.root, workers=2, progress=False)
    return workspace, summary, before


@pytest.mark.parametrize(("name", "expected"), sorted(BROKEN_CASES.items()))
def test_a_broken_notebook_costs_only_its_own_grade(graded, name, expected):
    workspace, _, _ = graded
    score, reason = expected
    assert scores(workspace)[trainee_id(name)] == score
    rows = {row["trainee"]: row for row in problems_table(workspace)}
    if reason:
        row = rows[trainee_id(name)]
        assert reason in row["problem"] + row["note"]
    else:
        assert trainee_id(name) not in rows or not rows[trainee_id(name)]["problem"]


@pytest.mark.parametrize(("name", "expected"), sorted(GOOD_CASES.items()))
def test_ordinary_notebooks_get_their_scores(graded, name, expected):
    workspace, _, _ = graded
    assert scores(workspace)[trainee_id(name)] == expected


def test_the_run_counts_graded_notebooks_and_problems(graded):
    _, summary, _ = graded
    assert summary.graded + summary.problems == len(BROKEN_CASES) + len(GOOD_CASES)
    assert summary.problems == 3


def test_huge_output_is_cut_in_the_autograded_notebook(graded):
    workspace, _, _ = graded
    path = workspace.autograded / trainee_id("huge-output") / "mini" / "mini.ipynb"
    assert path.stat().st_size < 200_000
    assert "output cut by the grader" in path.read_text(encoding="utf-8")


def test_submissions_are_never_modified(graded):
    workspace, _, before = graded
    for path in (before / "submitted").rglob("*.ipynb"):
        after = workspace.submitted / path.relative_to(before / "submitted")
        assert after.read_bytes() == path.read_bytes(), after


def test_a_second_run_grades_nothing_already_graded(graded):
    workspace, _, _ = graded
    again = grade(directory=workspace.root, workers=2, progress=False)
    assert (again.graded, again.problems) == (0, 0)
    assert again.skipped == len(BROKEN_CASES) + len(GOOD_CASES)


def test_parallel_scores_equal_sequential_nbgrader_autograde(graded):
    """Plain `nbgrader autograde` on a copy of the same submissions gives the same scores."""
    workspace, _, before = graded
    result = subprocess.run(
        [str(shutil.which("nbgrader", path=tool_env()["PATH"])), "autograde", "mini", "--force"],
        cwd=before,
        env=tool_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    # nbgrader exits 1 because some notebooks cannot be graded at all; it grades the rest.
    assert "Autograding" in result.stderr + result.stdout
    sequential = scores(workspace, f"sqlite:///{before / 'gradebook.db'}")
    parallel = scores(workspace)
    # Left out: a memory bomb and a kernel death behave differently without our memory cap;
    # huge output is cut only by us; a copied test cell makes plain nbgrader fail the notebook
    # with a misleading metadata error (nbgrader #1083), while we ignore the copy and grade it.
    different = ("memory-bomb", "kernel-death", "huge-output", "copied-test-cell")
    compared = [
        t for t in sequential if t in parallel and t not in {trainee_id(n) for n in different}
    ]
    assert len(compared) >= 7
    assert {t: parallel[t] for t in compared} == {t: sequential[t] for t in compared}


def hanging_notebook(tmp_path):
    """The right answers, with a first answer cell that never finishes."""
    nb = json.loads((HERE / "mini" / "answers-correct.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "q1-answer":
            cell["source"] = 'q1 = "B"\nimport time\ntime.sleep(10**6)\n'
    path = tmp_path / "hangs.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_killing_grade_loses_nothing_and_a_rerun_resumes(tmp_path):
    """Grading is killed (kill -9 of every process) while the third notebook hangs; no sleep or
    timing decides what was done: with one worker, the state shows exactly two notebooks."""
    trainees = [f"K{n:02d}" for n in range(6)]
    workspace = make_workspace(tmp_path, trainees, timeout=3600)
    files = ["answers-correct", "answers-wrong", "hangs", "answers-partly-right"] + [
        "answers-correct"
    ] * 2
    for trainee, name in zip(trainees, files, strict=True):
        source = hanging_notebook(tmp_path) if name == "hangs" else HERE / "mini" / f"{name}.ipynb"
        hand_in(workspace, trainee, source)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "himoya.cli",
            "cohort",
            "grade",
            str(workspace.root),
            "--workers",
            "1",
            "--quiet",
        ],
        env=tool_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    state_file = workspace.private / "grading-state.json"
    deadline = time.monotonic() + 900  # a guard against a broken run, not a timing
    while time.monotonic() < deadline and process.poll() is None:
        if state_file.exists() and len(json.loads(state_file.read_text())["notebooks"]) == 2:
            break
        time.sleep(0.2)
    assert process.poll() is None, "grading ended instead of hanging on the third notebook"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done = sorted(load_state(workspace)["notebooks"])
    assert done == ["K00/mini/mini", "K01/mini/mini"]
    # The trainee hands in a working notebook; the rerun grades it and the three not reached.
    hand_in(workspace, "K02", HERE / "mini" / "answers-correct.ipynb")
    summary = grade(directory=workspace.root, workers=2, progress=False)
    assert (summary.skipped, summary.graded, summary.problems) == (2, 4, 0)
    expected = {"answers-correct": 7, "answers-wrong": 0, "answers-partly-right": 4, "hangs": 7}
    assert scores(workspace) == {t: expected[name] for t, name in zip(trainees, files, strict=True)}


def gradebook_record(workspace, db_url=None) -> dict:
    """Everything autograding records, per trainee: timestamp, lateness, penalty, each grade."""
    import warnings

    from himoya.grading.workspace import gradebook

    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with gradebook(workspace, db_url) as gb:
            for submission in gb.find_assignment("mini").submissions:
                nb = submission.notebooks[0]
                out[submission.student.id] = {
                    "timestamp": submission.timestamp,
                    "seconds_late": submission.total_seconds_late,
                    "penalty": nb.late_submission_penalty,
                    "score": nb.score,
                    "grades": sorted(
                        (g.name, g.auto_score, g.manual_score, bool(g.needs_manual_grade))
                        for g in nb.grades
                    ),
                    "comments": sorted((c.name, c.auto_comment) for c in nb.comments),
                }
    return out


def nbgrader_autograde(root) -> None:
    subprocess.run(
        [str(shutil.which("nbgrader", path=tool_env()["PATH"])), "autograde", "mini", "--force"],
        cwd=root,
        env=tool_env(),
        capture_output=True,
        check=True,
    )


def test_late_penalties_timestamps_and_manual_grades_match_nbgrader(tmp_path):
    """On time and late trainees with nbgrader's "zero" late policy; then a manual grade and a
    regrade. Every value nbgrader's own autograde records is the same with himoya."""
    from datetime import datetime

    from himoya.grading.workspace import gradebook

    trainees = {"ONTIME-RIGHT": "correct", "ONTIME-PART": "partly-right", "LATE-RIGHT": "correct"}
    workspace = make_workspace(tmp_path, [*trainees, "LATE-WRONG"])
    trainees["LATE-WRONG"] = "wrong"
    with workspace.config_file.open("a", encoding="utf-8") as handle:
        handle.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    with gradebook(workspace) as gb:
        gb.update_or_create_assignment("mini", duedate=datetime(2026, 11, 20, 12, 0))
    for trainee, answers in trainees.items():
        hand_in(workspace, trainee, HERE / "mini" / f"answers-{answers}.ipynb")
        if trainee.startswith("LATE"):
            stamp = workspace.submitted / trainee / "mini" / "timestamp.txt"
            stamp.write_text("2026-11-21 09:30:00.000000 Asia/Dushanbe\n", encoding="utf-8")
    plain = tmp_path / "plain"
    shutil.copytree(workspace.root, plain, symlinks=True)
    plain_url = f"sqlite:///{plain / 'gradebook.db'}"

    grade(directory=workspace.root, workers=2, progress=False)
    nbgrader_autograde(plain)
    ours, theirs = gradebook_record(workspace), gradebook_record(workspace, plain_url)
    assert ours == theirs
    assert ours["LATE-RIGHT"]["penalty"] == 7
    assert ours["LATE-RIGHT"]["seconds_late"] == 59400  # 09:30 in Dushanbe is 04:30 UTC
    assert ours["ONTIME-RIGHT"]["score"] == 7  # the reflection is not graded yet

    # The trainer grades a reflection by hand in both, then everything is graded again.
    for url in (None, plain_url):
        with gradebook(workspace, url) as gb:
            gb.find_grade("r1", "mini", "mini", "ONTIME-PART").manual_score = 2
            gb.db.commit()
    grade(directory=workspace.root, workers=2, progress=False, regrade=True)
    nbgrader_autograde(plain)
    ours, theirs = gradebook_record(workspace), gradebook_record(workspace, plain_url)
    assert ours == theirs
    reflection = next(g for g in ours["ONTIME-PART"]["grades"] if g[0] == "r1")
    assert reflection[2:] == (2.0, True)  # the manual grade is kept; nbgrader asks for a review
