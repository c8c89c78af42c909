"""Hostile notebooks: each attack fails inside its sandbox and changes nothing outside it.

Every fixture in ``hostile/`` is the mini assignment answered right, plus, in an answer cell,
what a hostile trainee would try (see the notebook itself): read the hidden tests, rewrite a
gradebook, delete the workspace, open a network connection, fork many processes, write a huge
file; fill the disk, flood the grader with output or send it one huge message, read another
trainee's work or the trainer's secrets, get out of the limits or signal and trace the grader,
smuggle the hidden tests out through the feedback page, put markup into it. They look for the
grader's files where a notebook could find them (the working folder and its parents, other
processes' folders, open files and environment, the usual places); they only ever touch folders
whose name holds ``himoya-hostile`` (or write files so named in their own sandbox), so a failing
sandbox damages nothing but this test's own folder. Notebooks that are not notebooks (JSON nested
100,000 deep, 100,000 cells, 60 MB, cell names with markup and terminal escapes) are handed in
with them. The feedback and the report of the whole cohort are then written. The last tests
collect links to the hidden tests from a stick and from the hub's exchange, and grade the same
attacks without the sandbox, to show that they are real (the fork bomb and the huge file
excepted).
"""

from __future__ import annotations

import base64
import contextlib
import csv
import hashlib
import io
import json
import os
import pwd
import re
import socket
import sqlite3
import threading
from pathlib import Path

import pytest
import yaml

from himoya.grading.autograde import grade, load_state, problems_table
from himoya.grading.collect import collect
from himoya.grading.feedback import feedback
from himoya.grading.report import report
from himoya.grading.sandbox import UID_BASE, sandbox_problem
from himoya.offline import scan_file

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
    "fill-the-disk",
    "flood-the-output",
    "send-one-huge-message",
    "read-another-trainees-work",
    "read-the-trainers-secrets",
    "escape-the-limits",
    "smuggle-the-hidden-tests-out",
    "inject-markup-into-the-feedback",
]
# Files that are not notebooks a grader can run: each is listed as a problem, with its reason,
# at no cost to anyone else. The last two are made by the test (too large for the repository).
NOT_NOTEBOOKS = {
    "nest-the-json-deeply": "JSON nested too deeply",
    "put-markup-and-escapes-in-a-cell-name": "nbgrader could not grade it",
    "hand-in-a-hundred-thousand-cells": "100,000 cells, more than 2,000",
    "hand-in-a-huge-notebook": "MB, more than 50 MB",
}
SECRETS = {"HIMOYA_HOSTILE_SECRET": "the trainer's own secret", "PGPASSWORD": "trainer-pw"}
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


def hand_in_a_made_up_notebook(workspace, name: str) -> None:
    """The mini notebook with 100,000 more (empty) cells, or with 60 MB more in its metadata."""
    nb = json.loads((HERE / "mini" / "answers-correct.ipynb").read_text(encoding="utf-8"))
    if name == "hand-in-a-hundred-thousand-cells":
        empty = {"cell_type": "code", "metadata": {}, "source": "", "outputs": []}
        nb["cells"] += [{**empty, "id": f"c{n}", "execution_count": None} for n in range(99_987)]
    else:
        nb["metadata"]["himoya-hostile"] = "x" * (60 << 20)
    copy = workspace.root.parent / f"{name}.ipynb"
    copy.write_text(json.dumps(nb), encoding="utf-8")
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


PRINTED: list[str] = []
"""What grading printed for the trainer (a line per problem)."""
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
    names = [*ATTACKS, *CHEATS, *ORDINARY, *NOT_NOTEBOOKS]
    workspace = make_workspace(tmp, [trainee(n) for n in names], timeout=30)
    for name in [*ATTACKS, *CHEATS]:
        hand_in_attack(workspace, name, listener.port)
    for name in ORDINARY:
        hand_in(workspace, trainee(name), HERE / "mini" / f"{name}.ipynb")
    for name in NOT_NOTEBOOKS:
        if (HOSTILE / f"{name}.ipynb").exists():
            hand_in_attack(workspace, name, listener.port)
        else:
            hand_in_a_made_up_notebook(workspace, name)
    before = {
        "workspace": file_hashes(workspace.root, skip=GRADING_WRITES),
        "home": file_hashes(home),
        "gradebook": gradebook_definitions(workspace),
    }
    printed = io.StringIO()
    saved = {key: os.environ.get(key) for key in SECRETS}
    os.environ.update(SECRETS)  # what a trainer's terminal may hold
    try:
        with ChildWatch() as children, contextlib.redirect_stdout(printed):
            summary = grade(directory=workspace.root, workers=2, progress=False)
    finally:
        for key, value in saved.items():
            os.environ.pop(key) if value is None else os.environ.update({key: value})
    WORKERS[:] = sorted(children.seen)
    PRINTED[:] = printed.getvalue().splitlines()
    after = {
        "workspace": file_hashes(workspace.root, skip=GRADING_WRITES),
        "home": file_hashes(home),
        "gradebook": gradebook_definitions(workspace),
    }
    return workspace, summary, before, after


def test_the_attacks_were_graded_in_the_sandbox(attacked):
    _, summary, _, _ = attacked
    assert summary.sandbox == "bubblewrap"
    everyone = len(ATTACKS) + len(CHEATS) + len(ORDINARY) + len(NOT_NOTEBOOKS)
    assert summary.graded + summary.problems == everyone


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
    no thread to start, and that the one huge message may cost its own notebook the messages
    after it (the grader's socket drops the connection it came on)."""
    workspace, _, _, _ = attacked
    problem = load_state(workspace)["notebooks"][f"{trainee(name)}/mini/mini"]["problem"]
    if name == "send-one-huge-message" and problem:
        assert problem == "the notebook did not finish in time"
        return
    assert not problem
    assert scores(workspace)[trainee(name)] == (5 if name == "fork-many-processes" else 7)


# --- filling the disk, flooding the grader ---------------------------------------------------


def test_filling_the_disk_stops_at_the_sandboxs_in_memory_folders(attacked):
    """Its home and /tmp share one in-memory folder of twice the file-size limit (128 MB), and
    /dev/shm has 64 MB; nothing else is writable, its kernel's folder on the disk included."""
    workspace, _, _, _ = attacked
    output = attack_output(workspace, "fill-the-disk")
    written = int(output.split("ATTACK fill-the-disk: ")[1].split(" MB")[0])
    assert 0 < written <= 2 * 64 + 64  # it allows itself 1024


def test_a_flood_of_output_is_cut_before_it_fills_the_grader(attacked):
    """150 MB of output: the grader keeps 16 MB of it (SandboxedExecute.max_output_mb)."""
    workspace, _, _, _ = attacked
    path = workspace.autograded / trainee("flood-the-output") / "mini" / "mini.ipynb"
    assert path.stat().st_size < 20 << 20
    assert "output passed 16 MB" in attack_output(workspace, "flood-the-output")


def test_one_huge_message_never_reaches_the_grader(attacked):
    """A single output of 200 MB is refused by the grader's socket (MAX_MESSAGE_MB) before the
    worker decodes it; none of it reaches the autograded notebook (nbgrader's and Himoya's cuts
    would otherwise keep its first 20,000 characters)."""
    workspace, _, _, _ = attacked
    path = workspace.autograded / trainee("send-one-huge-message") / "mini" / "mini.ipynb"
    assert not path.exists() or "z" * 1000 not in path.read_text(encoding="utf-8")


# --- other trainees, the trainer, the grader --------------------------------------------------


def test_no_other_trainees_notebook_or_kernel_is_reachable(attacked):
    workspace, _, _, _ = attacked
    output = attack_output(workspace, "read-another-trainees-work")
    assert "notebooks found: 0," in output
    assert "reached: 0" in output


def test_the_trainers_environment_is_not_in_the_kernel(attacked):
    workspace, _, _, _ = attacked
    output = attack_output(workspace, "read-the-trainers-secrets")
    assert "found 0 []" in output
    assert not any(secret in output for secret in SECRETS.values())


def test_limits_cannot_be_raised_nor_the_grader_traced_or_stopped(attacked):
    """Every attempt is refused; signals to the kernel's parent (its template, process 1 of
    the sandbox, or bubblewrap) change nothing; the kernel is the first the system stops when
    memory runs out, and cannot change that."""
    workspace, _, _, _ = attacked
    output = attack_output(workspace, "escape-the-limits").split("ATTACK escape-the-limits:")[1]
    lines = [line for line in output.strip().splitlines() if line]
    attempts = [line for line in lines if ": " in line and not line.startswith("oom_score_adj")]
    assert len(attempts) == 9
    assert all(": refused (" in line for line in attempts), attempts
    assert "oom_score_adj: 1000" in lines
    assert "still running" in lines


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


@pytest.mark.parametrize("name", sorted(NOT_NOTEBOOKS))
def test_a_notebook_that_is_not_one_is_a_problem_with_its_reason(attacked, name):
    workspace, _, _, _ = attacked
    entry = load_state(workspace)["notebooks"][f"{trainee(name)}/mini/mini"]
    assert NOT_NOTEBOOKS[name] in entry["problem"]


def test_no_control_character_reaches_the_trainers_terminal_or_files(attacked):
    """A cell name with terminal escapes (and bidirectional controls) is written out wherever
    grading quotes it: the grading state, what grading printed, problems.csv."""
    workspace, _, _, _ = attacked
    state = (workspace.private / "grading-state.json").read_text(encoding="utf-8")
    entry = json.loads(state)["notebooks"][
        f"{trainee('put-markup-and-escapes-in-a-cell-name')}/mini/mini"
    ]
    assert "\\u001b]0;INJECTED\\u0007" in entry["note"]
    control = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")
    assert PRINTED
    for text in [entry["note"], entry["problem"], *PRINTED]:
        assert not control.search(text), text


@pytest.fixture(scope="module")
def written(attacked):
    """The cohort's feedback pages and report (no certificates), written after the attacks."""
    workspace, _, _, _ = attacked
    pages = feedback(directory=workspace.root)
    report(directory=workspace.root, certificates=False, progress=False)
    return workspace, pages


def feedback_page(workspace, name: str) -> str:
    path = workspace.feedback / trainee(name) / "mini" / "mini.html"
    return path.read_text(encoding="utf-8")


def test_every_trainee_gets_feedback_whatever_one_notebook_holds(written):
    """One trainee's markup cannot stop the feedback of the whole cohort (a remote image used to
    fail the offline check for everyone), and no page loads anything from another host."""
    workspace, pages = written
    assert {page.parent.parent.name for page in pages} == set(scores(workspace)) | {
        trainee(name) for name in NOT_NOTEBOOKS
    }
    for page in pages:
        assert scan_file(page) == [], page


def test_markup_in_a_reflection_is_shown_harmless(written):
    """No script, event handler, frame, style, remote image or javascript: link of the
    trainee's survives; the script shows as text; the course's own cells keep their markup."""
    workspace, _ = written
    page = feedback_page(workspace, "inject-markup-into-the-feedback")
    assert "&lt;script&gt;document.title" in page
    assert "<script>document.title" not in page
    for trace in ("onerror", 'href="javascript:', "<iframe", "INJECTED.png", 'style="background'):
        assert trace not in page, trace
    assert "<h2" in page  # "## Question 1" of the course's own (locked) cells


def test_hidden_tests_smuggled_into_errors_never_reach_the_feedback(written):
    """The notebook watched the test cells run and raised errors whose name and message carry
    their source (encoded), and set the prompt numbers: the page shows Python's own error names
    only, no message made at run time and no prompt number."""
    workspace, _ = written
    graded = (workspace.autograded / trainee("smuggle-the-hidden-tests-out") / "mini").joinpath(
        "mini.ipynb"
    )
    cells = json.loads(graded.read_text(encoding="utf-8"))["cells"]
    errors = [o for c in cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    smuggled = [e["evalue"] for e in errors if e["evalue"].startswith("SMUGGLED")]
    assert len(smuggled) == 2  # the attack ran
    secret = base64.b64decode(smuggled[0].split()[1]).decode()
    assert "q1.strip().upper() == 'B'" in secret  # q1's hidden test, as it ran
    page = feedback_page(workspace, "smuggle-the-hidden-tests-out")
    for payload in [smuggled[0].split()[1], smuggled[1], *(e["ename"] for e in errors)]:
        if payload not in ("ValueError", "AssertionError"):
            assert payload[8:48] not in page
    assert "7777778" not in page


def test_the_report_shows_a_cell_name_with_markup_as_text(written):
    workspace, _ = written
    index = (workspace.root / "reports" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x onerror" not in index
    assert "&lt;img src=x onerror=alert(" in index
    assert "\x1b" not in index
    with (workspace.root / "reports" / "problems.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert any("INJECTED" in row["note"] for row in rows)
    assert not any("\x1b" in value for row in rows for value in row.values())


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


# --- links handed in instead of notebooks ------------------------------------------------------


def test_a_returned_link_to_the_hidden_tests_is_not_collected(tmp_path):
    """A stick's RETURN folder holds, under trainees' names, a link to the source notebook on
    the trainer's laptop (its solutions and hidden tests: graded, it would score full marks, and
    its feedback would show them), a linked folder, and a file named with terminal escapes.
    Nothing is followed or placed; the batch keeps the links as links; the lines for the terminal
    write the escapes out."""
    workspace = make_workspace(tmp_path, ["LINK-01", "LINK-02"])
    stick = tmp_path / "himoya-hostile-stick" / "RETURN"
    stick.mkdir(parents=True)
    source = workspace.source / "mini" / "mini.ipynb"
    (stick / "LINK-01_mini.ipynb").symlink_to(source)
    (stick / "LINK-02").symlink_to(source.parent, target_is_directory=True)
    (stick / "LINK-02_\x1b]0;INJECTED\x07.ipynb").write_text("{}", encoding="utf-8")
    mode = source.stat().st_mode
    result = collect(directory=workspace.root, sources=[stick])
    assert result.placed == []
    assert not (workspace.submitted / "LINK-01").exists()
    assert not (workspace.submitted / "LINK-02").exists()
    reasons = {skipped.origin.rsplit("/", 1)[-1]: skipped.reason for skipped in result.skipped}
    assert reasons["LINK-01_mini.ipynb"] == "a link, not a file (not followed)"
    assert reasons["LINK-02"] == "a link, not a file (not followed)"
    assert (result.batch / "00-RETURN" / "LINK-01_mini.ipynb").is_symlink()
    assert source.stat().st_mode == mode  # not made read-only through the link
    assert not any("\x1b" in line or "\x07" in line for line in result.lines())
    assert any("\\u001b]0;INJECTED\\u0007" in line for line in result.lines())


@pytest.mark.skipif(os.geteuid() != 0, reason="collecting from the hub's exchange runs as root")
def test_a_link_in_the_hubs_exchange_is_not_followed(tmp_path):
    """On the hub a trainee can put anything in the exchange's inbox, and collecting runs as
    root: a submission whose notebook and secret are links (to the hidden tests, to a file only
    root may read), and a submission folder that is itself a link to source/. Nothing is
    followed or placed."""
    from himoya.hub.exchange import collect_from_hub
    from himoya.hub.settings import Account, HubSettings, save_settings, write_accounts

    workspace = make_workspace(tmp_path, ["HUB-01"])
    exchange = tmp_path / "himoya-hostile-exchange"
    inbound = exchange / "hostile" / "inbound"
    inbound.mkdir(parents=True)
    save_settings(
        workspace,
        HubSettings(workspace=str(workspace.root), course_id="hostile", exchange=str(exchange)),
    )
    write_accounts(workspace, [Account("HUB-01", "nobody", "trainee")])
    stamp = "2026-11-20 16:00:00.000000 UTC"
    folder = inbound / f"nobody+mini+{stamp}+a1"
    folder.mkdir()
    (folder / "mini.ipynb").symlink_to(workspace.source / "mini" / "mini.ipynb")
    private = tmp_path / "only-root-may-read.txt"
    private.write_text("the trainer's own", encoding="utf-8")
    private.chmod(0o600)
    (folder / "submission_secret.txt").symlink_to(private)
    nobody = pwd.getpwnam("nobody")
    os.chown(folder, nobody.pw_uid, nobody.pw_gid)
    os.lchown(folder / "mini.ipynb", nobody.pw_uid, nobody.pw_gid)
    (inbound / f"nobody+mini+{stamp}+a2").symlink_to(workspace.source / "mini")
    result = collect_from_hub(directory=workspace.root)
    assert result.placed == []
    assert not (workspace.submitted / "HUB-01").exists()
    kept = result.batch / folder.name
    assert (kept / "mini.ipynb").is_symlink()
    assert (kept / "submission_secret.txt").is_symlink()
    assert not (result.batch / f"nobody+mini+{stamp}+a2").exists()


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
