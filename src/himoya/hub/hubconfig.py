"""JupyterHub's configuration for the workshop hub, made from ``hub start``'s runtime file.

``hub start`` writes ``DIR/hub/runtime.json`` and runs ``jupyterhub -f`` on
``himoya/hub/jupyterhub_config.py``, which calls :func:`configure`. Per cohort (nbgrader's
multiple-courses setup): a group ``nbgrader-<course>`` for its trainees, ``formgrade-<course>``
for its trainers, and a formgrader service ``/services/<course>/`` that runs in the workspace as
the workspace's owner and that only that cohort's trainers may open.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def formgrader_url(course_id: str) -> str:
    return f"/services/{course_id}/formgrader"


def configure(c, runtime_file: Path) -> None:
    """Fill the traitlets config ``c`` from the runtime file."""
    runtime = json.loads(Path(runtime_file).read_text(encoding="utf-8"))
    state = Path(runtime["state_dir"])
    cohorts = runtime["cohorts"]
    first = cohorts[0]
    port = runtime["port"]

    c.JupyterHub.bind_url = (
        f"{'https' if runtime.get('ssl_cert') else 'http'}://{runtime['ip']}:{port}"
    )
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = port + 2
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 1}"
    c.ConfigurableHTTPProxy.command = [runtime["proxy"]]
    c.ConfigurableHTTPProxy.auth_token = runtime["proxy_token"]
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
    if runtime.get("ssl_cert"):
        c.JupyterHub.ssl_cert = runtime["ssl_cert"]
        c.JupyterHub.ssl_key = runtime["ssl_key"]
    # Ctrl+C stops everything the hub started: the proxy and every trainee's server.
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.cleanup_proxy = True
    c.JupyterHub.template_vars = {"announcement_login": runtime.get("announcement", "")}
    # The log-in page in the trainees' words, fitting a 360 px phone (templates/login.html).
    c.JupyterHub.template_paths = [str(Path(__file__).with_name("templates"))]

    c.JupyterHub.authenticator_class = "himoya.hub.plugins.PinAuthenticator"
    c.PinAuthenticator.logins_files = [cohort["logins"] for cohort in cohorts]
    c.PinAuthenticator.max_failures = first["max_failures"]
    c.PinAuthenticator.lockout_minutes = first["lockout_minutes"]
    # Old accounts are forgotten at every start: only the current PIN files count.
    c.Authenticator.allow_existing_users = False

    c.JupyterHub.spawner_class = "himoya.hub.plugins.TraineeSpawner"
    c.TraineeSpawner.trainee_env = first["env"]
    c.TraineeSpawner.cmd = [str(Path(first["env"]) / "bin" / "jupyterhub-singleuser")]
    c.TraineeSpawner.exchange = first["exchange"]
    c.TraineeSpawner.memory_mb = first["memory_mb"]
    c.TraineeSpawner.first_port = port + 20
    c.TraineeSpawner.last_port = port + 99
    c.TraineeSpawner.notebook_dir = "~"
    # Notebook 7: one document per screen, usable on a 360 px phone (see grading/HUB.md).
    c.TraineeSpawner.default_url = "/tree"
    c.TraineeSpawner.http_timeout = 120
    c.TraineeSpawner.start_timeout = 180
    c.TraineeSpawner.mem_limit = f"{first['memory_mb']}M"

    groups: dict[str, list[str]] = {}
    roles = [
        {
            # A trainee's server may read its own user's groups (nbgrader's JupyterHubAuthPlugin
            # finds the trainee's courses from them).
            "name": "server",
            "scopes": [
                "users:activity!user",
                "access:servers!server",
                "read:users:name!user",
                "read:users:groups!user",
            ],
        }
    ]
    services = []
    trainers: set[str] = set()
    for index, cohort in enumerate(cohorts):
        course = cohort["course_id"]
        groups[f"nbgrader-{course}"] = cohort["trainees"]
        groups[f"formgrade-{course}"] = cohort["trainers"]
        trainers.update(cohort["trainers"])
        python = cohort.get("formgrader_python") or sys.executable
        service = {
            "name": course,
            "url": f"http://127.0.0.1:{port + 10 + index}",
            "command": [
                python,
                "-m",
                "jupyterhub.singleuser",
                f"--ServerApp.root_dir={cohort['workspace']}",
                "--ServerApp.terminals_enabled=False",
                "--ServerApp.default_url=/formgrader",
                # On in the trainer's environment; the trainees' one switches it off for trainees.
                "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=True",
            ],
            "cwd": cohort["workspace"],
            "oauth_no_confirm": True,
            # Jupyter Server with the nbgrader and JupyterLab extensions can take a minute to
            # start on a busy two-core laptop; the hub waits for it instead of giving up.
            "timeout": 180,
            "environment": {
                "PATH": f"{Path(python).parent}:/usr/bin:/bin",
                "HIMOYA_EXCHANGE": cohort["exchange"],
            },
            "display": True,
        }
        user = cohort.get("formgrader_user") or cohort["owner"]
        if user == "root":
            service["command"].append("--allow-root")
        else:
            service["user"] = user
        services.append(service)
        roles.append(
            {
                "name": f"trainer-{course}",
                "groups": [f"formgrade-{course}"],
                "scopes": [
                    f"access:services!service={course}",
                    f"read:users!group=nbgrader-{course}",
                    f"admin:servers!group=nbgrader-{course}",
                ],
            }
        )
    services.append(
        {
            "name": "idle-culler",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={first['cull_minutes'] * 60}",
                "--cull-every=60",
            ],
        }
    )
    roles.append(
        {
            "name": "idle-culler",
            "services": ["idle-culler"],
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        }
    )
    c.JupyterHub.load_groups = groups
    c.JupyterHub.load_roles = roles
    c.JupyterHub.services = services
    trainer_home = formgrader_url(first["course_id"])

    def default_url(handler):
        # Trainers land on their cohort's formgrader; trainees on their own server.
        user = handler.current_user
        if user is not None and user.name in trainers:
            for cohort in cohorts:
                if user.name in cohort["trainers"]:
                    return formgrader_url(cohort["course_id"]) + "/"
            return trainer_home
        return None

    c.JupyterHub.default_url = default_url
