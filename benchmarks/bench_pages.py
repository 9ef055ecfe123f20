"""Server-side run time of every dashboard page at city scale, cold and warm.

    python benchmarks/bench_pages.py [--backends sqlite,postgresql] [--keep DIR] [--small]

Builds (once, kept under --keep) a database with 1,000,000 dossiers, 100,000 petitions,
20,000 tasks and 5,000 consultations with the demo generator and the real importer, then runs
each page through Streamlit's AppTest: "cold" = first run after clearing Streamlit's caches,
"warm" = the same page again (what a leader's second click costs). Prints a table.
Not a test: the targets (warm < 1 s, cold < 3 s) are judged by reading the figures.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AS_OF = dt.date(2026, 11, 15)
CITY = {"dossiers": 1_000_000, "petitions": 100_000, "tasks": 20_000, "consultations": 5_000}
SMALL = {"dossiers": 20_000, "petitions": 2_000, "tasks": 400, "consultations": 100}
PAGES = ["overview", "tasks", "dossiers", "petitions", "consultations", "agency", "data"]


def build(url: str, volumes: dict[str, int]) -> float:
    from data_loaders.db import is_empty, make_engine
    from data_loaders.demo import build_demo

    engine = make_engine(url)
    t = time.perf_counter()
    if is_empty(engine):
        build_demo(engine, until=AS_OF, volumes=volumes,
                   progress=lambda m, f: print(f"  [{f:4.0%}] {m}", flush=True))
    engine.dispose()
    return time.perf_counter() - t


def worst_agency(url: str) -> str:
    from data_loaders.db import make_engine
    from dashboard.metrics import figures

    engine = make_engine(url, migrate=False)
    with engine.connect() as conn:
        f = figures(conn, "dossiers", AS_OF, by="agency")
    engine.dispose()
    return str(f.sort_values("in_progress_overdue", ascending=False).iloc[0]["key"])


def time_page(url: str, page: str, agency: str) -> tuple[float, float, int]:
    """(cold s, warm s, exceptions) for one page through AppTest."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["OVERSIGHT_DATABASE_URL"] = url
    path = ROOT / "pages" / f"{page}.py"
    if not path.exists():
        return float("nan"), float("nan"), 0
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.query_params["as_of"] = AS_OF.isoformat()
    if page == "agency":
        at.query_params["agency"] = agency
    at.run()  # the entry page (overview) with its shared queries
    if page != "overview":
        at.switch_page(f"../pages/{page}.py")
    st.cache_data.clear()
    t = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t
    t = time.perf_counter()
    at.run()
    warm = time.perf_counter() - t
    return cold, warm, len(at.exception)


def database(backend: str, keep: Path, small: bool) -> str:
    if backend == "sqlite":
        return f"sqlite:///{keep / ('pages_small.db' if small else 'pages_city.db')}"
    import sqlalchemy as sa

    server = os.environ.get("OVERSIGHT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = "oversight_bench_pages" + ("_small" if small else "")
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        if not c.execute(sa.text("select 1 from pg_database where datname = :n"), {"n": name}).first():
            c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--keep", type=Path, default=Path("/tmp/oversight_bench_pages"))
    ap.add_argument("--small", action="store_true", help="a quick run on a small database")
    args = ap.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    volumes = SMALL if args.small else CITY
    print(f"volumes: {volumes}; as of {AS_OF:%d/%m/%Y}; {os.cpu_count()} cores")
    results = []
    for backend in args.backends.split(","):
        url = database(backend, args.keep, args.small)
        print(f"{backend}: building (skipped when kept from an earlier run)…", flush=True)
        built = build(url, volumes)
        agency = worst_agency(url)
        for page in PAGES:
            cold, warm, errors = time_page(url, page, agency)
            results.append((backend, page, cold, warm, errors))
            print(f"  {page:14} cold {cold:6.2f} s   warm {warm:6.2f} s   exceptions {errors}", flush=True)
        print(f"  (database built in {built:.0f} s)")
    print(f"\n{'back end':11} {'page':14} {'cold s':>7} {'warm s':>7}")
    for backend, page, cold, warm, errors in results:
        print(f"{backend:11} {page:14} {cold:7.2f} {warm:7.2f}" + ("  EXCEPTION" if errors else ""))
    print("\ntargets: warm < 1 s, cold < 3 s per page")


if __name__ == "__main__":
    main()
