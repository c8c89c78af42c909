"""The workshop hub end to end on loopback: a trainer and two trainees, as root, real accounts.

Both trainees log in with their PINs (a wrong PIN is refused), each sees the released
assignment, one fetches it, answers it with the solutions and submits it through nbgrader's
exchange; the trainer collects (``cohort collect --from-hub``), grades (full marks), writes and
returns feedback, and the trainee fetches it. Isolation is checked as the OS sees it: each
trainee's server runs under their own uid, in a memory-limited cgroup, and that uid cannot read
the other trainee's home, the source notebooks or the gradebook; the memory limit is read from
the kernel's own cgroup files of the server's process. The hub serves HTTPS with a self-signed
certificate made by ``openssl`` for the run (and no plain HTTP); a third trainee's login is
locked after repeated wrong PINs, even for the right PIN; the idle culler runs with the
cohort's timeout. In headless Chromium at 360 px, over that HTTPS, a trainee logs in, fetches,
opens the notebook, answers a question and runs it, saves and submits (screenshots in
``_build/screenshots/hub/``).

The same hub carries a second cohort, joined with ``hub init --join`` (nbgrader's multiple
courses): its trainee sees only its own assignment and the first cohort's trainees only theirs;
its trainer collects its submission and reaches neither the first cohort's formgrader nor its
trainees (as JupyterHub answers), and its formgrader's account cannot read the first cohort's
gradebook (as the OS answers).
"""

from __future__ import annotations

import json
import os
import pwd
import warnings
from pathlib import Path

import pytest

from himoya.hub.cgroups import MemoryGroup
from hub.hubtest import (
    ASSIGNMENT,
    JOINED_ASSIGNMENT,
    JOINED_TRAINER,
    can_read,
    can_write,
    formgrader_processes,
    load_json,
    running_hub,
    server_processes,
    solve,
)

pytestmark = [
    pytest.mark.hub,
    pytest.mark.skipif(os.geteuid() != 0, reason="the hub makes OS accounts: run as root"),
]

PORT = int(os.environ.get("HIMOYA_HUB_TEST_PORT", "8800"))
"""The hub's port; the proxy, hub, formgrader and trainees' servers use the next 99."""
TRAINEES = ["E2E-01", "E2E-02"]
LOCKED = "E2E-03"
"""A third trainee, only for the lockout test (their login is locked afterwards)."""
JOINED = "E2E-B1"
"""The trainee of the second cohort on the same hub."""
SCREENS = Path(__file__).resolve().parents[2] / "_build" / "screenshots" / "hub"


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hub")
    with running_hub(tmp, [*TRAINEES, LOCKED], port=PORT, https=True, joined=[JOINED]) as running:
        yield running


@pytest.fixture(scope="module")
def logged_in(hub):
    """Both trainees and the second cohort's trainee logged in (ids typed in upper case), their
    servers started together."""
    import time

    people = [(ident, hub.usernames[ident], hub.pins[ident]) for ident in TRAINEES]
    people.append((JOINED, hub.joined.usernames[JOINED], hub.joined.pins[JOINED]))
    sessions = {}
    began = time.monotonic()
    for ident, username, pin in people:
        session = hub.session()
        response = session.login(ident, pin)
        assert response.status_code == 302, response.text
        session.make_token(username)
        session.request_server(username)
        sessions[ident] = session
    for ident, username, _ in people:
        sessions[ident].wait_for_server(username, began, timeout=300)
    return sessions


@pytest.fixture(scope="module")
def trainees(logged_in):
    """The first cohort's two trainees, logged in with their servers started."""
    return {ident: logged_in[ident] for ident in TRAINEES}


def os_memory_limit(pid: int) -> int | None:
    """The memory limit of a process's cgroup, read from /proc and /sys as the kernel shows it."""
    lines = [line.split(":", 2) for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines()]
    for _, controllers, path in lines:  # cgroup v1 memory controller (hybrid systems too)
        if "memory" in controllers.split(","):
            folder = Path("/sys/fs/cgroup/memory") / path.lstrip("/")
            return int((folder / "memory.limit_in_bytes").read_text())
    for number, controllers, path in lines:  # cgroup v2
        if number == "0" and controllers == "":
            limit = (Path("/sys/fs/cgroup") / path.lstrip("/") / "memory.max").read_text().strip()
            return None if limit == "max" else int(limit)
    return None


def test_a_wrong_pin_is_refused(hub):
    session = hub.session()
    wrong = "000000" if hub.pins["E2E-01"] != "000000" else "111111"
    response = session.login("E2E-01", wrong)
    assert response.status_code == 403
    assert "Invalid username or password" in response.text
    assert session.http.get(f"{hub.url}/hub/api/user", timeout=30).status_code == 403


def test_repeated_wrong_pins_lock_the_login_even_for_the_right_pin(hub):
    session = hub.session()
    right = hub.pins[LOCKED]
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(hub.settings.max_failures):
        assert session.login(LOCKED, wrong).status_code == 403
    locked = session.login(LOCKED, right)
    assert locked.status_code == 429, locked.text
    assert "Too many wrong PINs" in locked.text
    assert session.http.get(f"{hub.url}/hub/api/user", timeout=30).status_code == 403


def test_the_hub_serves_https_with_the_given_certificate_and_no_plain_http(hub):
    import socket
    import ssl

    import requests

    given = ssl.PEM_cert_to_DER_cert(hub.certificate.read_text(encoding="ascii"))
    context = ssl.create_default_context(cafile=str(hub.certificate))
    with (
        socket.create_connection(("127.0.0.1", PORT), timeout=30) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        assert tls.getpeercert(binary_form=True) == given
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"{hub.url}/hub/login", timeout=30)  # not trusted without the certificate
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"http://127.0.0.1:{PORT}/hub/login", timeout=30)


def test_the_idle_culler_runs_with_the_cohorts_timeout(hub):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
            except OSError:
                continue
            if "jupyterhub_idle_culler" in command:
                found.append(command)
    assert len(found) == 1, found
    assert f"--timeout={hub.settings.cull_minutes * 60}" in found[0]


def test_each_trainee_sees_the_released_assignment(hub, trainees):
    for ident, session in trainees.items():
        username = hub.usernames[ident]
        listing = load_json(
            session.user_api(
                username, "GET", "assignments", params={"course_id": hub.settings.course_id}
            )
        )
        assert listing["success"], listing
        names = {(a["assignment_id"], a["status"]) for a in listing["value"]}
        assert (ASSIGNMENT, "released") in names


def test_a_trainee_cannot_reach_another_trainees_server(hub, trainees):
    other = hub.usernames["E2E-02"]
    response = trainees["E2E-01"].user_api(other, "GET", "api/contents")
    assert response.status_code in (403, 404)


def test_each_server_runs_as_its_own_user_who_cannot_read_others_or_the_workspace(hub, trainees):
    workspace = hub.workspace
    source = next((workspace.source / ASSIGNMENT).glob("*.ipynb"))
    gradebook = workspace.root / "gradebook.db"
    assert source.is_file()
    assert gradebook.is_file()
    for ident in TRAINEES:
        username = hub.usernames[ident]
        other = hub.usernames[next(t for t in TRAINEES if t != ident)]
        account = pwd.getpwnam(username)
        processes = server_processes(username)
        assert processes, f"no server process for {username}"
        assert {uid for _, uid in processes} == {account.pw_uid}
        group = MemoryGroup.existing(username)
        assert group is not None
        assert group.limit_bytes() == hub.settings.memory_mb * 1024 * 1024
        assert {pid for pid, _ in processes} <= set(group.pids())
        for pid, _ in processes:
            assert os_memory_limit(pid) == hub.settings.memory_mb * 1024 * 1024
        assert Path(account.pw_dir).stat().st_mode & 0o777 == 0o700
        assert can_read(username, Path(account.pw_dir))  # the check itself works
        assert not can_read(username, Path(pwd.getpwnam(other).pw_dir))
        assert not can_read(username, source)
        assert not can_read(username, gradebook)
        assert not can_read(username, workspace.root / "hub" / "pins.csv")
        assert not can_read(username, workspace.root)


def test_submit_collect_grade_and_feedback_through_the_exchange(hub, trainees):
    from himoya.grading.autograde import grade
    from himoya.grading.feedback import feedback
    from himoya.grading.workspace import gradebook
    from himoya.hub.exchange import collect_from_hub, return_feedback

    ident = "E2E-01"
    session, username = trainees[ident], hub.usernames[ident]
    course = hub.settings.course_id
    form = {"course_id": course, "assignment_id": ASSIGNMENT}
    assert load_json(session.user_api(username, "POST", "assignments/fetch", data=form))["success"]
    notebooks = hub.workspace.notebooks(ASSIGNMENT)
    for name in notebooks:
        path = f"api/contents/{course}/{ASSIGNMENT}/{name}.ipynb"
        model = load_json(session.user_api(username, "GET", path))
        source = json.loads((hub.workspace.source / ASSIGNMENT / f"{name}.ipynb").read_text())
        answered = solve(model["content"], source)
        saved = session.user_api(
            username, "PUT", path, json={"type": "notebook", "format": "json", "content": answered}
        )
        assert saved.status_code == 200, saved.text
    submitted = load_json(session.user_api(username, "POST", "assignments/submit", data=form))
    assert submitted["success"], submitted

    result = collect_from_hub(directory=hub.workspace.root)
    assert {(p.trainee, p.notebook) for p in result.placed} == {(ident, n) for n in notebooks}
    assert not result.skipped
    again = collect_from_hub(directory=hub.workspace.root)
    assert not again.placed
    assert len(again.unchanged) == len(notebooks)

    summary = grade(directory=hub.workspace.root, workers=1, progress=False)
    assert summary.graded == len(notebooks)
    assert summary.problems == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with gradebook(hub.workspace) as gb:
            for name in notebooks:
                graded = gb.find_submission_notebook(name, ASSIGNMENT, ident)
                assert graded.max_code_score > 0
                assert graded.code_score == graded.max_code_score

    feedback(directory=hub.workspace.root)
    lines = return_feedback(directory=hub.workspace.root)
    assert f"returned: {ident} {ASSIGNMENT} ({len(notebooks)} page(s))" in lines

    fetched = load_json(session.user_api(username, "POST", "assignments/fetch_feedback", data=form))
    assert fetched["success"], fetched
    listing = load_json(
        session.user_api(username, "GET", "assignments", params={"course_id": course})
    )
    mine = [a for a in listing["value"] if a["status"] == "submitted"]
    assert mine, listing
    assert mine[0]["submissions"][0]["has_local_feedback"], mine
    home = Path(pwd.getpwnam(username).pw_dir)
    pages = list((home / course / ASSIGNMENT / "feedback").rglob("*.html"))
    assert {p.stem for p in pages} == set(notebooks)
    assert "BEGIN HIDDEN TESTS" not in pages[0].read_text(encoding="utf-8")


def test_the_trainer_reaches_the_formgrader_and_a_trainee_does_not(hub, trainees):
    formgrader = f"{hub.url}/services/{hub.settings.course_id}/formgrader/"
    trainer = hub.session()
    response = trainer.login("trainer", hub.passwords["trainer"])
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/services/{hub.settings.course_id}/formgrader/")
    page = trainer.http.get(formgrader, timeout=120)
    assert page.status_code == 200
    assert "Manage Assignments" in page.text
    denied = trainees["E2E-02"].http.get(formgrader, timeout=60)
    assert denied.status_code == 403
    assert "Manage Assignments" not in denied.text


def test_each_trainee_sees_only_their_own_cohorts_assignments(hub, logged_in):
    joined = hub.joined
    first, second = hub.settings.course_id, joined.settings.course_id
    own = {
        JOINED: (joined.usernames[JOINED], second, JOINED_ASSIGNMENT, first, ASSIGNMENT),
        "E2E-02": (hub.usernames["E2E-02"], first, ASSIGNMENT, second, JOINED_ASSIGNMENT),
    }

    def listing(session, username, course_id):
        found = load_json(
            session.user_api(username, "GET", "assignments", params={"course_id": course_id})
        )
        assert found["success"], found
        return {(a["course_id"], a["assignment_id"]) for a in found["value"]}

    for ident, (username, course, assignment, other, others) in own.items():
        session = logged_in[ident]
        # The Assignments tab lists the trainee's courses (from their JupyterHub groups), then
        # each course's assignments.
        courses = load_json(session.user_api(username, "GET", "courses"))
        assert courses == {"success": True, "value": [course]}
        assert listing(session, username, course) == {(course, assignment)}
        assert listing(session, username, other) == set()
        # nbgrader refuses to fetch from a course outside the trainee's groups (in the server's
        # log: "You do not have access to this course") and answers with that course's list.
        form = {"course_id": other, "assignment_id": others}
        after = load_json(session.user_api(username, "POST", "assignments/fetch", data=form))
        assert after == {"success": True, "value": []}
        assert not (Path(pwd.getpwnam(username).pw_dir) / other).exists()


def test_the_joined_cohorts_trainer_collects_its_own_and_reaches_nothing_of_the_first(
    hub, logged_in
):
    from himoya.hub.exchange import collect_from_hub
    from himoya.hub.settings import username_for

    joined = hub.joined
    first, second = hub.settings.course_id, joined.settings.course_id
    username = joined.usernames[JOINED]
    session = logged_in[JOINED]
    form = {"course_id": second, "assignment_id": JOINED_ASSIGNMENT}
    assert load_json(session.user_api(username, "POST", "assignments/fetch", data=form))["success"]
    assert (Path(pwd.getpwnam(username).pw_dir) / second / JOINED_ASSIGNMENT).is_dir()
    assert load_json(session.user_api(username, "POST", "assignments/submit", data=form))["success"]
    result = collect_from_hub(directory=joined.workspace.root)
    assert {(p.trainee, p.assignment) for p in result.placed} == {(JOINED, JOINED_ASSIGNMENT)}
    assert not result.skipped
    first_inbound = Path(hub.settings.exchange) / first / "inbound"
    assert not list(first_inbound.glob(f"{username}+*"))

    # As JupyterHub answers: the joined cohort's trainer lands on, and reaches, only their own
    # cohort's formgrader and trainees; the first cohort's trainer not the joined one's.
    trainer = hub.session()
    response = trainer.login(JOINED_TRAINER, joined.passwords[JOINED_TRAINER])
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/services/{second}/formgrader/")
    trainer.make_token(username_for(JOINED_TRAINER, joined.settings.prefix))
    own = trainer.http.get(f"{hub.url}/services/{second}/formgrader/api/assignments", timeout=120)
    assert own.status_code == 200, own.text
    assert {a["name"] for a in own.json()} == {JOINED_ASSIGNMENT}
    for path in ("formgrader/", "formgrader/api/assignments", "api/contents"):
        denied = trainer.http.get(f"{hub.url}/services/{first}/{path}", timeout=60)
        assert denied.status_code == 403, (path, denied.status_code)
    users = f"{hub.url}/hub/api/users"
    seen = trainer.http.get(f"{users}/{username}", headers=trainer.headers(), timeout=30)
    assert seen.status_code == 200
    for ident in TRAINEES:
        other = trainer.http.get(
            f"{users}/{hub.usernames[ident]}", headers=trainer.headers(), timeout=30
        )
        assert other.status_code == 404
    first_trainer = hub.session()
    assert first_trainer.login("trainer", hub.passwords["trainer"]).status_code == 302
    denied = first_trainer.http.get(f"{hub.url}/services/{second}/formgrader/", timeout=60)
    assert denied.status_code == 403

    # As the OS answers: the joined cohort's formgrader (which runs its trainers' code) runs as
    # its own grader account, which reads and writes its gradebook and nothing of the first
    # cohort, and cannot change the hub's files or the configuration root runs.
    grader = joined.settings.grader
    assert grader, "the joined workspace is root's: its formgrader needs an account of its own"
    processes = formgrader_processes(joined.workspace.root)
    assert processes
    assert {uid for _, uid in processes} == {pwd.getpwnam(grader).pw_uid}
    root = joined.workspace.root
    assert can_read(grader, root / "gradebook.db")
    assert can_write(grader, root / "gradebook.db")
    assert not can_write(grader, root / "nbgrader_config.py")
    assert not can_read(grader, root / "hub" / "pins.csv")
    assert not can_read(grader, hub.workspace.root / "gradebook.db")
    assert not can_read(grader, hub.workspace.root)
    assert not can_read(username, root)
    assert not can_read(username, root / "gradebook.db")


@pytest.mark.browser
def test_a_trainee_on_a_360_px_phone_logs_in_answers_and_submits(hub, browser):
    """Log in with the PIN, fetch, open the notebook, answer a question and run it, save, submit.

    Screenshots of each step in _build/screenshots/hub/. A kernel can take minutes to start on a
    busy two-core laptop: the test waits for the server to report the kernel idle, not a fixed time.
    """
    import time
    from urllib.parse import urlparse

    SCREENS.mkdir(parents=True, exist_ok=True)
    ident = "E2E-02"
    username = hub.usernames[ident]
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, ignore_https_errors=True
    )
    context.set_default_timeout(120_000)
    page = context.new_page()
    hosts = set()
    context.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    widths = {}

    def shot(tab, name: str) -> None:
        tab.screenshot(path=str(SCREENS / f"{name}-360.png"))
        widths[name] = tab.evaluate("document.documentElement.scrollWidth")

    page.goto(f"{hub.url}/hub/login")
    shot(page, "01-login")
    page.fill("#username_input", ident.lower())
    page.fill("#password_input", hub.pins[ident])
    page.click("#login_submit")
    page.wait_for_url("**/tree**", timeout=240_000)
    page.get_by_text("Nbgrader", exact=True).first.wait_for()
    shot(page, "02-files")
    page.get_by_text("Nbgrader", exact=True).first.click()
    page.get_by_text("Assignment List", exact=True).first.click()
    page.locator("#released_assignments_list").get_by_text(ASSIGNMENT).first.wait_for()
    shot(page, "03-assignments")
    page.get_by_role("button", name="Fetch").first.click()
    fetched = page.locator("#fetched_assignments_list")
    fetched.locator("a.assignment-notebooks-link").first.click()  # shows its notebooks
    shot(page, "04-fetched")
    with context.expect_page() as opened:  # Notebook 7 opens a document in its own tab
        fetched.locator(".nested_list_item a", has_text=ASSIGNMENT).first.click()
    notebook = opened.value

    kernels = f"{hub.url}/user/{username}/api/kernels"
    deadline = time.monotonic() + 600
    while not any(k["execution_state"] == "idle" for k in context.request.get(kernels).json()):
        assert time.monotonic() < deadline, "the notebook's kernel was not idle after 600 s"
        time.sleep(2)
    answer = notebook.locator(".jp-CodeCell", has_text="Your answer to question 2")
    answer.locator(".cm-content").click()
    notebook.keyboard.press("Control+a")
    notebook.keyboard.type("# Sitora was 13.\nq2 = 13")
    notebook.keyboard.press("Shift+Enter")  # runs the answer and moves to the form check
    notebook.keyboard.press("Shift+Enter")  # runs the form check
    check = notebook.locator(".jp-CodeCell", has_text="The form of q2 is right.")
    check.locator(".jp-OutputArea-output", has_text="The form of q2 is right.").wait_for(
        timeout=300_000
    )
    notebook.keyboard.press("Control+s")
    contents = f"{hub.url}/user/{username}/api/contents/{hub.settings.course_id}/{ASSIGNMENT}"
    saved = ""
    while "q2 = 13" not in saved:
        assert time.monotonic() < deadline + 120, "the answer was not saved"
        time.sleep(1)
        saved = context.request.get(f"{contents}/{ASSIGNMENT}.ipynb").text()
    shot(notebook, "05-answered")
    notebook.close()

    page.get_by_role("button", name="Submit").first.click()
    page.get_by_text("submitting...").first.wait_for(state="hidden", timeout=180_000)
    page.locator("#submitted_assignments_list").get_by_text(ASSIGNMENT).first.wait_for()
    shot(page, "06-submitted")
    context.close()
    inbound = Path(hub.settings.exchange) / hub.settings.course_id / "inbound"
    handed_in = list(inbound.glob(f"{username}+{ASSIGNMENT}+*/{ASSIGNMENT}.ipynb"))
    assert len(handed_in) == 1, handed_in
    assert "q2 = 13" in handed_in[0].read_text(encoding="utf-8")
    assert all(width <= 360 for width in widths.values()), f"wider than 360 px: {widths}"
    assert hosts == {"127.0.0.1"}, f"assets from other hosts: {hosts - {'127.0.0.1'}}"
