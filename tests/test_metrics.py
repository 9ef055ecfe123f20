"""Rule tests for dashboard.metrics: hand-inserted records, one agency per case, both databases.

Each table row is (agency code, record fields, expected non-zero figures). All cases of a kind go
into one database, `figures(by="agency")` is computed once, and the frame is compared with the
frame built from the table (zeros where the table says nothing) by assert_frame_equal.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard.metrics import COLUMNS, figures
from dashboard.scope import Scope
from data_loaders.schema import Agency, Consultation, Dossier, InternalProcedure, Petition, Task

D, T = dt.date, dt.datetime
S = D(2026, 11, 15)  # as-of day of the samples (a Sunday)
MODELS = {"dossiers": Dossier, "tasks": Task, "consultations": Consultation, "petitions": Petition,
          "internal_procedures": InternalProcedure}


def day_before(d: D, n: int = 1) -> D:
    return d - dt.timedelta(days=n)


def insert(engine, kind: str, rows: list[dict]) -> None:
    """Insert records, filling every column the case does not mention (None / bookkeeping)."""
    model = MODELS[kind]
    cols = [c.name for c in model.__table__.c]
    full = []
    for i, r in enumerate(rows):
        rec = {c: None for c in cols}
        rec.update(row_hash=0, deadline_exact=False)
        if kind == "petitions":
            rec["transfer_count"] = 0
        # The *_day columns are derived from the timestamps, as the importer does.
        for ts, day in (("received_at", "received_day"), ("due_at", "due_day"), ("returned_at", "returned_day"),
                        ("completed_at", "completed_day"), ("sent_at", "sent_day"), ("replied_at", "replied_day"),
                        ("answered_at", "answered_day")):
            if ts in r and day in cols:
                rec[day] = r[ts].date() if r[ts] is not None else None
        rec.update(r)
        full.append(rec)
    with engine.begin() as conn:
        conn.execute(sa.insert(model), full)


def expected_frame(kind: str, cases, names: dict[str, str] | None = None) -> pd.DataFrame:
    rows = []
    for key, _record, figs in cases:
        row = {"key": key, "name": (names or {}).get(key, key)}
        row.update({c: 0 for c in COLUMNS[kind]})
        row.update(figs)
        rows.append(row)
    df = pd.DataFrame(rows).sort_values("key").reset_index(drop=True)
    return df.astype({"key": "str", "name": "str", **{c: "int64" for c in COLUMNS[kind]}})


def run(engine, kind, **kw) -> pd.DataFrame:
    with engine.connect() as conn:
        return figures(conn, kind, kw.pop("as_of", S), **kw)


# --------------------------------------------------------------------------- dossiers, as of S
def dossier(received: T, due: T | None, returned: T | None = None, **kw) -> dict:
    return {"received_at": received, "due_at": due, "returned_at": returned, "channel": "in_person", **kw}


R = T(2026, 11, 2, 8, 0)  # a received time well before S
DOSSIER_AS_OF = [
    ("D01", dossier(R, T(2026, 11, 10, 8), T(2026, 11, 9, 16)),
     {"received": 1, "received_in_person_or_postal": 1, "resolved": 1, "resolved_early": 1}),
    ("D02", dossier(R, T(2026, 11, 10, 8), T(2026, 11, 10, 17)),  # day precision: same day, later hour
     {"received": 1, "received_in_person_or_postal": 1, "resolved": 1, "resolved_on_time": 1}),
    ("D03", dossier(R, T(2026, 11, 10, 8), T(2026, 11, 11, 8), apology_issued=True),
     {"received": 1, "received_in_person_or_postal": 1, "resolved": 1, "resolved_late": 1, "late_with_apology": 1}),
    ("D04", dossier(R, T(2026, 11, 10, 8), T(2026, 11, 10, 9), deadline_exact=True, apology_issued=True),
     {"received": 1, "received_in_person_or_postal": 1, "resolved": 1, "resolved_late": 1, "late_with_apology": 1}),
    ("D05", dossier(R, T(2026, 11, 10, 8), T(2026, 11, 10, 7, 59), deadline_exact=True),
     {"received": 1, "received_in_person_or_postal": 1, "resolved": 1, "resolved_on_time": 1}),
    ("D06", dossier(R, T(2026, 11, 10, 8), T(2026, 11, 9, 23), deadline_exact=True),
     {"received": 1, "received_in_person_or_postal": 1, "resolved": 1, "resolved_early": 1}),
    ("D07", dossier(R, T(2026, 11, 15, 8)),  # due on the as-of day: still within
     {"received": 1, "received_in_person_or_postal": 1, "in_progress": 1, "in_progress_on_time": 1}),
    ("D08", dossier(R, T(2026, 11, 14, 8), apology_issued=True),
     {"received": 1, "received_in_person_or_postal": 1, "in_progress": 1, "in_progress_overdue": 1,
      "late_with_apology": 1}),
    ("D09", dossier(R, T(2026, 11, 15, 17), deadline_exact=True),  # exact: due before the end of S
     {"received": 1, "received_in_person_or_postal": 1, "in_progress": 1, "in_progress_overdue": 1}),
    ("D10", dossier(R, T(2026, 11, 15, 23, 59, 59), deadline_exact=True),
     {"received": 1, "received_in_person_or_postal": 1, "in_progress": 1, "in_progress_on_time": 1}),
    ("D11", dossier(T(2026, 11, 16, 8), T(2026, 11, 20, 8)), {}),  # received after S: does not exist
    ("D12", dossier(R, T(2026, 11, 10, 8), T(2026, 11, 17, 8)),  # returned after S: in progress at S
     {"received": 1, "received_in_person_or_postal": 1, "in_progress": 1, "in_progress_overdue": 1}),
    ("D13", dossier(R, None, T(2026, 11, 20, 8)),  # no deadline: totals only
     {"received": 1, "received_in_person_or_postal": 1, "in_progress": 1}),
    ("D14", dossier(R, None, T(2026, 11, 3, 8)),
     {"received": 1, "received_in_person_or_postal": 1, "resolved": 1}),
    ("D15", dossier(R, T(2026, 11, 20, 8), channel="online", status="finished"),  # status is ignored
     {"received": 1, "received_online": 1, "in_progress": 1, "in_progress_on_time": 1}),
    ("D16", dossier(R, T(2026, 11, 20, 8), T(2026, 11, 4, 8), channel=None, apology_issued=True,
                    status="processing"),
     {"received": 1, "received_in_person_or_postal": 1, "resolved": 1, "resolved_early": 1}),
    ("D17", dossier(T(2026, 11, 15, 23, 30), T(2026, 11, 16, 8), channel="postal"),  # received late on S
     {"received": 1, "received_in_person_or_postal": 1, "in_progress": 1, "in_progress_on_time": 1}),
    ("D18", dossier(R, T(2026, 11, 13, 8), T(2026, 11, 15, 10)),  # returned on S itself: resolved, late
     {"received": 1, "received_in_person_or_postal": 1, "resolved": 1, "resolved_late": 1}),
]


def _seed(engine, kind, cases, extra_fields=None):
    id_col = {"dossiers": "dossier_id", "tasks": "task_id", "consultations": "request_id",
              "petitions": "petition_id", "internal_procedures": "procedure_code"}[kind]
    agency_col = {"tasks": "lead_agency_code", "consultations": "consulted_agency_code"}.get(kind, "agency_code")
    insert(engine, kind, [{id_col: f"{key}-{i}", agency_col: key, **(extra_fields or {}), **rec}
                          for i, (key, rec, _f) in enumerate(cases)])


def test_dossier_rules_as_of(engine):
    _seed(engine, "dossiers", DOSSIER_AS_OF)
    pd.testing.assert_frame_equal(run(engine, "dossiers", by="agency"), expected_frame("dossiers", DOSSIER_AS_OF))


def test_dossier_city_total_and_identities(engine):
    _seed(engine, "dossiers", DOSSIER_AS_OF)
    city = run(engine, "dossiers").iloc[0]
    assert (city["key"], city["name"]) == ("city", "Toàn thành phố")
    expected = expected_frame("dossiers", DOSSIER_AS_OF)[list(COLUMNS["dossiers"])].sum()
    assert city[list(COLUMNS["dossiers"])].astype(int).to_dict() == expected.astype(int).to_dict()
    assert city.received == city.received_online + city.received_in_person_or_postal
    assert city.received + city.carried_over == city.resolved + city.in_progress


# --------------------------------------------------------------------------- dossiers, a period
FROM, TO = D(2026, 11, 1), D(2026, 11, 10)
DOSSIER_PERIOD = [
    ("P01", dossier(T(2026, 10, 20, 8), T(2026, 11, 5, 8)),  # carried over, overdue at the end of `to`
     {"carried_over": 1, "in_progress": 1, "in_progress_overdue": 1}),
    ("P02", dossier(T(2026, 10, 20, 8), T(2026, 11, 5, 8), T(2026, 10, 31, 16)), {}),  # done before the period
    ("P03", dossier(T(2026, 10, 20, 8), T(2026, 11, 5, 8), T(2026, 11, 1, 9)),  # returned on `from`
     {"carried_over": 1, "resolved": 1, "resolved_early": 1}),
    ("P04", dossier(T(2026, 11, 5, 8), T(2026, 11, 10, 8), T(2026, 11, 12, 8)),  # due = `to`, returned after
     {"received": 1, "received_in_person_or_postal": 1, "in_progress": 1, "in_progress_on_time": 1}),
    ("P05", dossier(T(2026, 11, 5, 8), T(2026, 11, 9, 8), T(2026, 11, 12, 8), apology_issued=True),
     {"received": 1, "received_in_person_or_postal": 1, "in_progress": 1, "in_progress_overdue": 1,
      "late_with_apology": 1}),
    ("P06", dossier(T(2026, 11, 10, 16), T(2026, 11, 17, 8), channel="online"),  # received on `to`
     {"received": 1, "received_online": 1, "in_progress": 1, "in_progress_on_time": 1}),
    ("P07", dossier(T(2026, 11, 11, 8), T(2026, 11, 17, 8)), {}),  # after the period
    ("P08", dossier(T(2026, 11, 3, 8), T(2026, 11, 6, 8), T(2026, 11, 10, 18)),  # returned on `to`, late
     {"received": 1, "received_in_person_or_postal": 1, "resolved": 1, "resolved_late": 1}),
    ("P09", dossier(T(2026, 10, 1, 8), None),  # carried over without deadline
     {"carried_over": 1, "in_progress": 1}),
]


def test_dossier_rules_for_a_period(engine):
    _seed(engine, "dossiers", DOSSIER_PERIOD)
    got = run(engine, "dossiers", date_from=FROM, date_to=TO, by="agency")
    pd.testing.assert_frame_equal(got, expected_frame("dossiers", DOSSIER_PERIOD))


def test_period_end_is_capped_at_as_of(engine):
    """A period ending after the as-of day is judged at the as-of day (nothing after it exists)."""
    _seed(engine, "dossiers", [
        ("X1", dossier(T(2026, 11, 3, 8), T(2026, 11, 12, 8)), {}),
        ("X2", dossier(T(2026, 11, 14, 8), T(2026, 11, 20, 8)), {}),  # received after the as-of day
    ])
    got = run(engine, "dossiers", as_of=D(2026, 11, 12), date_from=FROM, date_to=D(2026, 11, 30), by="agency")
    expected = expected_frame("dossiers", [
        ("X1", None, {"received": 1, "received_in_person_or_postal": 1, "in_progress": 1, "in_progress_on_time": 1}),
        ("X2", None, {}),
    ])
    pd.testing.assert_frame_equal(got, expected)


# --------------------------------------------------------------------------- grouping and scope
def test_agency_names_scope_and_zero_rows(engine):
    with engine.begin() as conn:
        conn.execute(sa.insert(Agency), [
            {"code": "SXD", "name": "Sở Xây dựng", "kind": "sở"},
            {"code": "SYT", "name": "Sở Y tế", "kind": "sở"},
            {"code": "STP", "name": "Sở Tư pháp", "kind": "sở"},  # no records: never listed
        ])
    cases = [
        ("SXD", dossier(R, T(2026, 11, 10, 8), T(2026, 11, 9, 8)), {"received": 1, "received_in_person_or_postal": 1,
                                                                  "resolved": 1, "resolved_early": 1}),
        ("SYT", dossier(T(2026, 11, 20, 8), T(2026, 11, 25, 8)), {}),  # only a record after S: zeros
        ("XYZ", dossier(R, T(2026, 11, 20, 8)), {"received": 1, "received_in_person_or_postal": 1,
                                                 "in_progress": 1, "in_progress_on_time": 1}),
    ]
    _seed(engine, "dossiers", cases)
    names = {"SXD": "Sở Xây dựng", "SYT": "Sở Y tế"}
    pd.testing.assert_frame_equal(run(engine, "dossiers", by="agency"), expected_frame("dossiers", cases, names))
    only = run(engine, "dossiers", by="agency", scope=Scope.only(["SYT", "XYZ"]))
    pd.testing.assert_frame_equal(only, expected_frame("dossiers", cases[1:], names))
    city = run(engine, "dossiers", scope=Scope.only("SXD"))
    assert city.loc[0, "received"] == 1 and city.loc[0, "resolved_early"] == 1
    nobody = run(engine, "dossiers", scope=Scope.only([]))
    assert nobody[list(COLUMNS["dossiers"])].to_numpy().sum() == 0 and len(nobody) == 1
    assert run(engine, "dossiers", by="agency", scope=Scope.only([])).empty


def test_by_locality_and_field(engine):
    with engine.begin() as conn:
        conn.execute(sa.insert(Agency), [{"code": "305.02", "name": "Phường Hồng Bàng", "kind": "phường"}])
    base = dossier(R, T(2026, 11, 20, 8))
    insert(engine, "dossiers", [
        {"dossier_id": "1", "agency_code": "A", **base, "locality_code": "305.02", "locality": "P. Hồng Bàng",
         "field": "Đất đai"},
        {"dossier_id": "2", "agency_code": "A", **base, "locality": "Xã Mới", "field": "Đất đai"},
        {"dossier_id": "3", "agency_code": "B", **base, "locality": "", "field": None},
        {"dossier_id": "4", "agency_code": "B", **base},
    ])
    loc = run(engine, "dossiers", by="locality")
    assert loc[["key", "name", "received"]].values.tolist() == [
        ["", "(không rõ)", 2], ["305.02", "Phường Hồng Bàng", 1], ["Xã Mới", "Xã Mới", 1]]
    fld = run(engine, "dossiers", by="field")
    assert fld[["key", "name", "received"]].values.tolist() == [["", "(không rõ)", 2], ["Đất đai", "Đất đai", 2]]
    with pytest.raises(ValueError, match="locality"):
        run(engine, "tasks", by="locality")


def test_empty_database_gives_one_city_row_of_zeros(engine):
    for kind in COLUMNS:
        df = run(engine, kind)
        assert df.shape == (1, 2 + len(COLUMNS[kind]))
        assert df.iloc[0, 2:].tolist() == [0] * len(COLUMNS[kind])
        assert run(engine, kind, by="agency").columns.tolist() == ["key", "name", *COLUMNS[kind]]


# --------------------------------------------------------------------------- tasks and consultations
def task(start: D, due: D | None, done: D | None = None) -> dict:
    return {"doc_date": start, "due_day": due, "due_at": T.combine(due, dt.time()) if due else None,
            "completed_day": done, "completed_at": T.combine(done, dt.time(15)) if done else None}


TASK_CASES = [
    ("T1", task(D(2026, 10, 1), S, S), {"total": 1, "done_on_time": 1}),
    ("T2", task(D(2026, 10, 1), day_before(S), S), {"total": 1, "done_late": 1}),
    ("T3", task(D(2026, 10, 1), S), {"total": 1, "open_on_time": 1}),
    ("T4", task(D(2026, 10, 1), day_before(S)), {"total": 1, "open_overdue": 1}),
    ("T5", task(D(2026, 10, 1), D(2026, 11, 10), D(2026, 11, 16)), {"total": 1, "open_overdue": 1}),  # done after S
    ("T6", task(D(2026, 10, 1), None, D(2026, 11, 1)), {"total": 1, "no_deadline_done": 1}),
    ("T7", task(D(2026, 10, 1), None), {"total": 1, "no_deadline_open": 1}),
    ("T8", task(D(2026, 11, 16), D(2026, 11, 30)), {}),  # assigned after S
    ("T9", task(S, D(2026, 11, 30), S), {"total": 1, "done_on_time": 1}),  # assigned on S
]


def test_task_rules(engine):
    _seed(engine, "tasks", TASK_CASES)
    pd.testing.assert_frame_equal(run(engine, "tasks", by="agency"), expected_frame("tasks", TASK_CASES))


def test_task_rules_for_a_period(engine):
    """With a period: tasks assigned in [from, to], judged at the end of `to`."""
    cases = [
        ("T1", task(D(2026, 10, 31), D(2026, 11, 5)), {}),  # assigned before the period
        ("T2", task(D(2026, 11, 1), D(2026, 11, 5), D(2026, 11, 12)), {"total": 1, "open_overdue": 1}),
        ("T3", task(D(2026, 11, 10), D(2026, 11, 10)), {"total": 1, "open_on_time": 1}),
        ("T4", task(D(2026, 11, 11), D(2026, 11, 12)), {}),
    ]
    _seed(engine, "tasks", cases)
    got = run(engine, "tasks", date_from=FROM, date_to=TO, by="agency")
    pd.testing.assert_frame_equal(got, expected_frame("tasks", cases))


def test_consultation_rules_follow_the_consulted_agency(engine):
    def consultation(c: dict) -> dict:
        return {"sent_day": c["doc_date"], "sent_at": T.combine(c["doc_date"], dt.time(9)), "due_day": c["due_day"],
                "due_at": c["due_at"], "replied_day": c["completed_day"], "replied_at": c["completed_at"],
                "requesting_agency_code": "REQ"}

    cases = [(k, consultation(rec), figs) for k, rec, figs in TASK_CASES]
    _seed(engine, "consultations", cases)
    got = run(engine, "consultations", by="agency")
    pd.testing.assert_frame_equal(got, expected_frame("consultations", cases))
    assert "REQ" not in got["key"].tolist()


# --------------------------------------------------------------------------- petitions
def petition(received: T, due: D | None, answered: T | None = None, transfers: int = 0) -> dict:
    return {"received_at": received, "due_day": due, "due_at": T.combine(due, dt.time()) if due else None,
            "answered_at": answered, "transfer_count": transfers}


PETITION_CASES = [
    ("Q1", petition(R, D(2026, 11, 10), T(2026, 11, 10, 16)), {"total": 1, "answered": 1, "answered_on_time": 1}),
    ("Q2", petition(R, D(2026, 11, 10), T(2026, 11, 11, 8), 3),
     {"total": 1, "answered": 1, "answered_late": 1, "transferred_3_or_more": 1}),
    ("Q3", petition(R, S, None, 2), {"total": 1, "open": 1}),
    ("Q4", petition(R, day_before(S)), {"total": 1, "open": 1, "open_overdue": 1}),
    ("Q5", petition(R, None, T(2026, 11, 3, 8), 5), {"total": 1, "answered": 1, "transferred_3_or_more": 1}),
    ("Q6", petition(R, D(2026, 11, 10), T(2026, 11, 16, 8)), {"total": 1, "open": 1, "open_overdue": 1}),
    ("Q7", petition(T(2026, 11, 16, 8), D(2026, 12, 7)), {}),
    ("Q8", petition(R, None), {"total": 1, "open": 1}),
]


def test_petition_rules(engine):
    _seed(engine, "petitions", PETITION_CASES)
    pd.testing.assert_frame_equal(run(engine, "petitions", by="agency"), expected_frame("petitions", PETITION_CASES))


# --------------------------------------------------------------------------- internal procedures
def test_internal_procedure_rules(engine):
    def proc(published=None, published_at=None, plan=None, cut=None, before=None, after=None):
        return {"published": published, "published_at": published_at, "simplification_plan": plan, "cut": cut,
                "cost_before": before, "cost_after": after}

    cases = [
        ("I1", proc(True, None, True, True, 1_000_000, 700_000),
         {"total": 1, "published": 1, "simplification_plan": 1, "cut": 1, "cost_before": 1_000_000,
          "cost_after": 700_000}),
        ("I2", proc(True, S, False, False, 500_000, None), {"total": 1, "published": 1}),  # one cost missing
        ("I3", proc(True, D(2026, 11, 16), True, False, None, 200_000), {"total": 1, "simplification_plan": 1}),
        ("I4", proc(False, None, None, None, 3_000_000_000, 3_000_000_000),  # beyond 32-bit integers
         {"total": 1, "cost_before": 3_000_000_000, "cost_after": 3_000_000_000}),
    ]
    _seed(engine, "internal_procedures", cases)
    got = run(engine, "internal_procedures", by="agency")
    pd.testing.assert_frame_equal(got, expected_frame("internal_procedures", cases))


# --------------------------------------------------------------------------- registry and breakdowns
def test_every_figure_column_has_a_registry_entry(engine):
    from dashboard.breakdowns import LATENESS_COLUMNS, lateness, monthly_counts, overdue_days
    from dashboard.metric_registry import REGISTRY, add_rates, rates

    with engine.connect() as conn:
        for kind in COLUMNS:
            for by in ("city", "agency"):
                cols = run(engine, kind, by=by).columns[2:]
                missing = [c for c in cols if (kind, c) not in REGISTRY]
                assert not missing, (kind, missing)
            for m in rates(kind):  # every rate is computable from the kind's figures
                assert {c.lstrip("-") for c in m.numerator + m.denominator} <= set(COLUMNS[kind]), m.name
            assert set(add_rates(run(engine, kind), kind).columns) >= {m.name for m in rates(kind)}
        assert all(("dossiers", c) in REGISTRY for c in LATENESS_COLUMNS)
        assert list(lateness(conn, S).columns[2:]) == list(LATENESS_COLUMNS)
        assert ("dossiers", "late_total") in REGISTRY and "late_total" in monthly_counts(conn, "dossiers", S)
        for c in overdue_days(conn, "tasks", S).columns[2:]:
            assert ("tasks", c) in REGISTRY and ("consultations", c) in REGISTRY


def test_registry_labels_and_targets():
    import unicodedata

    from dashboard.metric_registry import METRICS, get

    for m in METRICS:
        assert m.vi and m.en and m.desc_vi and m.desc_en and m.formula and m.unit, m.name
        assert unicodedata.normalize("NFC", m.vi) == m.vi
        assert m.direction in ("higher", "lower", "neutral")
    assert get("dossiers", "resolved_on_time").vi == "Giải quyết đúng hạn"
    assert [get("internal_procedures", n).target for n in ("published_pct", "plan_pct", "cut_pct",
                                                           "cost_reduction_pct")] == [100, 50, 20, 20]


def test_rates_are_empty_when_nothing_to_divide():
    from dashboard.metric_registry import add_rates

    df = pd.DataFrame({"key": ["a", "b"], "name": ["a", "b"], "resolved": [0, 3], "resolved_early": [0, 1],
                       "resolved_on_time": [0, 1], "received": [0, 0], "received_online": [0, 0]})
    out = add_rates(df, "dossiers")
    assert pd.isna(out.loc[0, "on_time_rate_pct"]) and out.loc[1, "on_time_rate_pct"] == 66.67
    assert pd.isna(out.loc[1, "online_rate_pct"])
    assert "apology_rate_pct" not in out  # its inputs are not in this frame


def test_lateness_in_working_days(engine):
    """due Fri 13/11, S = Sun 15/11: overdue but 0 working days late; Tue 24/11 is a holiday."""
    from dashboard.breakdowns import late_dossiers, lateness
    from data_loaders.schema import HolidayOverride

    cases = [
        ("L1", dossier(R, T(2026, 11, 13, 8)), {}),                                # open, 0 wd
        ("L2", dossier(R, T(2026, 11, 20, 8), T(2026, 11, 25, 9)), {}),            # Mon, Wed: 2 wd (24/11 off)
        ("L3", dossier(R, T(2026, 11, 10, 8), T(2026, 11, 10, 9), deadline_exact=True), {}),  # late same day: 0
        ("L4", dossier(R, T(2026, 11, 10, 8), T(2026, 11, 10, 9)), {}),            # on time: not listed
        ("L5", dossier(R, T(2026, 11, 2, 8)), {}),                                 # open since 2/11: 16 wd
    ]
    _seed(engine, "dossiers", cases)
    as_of = D(2026, 11, 25)
    with engine.connect() as conn:
        late = late_dossiers(conn, as_of).set_index("agency_code")
        assert late["lateness_wd"].to_dict() == {"L1": 7, "L2": 2, "L3": 0, "L5": 16}
        assert late.loc["L2", "resolved"] and not late.loc["L1", "resolved"]
        assert late.loc["L1", "ref_day"] == as_of
        assert lateness(conn, S, scope=Scope.only(["L1", "L3"])).loc[0, "lateness_wd_sum"] == 0
        city = lateness(conn, S).iloc[0]
        assert (city.late_total, city.late_wd_0, city.late_wd_6_10) == (3, 2, 1)  # L1, L3 at 0; L5 at 9
    with engine.begin() as conn:  # an announced day off on Mon 16/11 shortens L1's lateness
        conn.execute(sa.insert(HolidayOverride), [{"day": D(2026, 11, 16), "is_working_day": False}])
    with engine.connect() as conn:
        assert late_dossiers(conn, as_of).set_index("agency_code").loc["L1", "lateness_wd"] == 6


def test_agency_rollup_adds_communes_to_their_district(engine):
    from dashboard.breakdowns import agency_rollup

    with engine.begin() as conn:
        conn.execute(sa.insert(Agency), [
            {"code": "303", "name": "UBND quận Hồng Bàng", "kind": "quận", "parent_code": None},
            {"code": "303.01", "name": "Phường A", "kind": "phường", "parent_code": "303"},
            {"code": "303.02", "name": "Phường B", "kind": "phường", "parent_code": "303"},
            {"code": "SXD", "name": "Sở Xây dựng", "kind": "sở", "parent_code": None},
        ])
    open_ = dossier(R, T(2026, 11, 20, 8))
    _seed(engine, "dossiers", [("303", open_, {}), ("303.01", open_, {}), ("303.02", open_, {}),
                               ("303.02", open_, {}), ("SXD", open_, {})])
    with engine.connect() as conn:
        df = agency_rollup(conn, "dossiers", S)
        assert df[["key", "name", "received"]].values.tolist() == [
            ["303", "UBND quận Hồng Bàng", 4], ["SXD", "Sở Xây dựng", 1]]
        scoped = agency_rollup(conn, "dossiers", S, scope=Scope.only(["303.02"]))
        assert scoped[["key", "received"]].values.tolist() == [["303", 2]]
