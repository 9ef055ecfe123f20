"""`python -m dashboard figures` as a user runs it: a subprocess on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from data_loaders.schema import Agency
from .test_metrics import DOSSIER_AS_OF, _seed, expected_frame

REPO = Path(__file__).resolve().parent.parent
T = dt.datetime


def cli(*args: str, env_db: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "OVERSIGHT_DATABASE_URL"}
    if env_db:
        env["OVERSIGHT_DATABASE_URL"] = env_db
    return subprocess.run([sys.executable, "-m", "dashboard", "figures", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.fixture
def seeded(engine, db_url):
    with engine.begin() as conn:
        conn.execute(sa.insert(Agency), [{"code": "D01", "name": "Sở Xây dựng", "kind": "sở"}])
    _seed(engine, "dossiers", DOSSIER_AS_OF)
    return db_url


def test_json_by_agency_matches_the_rules(seeded):
    res = cli("--kind", "dossiers", "--as-of", "2026-11-15", "--by", "agency", "--format", "json", "--db", seeded)
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    expected = expected_frame("dossiers", DOSSIER_AS_OF, {"D01": "Sở Xây dựng"}).to_dict(orient="records")
    assert got == expected
    assert all(type(v) is int for row in got for k, v in row.items() if k not in ("key", "name"))
    assert any(row["key"] == "D11" and row["received"] == 0 for row in got)  # only a record after S: zeros


def test_csv_default_and_both_date_spellings(seeded):
    a = cli("--kind", "dossiers", "--as-of", "2026-11-15", "--db", seeded)
    b = cli("--kind", "dossiers", "--as-of", "15/11/2026", "--format", "csv", "--db", seeded)
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    assert a.stdout == b.stdout
    rows = list(csv.DictReader(io.StringIO(a.stdout)))
    assert len(rows) == 1 and rows[0]["key"] == "city" and rows[0]["name"] == "Toàn thành phố"
    expected = expected_frame("dossiers", DOSSIER_AS_OF).drop(columns=["key", "name"]).sum()
    assert {k: int(v) for k, v in rows[0].items() if k not in ("key", "name")} == expected.to_dict()


def test_period_scope_and_database_from_the_environment(seeded):
    # As of 14/11 the dossier due on 15/11 (D07) is within, and D08 (due 14/11) too.
    res = cli("--kind", "dossiers", "--as-of", "2026-11-14", "--from", "01/11/2026", "--to", "2026-11-30",
              "--by", "agency", "--agencies", "D07,D08", "--format", "json", env_db=seeded)
    assert res.returncode == 0, res.stderr
    got = {row["key"]: row for row in json.loads(res.stdout)}
    assert set(got) == {"D07", "D08"}
    assert got["D07"]["received"] == 1 and got["D07"]["in_progress_on_time"] == 1
    assert got["D08"]["in_progress_on_time"] == 1 and got["D08"]["in_progress_overdue"] == 0


@pytest.mark.parametrize("args, message", [
    (["--kind", "dossier", "--as-of", "2026-11-15"], "invalid choice"),
    (["--kind", "dossiers", "--as-of", "31/02/2026"], "not a date"),
    (["--kind", "dossiers"], "--as-of"),
    (["--kind", "dossiers", "--as-of", "2026-11-15", "--from", "2026-11-10", "--to", "2026-11-01"], "after its end"),
    (["--kind", "tasks", "--as-of", "2026-11-15", "--by", "locality"], "no locality"),
    (["--kind", "dossiers", "--as-of", "2026-11-15", "--by", "district"], "invalid choice"),
    (["--kind", "dossiers", "--as-of", "2026-11-15", "--format", "xml"], "invalid choice"),
    (["--kind", "dossiers", "--as-of", "2026-11-15", "--db", "nosuchdb://x"], "bad --db"),
])
def test_bad_arguments_one_line_exit_2(args, message):
    res = cli(*args)
    assert res.returncode == 2
    assert res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert message in res.stderr and "Traceback" not in res.stderr


def test_empty_database_gets_a_schema_and_zeros(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    res = cli("--kind", "petitions", "--as-of", "2026-11-15", "--format", "json", "--db", url)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == [{"key": "city", "name": "Toàn thành phố", "total": 0, "open": 0,
                                       "open_overdue": 0, "answered": 0, "answered_on_time": 0,
                                       "answered_late": 0, "transferred_3_or_more": 0}]
