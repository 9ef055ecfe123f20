"""Derived dossier views the dossier page needs beside Biểu 06: the share of late dossiers that
got an apology letter, and the procedures that are late most often. Both are computed from
`figures` / `grouped.figures_by` frames (no rule restated). No Streamlit.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from .grouped import figures_by
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
    df = figures_by(conn, "dossiers", "procedure", as_of, date_from, date_to, scope, **subset)
    df["late"] = late_count(df).astype("int64")
    df["handled"] = (df["resolved"] + df["in_progress"]).astype("int64")
    df["late_pct"] = (100 * df["late"] / df["handled"].where(df["handled"] != 0)).round(2).astype("Float64")
    df = df[df["late"] > 0].sort_values(["late", "late_pct", "key"], ascending=[False, False, True])
    return df.head(n).reset_index(drop=True)
