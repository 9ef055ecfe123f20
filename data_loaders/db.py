"""Where the database is, and bringing its schema up to date.

The database is any SQLAlchemy URL in `OVERSIGHT_DATABASE_URL` (or `--db`); unset, it is a
SQLite file under `data/` at the repository root, the embedded default.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

ENV_VAR = "OVERSIGHT_DATABASE_URL"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = REPO_ROOT / "data" / "oversight.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(url: str | None = None) -> str:
    """The URL given, else the environment's, else the embedded SQLite file."""
    url = url or os.environ.get(ENV_VAR)
    if not url:
        DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DEFAULT_SQLITE}"
    parsed = make_url(url)
    # A plain postgresql:// URL would pick psycopg2; we ship psycopg 3 (it has COPY for fast loads).
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets the dashboard read while an import writes; NORMAL sync is safe with WAL.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA cache_size=-200000")  # 200 MB page cache: aggregations over 1M rows
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def make_engine(url: str | None = None, *, migrate: bool = True) -> Engine:
    """An engine on the given (or configured) database, its schema migrated to the latest version."""
    full = database_url(url)
    engine = create_engine(full, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        upgrade(engine)
    return engine


def upgrade(engine: Engine) -> None:
    """Run the Alembic migrations up to head (creates the schema on an empty database)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def is_empty(engine: Engine) -> bool:
    """True when the database holds no records of any kind (the dashboard then builds demo data)."""
    from sqlalchemy import func, select

    from .schema import RECORD_MODELS

    if not inspect(engine).has_table("dossier"):
        return True
    with engine.connect() as conn:
        for model, _ in RECORD_MODELS.values():
            if conn.execute(select(func.count()).select_from(model)).scalar():
                return False
    return True
