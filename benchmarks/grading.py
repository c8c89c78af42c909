"""Grading speed: sequential nbgrader against `himoya cohort grade`, at 16 and at 48 notebooks.

Run: ``.venv/bin/python benchmarks/grading.py [--workers 2] [--cold] [--only 16|48] [--repeat N]``
(also part of ``make bench``). Two synthetic cohorts, each graded twice from the same
``submitted/`` folder:

* 16 notebooks: 16 trainees hand in one assignment (``03-juvenile-justice``);
* 48 notebooks: 12 trainees hand in four assignments (01, 03, 04, 06).

Half the notebooks are the solutions, half unanswered, so scores are easy to check. Each cohort is
graded by plain ``nbgrader autograde <assignment>`` (one call per assignment, one notebook after
another, as a trainer would run it) and by ``himoya cohort grade`` (sandboxed, warm kernels unless
``--cold``), each in a new process, so that both pay their start-up. The script prints, side by
side in one run, both times, the ratio, whether every notebook's score matches, and where himoya's
time went per notebook (kernel start-up, execution, nbgrader's own work; CPU seconds of the worker
and of the kernel). It prints the machine's load before and after: the machine is shared, so
compare figures taken at a low load. On a shared machine ``--repeat N`` measures each size N times,
nbgrader and himoya one after the other each time, and reports the median of each and every
pair's ratio. Timings are for reports, never for tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import yaml

from himoya.grading.cohort import init_cohort, release
from himoya.grading.workspace import gradebook, tool_env

GRADE = """
import dataclasses, json, sys
from pathlib import Path
from himoya.grading.autograde import grade
summary = grade(directory=Path(sys.argv[1]), workers=int(sys.argv[2]), progress=False)
print(json.dumps(dataclasses.asdict(summary)))
"""
COHORTS = {
    16: (16, ("03-juvenile-justice",)),
    48: (12, ("01-foundations", "03-juvenile-justice", "04-psychosocial", "06-returnees")),
}


def make_cohort(tmp: Path, trainees: int, assignments: tuple[str, ...]):
    roster = tmp / "roster.csv"
    rows = ["id,first_name,last_name,role,organisation,district"]
    rows += [f"B{n:03d},Зарина,Ҳакимова,social-worker,Bench,Bokhtar" for n in range(trainees)]
    roster.write_text("\n".join(rows) + "\n", encoding="utf-8")
    workspace = init_cohort(directory=tmp / "ws", roster=roster)
    release(directory=workspace.root, assignments=assignments)
    for n in range(trainees):
        for assignment in assignments:
            folder = workspace.submitted / f"B{n:03d}" / assignment
            folder.mkdir(parents=True)
            origin = workspace.source if n % 2 == 0 else workspace.release
            for notebook in (origin / assignment).glob("*.ipynb"):
                shutil.copy2(notebook, folder / notebook.name)
            (folder / "timestamp.txt").write_text("2026-11-20 16:00:00.000000 UTC\n")
    return workspace


def scores(workspace, db_path: Path) -> dict[tuple[str, str], float]:
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with gradebook(workspace, f"sqlite:///{db_path}") as gb:
            for student in gb.students:
                for submission in student.submissions:
                    for nb in submission.notebooks:
                        out[(student.id, submission.assignment.name, nb.name)] = nb.code_score
    return out


def measure(size: int, workers: int, warm: bool) -> dict:
    trainees, assignments = COHORTS[size]
    with tempfile.TemporaryDirectory(prefix="himoya-bench-grading-") as tmp:
        workspace = make_cohort(Path(tmp), trainees, assignments)
        settings = yaml.safe_load(workspace.settings_file.read_text(encoding="utf-8"))
        settings["warm_kernels"] = warm
        workspace.settings_file.write_text(yaml.safe_dump(settings), encoding="utf-8")
        sequential_root = Path(tmp) / "sequential"
        shutil.copytree(workspace.root, sequential_root, symlinks=True)
        notebooks = trainees * len(assignments)

        start = time.perf_counter()
        for assignment in assignments:
            subprocess.run(
                ["nbgrader", "autograde", assignment, "--force"],
                cwd=sequential_root,
                env=tool_env(),
                capture_output=True,
                check=False,
            )
        sequential = time.perf_counter() - start

        # In a new process, as `himoya cohort grade` runs: its imports count, as nbgrader's do.
        start = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-c", GRADE, str(workspace.root), str(workers)],
            env=tool_env(),
            capture_output=True,
            text=True,
            check=True,
        )
        parallel = time.perf_counter() - start
        summary = json.loads(run.stdout.strip().splitlines()[-1])

        plain = scores(workspace, sequential_root / "gradebook.db")
        ours = scores(workspace, workspace.root / "gradebook.db")
        match = len(ours) == notebooks and ours == plain
    return {
        "notebooks": notebooks,
        "label": f"{trainees} x {len(assignments)}",
        "sequential": sequential,
        "parallel": parallel,
        "match": match,
        "compared": len(ours),
        "summary": summary,
    }


def median_run(runs: list[dict]) -> dict:
    """One result from repeated runs: the median times; scores must match in every run."""
    from statistics import median

    result = dict(runs[len(runs) // 2])
    result["sequential"] = median(r["sequential"] for r in runs)
    result["parallel"] = median(r["parallel"] for r in runs)
    result["match"] = all(r["match"] for r in runs)
    result["compared"] = min(r["compared"] for r in runs)
    result["runs"] = [(r["sequential"], r["parallel"]) for r in runs]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cold", action="store_true", help="start every kernel afresh")
    parser.add_argument("--only", type=int, choices=sorted(COHORTS), default=None)
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (median reported)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    sizes = [args.only] if args.only else sorted(COHORTS)
    results = [
        median_run([measure(size, args.workers, warm=not args.cold) for _ in range(args.repeat)])
        for size in sizes
    ]
    load_after = os.getloadavg()
    kernels = "fresh kernels" if args.cold else "warm kernels"
    print(f"himoya cohort grade: --workers {args.workers}, {kernels}, sandbox: ", end="")
    print(results[0]["summary"]["sandbox"] or "not needed")
    print(f"load average (1, 5, 15 min): before {load_before}, after {load_after}")
    print(f"{'notebooks':>16} {'nbgrader':>10} {'himoya':>10} {'speed-up':>9}  scores identical")
    for r in results:
        ratio = r["sequential"] / r["parallel"]
        print(
            f"{r['notebooks']:>4} ({r['label']:>7}) {r['sequential']:>9.1f}s "
            f"{r['parallel']:>9.1f}s {ratio:>8.2f}x  "
            f"{'yes' if r['match'] else 'NO'} ({r['compared']} of {r['notebooks']})"
        )
        if len(r["runs"]) > 1:
            pairs = ", ".join(f"{a:.1f}/{b:.1f}s = {a / b:.2f}x" for a, b in r["runs"])
            print(f"{'':>16} medians of {len(r['runs'])} runs; each run: {pairs}")
    print("himoya, mean per notebook (wall s: start-up / execution / nbgrader; CPU s: worker,")
    print("kernel; warm: share of kernels forked from a template):")
    for r in results:
        p = r["summary"]["profile"]
        print(
            f"{r['notebooks']:>4}: start-up {p.get('startup', 0):.2f}  execution "
            f"{p.get('execution', 0):.2f}  nbgrader {p.get('nbgrader', 0):.2f}  | CPU worker "
            f"{p.get('cpu_worker', 0):.2f}  kernel {p.get('cpu_kernel', 0):.2f}  | warm "
            f"{p.get('warm', 0):.0%}"
        )


if __name__ == "__main__":
    main()
