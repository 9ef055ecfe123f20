"""Figures grouped by what `metrics.figures` does not group by: a column of the record itself
(dossier channel or procedure, task assigning leader or document kind, petition channel or
satisfaction), agency × month, and the administrative level of the agency.

The rules are NOT restated here: every count is one of `metrics.figure_exprs`, only the GROUP BY
differs, so a figure on the tasks page "by assigning leader" sums to the city figure of the
overview. Aggregation is in the database with bound parameters; the level roll-up maps a
per-agency frame (a few hundred rows) in pandas. No Streamlit.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from data_loaders.schema import Agency

from .filters import LEVELS, level_of
from .metrics import (COLUMNS, SPECS, _ZERO, _derive, check_args, figure_exprs, figures, month_of, period_end,
                      subset_clause)
from .scope import Scope

UNKNOWN_KEY = ""

# kind → columns a page may group by (an allow-list: the column name reaches SQL as an identifier)
GROUPABLE: dict[str, tuple[str, ...]] = {
    "dossiers": ("channel", "procedure", "status", "field"),
    "tasks": ("assigned_by", "doc_kind", "status"),
    "petitions": ("channel", "satisfaction", "status", "field", "transfer_count"),
    "consultations": ("requesting_agency_code",),
}

UNKNOWN_LEVEL = "unknown"  # public service units and agencies of no listed kind


def _key_and_name(t, kind: str, column: str):
    """The GROUP BY key (and a display name where the key is a code)."""
    if kind == "dossiers" and column == "procedure":
        # Some exports have no procedure code: fall back to the name so those still group.
        key = sa.func.coalesce(sa.func.nullif(t.c.procedure_code, ""), sa.func.nullif(t.c.procedure_name, ""), "")
        return key, sa.func.max(t.c.procedure_name)
    col = t.c[column]
    if column == "transfer_count":
        return sa.func.coalesce(col, 0), None
    return sa.func.coalesce(sa.func.nullif(col, ""), UNKNOWN_KEY), None


def figures_by(conn, kind: str, column: str, as_of: dt.date, date_from: dt.date | None = None,
               date_to: dt.date | None = None, scope: Scope = Scope.all(), *, locality=None,
               field: str | None = None) -> pd.DataFrame:
    """Figures of `kind` per value of `column` (see GROUPABLE). Columns: key, name, COLUMNS[kind].
    locality / field: as metrics.figures.

    Records starting after the end are left out in WHERE (they count in no figure), which keeps
    values that only occur later off the list. Missing values group under key "" (the page
    labels it "không rõ")."""
    if column not in GROUPABLE.get(kind, ()):
        raise ValueError(f"{kind} cannot be grouped by {column!r}; choose one of {GROUPABLE.get(kind, ())}")
    check_args(kind, "city", as_of, date_from, date_to)
    spec = SPECS[kind]
    t = spec.table
    end = period_end(as_of, date_to)
    exprs = figure_exprs(kind, date_from, end)
    key, name = _key_and_name(t, kind, column)
    cols = [sa.func.coalesce(e, _ZERO).label(n) for n, e in exprs.items()]
    stmt = (sa.select(key.label("key"), (name if name is not None else key).label("name"), *cols)
            .where(subset_clause(kind, scope, locality, field), t.c[spec.start] <= end)
            .group_by(key).order_by(key))
    rows = conn.execute(stmt).all()
    df = pd.DataFrame(rows, columns=["key", "name", *exprs])
    df["key"] = df["key"].astype(str)
    df["name"] = df["name"].where(df["name"].notna(), df["key"]).astype(str)
    df = df.astype({n: "int64" for n in exprs})
    return _derive(kind, df)[["key", "name", *COLUMNS[kind]]].reset_index(drop=True)


def late_total(kind: str, df: pd.DataFrame) -> pd.Series:
    """Late = done late + still open past the deadline (as breakdowns.monthly_counts has it)."""
    a, b = {"dossiers": ("resolved_late", "in_progress_overdue"), "tasks": ("done_late", "open_overdue"),
            "consultations": ("done_late", "open_overdue"), "petitions": ("answered_late", "open_overdue")}[kind]
    return df[a] + df[b]


def agency_month(conn, kind: str, as_of: dt.date, date_from: dt.date | None = None,
                 date_to: dt.date | None = None, scope: Scope = Scope.all(), *, locality=None,
                 field: str | None = None) -> pd.DataFrame:
    """Figures per (agency, month of the start date) plus `late_total`: the heat map's data.
    Long frame: key, name, month, COLUMNS[kind], late_total; only (agency, month) pairs with records."""
    check_args(kind, "month", as_of, date_from, date_to)
    spec = SPECS[kind]
    t = spec.table
    end = period_end(as_of, date_to)
    exprs = figure_exprs(kind, date_from, end)
    agency, month = t.c[spec.agency], month_of(conn, t.c[spec.start])
    where = [subset_clause(kind, scope, locality, field), t.c[spec.start] <= end]
    if date_from is not None:  # months before the period hold only carried-over dossiers
        where.append(t.c[spec.start] >= date_from)
    stmt = (sa.select(agency.label("key"), month.label("month"),
                      *[sa.func.coalesce(e, _ZERO).label(n) for n, e in exprs.items()])
            .where(*where).group_by(agency, month))
    sub = stmt.subquery("am")
    a = Agency.__table__
    rows = conn.execute(sa.select(sub.c.key, a.c.name, sub.c.month, *[sub.c[n] for n in exprs])
                        .select_from(sub.outerjoin(a, a.c.code == sub.c.key))
                        .order_by(sub.c.key, sub.c.month)).all()
    df = pd.DataFrame(rows, columns=["key", "name", "month", *exprs])
    df["name"] = df["name"].where(df["name"].notna(), df["key"])
    df = df.astype({"key": "str", "name": "str", "month": "str", **{n: "int64" for n in exprs}})
    df = _derive(kind, df)[["key", "name", "month", *COLUMNS[kind]]].reset_index(drop=True)
    if kind != "internal_procedures":
        df["late_total"] = late_total(kind, df).astype("int64")
    return df


def by_level(conn, kind: str, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
             scope: Scope = Scope.all(), *, locality=None, field: str | None = None) -> pd.DataFrame:
    """Figures per level (departments / districts / communes, filters.level_of) of the agency a
    record is judged against. key = level in filters.LEVELS order, then "unknown"; levels
    without records are left out."""
    subset = {k: v for k, v in (("locality", locality), ("field", field)) if v is not None}
    per_agency = figures(conn, kind, as_of, date_from, date_to, by="agency", scope=scope, **subset)
    return level_rollup(per_agency, kind, dict(conn.execute(sa.select(Agency.code, Agency.kind)).all()))


def level_rollup(per_agency: pd.DataFrame, kind: str, kinds: dict[str, str | None]) -> pd.DataFrame:
    """by_level on a per-agency figures frame; `kinds`: agency code → agency kind."""
    per_agency = per_agency.copy()
    per_agency["level"] = [level_of(kinds.get(c)) or UNKNOWN_LEVEL for c in per_agency["key"]]
    out = per_agency.groupby("level", as_index=False)[list(COLUMNS[kind])].sum()
    order = {lv: i for i, lv in enumerate((*LEVELS, UNKNOWN_LEVEL))}
    out = out.sort_values("level", key=lambda s: s.map(order)).rename(columns={"level": "key"})
    out.insert(1, "name", out["key"])
    return out.astype({"key": "str", "name": "str"}).reset_index(drop=True)
