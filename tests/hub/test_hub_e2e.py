"""The workshop hub end to end on loopback: a trainer and two trainees, as root, real accounts.

Both trainees log in with their PINs (a wrong PIN is refused), each sees the released
assignment, one fetches it, answers it with the solutions and submits it through nbgrader's
exchange; the trainer collects (``cohort collect --from-hub``), grades (full marks), writes and
returns feedback, and the trainee fetches it. Isolation is checked as the OS sees it: each
trainee's server runs under their own uid, in a memory-limited cgroup, and that uid cannot read
the other trainee's home, the source notebooks or the gradebook.
"""

from __future__ import annotations

import json
import os
import pwd
import warnings
from pathlib import Path

import pytest

from himoya.hub.cgroups import MemoryGroup
from hub.hubtest import ASSIGNMENT, can_read, load_json, running_hub, server_processes, solve

pytestmark = [
    pytest.mark.hub,
    pytest.mark.skipif(os.geteuid() != 0, reason="the hub makes OS accounts: run as root"),
]

PORT = 8800
TRAINEES = ["E2E-01", "E2E-02"]
SCREENS = Path(__file__).resolve().parents[2] / "_build" / "screenshots" / "hub"


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with running_hub(tmp_path_factory.mktemp("hub"), TRAINEES, port=PORT) as running:
        yield running


@pytest.fixture(scope="module")
def trainees(hub):
    """Both trainees logged in (ids typed in upper case) with their servers started."""
    sessions = {}
    for ident in TRAINEES:
        session = hub.session()
        response = session.login(ident, hub.pins[ident])
        assert response.status_code == 302, response.text
        username = hub.usernames[ident]
        session.make_token(username)
        session.start_server(username)
        sessions[ident] = session
    return sessions


def test_a_wrong_pin_is_refused(hub):
    session = hub.session()
    wrong = "000000" if hub.pins["E2E-01"] != "000000" else "111111"
    response = session.login("E2E-01", wrong)
    assert response.status_code == 403
    assert "Invalid username or password" in response.text
    assert session.http.get(f"{hub.url}/hub/api/user", timeout=30).status_code == 403


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


@pytest.mark.browser
def test_a_trainee_on_a_360_px_phone_logs_in_fetches_and_submits(hub, browser):
    """Screenshots (log-in, files, assignments, notebook, submitted) in _build/screenshots/hub/."""
    from urllib.parse import urlparse

    SCREENS.mkdir(parents=True, exist_ok=True)
    ident = "E2E-02"
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))

    widths = {}

    def shot(name: str) -> None:
        page.screenshot(path=str(SCREENS / f"{name}-360.png"))
        widths[name] = page.evaluate("document.documentElement.scrollWidth")

    page.goto(f"{hub.url}/hub/login")
    shot("01-login")
    page.fill("#username_input", ident.lower())
    page.fill("#password_input", hub.pins[ident])
    page.click("#login_submit")
    page.wait_for_url("**/tree**", timeout=180_000)
    page.get_by_text("Nbgrader", exact=True).first.wait_for(timeout=120_000)
    shot("02-files")
    page.get_by_text("Nbgrader", exact=True).first.click()
    page.get_by_text("Assignment List", exact=True).first.click()
    released = page.locator(".nbgrader-assignment-list, #released_assignments_list")
    released.get_by_text(ASSIGNMENT).first.wait_for(timeout=60_000)
    shot("03-assignments")
    page.get_by_role("button", name="Fetch").first.click()
    page.get_by_role("button", name="Submit").first.wait_for(timeout=60_000)
    shot("04-fetched")
    page.get_by_role("button", name="Submit").first.click()
    page.get_by_text("submitting...").first.wait_for(state="hidden", timeout=120_000)
    page.get_by_text("There are no submitted assignments.").wait_for(state="hidden")
    shot("05-submitted")
    context.close()
    assert all(width <= 360 for width in widths.values()), f"wider than 360 px: {widths}"
    assert hosts == {"127.0.0.1"}, f"assets from other hosts: {hosts - {'127.0.0.1'}}"
