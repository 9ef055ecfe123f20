"""Derived dossier views the dossier page needs beside Biểu 06: the share of late dossiers that
got an apology letter, the procedures that are late most often, and the late dossiers per
agency × month. All are computed from `figures` / `grouped.figures_by` frames or from the
conditions of `metrics.dossier_conditions` (no rule restated). No Streamlit.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from data_loaders.schema import Agency, Dossier

from .grouped import figures_by
from .metrics import check_args, dossier_conditions, month_of, period_end, subset_clause
from .scope import Scope


def late_count(df: pd.DataFrame) -> pd.Series:
    """Late dossiers = resolved late + in progress overdue (truth.json `late_total`)."""
    return df["resolved_late"] + df["in_progress_overdue"]


def apology_share(df: pd.DataFrame) -> pd.DataFrame:
    """Add `late` and `apology_pct` (= late with an apology letter / late × 100, 2 decimals,
    NA when nothing is late) to a dossier figures frame (city, agency or any grouping)."""
    out = df.copy()
    out["late"] = late_count(out).astype("int64")
    out["apology_pct"] = (100 * out["late_with_apology"] / out["late"].where(out["late"] != 0)).round(2).astype("Float64")
    return out


def late_procedures(conn, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
                    scope: Scope = Scope.all(), n: int = 15, **subset) -> pd.DataFrame:
    """The n procedures with the most late dossiers: key (procedure code), name, handled
    (resolved + in progress), late, late_pct (late / handled), plus the Biểu 06 counts."""
    return rank_late_procedures(figures_by(conn, "dossiers", "procedure", as_of, date_from, date_to, scope, **subset), n)


def rank_late_procedures(by_procedure: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """late_procedures on a per-procedure figures frame."""
    df = by_procedure.copy()
    df["late"] = late_count(df).astype("int64")
    df["handled"] = (df["resolved"] + df["in_progress"]).astype("int64")
    df["late_pct"] = (100 * df["late"] / df["handled"].where(df["handled"] != 0)).round(2).astype("Float64")
    df = df[df["late"] > 0].sort_values(["late", "late_pct", "key"], ascending=[False, False, True])
    return df.head(n).reset_index(drop=True)


def late_by_agency_month(conn, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
                         scope: Scope = Scope.all(), **subset) -> pd.DataFrame:
    """Late dossiers (resolved late + in progress overdue) per agency and month of receipt: the
    heat map's data. Columns key, name, month ('YYYY-MM'), late_total; only pairs with late
    dossiers. Equal to grouped.agency_month's late_total where that is not zero, but it reads
    only the late dossiers' keys instead of grouping every dossier (a sort of a million rows on
    SQLite)."""
    check_args("dossiers", "month", as_of, date_from, date_to)
    end = period_end(as_of, date_to)
    t = Dossier.__table__
    c = dossier_conditions(t, date_from, end)
    where = [subset_clause("dossiers", scope, **subset), sa.or_(c["resolved_late"], c["in_progress_overdue"])]
    if date_from is not None:  # as agency_month: months before the period are left out
        where.append(t.c.received_day >= date_from)
    late = sa.select(t.c.agency_code.label("key"), month_of(conn, t.c.received_day).label("month")).where(
        *where).subquery("late")
    a = Agency.__table__
    stmt = (sa.select(late.c.key, sa.func.max(a.c.name), late.c.month, sa.func.count())
            .select_from(late.outerjoin(a, a.c.code == late.c.key))
            .group_by(late.c.key, late.c.month).order_by(late.c.key, late.c.month))
    df = pd.DataFrame(conn.execute(stmt).all(), columns=["key", "name", "month", "late_total"])
    df["name"] = df["name"].where(df["name"].notna(), df["key"])
    return df.astype({"key": "str", "name": "str", "month": "str", "late_total": "int64"})
