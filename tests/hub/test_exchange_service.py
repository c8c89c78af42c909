"""The cluster's exchange service (ngshare) on loopback, driven by the deploy's nbgrader config.

On Kubernetes the trainees' pods share no disk, so ``deploy/`` sends releases, submissions and
feedback through ngshare, a JupyterHub service. This test runs what that needs on one machine,
without root: a JupyterHub on 127.0.0.1 with ngshare as its managed service, a trainer and two
trainees as hub users with their own API tokens, and nbgrader configured with the
``nbgrader_config.py`` that ``deploy/values.yaml`` mounts in every pod (only the service's address
changed to the loopback one). The programme's admin makes
the cohort with ``ngshare-course-management`` (a trainer may not); the trainer adds a trainee and
releases an assignment; the trainee fetches, answers and submits it, a user of no cohort gets
nothing; the trainer collects, autogrades and releases feedback, which the trainee fetches with
the score in it.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
import requests
import yaml

from himoya.hub.run import find_proxy

pytestmark = pytest.mark.nbgrader

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
COURSE = "bokhtar-test"
CLUSTER_URL = "http://ngshare.himoya.svc:8080/services/ngshare"
NGSHARE_PYTHON = ROOT / ".cache" / "ngshare" / "bin" / "python"
"""ngshare's own environment (SQLAlchemy 1.4), made by the Makefile as its image would be."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def deploy_nbgrader_config() -> str:
    values = yaml.safe_load((ROOT / "deploy" / "values.yaml").read_text(encoding="utf-8"))
    return values["singleuser"]["extraFiles"]["nbgrader-config"]["stringData"]


HUB_CONFIG = """\
c = get_config()
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/cookie_secret"
c.JupyterHub.pid_file = "{state}/jupyterhub.pid"
c.ConfigurableHTTPProxy.pid_file = "{state}/proxy.pid"
c.JupyterHub.authenticator_class = "null"
c.JupyterHub.load_groups = {{"nbgrader-{course}": {{"users": []}}, "formgrade-{course}": {{}}}}
c.JupyterHub.load_roles = [
    {{"name": "setup", "services": ["setup"], "scopes": ["admin:users", "tokens", "groups"]}},
    {{"name": "user", "scopes": ["self", "access:services!service=ngshare"]}},
]
c.JupyterHub.services = [
    {{"name": "setup", "api_token": {admin_token!r}}},
    {{
        "name": "ngshare",
        "url": "http://127.0.0.1:{ngshare_port}",
        "command": [
            {ngshare_python!r}, "-m", "ngshare", "--admins", "admin",
            "--database", "sqlite:///{state}/ngshare.sqlite", "--storage", "{state}/ngshare-files",
        ],
    }},
]
"""


class ExchangeHub:
    def __init__(self, url: str, admin_token: str) -> None:
        self.url = url
        self.admin = {"Authorization": f"token {admin_token}"}

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        response = requests.request(
            method, f"{self.url}/hub/api/{path}", headers=self.admin, timeout=30, **kwargs
        )
        response.raise_for_status()
        return response

    def add_user(self, name: str, group: str | None = None) -> str:
        """A hub user (in ``group``); returns an API token of theirs, as their server holds."""
        self.api("POST", f"users/{name}")
        if group:
            self.api("POST", f"groups/{group}/users", json={"users": [name]})
        return self.api("POST", f"users/{name}/tokens", json={"note": "test"}).json()["token"]


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    assert NGSHARE_PYTHON.is_file(), f"{NGSHARE_PYTHON}: missing; run `make {NGSHARE_PYTHON}`"
    state = tmp_path_factory.mktemp("exchange-hub")
    ports = {k: free_port() for k in ("port", "hub_port", "proxy_api_port", "ngshare_port")}
    admin_token = secrets.token_hex(32)
    (state / "jupyterhub_config.py").write_text(
        HUB_CONFIG.format(
            **ports,
            proxy=find_proxy(),
            state=state,
            course=COURSE,
            admin_token=admin_token,
            ngshare_python=str(NGSHARE_PYTHON),
        ),
        encoding="utf-8",
    )
    log = (state / "jupyterhub.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(state / "jupyterhub_config.py")],
        cwd=state,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{ports['port']}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"jupyterhub exited:\n{(state / 'jupyterhub.log').read_text()[-3000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/services/ngshare/healthz", timeout=5).status_code == 200:
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"no ngshare:\n{(state / 'jupyterhub.log').read_text()[-3000:]}")
            time.sleep(0.5)
        yield ExchangeHub(url, admin_token)
    finally:
        process.terminate()  # JupyterHub stops its managed service and the proxy it started
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
        log.close()


class Person:
    """A hub user working in their own folder with the deploy's nbgrader config."""

    def __init__(self, hub: ExchangeHub, name: str, home: Path, token: str, config: str) -> None:
        self.name = name
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        (home / "nbgrader_config.py").write_text(config, encoding="utf-8")
        self.env = {
            "PATH": f"{BIN}:/usr/bin:/bin",
            "HOME": str(home),
            "USER": name,
            "JUPYTERHUB_USER": name,
            "JUPYTERHUB_API_TOKEN": token,
            "JUPYTERHUB_API_URL": f"{hub.url}/hub/api",
            "LANG": "C.UTF-8",
        }

    def run(self, *command: str, ok: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            list(command), cwd=self.home, env=self.env, capture_output=True, text=True, timeout=300
        )
        output = result.stdout + result.stderr
        if ok:
            assert result.returncode == 0, f"{self.name}: {' '.join(command)}\n{output[-3000:]}"
            assert "[ERROR]" not in output, f"{self.name}: {' '.join(command)}\n{output[-3000:]}"
        return result


def exercise() -> nbformat.NotebookNode:
    """A one-question nbgrader notebook: an answer cell and a hidden-test-free test cell."""

    def meta(grade_id: str, **flags) -> dict:
        base = {"grade": False, "solution": False, "locked": False, "schema_version": 3}
        return {"nbgrader": {**base, **flags, "grade_id": grade_id}}

    answer = textwrap.dedent(
        """\
        def age_of_criminal_responsibility():
            ### BEGIN SOLUTION
            return 14
            ### END SOLUTION
        """
    )
    check = "assert age_of_criminal_responsibility() == 14"
    return nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(answer, metadata=meta("answer", solution=True)),
            nbformat.v4.new_code_cell(
                check, metadata=meta("check", grade=True, locked=True, points=2)
            ),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )


def test_release_fetch_submit_collect_feedback_through_ngshare(hub, tmp_path):
    config = deploy_nbgrader_config()
    assert CLUSTER_URL in config, "the deploy's nbgrader config no longer names ngshare"
    config = config.replace(CLUSTER_URL, f"{hub.url}/services/ngshare")
    config += f"\nc.CourseDirectory.course_id = {COURSE!r}\n"
    trainer = Person(
        hub, "trainer", tmp_path / "trainer", hub.add_user("trainer", f"formgrade-{COURSE}"), config
    )
    trainee = Person(
        hub, "t01", tmp_path / "t01", hub.add_user("t01", f"nbgrader-{COURSE}"), config
    )
    outsider = Person(hub, "t02", tmp_path / "t02", hub.add_user("t02"), config)
    admin = Person(hub, "admin", tmp_path / "admin", hub.add_user("admin"), config)

    # The programme's admin makes the cohort with its trainer; the trainer adds the trainee.
    refused = trainer.run("ngshare-course-management", "create_course", COURSE, ok=False)
    assert "Permission denied" in refused.stdout, refused.stdout + refused.stderr
    admin.run("ngshare-course-management", "create_course", COURSE, "trainer")
    trainer.run("ngshare-course-management", "add_student", COURSE, "t01")

    source = trainer.home / "source" / "ps1"
    source.mkdir(parents=True)
    nbformat.write(exercise(), source / "answer.ipynb")
    trainer.run("nbgrader", "generate_assignment", "ps1")
    trainer.run("nbgrader", "release_assignment", "ps1")

    listed = trainee.run("nbgrader", "list")
    listing = listed.stdout + listed.stderr
    assert re.search(rf"{COURSE}\s+ps1", listing), listing
    trainee.run("nbgrader", "fetch_assignment", "ps1")
    fetched = trainee.home / "ps1" / "answer.ipynb"
    notebook = nbformat.read(fetched, as_version=4)
    assert "BEGIN SOLUTION" not in notebook.cells[0].source
    notebook.cells[0].source = "def age_of_criminal_responsibility():\n    return 14\n"
    nbformat.write(notebook, fetched)
    trainee.run("nbgrader", "submit", "ps1")

    # Someone in no cohort gets nothing from the exchange.
    refused = outsider.run("nbgrader", "fetch_assignment", "ps1", ok=False)
    assert not (outsider.home / "ps1").exists(), refused.stdout + refused.stderr

    trainer.run("nbgrader", "collect", "ps1")
    submitted = trainer.home / "submitted" / "t01" / "ps1" / "answer.ipynb"
    assert "return 14" in nbformat.read(submitted, as_version=4).cells[0].source
    trainer.run("nbgrader", "autograde", "ps1")
    trainer.run("nbgrader", "generate_feedback", "ps1")
    trainer.run("nbgrader", "release_feedback", "ps1")

    trainee.run("nbgrader", "fetch_feedback", "ps1")
    feedback = list((trainee.home / "ps1" / "feedback").glob("*/answer.html"))
    assert len(feedback) == 1, sorted(p.name for p in (trainee.home / "ps1").rglob("*"))
    assert re.search(r"Score:\s*2(\.0)?\s*/\s*2", feedback[0].read_text(encoding="utf-8"))
