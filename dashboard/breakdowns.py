"""Breakdowns the pages need beside `figures`: district roll-ups, dossier lateness in working
days, monthly counts and task overdue days. Each is a pure function (conn, filters, as_of, scope)
→ DataFrame built on the rules of dashboard.metrics (no rule is restated here). No Streamlit.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data_loaders.schema import Agency, Dossier

from .metrics import (COLUMNS, SPECS, UNKNOWN_NAME, CITY_KEY, CITY_NAME, _ONE, _ZERO, check_args,
                      dossier_conditions, figures, period_end, subset_clause)
from .scope import Scope

# Buckets of lateness in working days, as truth.json `lateness_histogram` labels them.
LATENESS_BINS: tuple[tuple[str, str, int, int | None], ...] = (
    ("0", "late_wd_0", 0, 0), ("1", "late_wd_1", 1, 1), ("2-3", "late_wd_2_3", 2, 3),
    ("4-5", "late_wd_4_5", 4, 5), ("6-10", "late_wd_6_10", 6, 10), ("11-20", "late_wd_11_20", 11, 20),
    (">20", "late_wd_over_20", 21, None),
)
LATENESS_COLUMNS = ("late_total", "lateness_wd_sum", "lateness_wd_max", *(b[1] for b in LATENESS_BINS))


def agency_names(conn) -> dict[str, str]:
    return dict(conn.execute(sa.select(Agency.code, Agency.name)).all())


def agency_rollup(conn, kind: str, as_of: dt.date, date_from: dt.date | None = None,
                  date_to: dt.date | None = None, scope: Scope = Scope.all(), **subset) -> pd.DataFrame:
    """Figures per top-level unit: a district together with its communes (agency.parent_code,
    followed to the top), a department on its own. Only units that have records appear."""
    per_agency = figures(conn, kind, as_of, date_from, date_to, by="agency", scope=scope, **subset)
    rows = conn.execute(sa.select(Agency.code, Agency.parent_code, Agency.name)).all()
    return rollup_to_top(per_agency, kind, rows)


def rollup_to_top(per_agency: pd.DataFrame, kind: str, registry) -> pd.DataFrame:
    """agency_rollup on a per-agency figures frame; `registry`: (code, parent_code, name) rows."""
    rows = list(registry)
    parent = {c: p for c, p, _ in rows if isinstance(p, str) and p}  # None or NaN: a top unit
    names = {c: n for c, _, n in rows}

    def top(code: str) -> str:
        seen = {code}
        while code in parent and parent[code] not in seen:  # guard against a cycle in the registry
            code = parent[code]
            seen.add(code)
        return code

    df = per_agency.drop(columns=["name"]).assign(key=per_agency["key"].map(top))
    out = df.groupby("key", sort=True, as_index=False)[list(COLUMNS[kind])].sum()
    out.insert(1, "name", out["key"].map(lambda k: names.get(k, k)))
    return out.astype({"key": "str", "name": "str"})


def late_dossiers(conn, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
                  scope: Scope = Scope.all(), calendar=None, **subset) -> pd.DataFrame:
    """One row per late dossier (resolved late in the period, or in progress and overdue at its end)
    with its lateness in working days: days d with due_day < d <= ref_day, ref_day = the return day
    when resolved, else the end day. The selection is SQL; the working-day count numpy, over the
    late rows only."""
    from data_loaders.workdays import WorkCalendar

    check_args("dossiers", "city", as_of, date_from, date_to)
    end = period_end(as_of, date_to)
    t = Dossier.__table__
    c = dossier_conditions(t, date_from, end)
    stmt = (sa.select(t.c.dossier_id, t.c.agency_code, t.c.field, t.c.received_day, t.c.due_day,
                      t.c.returned_day, t.c.apology_issued,
                      sa.case((c["resolved_late"], _ONE), else_=_ZERO).label("resolved"))
            .where(subset_clause("dossiers", scope, **subset), sa.or_(c["resolved_late"], c["in_progress_overdue"]))
            .order_by(t.c.dossier_id))
    df = pd.DataFrame(conn.execute(stmt).all(), columns=[
        "dossier_id", "agency_code", "field", "received_day", "due_day", "returned_day", "apology_issued", "resolved"])
    df["resolved"] = df["resolved"].astype(bool)
    df.loc[~df["resolved"], "returned_day"] = None  # returned after the end: not returned as of the end
    ref = np.where(df["resolved"], pd.to_datetime(df["returned_day"]).to_numpy("datetime64[D]"),
                   np.datetime64(end, "D"))
    cal = calendar or WorkCalendar.from_engine(conn)
    df["ref_day"] = pd.to_datetime(ref).date if len(df) else pd.Series([], dtype=object)
    df["lateness_wd"] = cal.working_days_between_array(
        pd.to_datetime(df["due_day"]).to_numpy("datetime64[D]"), ref).astype("int64")
    return df


def lateness(conn, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
             by: str = "city", scope: Scope = Scope.all(), calendar=None, **subset) -> pd.DataFrame:
    """Per group (city or agency): late_total, lateness_wd_sum/max and the histogram buckets.
    City always has one row; by agency lists the agencies with late dossiers only.

    The late dossiers of late_dossiers, counted in SQL per (agency,) due day and reference day
    rather than fetched one by one: at city scale 84,504 late dossiers fall on 17,994 such pairs
    (measured at a million dossiers), and the working days are counted once per pair."""
    from data_loaders.workdays import WorkCalendar

    if by not in ("city", "agency"):
        raise ValueError(f"lateness is grouped by city or agency, not {by!r}")
    check_args("dossiers", "city", as_of, date_from, date_to)
    end = period_end(as_of, date_to)
    t = Dossier.__table__
    c = dossier_conditions(t, date_from, end)
    # the day lateness runs to: the return day when resolved (late) in the period, else the end
    ref = sa.case((c["resolved_late"], t.c.returned_day), else_=sa.literal(end, sa.Date))
    late = (sa.select(t.c.agency_code.label("key"), t.c.due_day.label("due_day"), ref.label("ref_day"))
            .where(subset_clause("dossiers", scope, **subset), sa.or_(c["resolved_late"], c["in_progress_overdue"]))
            .subquery("late"))
    keys = [late.c.key] if by == "agency" else []
    # grouped outside the subquery: PostgreSQL would not match the CASE's parameters in GROUP BY
    stmt = sa.select(*keys, late.c.due_day, late.c.ref_day, sa.func.count().label("n")).group_by(
        *keys, late.c.due_day, late.c.ref_day)
    pairs = pd.DataFrame(conn.execute(stmt).all(), columns=(["key"] if keys else []) + ["due_day", "ref_day", "n"])
    if not keys:
        pairs.insert(0, "key", CITY_KEY)
    cal = calendar or WorkCalendar.from_engine(conn)
    wd = (cal.working_days_between_array(pd.to_datetime(pairs["due_day"]).to_numpy("datetime64[D]"),
                                         pd.to_datetime(pairs["ref_day"]).to_numpy("datetime64[D]"))
          if len(pairs) else np.zeros(0, dtype="int64"))
    n = pairs["n"].astype("int64")
    late_df = pd.DataFrame({"key": pairs["key"].astype(str), "late_total": n, "lateness_wd_sum": wd * n,
                            "lateness_wd_max": wd})
    for _label, col, lo, hi in LATENESS_BINS:
        late_df[col] = np.where((wd >= lo) & (wd <= hi if hi is not None else True), n, 0)
    g = late_df.groupby("key", sort=True)
    out = g[[col for col in LATENESS_COLUMNS if col != "lateness_wd_max"]].sum()
    out.insert(2, "lateness_wd_max", g["lateness_wd_max"].max())
    out = out[list(LATENESS_COLUMNS)].reset_index()
    if by == "city" and out.empty:
        out = pd.DataFrame([{"key": CITY_KEY, **{c: 0 for c in LATENESS_COLUMNS}}])
    names = {CITY_KEY: CITY_NAME} if by == "city" else agency_names(conn)
    out.insert(1, "name", out["key"].map(lambda k: names.get(k, k)))
    return out.astype({"key": "str", "name": "str", **{c: "int64" for c in LATENESS_COLUMNS}})


def monthly_counts(conn, kind: str, as_of: dt.date, date_from: dt.date | None = None,
                   date_to: dt.date | None = None, scope: Scope = Scope.all(), **subset) -> pd.DataFrame:
    """Figures per month of the start date (received / assigned / sent), plus `late_total`
    (resolved or done late + still open past the deadline, as of the end). `subset`: the
    locality / field keywords of metrics.figures."""
    df = figures(conn, kind, as_of, date_from, date_to, by="month", scope=scope, **subset)
    late = {"dossiers": ("resolved_late", "in_progress_overdue"), "tasks": ("done_late", "open_overdue"),
            "consultations": ("done_late", "open_overdue"), "petitions": ("answered_late", "open_overdue")}
    if kind in late:
        a, b = late[kind]
        df["late_total"] = df[a] + df[b]
    return df.rename(columns={"key": "month"}).drop(columns=["name"])


def _day_diff(conn, later, earlier) -> sa.ColumnElement:
    """Calendar days between two DATE columns (dialect-specific: SQLite has no date arithmetic)."""
    if conn.dialect.name == "sqlite":
        return sa.cast(sa.func.julianday(later) - sa.func.julianday(earlier), sa.Integer)
    return later - earlier


def overdue_days(conn, kind: str, as_of: dt.date, date_from: dt.date | None = None,
                 date_to: dt.date | None = None, by: str = "agency", scope: Scope = Scope.all()) -> pd.DataFrame:
    """Tasks or consultations: calendar days past the deadline, summed — (completion − deadline)
    for those done late, (end − deadline) for those still open past it. `by`: city, agency, or for
    tasks assigned_by / doc_kind. Every group that has records appears (zeros allowed)."""
    if kind not in ("tasks", "consultations"):
        raise ValueError("overdue days are computed for tasks and consultations")
    groups = {"city": None, "agency": SPECS[kind].agency}
    if kind == "tasks":
        groups.update(assigned_by="assigned_by", doc_kind="doc_kind")
    if by not in groups:
        raise ValueError(f"{kind} overdue days are grouped by {', '.join(groups)}, not {by!r}")
    check_args(kind, "city", as_of, date_from, date_to)
    spec = SPECS[kind]
    t = spec.table
    end = period_end(as_of, date_to)
    start_col, done = t.c[spec.start], t.c[spec.done]
    exists = start_col <= end if date_from is None else sa.and_(start_col >= date_from, start_col <= end)
    done_late = sa.and_(exists, done <= end, done > t.c.due_day)
    open_overdue = sa.and_(exists, sa.or_(done.is_(None), done > end), t.c.due_day < end)
    days = sa.case((done_late, _day_diff(conn, done, t.c.due_day)),
                   (open_overdue, _day_diff(conn, sa.literal(end, sa.Date), t.c.due_day)), else_=None)
    cols = [sa.func.count(days).label("overdue_count"),
            sa.func.coalesce(sa.func.sum(days), _ZERO).label("overdue_days_sum"),
            sa.func.coalesce(sa.func.max(days), _ZERO).label("overdue_days_max")]
    where = scope.clause(t.c[spec.agency])
    if groups[by] is None:
        rows = conn.execute(sa.select(*cols).select_from(t).where(where)).all()
        df = pd.DataFrame(rows, columns=["overdue_count", "overdue_days_sum", "overdue_days_max"])
        df.insert(0, "key", CITY_KEY)
        df.insert(1, "name", CITY_NAME)
    else:
        key = sa.func.coalesce(t.c[groups[by]], "")
        stmt = sa.select(key.label("key"), *cols).where(where).group_by(key).order_by(key)
        df = pd.DataFrame(conn.execute(stmt).all(), columns=["key", "overdue_count", "overdue_days_sum",
                                                             "overdue_days_max"])
        names = agency_names(conn) if by == "agency" else {}
        df.insert(1, "name", [names.get(k, k) or UNKNOWN_NAME for k in df["key"]])
    return df.astype({"key": "str", "name": "str", "overdue_count": "int64", "overdue_days_sum": "int64",
                      "overdue_days_max": "int64"})
