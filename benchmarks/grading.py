"""Grade one synthetic cohort twice: plain sequential nbgrader, then `himoya cohort grade`.

Run: ``.venv/bin/python benchmarks/grading.py [--trainees 16] [--workers 2] [--assignments ...]``
(also part of ``make bench``). Every trainee hands in every chosen module assignment: half the
notebooks are the solutions, half are unanswered, so scores are easy to check. The same submitted
folder is graded by ``nbgrader autograde <assignment>`` (one call per assignment, as a trainer
would run it) and by ``himoya cohort grade``. Prints notebooks per minute for each, the ratio, and
whether every notebook's autograded score matches. Timings are for reports, never for tests.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

from himoya.grading.autograde import grade
from himoya.grading.cohort import init_cohort, release
from himoya.grading.workspace import gradebook, tool_env

DEFAULT_ASSIGNMENTS = ("01-foundations", "03-juvenile-justice", "04-psychosocial", "06-returnees")


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
                        out[(student.id, nb.name)] = nb.code_score
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=16)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--assignments", nargs="*", default=list(DEFAULT_ASSIGNMENTS))
    args = parser.parse_args()
    assignments = tuple(args.assignments)
    with tempfile.TemporaryDirectory(prefix="himoya-bench-grading-") as tmp:
        workspace = make_cohort(Path(tmp), args.trainees, assignments)
        sequential_root = Path(tmp) / "sequential"
        shutil.copytree(workspace.root, sequential_root, symlinks=True)
        notebooks = args.trainees * len(assignments)

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

        start = time.perf_counter()
        grade(directory=workspace.root, workers=args.workers, progress=False)
        parallel = time.perf_counter() - start

        plain = scores(workspace, sequential_root / "gradebook.db")
        ours = scores(workspace, workspace.root / "gradebook.db")
        graded = {key: value for key, value in ours.items() if key in plain}
        match = graded == {key: plain[key] for key in graded} and len(graded) == notebooks
    rate = 60 * notebooks
    print(f"notebooks:           {notebooks} ({args.trainees} trainees x {len(assignments)})")
    print(f"nbgrader autograde:  {sequential:6.1f} s  {rate / sequential:6.1f} notebooks/min")
    print(f"himoya cohort grade: {parallel:6.1f} s  {rate / parallel:6.1f} notebooks/min")
    print(f"speed-up:            {sequential / parallel:.2f}x")
    print(f"scores identical:    {'yes' if match else 'NO'} ({len(graded)} notebooks compared)")


if __name__ == "__main__":
    main()
