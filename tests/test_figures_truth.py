"""The samples through the real importer, then the `figures` CLI, against truth.json (as of S).

Each sample goes into its own database (once per back end and module), after the agency
registry don_vi.csv. Truth names map to figures columns as samples/README.md says.
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from . import conftest
from .conftest import FIXTURES

REPO = Path(__file__).resolve().parent.parent
S = dt.date(2026, 11, 15)

DOSSIER_MAP = {"total": "received", "resolved": "resolved", "resolved_early": "resolved_early",
               "resolved_on_time": "resolved_on_time", "resolved_late": "resolved_late", "open": "in_progress",
               "open_within": "in_progress_on_time", "open_overdue": "in_progress_overdue"}
TASK_MAP = {"total": "total", "hoan_thanh_dung_han": "done_on_time", "hoan_thanh_qua_han": "done_late",
            "dang_thuc_hien_trong_han": "open_on_time", "dang_thuc_hien_qua_han": "open_overdue",
            "khong_thoi_han_da_hoan_thanh": "no_deadline_done",
            "khong_thoi_han_chua_hoan_thanh": "no_deadline_open"}
CONSULT_MAP = {"total": "total", "replied_on_time": "done_on_time", "replied_late": "done_late",
               "pending_within": "open_on_time", "pending_overdue": "open_overdue"}
PETITION_MAP = {"total": "total", "open": "open", "open_overdue": "open_overdue", "answered": "answered",
                "answered_on_time": "answered_on_time", "answered_late": "answered_late",
                "transferred_3plus": "transferred_3_or_more"}
NOIBO_MAP = {"total": "total", "published": "published", "with_plan": "simplification_plan", "cut": "cut",
             "cost_before_sum": "cost_before", "cost_after_sum": "cost_after"}

# file → (kind, metrics section, per-agency section, name mapping)
SAMPLES = {
    "tthc_motcua_2026-11-15.xlsx": ("dossiers", "metrics", "by_agency",
                                    {**DOSSIER_MAP, "late_with_apology": "late_with_apology"}),
    "tthc_opencps_2026-11-15.csv": ("dossiers", "metrics", "by_agency", DOSSIER_MAP),
    "tthc_cp1258.csv": ("dossiers", "metrics", "by_agency", DOSSIER_MAP),
    "names_nfd.csv": ("dossiers", "metrics", "by_agency", DOSSIER_MAP),
    "bad_values.csv": ("dossiers", "metrics_loaded_rows", "by_agency", DOSSIER_MAP),
    "duplicate_ids.csv": ("dossiers", "metrics_excluding_duplicates", "by_agency", DOSSIER_MAP),
    "nhiem_vu_2026-11-15.xlsx": ("tasks", "metrics", "by_agency", TASK_MAP),
    "xin_y_kien_2026-11-15.csv": ("consultations", "metrics", "by_consulted_agency", CONSULT_MAP),
    "pakn_2026-11-15.xlsx": ("petitions", "metrics", "by_agency", PETITION_MAP),
    "tthc_noi_bo.xlsx": ("internal_procedures", "metrics", "by_agency", NOIBO_MAP),
}


def _new_database(backend: str, tmp: Path) -> tuple[str, callable]:
    return conftest.new_database(backend, tmp, "truth")


BACKENDS = ("sqlite", "postgresql")
ALL = [(b, f) for b in BACKENDS for f in SAMPLES]
_ids = lambda p: f"{p[0]}-{p[1]}"  # noqa: E731
# Tests of figures only some files have are parametrised over those files alone (no skips).
DOSSIER_FILES = [(b, f) for b, f in ALL if SAMPLES[f][0] == "dossiers"]
TASK_FILE = [(b, f) for b, f in ALL if f == "nhiem_vu_2026-11-15.xlsx"]


@pytest.fixture(scope="module", params=ALL, ids=_ids)
def imported(request, tmp_path_factory):
    """(url, file name): a database holding the agency registry and that one sample."""
    from data_loaders.db import make_engine
    from data_loaders.importer import import_file

    backend, name = request.param
    url, drop = _new_database(backend, tmp_path_factory.mktemp("truth"))
    engine = make_engine(url)
    try:
        reg = import_file(engine, FIXTURES / "don_vi.csv")
        assert reg.status == "ok", reg.message
        res = import_file(engine, FIXTURES / name, as_of=S)
        assert res.status == "ok", res.message
        yield url, name, engine
    finally:
        engine.dispose()
        drop()


def cli_json(url: str, kind: str, by: str) -> list[dict]:
    res = subprocess.run([sys.executable, "-m", "dashboard", "figures", "--kind", kind, "--as-of", "2026-11-15",
                          "--by", by, "--db", url, "--format", "json"],
                         cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def _mapped(truth_figs: dict, mapping: dict) -> dict:
    return {col: truth_figs[t] for t, col in mapping.items()}


def test_per_agency_figures_match_truth(imported, truth):
    url, name, _engine = imported
    kind, section, per_agency, mapping = SAMPLES[name]
    expected = {code: _mapped(f, mapping) for code, f in truth["files"][name][section][per_agency].items()}
    got = {row["key"]: {c: row[c] for c in mapping.values()} for row in cli_json(url, kind, "agency")}
    assert got == expected


def test_city_totals_match_truth(imported, truth):
    url, name, _engine = imported
    kind, section, _per_agency, mapping = SAMPLES[name]
    metrics = truth["files"][name][section]
    (row,) = cli_json(url, kind, "city")
    assert {c: row[c] for c in mapping.values()} == _mapped(metrics["totals"], mapping)
    if kind == "dossiers":
        assert row["carried_over"] == 0
        channels = metrics["by_channel"]
        online = channels.get("Trực tuyến", channels.get("Có", 0))
        assert row["received_online"] == online
        assert row["received_in_person_or_postal"] == row["received"] - online


RATE_TRUTH = {"dossiers": ("on_time_rate_pct", "on_time_rate_pct"),
              "tasks": ("done_on_time_rate_pct", "done_on_time_rate_pct"),
              "consultations": ("done_on_time_rate_pct", "replied_on_time_rate_pct"),
              "petitions": ("answered_on_time_rate_pct", "answered_on_time_rate_pct")}
NOIBO_RATES = ("published_pct", "plan_pct", "cut_pct", "cost_reduction_pct")


def test_rates_match_truth(imported, truth):
    from dashboard.metric_registry import add_rates
    from dashboard.metrics import figures

    _url, name, engine = imported
    kind, section, per_agency, _mapping = SAMPLES[name]
    metrics = truth["files"][name][section]
    pairs = [(r, r) for r in NOIBO_RATES] if kind == "internal_procedures" else [RATE_TRUTH[kind]]
    with engine.connect() as conn:
        city = add_rates(figures(conn, kind, S), kind).iloc[0]
        agencies = add_rates(figures(conn, kind, S, by="agency"), kind).set_index("key")
    for ours, theirs in pairs:
        assert _num(city[ours]) == metrics["totals"][theirs], ours
        got = {k: _num(v) for k, v in agencies[ours].items()}
        assert got == {k: f[theirs] for k, f in metrics[per_agency].items()}, ours


def _num(v):
    import pandas as pd

    return None if pd.isna(v) else float(v)


@pytest.mark.parametrize("imported", DOSSIER_FILES, ids=_ids, indirect=True)
def test_lateness_matches_truth(imported, truth):
    from dashboard.breakdowns import LATENESS_BINS, lateness

    _url, name, engine = imported
    _kind, section, _per_agency, _mapping = SAMPLES[name]
    metrics = truth["files"][name][section]
    with engine.connect() as conn:
        city = lateness(conn, S).iloc[0]
        agencies = lateness(conn, S, by="agency").set_index("key")
    totals = metrics["totals"]
    assert (city.late_total, city.lateness_wd_sum, city.lateness_wd_max) == (
        totals["late_total"], totals["lateness_wd_sum"], totals["lateness_wd_max"])
    assert {label: int(city[col]) for label, col, _lo, _hi in LATENESS_BINS} == metrics["lateness_histogram"]
    expected = {k: (f["late_total"], f["lateness_wd_sum"], f["lateness_wd_max"])
                for k, f in metrics["by_agency"].items() if f["late_total"]}
    got = {k: (r.late_total, r.lateness_wd_sum, r.lateness_wd_max) for k, r in agencies.iterrows()}
    assert got == expected


@pytest.mark.parametrize("imported", DOSSIER_FILES, ids=_ids, indirect=True)
def test_dossier_breakdowns_match_truth(imported, truth):
    """Monthly counts and the district roll-up (a district plus its communes)."""
    from dashboard.breakdowns import agency_rollup, monthly_counts

    _url, name, engine = imported
    kind, section, _per_agency, mapping = SAMPLES[name]
    metrics = truth["files"][name][section]
    with engine.connect() as conn:
        months = monthly_counts(conn, kind, S)
        rollup = agency_rollup(conn, kind, S)
    got = {r.month: {"total": r.received, "late_total": r.late_total} for r in months.itertuples()}
    assert got == metrics["by_month_received"]
    if "by_district_rollup" in metrics:
        expected = {k: _mapped(f, mapping) for k, f in metrics["by_district_rollup"].items()}
        got = {r["key"]: {c: r[c] for c in mapping.values()} for r in rollup.to_dict("records")
               if r["key"] in expected}
        assert got == expected


@pytest.mark.parametrize("imported", TASK_FILE, ids=_ids, indirect=True)
def test_task_overdue_days_match_truth(imported, truth):
    from dashboard.breakdowns import overdue_days

    _url, name, engine = imported
    metrics = truth["files"][name]["metrics"]
    with engine.connect() as conn:
        city = overdue_days(conn, "tasks", S, by="city").iloc[0]
        by_agency = overdue_days(conn, "tasks", S, by="agency")
        by_assigner = overdue_days(conn, "tasks", S, by="assigned_by")
        by_doc = overdue_days(conn, "tasks", S, by="doc_kind")
    assert city.overdue_days_sum == metrics["totals"]["overdue_days_sum"]
    for df, section in ((by_agency, "by_agency"), (by_assigner, "by_assigner"), (by_doc, "by_doc_type")):
        got = dict(zip(df["key"], df["overdue_days_sum"].astype(int)))
        assert got == {k: f["overdue_days_sum"] for k, f in metrics[section].items()}, section
