"""A new gradebook records nbgrader's schema version, read in-process (no `alembic` process)."""

import sqlite3
import subprocess

import pytest

from himoya.nbgrader_course import alembic_head, ensure_tools_on_path, tool_env


def test_a_new_gradebook_records_the_head_revision_without_starting_a_process(
    tmp_path, monkeypatch
):
    import nbgrader.api

    def no_process(*args, **kwargs):
        raise AssertionError(f"a process was started: {args}")

    ensure_tools_on_path()
    monkeypatch.setattr(nbgrader.api.sp, "check_output", no_process)
    database = tmp_path / "gradebook.db"
    with nbgrader.api.Gradebook(f"sqlite:///{database}"):
        pass
    with sqlite3.connect(database) as db:
        recorded = db.execute("SELECT version_num FROM alembic_version").fetchall()
    assert recorded == [(alembic_head(),)]
    assert len(alembic_head()) == 12
    assert set(alembic_head()) <= set("0123456789abcdef")


@pytest.mark.nbgrader
def test_the_head_is_what_nbgrader_s_own_alembic_call_reports():
    from nbgrader.dbutil import _temp_alembic_ini

    with _temp_alembic_ini("sqlite:////tmp/gradebook.db") as ini:
        output = subprocess.run(
            ["alembic", "-c", ini, "heads"],
            capture_output=True,
            text=True,
            check=True,
            env=tool_env(),
        ).stdout
    assert output.split("\n")[0].split(" ")[0] == alembic_head()
