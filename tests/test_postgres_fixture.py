"""The test PostgreSQL server is real: SQLAlchemy writes and reads a row through psycopg."""

import sqlalchemy as sa


def test_a_database_on_the_loopback_server_keeps_a_row(postgres):
    url = postgres.createdb("fixture_check")
    engine = sa.create_engine(url)
    try:
        with engine.begin() as db:
            db.execute(sa.text("create table t (name text)"))
            db.execute(sa.text("insert into t values ('Ҷамшед')"))
        with engine.connect() as db:
            assert db.execute(sa.text("select name from t")).scalar_one() == "Ҷамшед"
    finally:
        engine.dispose()
    assert url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
