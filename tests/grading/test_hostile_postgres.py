"""A notebook graded into a PostgreSQL gradebook cannot reach the server or learn its address.

The gradebook of a programme may live on a PostgreSQL server (grading/README.md, section 12). The
hostile fixture ``reach-the-gradebook-server`` tries its port on this machine, every Unix socket
of a PostgreSQL server it can find, and looks for a ``postgresql://`` address (with its password)
in its environment and in every configuration file it can read (it finds only the examples in the
package's documentation); the trainer's terminal holds the address in ``DATABASE_URL`` and the
password in ``PGPASSWORD`` while grading runs.
"""

from __future__ import annotations

import json
import os

import pytest

from himoya.grading.autograde import grade
from himoya.grading.cohort import init_cohort, release

from .cohort_fixtures import HERE, fake_course, hand_in, scores

pytestmark = pytest.mark.nbgrader


def test_a_notebook_cannot_reach_the_postgresql_gradebook(tmp_path, postgres, monkeypatch):
    url = postgres.createdb("himoya_hostile")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "id,first_name,last_name,role,organisation,district\n"
        "PG-ATTACK,Фарҳод,Қодиров,police,Test police,Kulob\n"
        "PG-GOOD,Зарина,Ҳакимова,police,Test police,Kulob\n",
        encoding="utf-8",
    )
    workspace = init_cohort(
        directory=tmp_path / "ws", roster=roster, db_url=url, course=fake_course(tmp_path)
    )
    with workspace.config_file.open("a", encoding="utf-8") as handle:
        handle.write("\nc.Execute.timeout = 30\n")
    release(directory=workspace.root, assignments=("mini",))
    attack = (HERE / "hostile" / "reach-the-gradebook-server.ipynb").read_text(encoding="utf-8")
    copy = tmp_path / "reach-the-gradebook-server.ipynb"
    copy.write_text(attack.replace("PORT = 5432", f"PORT = {postgres.port}"), encoding="utf-8")
    hand_in(workspace, "PG-ATTACK", copy)
    hand_in(workspace, "PG-GOOD", HERE / "mini" / "answers-correct.ipynb")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PGPASSWORD", "the-trainers-password")
    summary = grade(directory=workspace.root, workers=2, progress=False)
    assert (summary.graded, summary.problems, summary.sandbox) == (2, 0, "bubblewrap")
    graded = workspace.autograded / "PG-ATTACK" / "mini" / "mini.ipynb"
    cells = json.loads(graded.read_text(encoding="utf-8"))["cells"]
    printed = "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []))
    output = printed.split("ATTACK reach-the-gradebook-server: ")[1]
    assert output.startswith("sockets found: 0\ntcp: ConnectionRefusedError\naddresses found: ")
    assert "connected" not in output
    # It finds the examples in the package's own documentation, never the gradebook's address.
    assert f":{postgres.port}/" not in output
    assert scores(workspace, url) == {"PG-ATTACK": 7, "PG-GOOD": 7}
    assert os.environ["PGPASSWORD"] not in graded.read_text(encoding="utf-8")
