"""After a large load, PostgreSQL's visibility map and statistics are brought up to date
(writer.refresh_statistics), so that the dashboard's covering indexes answer from the index
alone; SQLite has no such thing and is left alone."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .conftest import FIXTURES


def test_large_loads_are_vacuumed_on_postgresql(db_url, monkeypatch):
    from data_loaders import writer
    from data_loaders.db import make_engine
    from data_loaders.importer import import_file

    engine = make_engine(db_url)
    try:
        assert import_file(engine, FIXTURES / "don_vi.csv").status == "ok"
        monkeypatch.setattr(writer, "VACUUM_AFTER_ROWS", 10)  # the sample stands for a large file
        res = import_file(engine, FIXTURES / "tthc_motcua_2026-11-15.xlsx", as_of=dt.date(2026, 11, 15))
        assert res.status == "ok" and res.inserted >= 10
        if engine.dialect.name == "postgresql":
            with engine.connect() as c:
                vacuumed = c.execute(sa.text("select last_vacuum, last_analyze from pg_stat_user_tables "
                                             "where relname = 'dossier'")).one()
            assert vacuumed[0] is not None and vacuumed[1] is not None
    finally:
        engine.dispose()
