"""JupyterHub's configuration for several cohorts on one hub (nbgrader's multiple courses)."""

import json

from traitlets.config import Config

from himoya.hub.hubconfig import configure


def cohort(course, trainees, trainers, workspace, owner="root"):
    return {
        "course_id": course, "workspace": workspace, "owner": owner, "env": "/opt/himoya/hub-env",
        "exchange": "/srv/himoya/exchange", "memory_mb": 1024, "cull_minutes": 60,
        "max_failures": 5, "lockout_minutes": 5, "logins": f"{workspace}/hub/logins.json",
        "trainees": trainees, "trainers": trainers,
    }  # fmt: skip


def test_each_cohort_has_its_groups_its_formgrader_and_only_its_trainers_reach_it(tmp_path):
    runtime = {
        "cohorts": [
            cohort("bokhtar-2026-11", ["bkh-01", "bkh-02"], ["trainer"], "/data/bokhtar"),
            cohort("kulob-2026-11", ["kul-01"], ["dilnoza"], "/data/kulob", owner="aziz"),
            {
                **cohort("khujand-2026-12", ["khj-01"], ["zarina"], "/srv/khujand"),
                "grader": "grader-khujand-2026-12",
                "formgrader_user": "grader-khujand-2026-12",
                "formgrader_python": "/opt/himoya/hub-env/bin/python",
            },
        ],
        "ip": "0.0.0.0", "port": 8000, "proxy": "/usr/bin/configurable-http-proxy",
        "proxy_token": "x" * 64, "state_dir": str(tmp_path), "ssl_cert": "", "ssl_key": "",
    }  # fmt: skip
    path = tmp_path / "runtime.json"
    path.write_text(json.dumps(runtime))
    c = Config()
    configure(c, path)
    groups = c.JupyterHub.load_groups
    assert groups["nbgrader-bokhtar-2026-11"] == ["bkh-01", "bkh-02"]
    assert groups["formgrade-kulob-2026-11"] == ["dilnoza"]
    services = {s["name"]: s for s in c.JupyterHub.services}
    assert services["bokhtar-2026-11"]["cwd"] == "/data/bokhtar"
    assert "--allow-root" in services["bokhtar-2026-11"]["command"]
    assert services["kulob-2026-11"]["user"] == "aziz"  # the formgrader runs as the owner
    # ... or, on a shared hub, as the cohort's grader account, from the trainees' environment
    # (which that account can run) with the formgrader extension switched on.
    khujand = services["khujand-2026-12"]
    assert khujand["user"] == "grader-khujand-2026-12"
    assert khujand["command"][0] == "/opt/himoya/hub-env/bin/python"
    assert "--allow-root" not in khujand["command"]
    assert (
        "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=True"
        in (khujand["command"])
    )
    assert khujand["environment"]["PATH"].startswith("/opt/himoya/hub-env/bin:")
    assert services["bokhtar-2026-11"]["url"] != services["kulob-2026-11"]["url"]
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert roles["trainer-kulob-2026-11"]["groups"] == ["formgrade-kulob-2026-11"]
    assert "access:services!service=kulob-2026-11" in roles["trainer-kulob-2026-11"]["scopes"]
    assert not any("bokhtar" in scope for scope in roles["trainer-kulob-2026-11"]["scopes"])
    assert "delete:servers" in roles["idle-culler"]["scopes"]
    assert "read:users:groups!user" in roles["server"]["scopes"]
    assert c.TraineeSpawner.first_port == 8020
    assert c.TraineeSpawner.last_port == 8099
    assert c.PinAuthenticator.logins_files == ["/data/bokhtar/hub/logins.json",
                                               "/data/kulob/hub/logins.json",
                                               "/srv/khujand/hub/logins.json"]  # fmt: skip
