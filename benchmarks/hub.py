"""Capacity of the workshop hub: N trainees at once on this machine (run as root).

    sudo .venv/bin/python benchmarks/hub.py --trainees 20

Makes a throw-away cohort with N fictional trainees and a hub on 127.0.0.1 (accounts with a unique
prefix, removed at the end, as in tests/hub/hubtest.py). All N trainees at the same time: log in,
start their server, fetch the 03-juvenile-justice exercise, open it in a kernel, run every cell,
save and submit. Prints, as text and JSON:

- memory per trainee (resident memory of the trainee's processes, from their cgroup): idle (server
  started, no notebook open) and active (notebook open, kernel running);
- time from login to a ready server (p50, p95, max);
- cell execution time (p50, p95, max) over every cell of every trainee;
- the machine's load average before and after (the machine may be shared).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "hub"))

from hubtest import (  # noqa: E402
    ASSIGNMENT,
    HubSession,
    load_json,
    running_hub,
    solved_notebooks,
)

from himoya.hub.cgroups import MemoryGroup  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def rss_mb(username: str) -> float:
    """Resident memory (MB) of every process in the trainee's cgroup."""
    group = MemoryGroup.existing(username)
    if group is None:
        return float("nan")
    total = 0
    for pid in group.pids():
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


async def run_cells(session: HubSession, username: str, kernel_id: str, cells: list[str]):
    """Run each code cell over the kernel's websocket; return the seconds each took."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = (
        session.url.replace("http", "ws", 1) + f"/user/{username}/api/kernels/{kernel_id}/channels"
    )
    request = HTTPRequest(url, headers=session.headers())
    connection = await websocket_connect(request)
    times = []
    try:
        for source in cells:
            msg_id = uuid.uuid4().hex
            message = {
                "header": {"msg_id": msg_id, "username": username, "session": uuid.uuid4().hex,
                           "msg_type": "execute_request", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell",
                "content": {"code": source, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": False},
            }  # fmt: skip
            began = time.monotonic()
            await connection.write_message(json.dumps(message))
            while True:
                raw = await asyncio.wait_for(connection.read_message(), timeout=300)
                if raw is None:
                    raise RuntimeError("kernel connection closed")
                reply = json.loads(raw)
                if (
                    reply.get("msg_type") == "execute_reply"
                    and reply.get("parent_header", {}).get("msg_id") == msg_id
                ):
                    break
            times.append(time.monotonic() - began)
    finally:
        connection.close()
    return times


def trainee_run(hub, ident: str, results: dict, barrier: threading.Barrier) -> None:
    username = hub.usernames[ident]
    session = hub.session()
    barrier.wait()
    began = time.monotonic()
    response = session.login(ident, hub.pins[ident])
    assert response.status_code == 302, response.text
    session.make_token(username)
    session.start_server(username, timeout=600)
    ready = time.monotonic() - began
    time.sleep(5)
    idle = rss_mb(username)
    course = hub.settings.course_id
    form = {"course_id": course, "assignment_id": ASSIGNMENT}
    assert load_json(session.user_api(username, "POST", "assignments/fetch", data=form))["success"]
    cell_times: list[float] = []
    for name, notebook in solved_notebooks(hub).items():
        path = f"{course}/{ASSIGNMENT}/{name}.ipynb"
        load_json(session.user_api(username, "GET", f"api/contents/{path}"))  # open it
        kernel = load_json(
            session.user_api(username, "POST", "api/kernels", json={"name": "python3"})
        )
        cells = [c["source"] for c in notebook["cells"] if c["cell_type"] == "code"]
        cell_times += asyncio.run(run_cells(session, username, kernel["id"], cells))
        active = rss_mb(username)
        model = {"type": "notebook", "format": "json", "content": notebook}
        session.user_api(username, "PUT", f"api/contents/{path}", json=model).raise_for_status()
        session.user_api(username, "DELETE", f"api/kernels/{kernel['id']}")
    submitted = load_json(session.user_api(username, "POST", "assignments/submit", data=form))
    assert submitted["success"], submitted
    results[ident] = {"ready": ready, "idle_mb": idle, "active_mb": active, "cells": cell_times}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=20)
    parser.add_argument("--port", type=int, default=8800)
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("run as root: the hub makes OS accounts", file=sys.stderr)
        return 1
    load_before = os.getloadavg()
    ids = [f"BENCH-{n:02d}" for n in range(1, args.trainees + 1)]
    results: dict[str, dict] = {}
    errors: list[str] = []
    with (
        tempfile.TemporaryDirectory(prefix="himoya-hub-bench-") as tmp,
        running_hub(Path(tmp), ids, port=args.port) as hub,
    ):
        barrier = threading.Barrier(len(ids))

        def worker(ident: str) -> None:
            try:
                trainee_run(hub, ident, results, barrier)
            except Exception as error:  # report every failure, keep the others going
                errors.append(f"{ident}: {error!r}")

        started = time.monotonic()
        threads = [threading.Thread(target=worker, args=(i,)) for i in ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - started
        load_after = os.getloadavg()
    cells = [t for r in results.values() for t in r["cells"]]
    ready = [r["ready"] for r in results.values()]
    summary = {
        "trainees": args.trainees,
        "completed": len(results),
        "errors": errors,
        "wall_seconds": round(wall, 1),
        "idle_mb_per_trainee": round(statistics.mean(r["idle_mb"] for r in results.values()), 1)
        if results
        else None,
        "active_mb_per_trainee": round(statistics.mean(r["active_mb"] for r in results.values()), 1)
        if results
        else None,
        "ready_seconds": {
            "p50": round(percentile(ready, 0.5), 2),
            "p95": round(percentile(ready, 0.95), 2),
            "max": round(max(ready), 2) if ready else None,
        },
        "cell_seconds": {
            "count": len(cells),
            "p50": round(percentile(cells, 0.5), 3),
            "p95": round(percentile(cells, 0.95), 3),
            "max": round(max(cells), 3) if cells else None,
        },
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(summary, indent=2))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
