"""Shared fixtures: a fresh database per test, on SQLite and on PostgreSQL.

`db_url` is parametrised over both back ends. PostgreSQL tests use the server at
127.0.0.1:5432 (or OVERSIGHT_TEST_PG, a server URL whose database part is ignored), in a
database created for the test and dropped afterwards. Where no server answers, those tests
are skipped with a message saying so, never silently.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

FIXTURES = Path(__file__).parent / "fixtures"
PG_SERVER = os.environ.get("OVERSIGHT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _pg_admin_engine():
    return sa.create_engine(PG_SERVER, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


_pg_reason: list[str] = []


def _pg_available() -> bool:
    if _pg_reason:
        return _pg_reason[0] == ""
    try:
        with _pg_admin_engine().connect() as c:
            c.execute(sa.text("select 1"))
        _pg_reason.append("")
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        _pg_reason.append(f"PostgreSQL not reachable at {PG_SERVER}: {exc.__class__.__name__}")
    return _pg_reason[0] == ""


def new_database(backend: str, folder, label: str = "test") -> tuple[str, callable]:
    """(URL, drop) of a new empty database of `backend` ("sqlite" in `folder`, or "postgresql"
    created on the server here). Skips the calling test, with the reason, if no server answers."""
    if backend == "sqlite":
        return f"sqlite:///{folder / f'{label}.db'}", lambda: None
    if not _pg_available():
        pytest.skip(_pg_reason[0])
    name = f"oversight_{label}_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin_engine()
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return sa.engine.make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A URL of an empty database of each back end; dropped after the test."""
    url, drop = new_database(request.param, tmp_path)
    try:
        yield url
    finally:
        drop()


@pytest.fixture
def engine(db_url):
    from data_loaders.db import make_engine

    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def truth():
    import json

    return json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))
