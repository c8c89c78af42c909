"""A second cohort joining an existing hub (`hub init DIR --join HOST`), without root.

The workspaces are real (``himoya cohort init``); the hub's files that ``hub init`` would write
as root (settings and accounts) are written with the same functions, then the checks that
``hub init --join`` makes before creating any account (logins, the joined cohort's grader
account), the settings a second ``hub init`` keeps, and the cohorts ``hub start HOST`` serves,
are tested. The live hub with two cohorts is in ``test_hub_e2e.py``.
"""

import shutil
import tempfile
from pathlib import Path

import pytest

from himoya.grading.cohort import init_cohort
from himoya.hub.run import (
    check_join,
    check_logins,
    cohorts_to_serve,
    course_id_for,
    grader_needed,
    new_settings,
)
from himoya.hub.settings import (
    Account,
    HubError,
    HubSettings,
    load_settings,
    save_settings,
    username_for,
    write_accounts,
)
from hub.hubtest import fake_course


def cohort(tmp_path, name, ids, folder=None):
    roster = tmp_path / f"{name}.csv"
    lines = ["id,first_name,last_name,role,organisation,district"]
    lines += [f"{i},Фируза,Назарова-{i},police,Test office,Kulob" for i in ids]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    course = tmp_path / "course"
    if not course.is_dir():
        fake_course(tmp_path)
    return init_cohort(directory=(folder or tmp_path) / name, roster=roster, course=course)


@pytest.fixture
def open_folder():
    """A folder every account may enter (pytest's own tmp is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="himoya-test-join-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def accounts(ids, trainers, prefix=""):
    return [Account(i, username_for(i, prefix), "trainee") for i in ids] + [
        Account(t, username_for(t, prefix), "trainer") for t in trainers
    ]


def set_up_hub(workspace, wanted, **extra):
    settings = HubSettings(
        workspace=str(workspace.root), course_id=course_id_for(workspace), **extra
    )
    save_settings(workspace, settings)
    write_accounts(workspace, wanted)
    return settings


@pytest.fixture
def host(tmp_path):
    workspace = cohort(tmp_path, "bokhtar-2027-03", ["BKH-01", "BKH-02"])
    set_up_hub(workspace, accounts(["BKH-01", "BKH-02"], ["trainer"]), exchange="/srv/x/exchange")
    return workspace


def test_a_clash_of_logins_is_refused_before_any_account_is_made(tmp_path, host):
    guest = cohort(tmp_path, "kulob-2027-04", ["KUL-01", "BKH-02"])
    course = course_id_for(guest)
    with pytest.raises(
        HubError,
        match=r"trainee 'BKH-02': 'bkh-02' already logs in the trainee 'BKH-02' of .*"
        r"bokhtar-2027-03.*roster",
    ):
        check_join(host, guest, course, accounts(["KUL-01", "BKH-02"], ["aziz"]))
    with pytest.raises(HubError, match=r"trainer 'trainer'.*--trainers"):
        check_join(host, guest, course, accounts(["KUL-01"], ["trainer"]))
    # A prefix changes the login, not the id people type on the log-in page: still refused.
    with pytest.raises(HubError, match=r"trainee 'BKH-02'"):
        check_join(host, guest, course, accounts(["KUL-01", "BKH-02"], ["dilnoza"], prefix="k-"))
    with pytest.raises(HubError, match=r"trainer 'Trainer'"):
        check_join(host, guest, course, accounts(["KUL-01"], ["Trainer"], prefix="k-"))
    # Nor may an id be typed as another cohort's login.
    with pytest.raises(HubError, match=r"'t-bkh-01' already logs in the trainee 'BKH-01'"):
        check_logins(accounts(["T-BKH-01"], []), accounts(["BKH-01"], [], prefix="t-"), tmp_path)
    # Other ids and trainer names may join.
    check_join(host, guest, course, accounts(["KUL-01", "KUL-02"], ["dilnoza"], prefix="k-"))
    with pytest.raises(HubError, match="own workspace"):
        check_join(host, host, course_id_for(host), [])


def test_joined_cohorts_are_served_by_the_host_with_one_exchange_and_their_own_groups(
    tmp_path, host, open_folder
):
    guest = cohort(tmp_path, "kulob-2027-04", ["KUL-01"], folder=open_folder)
    wanted = accounts(["KUL-01"], ["aziz"])
    check_join(host, guest, course_id_for(guest), wanted)
    set_up_hub(guest, wanted, exchange="/srv/x/exchange")
    hosting = load_settings(host)
    hosting.extra["joined"] = [str(guest.root)]
    save_settings(host, hosting)

    served = cohorts_to_serve([host.root])
    assert [w.root for w in served] == [host.root, guest.root]
    assert [w.root for w in cohorts_to_serve([host.root, guest.root])] == [host.root, guest.root]

    # Both workspaces belong to one account: the joined cohort's formgrader (which runs its
    # trainers' code) gets an account of its own, which must be able to reach the workspace.
    assert grader_needed(host, guest, load_settings(guest)) == "grader-kulob-2027-04"
    with pytest.raises(HubError, match=r"own account grader-bokhtar-2027-03, which cannot enter"):
        grader_needed(guest, host, load_settings(host))  # pytest's tmp is private

    # A second `hub init` of the host keeps the cohorts that joined it.
    again = new_settings(
        host, load_settings(host), prefix="", exchange=None, env=None, memory_mb=512,
        cull_minutes=30, address="http://10.0.0.2:8000/",
    )  # fmt: skip
    assert again.extra["joined"] == [str(guest.root)]
    assert (again.exchange, again.memory_mb) == ("/srv/x/exchange", 512)

    # A third cohort may not take a course id or a login of a joined one either.
    third = cohort(tmp_path, "third", ["KUL-01"])
    with pytest.raises(HubError, match=r"'kul-01'.*kulob-2027-04"):
        check_join(host, third, "third", accounts(["KUL-01"], ["zarina"]))
    with pytest.raises(HubError, match="course id kulob-2027-04 is already used"):
        check_join(host, third, "kulob-2027-04", accounts(["KUL-09"], ["zarina"]))
