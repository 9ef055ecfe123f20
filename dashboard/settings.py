"""Settings of the dashboard: one declared list of (name, environment variable, default, help).

No Streamlit import. Values are read from the environment each time they are asked for, so a
test can point the app at its own database by setting OVERSIGHT_DATABASE_URL before a run.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from data_loaders.db import ENV_VAR as DATABASE_ENV, database_url as _database_url

REPO_ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = REPO_ROOT / "pages"


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", DATABASE_ENV, None,
            "SQLAlchemy URL of the database; unset, the SQLite file data/oversight.db."),
    Setting("cache_ttl", "OVERSIGHT_CACHE_TTL", "600",
            "Seconds a query result stays cached (an import clears the cache at once anyway)."),
    Setting("demo_on_empty", "OVERSIGHT_DEMO_ON_EMPTY", "1",
            "1: build the demo data when the database is empty; 0: show an empty dashboard."),
    Setting("demo_scale", "OVERSIGHT_DEMO_SCALE", "1.0",
            "Size of the demo data built on an empty database (1.0 ≈ 60,000 dossiers)."),
)
_BY_NAME = {s.name: s for s in SETTINGS}

# build_demo imports every file with imported_by="demo" (data_loaders/demo.py, import_files).
DEMO_IMPORTED_BY = "demo"


def get(name: str) -> str | None:
    s = _BY_NAME[name]
    return os.environ.get(s.env) or s.default


def database_url() -> str:
    """The configured database URL (env OVERSIGHT_DATABASE_URL, else the data_loaders default)."""
    return _database_url(get("database_url"))


def cache_ttl() -> int:
    try:
        return max(0, int(get("cache_ttl") or 600))
    except ValueError:
        return 600


def demo_on_empty() -> bool:
    return (get("demo_on_empty") or "1").strip() not in ("0", "false", "no", "")


def demo_scale() -> float:
    try:
        return float(get("demo_scale") or 1.0)
    except ValueError:
        return 1.0


def is_demo_data(imported_by_values) -> bool:
    """True when any import was made by the demo generator: figures that include invented records
    must say so, even after real files were imported on top of them."""
    return any(v == DEMO_IMPORTED_BY for v in imported_by_values)
