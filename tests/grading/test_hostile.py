"""Hostile notebooks: each attack fails inside its sandbox and changes nothing outside it.

Every fixture in ``hostile/`` is the mini assignment answered right, plus, in an answer cell,
what a hostile trainee would try (see the notebook itself): read the hidden tests, rewrite a
gradebook, delete the workspace, open a network connection, fork many processes, write a huge
file. They look for the grader's files where a notebook could find them (the working folder and
its parents, other processes' folders, open files and environment, the usual places); they only
ever touch folders whose name holds ``himoya-hostile``, so a failing sandbox damages nothing but
this test's own folder. The last test grades the same attacks without the sandbox, to show that
they are real (the fork bomb and the huge file excepted).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import sqlite3
import threading
from pathlib import Path

import pytest
import yaml

from himoya.grading.autograde import grade, load_state, problems_table
from himoya.grading.sandbox import UID_BASE, sandbox_problem

from .cohort_fixtures import HERE, hand_in, make_workspace, scores

pytestmark = pytest.mark.nbgrader

HOSTILE = HERE / "hostile"
ATTACKS = [
    "read-the-hidden-tests",
    "rewrite-a-gradebook",
    "delete-the-workspace",
    "open-a-network-connection",
    "fork-many-processes",
    "write-a-huge-file",
]
# Attacks on the grade itself, in notebooks whose answers are all wrong (0 of 7 points): edit the
# cells' metadata (a test cell made ordinary, points raised, a test replaced); print what
# nbgrader prints and hand in test cells showing passes; patch the kernel so that failing tests
# are neither shown nor reported, and the tests' helpers say yes to everything. The first two
# score 0. The third passes its own tests: in nbgrader the tests run in the trainee's own kernel,
# after the trainee's code, and no sandbox changes that; it is flagged for the trainer instead.
CHEATS = ["change-the-points", "print-fake-nbgrader-output", "patch-the-tests"]
PATCH = "patch-the-tests"
ORDINARY = {"answers-correct": 7, "answers-wrong": 0, "answers-partly-right": 4}
# What grading may write in a workspace; everything else must stay byte for byte.
GRADING_WRITES = ("gradebook.db", "autograded", ".himoya")
GRADEBOOK_DEFINITIONS = (
    "course",
    "student",
    "assignment",
    "notebook",
    "base_cell",
    "source_cell",
    "grade_cells",
    "solution_cells",
    "task_cells",
)


def trainee(name: str) -> str:
    return name.upper()[:30]


class Listener:
    """A TCP server on this machine's loopback that counts who connects."""

    def __init__(self) -> None:
        self.server = socket.socket()
        for port in range(8700, 8800):
            try:
                self.server.bind(("127.0.0.1", port))
                break
            except OSError:
                continue
        self.port = self.server.getsockname()[1]
        self.server.listen()
        self.server.settimeout(0.2)
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            client.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


def hand_in_attack(workspace, name: str, port: int) -> None:
    text = (HOSTILE / f"{name}.ipynb").read_text(encoding="utf-8")
    text = text.replace("PORT = 8765", f"PORT = {port}")
    copy = workspace.root.parent / f"{name}.ipynb"
    copy.write_text(text, encoding="utf-8")
    hand_in(workspace, trainee(name), copy)


def file_hashes(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] in skip or not path.is_file():
            continue
        out[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def gradebook_definitions(workspace) -> dict[str, list]:
    with sqlite3.connect(workspace.root / "gradebook.db") as db:
        return {
            table: sorted(map(repr, db.execute(f"select * from {table}")))
            for table in GRADEBOOK_DEFINITIONS
        }


WORKERS: list[int] = []
"""Process ids of the children of this process while the ``attacked`` fixture graded: its
grading workers (their sandboxes' users), and any helper process multiprocessing started."""


def sandbox_users() -> list[int]:
    """Processes on this machine running as the user of one of the fixture's sandboxes (each
    worker's sandbox user is ``UID_BASE`` + the worker's process id; other tests running at the
    same time have their own)."""
    users = {UID_BASE + pid for pid in WORKERS}
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            uid = next(
                int(line.split()[1])
                for line in status.read_text().splitlines()
                if line[:4] == "Uid:"
            )
        except (OSError, StopIteration):
            continue
        if uid in users:
            found.append(uid)
    return found


class ChildWatch:
    """Notes the process ids of this process's children while grading runs (its workers)."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _children(self) -> set[int]:
        found = set()
        for task in Path(f"/proc/{os.getpid()}/task").iterdir():
            with contextlib.suppress(OSError):
                found.update(int(pid) for pid in (task / "children").read_text().split())
        return found

    def _watch(self) -> None:
        while not self._stop.wait(0.02):
            self.seen |= self._children()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def attack_output(workspace, name: str) -> str:
    path = workspace.autograded / trainee(name) / "mini" / "mini.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    texts = [output.get("text", "") for cell in cells for output in cell.get("outputs", [])]
    return "\n".join("".join(text) if isinstance(text, list) else text for text in texts)


@pytest.fixture(scope="module")
def attacked(tmp_path_factory, listener):
    """A cohort with every attack and three ordinary trainees, graded with two workers."""
    problem = sandbox_problem()
    if problem:
        pytest.fail(f"the grading sandbox is not usable here: {problem}")
    tmp = tmp_path_factory.mktemp("himoya-hostile")
    home = tmp / "himoya-hostile-trainer-home"
    home.mkdir()
    (home / "secret.txt").write_text("the trainer's own files", encoding="utf-8")
    names = [*ATTACKS, *CHEATS, *ORDINARY]
    workspace = make_workspace(tmp, [trainee(n) for n in names], timeout=30)
    for name in [*ATTACKS, *CHEATS]:
        hand_in_attack(workspace, name, listener.port)
    for name in ORDINARY:
        hand_in(workspace, trainee(name), HERE / "mini" / f"{name}.ipynb")
    before = {
        "workspace": file_hashes(workspace.root, skip=GRADING_WRITES),
        "home": file_hashes(home),
        "gradebook": gradebook_definitions(workspace),
    }
    with ChildWatch() as children:
        summary = grade(directory=workspace.root, workers=2, progress=False)
    WORKERS[:] = sorted(children.seen)
    after = {
        "workspace": file_hashes(workspace.root, skip=GRADING_WRITES),
        "home": file_hashes(home),
        "gradebook": gradebook_definitions(workspace),
    }
    return workspace, summary, before, after


def test_the_attacks_were_graded_in_the_sandbox(attacked):
    _, summary, _, _ = attacked
    assert summary.sandbox == "bubblewrap"
    assert summary.graded + summary.problems == len(ATTACKS) + len(CHEATS) + len(ORDINARY)


def test_reading_the_hidden_tests_finds_nothing(attacked):
    workspace, _, _, _ = attacked
    output = attack_output(workspace, "read-the-hidden-tests")
    assert "notebooks with hidden tests found: 0" in output
    assert "q2 == 14" not in output.split("notebooks with hidden tests found")[1].split("\n")[0]


def test_rewriting_a_gradebook_finds_none(attacked):
    workspace, _, _, _ = attacked
    assert "gradebooks found: 0 grades rewritten: 0" in attack_output(
        workspace, "rewrite-a-gradebook"
    )


def test_deleting_the_workspace_finds_neither_workspace_nor_home(attacked):
    workspace, _, _, _ = attacked
    output = attack_output(workspace, "delete-the-workspace")
    assert "workspaces found: 0 homes found: 0" in output


def test_no_network_connection_gets_out(attacked, listener):
    workspace, _, _, _ = attacked
    output = attack_output(workspace, "open-a-network-connection")
    assert "127.0.0.1: ConnectionRefusedError" in output
    assert "1.1.1.1: OSError" in output
    assert "connected" not in output
    assert listener.connections == 0


def test_forking_many_processes_stops_at_the_limit(attacked):
    workspace, _, _, _ = attacked
    output = attack_output(workspace, "fork-many-processes")
    started = int(output.split("started ")[1].split()[0])
    assert started < 64
    assert "then BlockingIOError" in output


def test_no_process_of_a_sandbox_outlives_grading(attacked):
    assert len(WORKERS) >= 2
    assert sandbox_users() == []


def test_a_huge_file_stops_at_the_file_size_limit(attacked):
    workspace, _, _, _ = attacked
    output = attack_output(workspace, "write-a-huge-file")
    lines = {line.split(": ")[0]: line.split(": ")[1] for line in output.splitlines()[1:4]}
    assert lines["huge.bin"] == "64 MB, then OSError"  # the file size limit (EFBIG)
    written, error = lines["/tmp/huge.bin"].split(" MB, then ")
    assert int(written) <= 64  # the size of the in-memory /tmp (ENOSPC)
    assert error == "OSError"
    python = next(name for name in lines if name.endswith("/huge.bin") and "/tmp" not in name)
    assert lines[python] == "0 MB, then OSError"  # read-only


@pytest.mark.parametrize("name", ATTACKS)
def test_an_attack_costs_at_most_its_own_grade(attacked, name):
    """The attacker's own answers are right and are graded as usual, except that the fork
    bomb's own processes, alive until its kernel ends, leave the next test cell (q1, 2 points)
    no thread to start."""
    workspace, _, _, _ = attacked
    assert scores(workspace)[trainee(name)] == (5 if name == "fork-many-processes" else 7)


@pytest.mark.parametrize("name", [name for name in CHEATS if name != PATCH])
def test_cheating_on_the_tests_scores_what_the_answers_are_worth(attacked, name):
    """nbgrader restores the test cells and their points from the gradebook and clears the
    handed-in outputs; printed text is not a test result."""
    workspace, _, _, _ = attacked
    assert scores(workspace)[trainee(name)] == 0


def test_patching_the_kernel_is_flagged_for_the_trainer(attacked):
    """The one attack that raises its own score (see CHEATS) is listed in problems.csv with the
    names it used; no ordinary trainee's notebook is flagged."""
    workspace, _, _, _ = attacked
    flagged = {row["trainee"]: row["note"] for row in problems_table(workspace) if row["note"]}
    note = flagged.pop(trainee(PATCH))
    assert "changes how the kernel runs or reports the tests" in note
    for name in ("set_custom_exc", "showtraceback", "run_cell_async", "builtins", "__eq__"):
        assert name in note
    assert not any(trainee(name) in flagged for name in ORDINARY)


@pytest.mark.parametrize(("name", "expected"), sorted(ORDINARY.items()))
def test_the_other_trainees_grades_are_unchanged(attacked, name, expected):
    workspace, _, _, _ = attacked
    assert scores(workspace)[trainee(name)] == expected


def test_every_file_outside_the_grading_output_is_unchanged(attacked):
    _, _, before, after = attacked
    assert after["workspace"] == before["workspace"]
    assert len(before["workspace"]) > 20
    assert after["home"] == before["home"] != {}


def test_the_gradebook_holds_only_what_grading_wrote(attacked):
    workspace, _, before, after = attacked
    assert after["gradebook"] == before["gradebook"]
    with sqlite3.connect(workspace.root / "gradebook.db") as db:
        rows = db.execute(
            "select grade.auto_score, grade_cells.max_score from grade "
            "join grade_cells on grade.cell_id = grade_cells.id where grade.auto_score is not null"
        ).fetchall()
    assert rows
    assert all(score <= most for score, most in rows)


# --- the same attacks without the sandbox --------------------------------------------------------


def test_without_the_sandbox_the_same_attacks_succeed(tmp_path_factory, listener, capfd):
    """``sandbox: false``: the attacks reach the hidden tests, the gradebook, the files and a
    server, and grading says once that notebooks ran unprotected."""
    tmp = tmp_path_factory.mktemp("himoya-hostile-unprotected")
    home = tmp / "himoya-hostile-trainer-home"
    home.mkdir()
    (home / "secret.txt").write_text("the trainer's own files", encoding="utf-8")
    attacks = ["read-the-hidden-tests", "open-a-network-connection", "rewrite-a-gradebook"]
    workspace = make_workspace(tmp, ["AAA-BLANK", *(trainee(n) for n in attacks)], timeout=30)
    settings = yaml.safe_load(workspace.settings_file.read_text(encoding="utf-8"))
    settings["sandbox"] = False
    workspace.settings_file.write_text(yaml.safe_dump(settings), encoding="utf-8")
    hand_in(workspace, "AAA-BLANK", HERE / "mini" / "answers-wrong.ipynb")
    for name in attacks:
        hand_in_attack(workspace, name, listener.port)
    connections = listener.connections
    summary = grade(directory=workspace.root, workers=1, progress=False)
    assert summary.sandbox.startswith("off: ")
    assert capfd.readouterr().err.count("graded WITHOUT the sandbox") == 1
    found = attack_output(workspace, "read-the-hidden-tests")
    assert "notebooks with hidden tests found: 0" not in found
    assert "q2 == 14" in found
    assert listener.connections > connections
    # The trainee graded first, with blank answers, now has the rewritten grades (issue 18).
    assert scores(workspace)["AAA-BLANK"] > 7
    assert load_state(workspace)["notebooks"]
