"""A real workshop hub for tests and the capacity benchmark: made, started and removed as root.

``running_hub`` makes a cohort workspace for the course's ``03-juvenile-justice`` exercise with
the given trainees, runs ``himoya hub init`` with a unique account prefix (so nothing clashes with
the machine's accounts or another run), starts ``himoya hub start`` on loopback and, when done,
stops it with Ctrl+C (SIGINT) and runs ``himoya hub remove``, which deletes the accounts and homes.
With ``joined`` trainees, a second cohort (the ``01-foundations`` exercise, its own trainer) joins
the same hub first with ``himoya hub init --join``, as a trainer would set up several cohorts.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import requests

from himoya.grading.cohort import init_cohort
from himoya.grading.workspace import Workspace
from himoya.hub.settings import HubSettings, read_secrets
from himoya.paths import course_root

ASSIGNMENT = "03-juvenile-justice"
JOINED_ASSIGNMENT = "01-foundations"
"""The exercise of the cohort that joins the hub (``running_hub(joined=...)``)."""
JOINED_TRAINER = "trainer-b"


def fake_course(tmp: Path, assignment: str = ASSIGNMENT) -> Path:
    """A course folder holding one real exercise and the real nbgrader config."""
    root = course_root()
    course = tmp / "course"
    (course / "grading").mkdir(parents=True)
    shutil.copytree(root / "exercises" / assignment, course / "exercises" / assignment)
    shutil.copy2(root / "grading" / "nbgrader_config.py", course / "grading")
    return course


@dataclass
class Cohort:
    """A cohort that joined the running hub with ``hub init --join``."""

    workspace: Workspace
    settings: HubSettings
    pins: dict[str, str]
    """roster id -> PIN"""
    passwords: dict[str, str]
    """trainer name -> password"""
    usernames: dict[str, str]
    """roster id -> hub user name"""


@dataclass
class Hub:
    """A running hub."""

    url: str
    workspace: Workspace
    settings: HubSettings
    pins: dict[str, str]
    """roster id -> PIN"""
    passwords: dict[str, str]
    """trainer name -> password"""
    process: subprocess.Popen
    log: Path
    usernames: dict[str, str] = field(default_factory=dict)
    """roster id -> hub user name"""
    certificate: Path | None = None
    """The self-signed certificate the hub serves HTTPS with (None: plain HTTP)."""
    joined: Cohort | None = None
    """The second cohort on the same hub, if ``running_hub`` was given ``joined`` trainees."""

    def session(self) -> HubSession:
        return HubSession(self.url, self.certificate)


class HubSession:
    """One browser-like client: cookies, the XSRF token, then an API token."""

    def __init__(self, url: str, certificate: Path | None = None) -> None:
        self.url = url
        self.http = requests.Session()
        if certificate is not None:
            # requests prefers REQUESTS_CA_BUNDLE from the environment over Session.verify.
            self.http.trust_env = False
            self.http.verify = str(certificate)
        self.token = ""

    def login(self, name: str, secret: str) -> requests.Response:
        self.http.get(f"{self.url}/hub/login", timeout=30)
        return self.http.post(
            f"{self.url}/hub/login",
            data={"username": name, "password": secret, "_xsrf": self.http.cookies.get("_xsrf")},
            allow_redirects=False,
            timeout=60,
        )

    def make_token(self, username: str) -> str:
        response = self.http.post(
            f"{self.url}/hub/api/users/{username}/tokens",
            headers={"X-XSRFToken": self.http.cookies.get("_xsrf")},
            json={"note": "test"},
            timeout=30,
        )
        response.raise_for_status()
        self.token = response.json()["token"]
        return self.token

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    def start_server(self, username: str, timeout: float = 180) -> float:
        """Start the user's server; return the seconds until it answered."""
        began = time.monotonic()
        self.request_server(username)
        return self.wait_for_server(username, began, timeout)

    def request_server(self, username: str) -> None:
        """Ask the hub to start the user's server (it starts while other work goes on)."""
        response = self.http.post(
            f"{self.url}/hub/api/users/{username}/server", headers=self.headers(), timeout=60
        )
        assert response.status_code in (201, 202), response.text

    def wait_for_server(self, username: str, began: float, timeout: float = 180) -> float:
        """Wait until the user's server is ready; the seconds since ``began``."""
        while time.monotonic() - began < timeout:
            model = self.http.get(
                f"{self.url}/hub/api/users/{username}", headers=self.headers(), timeout=30
            ).json()
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return time.monotonic() - began
            time.sleep(0.5)
        raise TimeoutError(f"{username}: server not ready after {timeout} s")

    def user_api(self, username: str, method: str, path: str, **kwargs) -> requests.Response:
        return self.http.request(
            method,
            f"{self.url}/user/{username}/{path}",
            headers=self.headers(),
            timeout=kwargs.pop("timeout", 120),
            **kwargs,
        )


def _hub_lines(log: Path) -> str:
    lines = log.read_text(errors="replace").splitlines() if log.is_file() else []
    return "\n".join(line for line in lines if "ConfigProxy" not in line)[-4000:]


def wait_for(
    url: str, process: subprocess.Popen, log: Path, timeout: float = 300, verify: str | bool = True
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hub exited ({process.returncode}):\n{_hub_lines(log)}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/hub/api", timeout=5, verify=verify).status_code == 200:
                return
        time.sleep(0.5)
    raise TimeoutError(f"hub did not answer at {url} in {timeout} s:\n{_hub_lines(log)}")


def remove_leftovers(prefix: str) -> None:
    """Delete any account with this run's prefix still there (after a crash)."""
    import pwd

    from himoya.hub.accounts import is_ours, stop_processes

    for entry in pwd.getpwall():
        if entry.pw_name.startswith((prefix, f"grader-{prefix}")) and is_ours(entry):
            stop_processes(entry.pw_uid)
            subprocess.run(["userdel", "--remove", entry.pw_name], capture_output=True, check=False)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made with openssl, as a trainer would."""
    cert, key = folder / "hub-cert.pem", folder / "hub-key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@contextlib.contextmanager
def running_hub(
    tmp: Path,
    trainees: list[str],
    *,
    port: int,
    memory_mb: int = 1024,
    db_url: str | None = None,
    https: bool = False,
    joined: Sequence[str] = (),
) -> Iterator[Hub]:
    """A hub serving ``trainees`` (roster ids) on 127.0.0.1:``port``; removed afterwards.

    With ``https`` the hub serves HTTPS with a self-signed certificate made for the run. With
    ``joined`` (roster ids) a second cohort joins the same hub (``hub init --join``).
    """

    from himoya.hub.run import init_hub, remove_hub
    from himoya.hub.settings import load_settings

    prefix = f"hz{secrets.token_hex(2)}-"
    # Not under pytest's private tmp: the exchange must be reachable by the trainees' accounts,
    # a joined cohort's workspace by its grader account, and only the workspaces' own
    # permissions may keep others out of them (as on a trainer's laptop).
    shared = Path(tempfile.mkdtemp(prefix="himoya-hub-exchange-"))
    shared.chmod(0o755)
    process = second = workspace = None
    try:
        workspace = init_cohort(
            directory=shared / "hub-test-cohort",
            roster=write_roster(tmp / "roster.csv", trainees),
            course=fake_course(tmp),
            db_url=db_url,
        )
        if joined:
            second = init_cohort(
                directory=shared / f"{prefix}cohort-b",
                roster=write_roster(tmp / "roster-b.csv", joined),
                course=fake_course(tmp / "b", JOINED_ASSIGNMENT),
            )
        init_hub(
            directory=workspace.root,
            prefix=prefix,
            trainers=("trainer", "trainer2"),
            exchange=shared / "exchange",
            memory_mb=memory_mb,
            address=f"http://127.0.0.1:{port}/",
            progress=lambda _line: None,
        )
        if second is not None:
            init_hub(
                directory=second.root,
                prefix=prefix,
                trainers=(JOINED_TRAINER,),
                memory_mb=memory_mb,
                join=workspace.root,
                progress=lambda _line: None,
            )
        settings = load_settings(workspace)
        folder = workspace.root / "hub"
        log = tmp / "hub-start.log"
        certificate, tls = None, []
        if https:
            certificate, key = self_signed_certificate(tmp)
            tls = ["--ssl-cert", str(certificate), "--ssl-key", str(key)]
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "himoya.cli", "hub", "start", str(workspace.root),
                 "--ip", "127.0.0.1", "--port", str(port), *tls],
                stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        url = f"{'https' if https else 'http'}://127.0.0.1:{port}"
        verify = str(certificate) if certificate else True
        try:
            wait_for(url, process, folder / "jupyterhub.log", verify=verify)
        except (RuntimeError, TimeoutError) as error:
            raise RuntimeError(f"{error}\n{log.read_text()[-2000:]}") from None
        hub = Hub(
            url=url,
            workspace=workspace,
            settings=settings,
            pins=read_secrets(folder / "pins.csv", "pin"),
            passwords=read_secrets(folder / "trainers.csv", "password"),
            process=process,
            log=folder / "jupyterhub.log",
            usernames={t: f"{prefix}{t.lower()}" for t in trainees},
            certificate=certificate,
        )
        if second is not None:
            hub.joined = Cohort(
                workspace=second,
                settings=load_settings(second),
                pins=read_secrets(second.root / "hub" / "pins.csv", "pin"),
                passwords=read_secrets(second.root / "hub" / "trainers.csv", "password"),
                usernames={t: f"{prefix}{t.lower()}" for t in joined},
            )
        yield hub
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for cohort in (second, workspace):
            if cohort is not None:
                with contextlib.suppress(Exception):
                    remove_hub(directory=cohort.root)
        remove_leftovers(prefix)
        shutil.rmtree(shared, ignore_errors=True)


def write_roster(path: Path, trainees: Sequence[str]) -> Path:
    lines = ["id,first_name,last_name,role,organisation,district"]
    lines += [f"{t},Зарина,Ҳакимова-{t},social-worker,Test office,Bokhtar" for t in trainees]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def solve(student_nb: dict, source_nb: dict) -> dict:
    """The student version with every answer cell replaced by the source's (the solutions)."""
    answers = {
        cell["metadata"]["nbgrader"]["grade_id"]: cell["source"]
        for cell in source_nb["cells"]
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution")
    }
    for cell in student_nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    return student_nb


def solved_notebooks(hub: Hub) -> dict[str, dict]:
    """Notebook name -> the released (student) notebook answered with the solutions."""
    out = {}
    for name in hub.workspace.notebooks(ASSIGNMENT):
        student = json.loads((hub.workspace.release / ASSIGNMENT / f"{name}.ipynb").read_text())
        source = json.loads((hub.workspace.source / ASSIGNMENT / f"{name}.ipynb").read_text())
        out[name] = solve(student, source)
    return out


def server_processes(username: str) -> list[tuple[int, int]]:
    """(pid, uid) of every jupyterhub-singleuser process serving ``username``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            environ = (entry / "environ").read_bytes().split(b"\0")
            uid = entry.stat().st_uid
        except OSError:
            continue
        if any(b"jupyterhub-singleuser" in part for part in command) and (
            f"JUPYTERHUB_USER={username}".encode() in environ
        ):
            found.append((int(entry.name), uid))
    return found


def formgrader_processes(workspace: Path) -> list[tuple[int, int]]:
    """(pid, uid) of every Jupyter server that serves the formgrader of ``workspace``."""
    found = []
    wanted = f"--ServerApp.root_dir={workspace}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            uid = entry.stat().st_uid
        except OSError:
            continue
        if b"jupyterhub.singleuser" in command and wanted in command:
            found.append((int(entry.name), uid))
    return found


def can_read(username: str, path: Path) -> bool:
    """Whether the OS lets ``username`` read ``path`` (a file, or list a folder)."""
    command = ["ls", str(path)] if path.is_dir() else ["head", "-c", "1", str(path)]
    result = subprocess.run(["runuser", "-u", username, "--", *command], capture_output=True)
    return result.returncode == 0


def can_write(username: str, path: Path) -> bool:
    """Whether the OS lets ``username`` write ``path`` (``test -w``, as the kernel answers)."""
    result = subprocess.run(["runuser", "-u", username, "--", "test", "-w", str(path)])
    return result.returncode == 0


def load_json(response: requests.Response) -> dict:
    response.raise_for_status()
    return json.loads(response.text)
