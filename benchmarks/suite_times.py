"""The test suite's time: wall clock, CPU seconds, and the tests that cost the most CPU.

Run: ``.venv/bin/python benchmarks/suite_times.py [--target test-fast|test] [--top 10]``. It runs
``make <target>`` (default ``test-fast``) unchanged, with a small pytest plugin added through
``PYTEST_ADDOPTS`` (this file, loaded by pytest as ``-p suite_times``) that records the CPU
seconds of each test's setup, call and teardown: the test process's own and those of the
processes it started and waited for (a kernel, a ``himoya`` subprocess). With pytest-xdist each
worker records its own tests.

The machine is shared: wall-clock time says as much about the other sessions as about the suite,
so the script prints the load average before and after, and the CPU seconds, which do not depend
on the load nearly as much. Timings are for ``benchmarks/README.md``, never for tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUT_ENV = "HIMOYA_TEST_CPU_DIR"


# --- the pytest plugin (runs inside pytest) ----------------------------------------------------


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    waited = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + waited.ru_utime + waited.ru_stime


_rows: list[tuple[str, float]] = []
_start = [0.0, 0.0]


def pytest_sessionstart(session) -> None:
    _start[0] = _cpu()


def pytest_collection_finish(session) -> None:
    _start[1] = _cpu() - _start[0]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    before = _cpu()
    yield
    _rows.append((item.nodeid, _cpu() - before))


def pytest_sessionfinish(session) -> None:
    folder = os.environ.get(OUT_ENV)
    if not folder or not _rows:  # not measuring, or xdist's controller (its workers run the tests)
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    record = {"collection": _start[1], "total": _cpu() - _start[0], "tests": _rows}
    (Path(folder) / f"{worker}.json").write_text(json.dumps(record), encoding="utf-8")


# --- the script --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="test-fast", help="make target (default: test-fast)")
    parser.add_argument("--top", type=int, default=10, help="how many tests to list (default 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="himoya-test-cpu-") as folder:
        env = {
            **os.environ,
            OUT_ENV: folder,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(ROOT / "benchmarks"), os.environ.get("PYTHONPATH")])
            ),
            "PYTEST_ADDOPTS": f"{os.environ.get('PYTEST_ADDOPTS', '')} -p suite_times".strip(),
        }
        load_before = os.getloadavg()
        started = time.perf_counter()
        result = subprocess.run(["make", args.target], cwd=ROOT, env=env, check=False)
        wall = time.perf_counter() - started
        waited = resource.getrusage(resource.RUSAGE_CHILDREN)
        load_after = os.getloadavg()
        records = [json.loads(p.read_text(encoding="utf-8")) for p in Path(folder).glob("*.json")]
    tests = sorted(
        ((cpu, nodeid) for record in records for nodeid, cpu in record["tests"]), reverse=True
    )
    print(f"make {args.target}: exit {result.returncode}, {len(tests)} tests")
    print(f"wall {wall:.0f} s; CPU {waited.ru_utime:.0f} s user + {waited.ru_stime:.0f} s sys")
    print(f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    for record in records:
        total, collecting = record["total"], record["collection"]
        print(f"  a pytest process: {total:.0f} s CPU, of which {collecting:.1f} s collecting")
    print(f"the {args.top} tests that took the most CPU (s, with the processes they waited for):")
    for cpu, nodeid in tests[: args.top]:
        print(f"  {cpu:6.2f}  {nodeid}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
