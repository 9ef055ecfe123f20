"""Import and figures benchmark: a generated 1,000,000-row dossier CSV in the OpenCPS layout.

    python benchmarks/bench_import.py [--rows 1000000] [--backends sqlite,postgresql] [--keep DIR]

Prints, for each back end: import time, rows per second and the importer's peak memory (a
fresh child process each, measured with wait4), the time of the per-agency `figures` query
warm in-process, and the whole `python -m dashboard figures` command (start-up included).
Each is printed next to its reference measured in the same run: pandas.read_csv merely
reading the file, and DuckDB doing the same aggregation directly on the file.
Not a test: it prints figures; targets are judged by reading them (README, "Benchmarks").
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures"
AS_OF = dt.date(2026, 11, 15)
HEADER = ["Mã hồ sơ", "Mã thủ tục", "Nội dung", "Cơ quan thụ lý", "Chủ hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả",
          "Ngày gia hạn", "Ngày hoàn thành", "Ngày trả", "Trạng thái", "Trực tuyến"]


# --------------------------------------------------------------------------- data
def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Realistic rows: the sample's procedures and agency spellings, working-day deadlines,
    about 10 % late, 3 % still open, returns after the end of processing."""
    from data_loaders.workdays import WorkCalendar

    rng = np.random.default_rng(seed)
    sample = pd.read_csv(FIXTURES / "tthc_opencps_2026-11-15.csv", dtype=str, keep_default_na=False)
    procs = sample[["Mã thủ tục", "Nội dung"]].drop_duplicates().to_numpy()
    agencies = sample["Cơ quan thụ lý"].unique()
    names = sample["Chủ hồ sơ"].unique()
    start = np.datetime64("2024-01-01T07:30")
    span_min = int((np.datetime64("2026-11-15T17:00") - start) / np.timedelta64(1, "m"))
    received = start + rng.integers(0, span_min, rows).astype("timedelta64[m]")
    received = np.sort(received)
    cal = WorkCalendar()
    limit = rng.choice([1, 3, 5, 7, 10, 15, 20, 30], rows)
    rday = received.astype("datetime64[D]")
    due = cal.add_working_days_array(rday, limit).astype("datetime64[m]") + (received - rday.astype("datetime64[m]"))
    late = rng.random(rows) < 0.10
    work = (limit * rng.uniform(0.2, 1.0, rows) * 1.4).astype(int)
    finish_day = np.where(late, due.astype("datetime64[D]") + rng.integers(1, 30, rows), rday + work)
    finished = finish_day.astype("datetime64[m]") + rng.integers(450, 1000, rows).astype("timedelta64[m]")
    finished = np.maximum(finished, received + np.timedelta64(30, "m"))  # never before it was received
    returned = finished + rng.integers(5, 300, rows).astype("timedelta64[m]")
    open_ = (rng.random(rows) < 0.03) | (returned > np.datetime64("2026-11-15T23:59"))
    pick = rng.integers(0, len(procs), rows)

    def fmt(values, mask=None):
        s = pd.Series(values).dt.strftime("%d/%m/%Y %H:%M")
        return s.where(~mask, "") if mask is not None else s

    frame = pd.DataFrame({
        "Mã hồ sơ": [f"H31.{i % 97:02d}-{i:08d}" for i in range(rows)],
        "Mã thủ tục": procs[pick, 0],
        "Nội dung": procs[pick, 1],
        "Cơ quan thụ lý": agencies[rng.integers(0, len(agencies), rows)],
        "Chủ hồ sơ": names[rng.integers(0, len(names), rows)],
        "Ngày tiếp nhận": fmt(received),
        "Ngày hẹn trả": fmt(due),
        "Ngày gia hạn": fmt(due + np.timedelta64(14 * 24 * 60, "m"), ~late),
        "Ngày hoàn thành": fmt(finished, open_),
        "Ngày trả": fmt(returned, open_),
        "Trạng thái": np.where(open_, "Đang xử lý", "Đã trả kết quả"),
        "Trực tuyến": np.where(rng.random(rows) < 0.5, "Có", "Không"),
    })
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")


# --------------------------------------------------------------------------- measuring
def run_child(args: list[str], env=None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB of that child, stdout+stderr)."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(args)}\n{out}")
    return seconds, usage.ru_maxrss / 1024, out


def fresh_database(backend: str, workdir: Path) -> tuple[str, callable]:
    import sqlalchemy as sa

    if backend == "sqlite":
        return f"sqlite:///{workdir / 'bench.db'}", lambda: None
    server = os.environ.get("OVERSIGHT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = f"oversight_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False), drop


def duckdb_reference(path: Path) -> float | None:
    try:
        import duckdb
    except ImportError:
        return None
    sql = f"""
        SELECT "Cơ quan thụ lý" AS agency, count(*) AS received,
               sum(CASE WHEN "Ngày trả" <> '' THEN 1 ELSE 0 END) AS resolved,
               sum(CASE WHEN "Ngày trả" <> '' AND strptime("Ngày trả", '%d/%m/%Y %H:%M')::date
                        > strptime("Ngày hẹn trả", '%d/%m/%Y %H:%M')::date THEN 1 ELSE 0 END) AS late
        FROM read_csv('{path}', all_varchar=true, header=true)
        GROUP BY 1"""
    con = duckdb.connect()
    t = time.perf_counter()
    con.execute(sql).fetchall()
    return time.perf_counter() - t


def figures_warm(url: str) -> float:
    from data_loaders.db import make_engine
    from dashboard.metrics import figures

    engine = make_engine(url, migrate=False)
    with engine.connect() as conn:
        figures(conn, "dossiers", AS_OF, by="agency")  # warm the page cache
        best = min(_timed(lambda: figures(conn, "dossiers", AS_OF, by="agency")) for _ in range(3))
    engine.dispose()
    return best


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# --------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--keep", type=Path, help="keep the generated file and SQLite database here")
    args = ap.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="oversight_bench_"))
    workdir.mkdir(parents=True, exist_ok=True)
    csv = workdir / f"tthc_opencps_bench_{AS_OF.isoformat()}.csv"
    if not csv.exists():
        t = time.perf_counter()
        generate(csv, args.rows)
        print(f"generated {args.rows:,} rows ({csv.stat().st_size / 2**20:,.0f} MB) in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    pd.read_csv(csv)
    read_csv_s = time.perf_counter() - t
    t = time.perf_counter()
    pd.read_csv(csv, dtype=str, keep_default_na=False)
    read_csv_text_s = time.perf_counter() - t
    duck = duckdb_reference(csv)

    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"pandas {pd.__version__}, {platform.platform()}")
    print(f"reference pandas.read_csv(file)               : {read_csv_s:6.2f} s")
    print(f"reference pandas.read_csv(file, dtype=str)    : {read_csv_text_s:6.2f} s  (every cell as text, as an importer must)")
    print(f"reference DuckDB aggregation on the file       : {duck:6.2f} s" if duck is not None else "DuckDB not installed")
    py = sys.executable
    rows = []
    for backend in args.backends.split(","):
        try:
            url, drop = fresh_database(backend, workdir)
        except Exception as exc:  # noqa: BLE001 - say which back end could not be measured, go on
            print(f"{backend}: not measured ({exc.__class__.__name__}: {exc})")
            continue
        try:
            run_child([py, "-m", "data_loaders", "import", str(FIXTURES / "don_vi.csv"), "--db", url, "--quiet"])
            seconds, rss, out = run_child([py, "-m", "data_loaders", "import", str(csv), "--db", url, "--quiet"])
            again, _, _ = run_child([py, "-m", "data_loaders", "import", str(csv), "--db", url, "--quiet"])
            warm = figures_warm(url)
            cli, _, _ = run_child([py, "-m", "dashboard", "figures", "--kind", "dossiers", "--as-of", AS_OF.isoformat(),
                                   "--by", "agency", "--db", url])
            cli = min(cli, run_child([py, "-m", "dashboard", "figures", "--kind", "dossiers", "--as-of",
                                      AS_OF.isoformat(), "--by", "agency", "--db", url])[0])
            rows.append((backend, seconds, args.rows / seconds, rss, again, warm, cli))
        finally:
            drop()
    print()
    print(f"{'back end':11} {'import s':>9} {'× read_csv':>10} {'× text read':>11} {'rows/s':>9} {'peak MB':>8} "
          f"{'re-import s':>11} {'figures s':>9} {'× DuckDB':>8} {'CLI s':>6}")
    for backend, seconds, rate, rss, again, warm, cli in rows:
        print(f"{backend:11} {seconds:9.1f} {seconds / read_csv_s:10.1f} {seconds / read_csv_text_s:11.1f} {rate:9,.0f} "
              f"{rss:8,.0f} {again:11.1f} {warm:9.2f} {(warm / duck if duck else float('nan')):8.1f} {cli:6.2f}")
    print("\ntargets: import ≤ 5 × read_csv; peak memory < 1,500 MB; figures query < 1 s; figures command < 2.5 s")


if __name__ == "__main__":
    main()
