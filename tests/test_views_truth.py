"""The query helpers of the tasks, dossiers, petitions and consultations pages against truth.json,
on SQLite and PostgreSQL, through the real importer (as of S = 15/11/2026).

One database per back end holds the agency registry and one sample of each kind (the one-stop
dossier export, tasks, petitions, consultations, internal procedures), so every kind's figures
are those of its sample. Where truth.json has no figure for a helper, the test checks that the
helper adds up to a figure that truth.json has (aging buckets → overdue, backlog stocks → open…).
"""
from __future__ import annotations

import datetime as dt

import pytest

from . import conftest
from .conftest import FIXTURES

S = dt.date(2026, 11, 15)
SAMPLES = ("tthc_motcua_2026-11-15.xlsx", "nhiem_vu_2026-11-15.xlsx", "pakn_2026-11-15.xlsx",
           "xin_y_kien_2026-11-15.csv", "tthc_noi_bo.xlsx")
TASK_MAP = {"hoan_thanh_dung_han": "done_on_time", "hoan_thanh_qua_han": "done_late",
            "dang_thuc_hien_trong_han": "open_on_time", "dang_thuc_hien_qua_han": "open_overdue",
            "khong_thoi_han_da_hoan_thanh": "no_deadline_done",
            "khong_thoi_han_chua_hoan_thanh": "no_deadline_open", "total": "total"}
MOTCUA_CHANNEL = {"Bưu chính": "postal", "Trực tiếp": "in_person", "Trực tuyến": "online"}
PAKN_CHANNEL = {"Cổng Dịch vụ công quốc gia": "national_portal", "Thư điện tử": "email", "Trực tiếp": "in_person",
                "Đường dây nóng": "hotline", "Ứng dụng Hải Phòng Smart": "app"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def conn(request, tmp_path_factory):
    from data_loaders.db import make_engine
    from data_loaders.importer import import_file

    url, drop = conftest.new_database(request.param, tmp_path_factory.mktemp("views"), "views")
    engine = make_engine(url)
    try:
        assert import_file(engine, FIXTURES / "don_vi.csv").status == "ok"
        for name in SAMPLES:
            res = import_file(engine, FIXTURES / name, as_of=S)
            assert res.status == "ok", res.message
        with engine.connect() as c:
            yield c
    finally:
        engine.dispose()
        drop()


def _m(truth, name):
    return truth["files"][name]["metrics"]


# --------------------------------------------------------------------------- tasks
@pytest.mark.parametrize("column,section", [("assigned_by", "by_assigner"), ("doc_kind", "by_doc_type")])
def test_task_categories_by_leader_and_document_kind(conn, truth, column, section):
    from dashboard.grouped import figures_by

    df = figures_by(conn, "tasks", column, S)
    got = {r["key"]: {c: int(r[c]) for c in TASK_MAP.values()} for r in df.to_dict("records")}
    expected = {k: {c: f[t] for t, c in TASK_MAP.items()}
                for k, f in _m(truth, "nhiem_vu_2026-11-15.xlsx")[section].items()}
    assert got == expected


@pytest.mark.parametrize("kind,figure,name,key", [
    ("tasks", "open_overdue", "nhiem_vu_2026-11-15.xlsx", "dang_thuc_hien_qua_han"),
    ("consultations", "open_overdue", "xin_y_kien_2026-11-15.csv", "pending_overdue"),
    ("petitions", "open_overdue", "pakn_2026-11-15.xlsx", "open_overdue"),
    ("dossiers", "in_progress_overdue", "tthc_motcua_2026-11-15.xlsx", "open_overdue"),
])
def test_aging_buckets_add_up_to_overdue(conn, truth, kind, figure, name, key):
    from dashboard.aging import BUCKET_LABELS, aging
    from dashboard.metrics import figures

    df = aging(conn, kind, S)
    assert df["bucket"].tolist() == list(BUCKET_LABELS)
    assert df["count"].sum() == _m(truth, name)["totals"][key]
    per_agency = aging(conn, kind, S, by_agency=True).groupby("key")["count"].sum()
    expected = figures(conn, kind, S, by="agency").set_index("key")[figure]
    assert per_agency.to_dict() == expected[expected > 0].to_dict()


def test_aging_since_start_counts_every_open_item(conn, truth):
    from dashboard.aging import aging

    assert aging(conn, "petitions", S, since="start")["count"].sum() == _m(truth, "pakn_2026-11-15.xlsx")["totals"]["open"]


def test_aging_buckets_edges():
    """1–7 / 8–30 / 31–90 / >90: the edges fall in the bucket whose range names them."""
    from dashboard.aging import BUCKETS

    def bucket(days):
        return next(label for label, lo, hi in BUCKETS if days >= lo and (hi is None or days <= hi))

    assert [bucket(d) for d in (1, 7, 8, 30, 31, 90, 91, 900)] == ["1–7", "1–7", "8–30", "8–30", "31–90", "31–90",
                                                                    ">90", ">90"]


def test_tasks_due_soon(conn, truth):
    from dashboard.due_soon import tasks_due_soon
    from dashboard.lists import overdue_items

    everything, total = tasks_due_soon(conn, S, within_days=100_000)
    assert total == len(everything) == _m(truth, "nhiem_vu_2026-11-15.xlsx")["totals"]["dang_thuc_hien_trong_han"]
    week, n_week = tasks_due_soon(conn, S, within_days=7)
    assert n_week == len(week) and (week["days_left"].between(0, 7)).all()
    assert week["due_day"].is_monotonic_increasing
    overdue, n_overdue = overdue_items(conn, "tasks", S)
    assert n_overdue == _m(truth, "nhiem_vu_2026-11-15.xlsx")["totals"]["dang_thuc_hien_qua_han"]
    assert not set(week["task_id"]) & set(overdue["task_id"])  # early warning ≠ already late


# --------------------------------------------------------------------------- dossiers
def test_dossiers_by_channel(conn, truth):
    from dashboard.grouped import figures_by

    df = figures_by(conn, "dossiers", "channel", S).set_index("key")
    expected = {MOTCUA_CHANNEL[k]: v for k, v in _m(truth, "tthc_motcua_2026-11-15.xlsx")["by_channel"].items()}
    assert df["received"].to_dict() == expected


def test_agency_month_adds_up_to_months(conn, truth):
    from dashboard.grouped import agency_month

    df = agency_month(conn, "dossiers", S)
    got = df.groupby("month")[["received", "late_total"]].sum()
    got = {m: {"total": int(r.received), "late_total": int(r.late_total)} for m, r in got.iterrows()}
    assert got == _m(truth, "tthc_motcua_2026-11-15.xlsx")["by_month_received"]


def test_levels_add_up_to_the_city(conn):
    from dashboard.grouped import by_level
    from dashboard.metrics import COLUMNS, figures

    levels = by_level(conn, "dossiers", S)
    assert set(levels["key"]) <= {"department", "district", "commune", "unknown"}
    city = figures(conn, "dossiers", S).iloc[0]
    for col in COLUMNS["dossiers"]:
        assert levels[col].sum() == city[col], col


def test_apology_share_and_late_procedures(conn, truth):
    from dashboard.dossier_views import apology_share, late_procedures
    from dashboard.metrics import figures

    totals = _m(truth, "tthc_motcua_2026-11-15.xlsx")["totals"]
    city = apology_share(figures(conn, "dossiers", S)).iloc[0]
    assert city["late"] == totals["late_total"]
    assert city["apology_pct"] == round(100 * totals["late_with_apology"] / totals["late_total"], 2)
    procs = late_procedures(conn, S, n=100_000)
    assert procs["late"].sum() == totals["late_total"]
    assert procs["late"].is_monotonic_decreasing
    assert len(late_procedures(conn, S, n=5)) == 5


@pytest.mark.parametrize("period", [(None, None), (dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
                                    (dt.date(2025, 7, 1), dt.date(2025, 12, 31))])
def test_bieu06_total_row_and_identities(conn, truth, period):
    from dashboard.bieu06 import NUMBER_COLUMNS, TOTAL_KEY, bieu06
    from dashboard.metrics import figures

    date_from, date_to = period
    df = bieu06(conn, S, date_from, date_to)
    total = df[df["key"] == TOTAL_KEY].iloc[0]
    city = figures(conn, "dossiers", S, date_from, date_to).iloc[0]
    for col in NUMBER_COLUMNS:
        if col != "total_to_handle":
            assert total[col] == city[col], col
    assert total["total_to_handle"] == city["carried_over"] + city["received"]
    assert df["identity_ok"].all()
    body = df[df["key"] != TOTAL_KEY]
    assert (body["received"] == body["received_online"] + body["received_in_person_or_postal"]).all()
    assert (body["resolved"] == body["resolved_early"] + body["resolved_on_time"] + body["resolved_late"]).all()
    if date_from is None:
        assert total["received"] == _m(truth, "tthc_motcua_2026-11-15.xlsx")["totals"]["total"]
        assert total["carried_over"] == 0
    else:
        assert total["carried_over"] > 0


# --------------------------------------------------------------------------- petitions
def test_transfer_count_distribution(conn, truth):
    from dashboard.petition_flow import transfer_distribution

    df = transfer_distribution(conn, S)
    assert {str(k): v for k, v in zip(df["transfers"], df["count"])} == \
        _m(truth, "pakn_2026-11-15.xlsx")["transfer_count_distribution"]


def test_passers_count_every_handoff(conn, truth):
    """Each transfer is one handoff by the agency before it in the path: Σ handoffs = Σ transfers."""
    from dashboard.petition_flow import passers

    df = passers(conn, S, limit=None)
    assert df["handoffs"].sum() == _m(truth, "pakn_2026-11-15.xlsx")["totals"]["transfers_sum"]
    assert (df["petitions"] <= df["handoffs"]).all()
    assert df["handoffs"].is_monotonic_decreasing
    assert len(passers(conn, S, limit=3)) == 3


def test_bounced_petitions(conn, truth):
    from dashboard.petition_flow import BOUNCED_COLUMNS, bounced

    df = bounced(conn, S, limit=100_000)
    assert len(df) == _m(truth, "pakn_2026-11-15.xlsx")["totals"]["transferred_3plus"]
    assert tuple(df.columns) == BOUNCED_COLUMNS
    assert (df["transfer_count"] >= 3).all()
    assert (df["path"].str.count("→") == df["transfer_count"]).all()  # path has transfer_count arrows
    assert not any("sender" in c or "phone" in c for c in df.columns)


def test_petitions_by_channel_and_satisfaction(conn, truth):
    from dashboard.grouped import figures_by

    m = _m(truth, "pakn_2026-11-15.xlsx")
    channels = figures_by(conn, "petitions", "channel", S).set_index("key")["total"].to_dict()
    assert channels == {PAKN_CHANNEL[k]: v for k, v in m["by_channel"].items()}
    votes = figures_by(conn, "petitions", "satisfaction", S).set_index("key")["total"].to_dict()
    assert votes["satisfied"] == m["totals"]["satisfied"]
    assert votes["unsatisfied"] == m["totals"]["unsatisfied"]
    assert sum(votes.values()) == m["totals"]["total"]


def test_backlog_over_time(conn, truth):
    from dashboard.petition_flow import backlog_by_month

    totals = _m(truth, "pakn_2026-11-15.xlsx")["totals"]
    df = backlog_by_month(conn, S)
    assert df["month"].is_monotonic_increasing and df["month"].iloc[-1] == "2026-11"
    assert df["received"].sum() == totals["total"]
    assert df["answered"].sum() == totals["answered"]
    last = df.iloc[-1]
    assert (last["open_end"], last["open_overdue_end"]) == (totals["open"], totals["open_overdue"])
    # stock = cumulative flows
    assert (df["open_end"] == df["received"].cumsum() - df["answered"].cumsum()).all()
    period = backlog_by_month(conn, S, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert period["month"].tolist() == ["2026-01", "2026-02", "2026-03"]
    row = df.set_index("month").loc["2026-03"]
    assert period.iloc[-1]["open_end"] == row["open_end"]  # stocks count petitions received before the period


# --------------------------------------------------------------------------- consultations, internal procedures
def test_internal_procedure_targets(conn, truth):
    from dashboard.directive_targets import TARGET_METRICS, progress, target_rows

    totals = _m(truth, "tthc_noi_bo.xlsx")["totals"]
    city = progress(conn, S, by="city").iloc[0]
    for m in TARGET_METRICS:
        assert float(city[m]) == totals[m], m
    assert city["targets_met"] == 1  # 75 % / 100, 45,33 % / 50, 27,67 % / 20 (met), 16,36 % / 20
    rows = target_rows(city)
    assert rows["target"].tolist() == [100.0, 50.0, 20.0, 20.0]
    per_agency = progress(conn, S)
    assert set(per_agency["key"]) == set(_m(truth, "tthc_noi_bo.xlsx")["by_agency"])
    assert per_agency["targets_met"].between(0, 4).all()


def test_overdue_consultations_list(conn, truth):
    from dashboard.lists import overdue_items

    df, total = overdue_items(conn, "consultations", S, limit=10_000)
    assert total == len(df) == _m(truth, "xin_y_kien_2026-11-15.csv")["totals"]["pending_overdue"]
    assert (df["days_overdue"] > 0).all()


def test_scope_and_subset_restrict_every_helper(conn):
    """A viewer restricted to one agency sees only that agency's rows (scope in SQL)."""
    from dashboard.aging import aging
    from dashboard.due_soon import tasks_due_soon
    from dashboard.grouped import figures_by
    from dashboard.metrics import figures
    from dashboard.petition_flow import backlog_by_month, bounced, transfer_distribution
    from dashboard.scope import Scope

    one = Scope.only("303")
    fig = figures(conn, "petitions", S, scope=one).iloc[0]
    assert transfer_distribution(conn, S, scope=one)["count"].sum() == fig["total"]
    assert backlog_by_month(conn, S, scope=one)["received"].sum() == fig["total"]
    assert (bounced(conn, S, scope=one)["agency_code"] == "303").all()
    assert aging(conn, "petitions", S, scope=one)["count"].sum() == fig["open_overdue"]
    assert figures_by(conn, "tasks", "doc_kind", S, scope=one)["total"].sum() == \
        figures(conn, "tasks", S, scope=one).iloc[0]["total"]
    assert (tasks_due_soon(conn, S, 100_000, scope=one)[0]["agency_code"] == "303").all()
    nobody = Scope.only([])
    assert transfer_distribution(conn, S, scope=nobody).empty
    assert backlog_by_month(conn, S, scope=nobody).empty
    field = figures_by(conn, "petitions", "channel", S, field="Đất đai")["total"].sum()
    assert field == figures(conn, "petitions", S, field="Đất đai").iloc[0]["total"]


def test_empty_database_gives_empty_frames(tmp_path):
    from dashboard.aging import aging
    from dashboard.bieu06 import bieu06
    from dashboard.directive_targets import progress
    from dashboard.due_soon import tasks_due_soon
    from dashboard.dossier_views import late_procedures
    from dashboard.grouped import agency_month, by_level, figures_by
    from dashboard.petition_flow import backlog_by_month, bounced, passers, transfer_distribution
    from data_loaders.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with engine.connect() as c:
        assert aging(c, "tasks", S)["count"].sum() == 0
        assert bieu06(c, S).iloc[-1]["total_to_handle"] == 0
        assert progress(c, S, by="city").iloc[0]["total"] == 0
        assert tasks_due_soon(c, S)[1] == 0
        assert late_procedures(c, S).empty
        assert agency_month(c, "dossiers", S).empty and by_level(c, "dossiers", S).empty
        assert figures_by(c, "petitions", "channel", S).empty
        assert backlog_by_month(c, S).empty and bounced(c, S).empty and passers(c, S).empty
        assert transfer_distribution(c, S).empty
    engine.dispose()
