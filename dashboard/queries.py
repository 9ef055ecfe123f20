"""The ONLY caching module: pages ask here for data, never the database directly.

* `st.cache_resource` holds one engine per database URL;
* `st.cache_data(ttl=…)` holds query results keyed by plain hashable values (the database URL,
  the kind, dates, frozensets of codes) — never by a Filters object or an engine, so the cache
  key is exactly "what was asked", and two tests on two databases in one process never share
  a result;
* every figure comes from dashboard.metrics / dashboard.breakdowns / dashboard.lists (the
  Streamlit-free data zone), with the viewer's scope applied in SQL.

`clear()` empties the data caches: the data page calls it after an import.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from data_loaders.schema import Agency, ImportBatch

from . import breakdowns, cube, lists, metric_registry, metrics, settings
from .filters import Filters, locality_codes, scope_codes
from .scope import Scope

_TTL = settings.cache_ttl()
T = TypeVar("T")


# ---------------------------------------------------------------------- engine and viewer
@st.cache_resource(show_spinner=False)
def _engine(url: str) -> sa.Engine:
    from data_loaders.db import make_engine

    return make_engine(url)


def engine() -> sa.Engine:
    """The engine of the configured database (schema migrated on first use)."""
    return _engine(settings.database_url())


def viewer_scope() -> Scope:
    """The agencies the signed-in viewer may see. Sign-in comes later: everyone sees all.
    Restricting a user is then a change of this one value (issue 3, item 12)."""
    return Scope.all()


def clear() -> None:
    """Forget every cached query result (after an import or a demo build)."""
    st.cache_data.clear()


def in_parallel(*calls: Callable[[], T]) -> list[T]:
    """Run cached query calls side by side; their results in order (the first error is raised).

    Why: the heavy queries of a page (each a pass over a million dossiers at city scale) are
    independent, and the database does the work — SQLite releases the GIL while it steps,
    PostgreSQL works in processes of its own — so on this 2-core machine two passes take the
    time of one. Each thread carries the page's script context, which Streamlit's caches use.
    Results land in the same caches, so a later plain call of the same query is a cache hit."""
    if len(calls) <= 1:
        return [c() for c in calls]
    ctx = get_script_run_ctx(suppress_warning=True)

    def attach() -> None:
        if ctx is not None:
            add_script_run_ctx(threading.current_thread(), ctx)

    workers = min(len(calls), max(2, os.cpu_count() or 2))
    with ThreadPoolExecutor(max_workers=workers, initializer=attach, thread_name_prefix="query") as pool:
        futures = [pool.submit(c) for c in calls]
        return [f.result() for f in futures]


# ---------------------------------------------------------------------- reference data
@st.cache_data(ttl=_TTL, show_spinner=False)
def _latest_snapshot(url: str) -> dt.date | None:
    with _engine(url).connect() as conn:
        return conn.execute(sa.select(sa.func.max(ImportBatch.snapshot_date))
                            .where(ImportBatch.kind != "agencies")).scalar()


def latest_snapshot() -> dt.date | None:
    """The latest snapshot date among imported records: the default as-of day (None when nothing
    is imported yet; the caller then says so instead of silently judging as of today)."""
    return _latest_snapshot(settings.database_url())


@st.cache_data(ttl=_TTL, show_spinner=False)
def _is_demo(url: str) -> bool:
    with _engine(url).connect() as conn:
        values = conn.execute(sa.select(ImportBatch.imported_by).distinct()).scalars().all()
    return settings.is_demo_data(values)


def is_demo() -> bool:
    return _is_demo(settings.database_url())


@st.cache_data(ttl=_TTL, show_spinner=False)
def _agencies(url: str) -> pd.DataFrame:
    cols = [Agency.code, Agency.name, Agency.kind, Agency.parent_code, Agency.valid_from, Agency.valid_to]
    with _engine(url).connect() as conn:
        rows = conn.execute(sa.select(*cols).order_by(Agency.code)).all()
    df = pd.DataFrame(rows, columns=[c.key for c in cols])
    from .filters import level_of

    df["level"] = df["kind"].map(level_of)
    return df


def agencies() -> pd.DataFrame:
    """The agency registry: code, name, kind, parent_code, valid_from, valid_to, level."""
    return _agencies(settings.database_url())


def agency_names() -> dict[str, str]:
    df = agencies()
    return dict(zip(df["code"], df["name"]))


def _agency_rows() -> tuple[tuple[str, str | None, str | None], ...]:
    df = agencies()
    return tuple(zip(df["code"], df["kind"], df["parent_code"]))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _fields(url: str, kinds: tuple[str, ...]) -> list[str]:
    out: set[str] = set()
    with _engine(url).connect() as conn:
        for kind in kinds:
            col = metrics.SPECS[kind].table.c.field
            out.update(v for v in conn.execute(sa.select(col).distinct()).scalars() if v)
    return sorted(out)


def fields(kind: str | None = None) -> list[str]:
    """Distinct fields (lĩnh vực) of a kind, or of every kind that has them when kind is None."""
    kinds = (kind,) if kind else tuple(k for k, s in metrics.SPECS.items() if s.field)
    if kind and not metrics.SPECS[kind].field:
        return []
    return _fields(settings.database_url(), kinds)


# ---------------------------------------------------------------------- filters → SQL arguments
def scope_for(filters: Filters) -> Scope:
    """The viewer's scope narrowed by the agency-kind and agency filters."""
    codes = scope_codes(filters, _agency_rows())
    viewer = viewer_scope()
    if codes is None:
        return viewer
    return Scope.only(codes if viewer.unrestricted else codes & viewer.codes)


def ignored_filters(kind: str, filters: Filters) -> list[str]:
    """Filters the user set that do not apply to `kind` (tasks have no locality nor field)."""
    spec = metrics.SPECS[kind]
    out = []
    if filters.locality and not spec.locality:
        out.append("locality")
    if filters.field and not spec.field:
        out.append("field")
    return out


def _args(kind: str, filters: Filters) -> dict:
    """The hashable arguments of a cached call: URL, dates, scope codes, locality codes, field."""
    spec = metrics.SPECS[kind]
    scope = scope_for(filters)
    loc = locality_codes(filters, _agency_rows()) if spec.locality else None
    return dict(url=settings.database_url(), as_of=filters.as_of, date_from=filters.date_from,
                date_to=filters.date_to, scope=scope.codes, locality=loc,
                field=filters.field if spec.field else None)


def _subset(locality, field) -> dict:
    out = {}
    if locality is not None:
        out["locality"] = locality
    if field is not None:
        out["field"] = field
    return out


# ---------------------------------------------------------------------- figures
@st.cache_data(ttl=_TTL, show_spinner=False)
def _dossier_cube(url, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _engine(url).connect() as conn:
        return cube.dossier_cube(conn, as_of, date_from, date_to, Scope(scope), **_subset(locality, field))


def dossier_rollup(url, by, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    """Dossier figures by city / agency / field / locality / channel / procedure, summed from the one
    cached pass of dashboard.cube (the same figures as the queries it replaces), with rates."""
    registry = _agencies(url)
    names = dict(zip(registry["code"], registry["name"])) if by in ("agency", "locality") else None
    df = cube.rollup(_dossier_cube(url, as_of, date_from, date_to, scope, locality, field), by, names)
    return metric_registry.add_rates(df, "dossiers")


@st.cache_data(ttl=_TTL, show_spinner=False)
def _figures(url, kind, by, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    if kind == "dossiers" and by in cube.FIGURES_BY:
        return dossier_rollup(url, by, as_of, date_from, date_to, scope, locality, field)
    with _engine(url).connect() as conn:
        df = metrics.figures(conn, kind, as_of, date_from, date_to, by=by, scope=Scope(scope),
                             **_subset(locality, field))
    return metric_registry.add_rates(df, kind)


def figures(kind: str, filters: Filters, by: str = "city") -> pd.DataFrame:
    """dashboard.metrics.figures for the filters, with the registry's rates added."""
    return _figures(kind=kind, by=by, **_args(kind, filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _city_only(url, kind, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _engine(url).connect() as conn:
        df = metrics.figures(conn, kind, as_of, date_from, date_to, by="city", scope=Scope(scope),
                             **_subset(locality, field))
    return metric_registry.add_rates(df, kind)


def city_figures_only(kind: str, filters: Filters) -> pd.DataFrame:
    """The city row of `figures` by a pass of its own: for filters nothing else is asked of,
    such as the previous period behind a KPI's change. A plain pass costs about half of the
    dossier breakdown pass that `figures` would otherwise run to sum it from."""
    return _city_only(kind=kind, **_args(kind, filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _rollup(url, kind, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    per_agency = _figures(url, kind, "agency", as_of, date_from, date_to, scope, locality, field)
    registry = _agencies(url)[["code", "parent_code", "name"]].itertuples(index=False)
    return metric_registry.add_rates(breakdowns.rollup_to_top(per_agency, kind, registry), kind)


def agency_rollup(kind: str, filters: Filters) -> pd.DataFrame:
    """Figures per top-level unit (a district with its communes), with rates."""
    return _rollup(kind=kind, **_args(kind, filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _monthly(url, kind, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _engine(url).connect() as conn:
        df = breakdowns.monthly_counts(conn, kind, as_of, date_from, date_to, Scope(scope),
                                       **_subset(locality, field))
    return metric_registry.add_rates(df, kind)


def monthly_counts(kind: str, filters: Filters) -> pd.DataFrame:
    """Figures per month of the start date, plus late_total, with rates."""
    return _monthly(kind=kind, **_args(kind, filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _lateness(url, by, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _engine(url).connect() as conn:
        return breakdowns.lateness(conn, as_of, date_from, date_to, by=by, scope=Scope(scope),
                                   **_subset(locality, field))


def lateness(filters: Filters, by: str = "city") -> pd.DataFrame:
    """Dossier lateness in working days (histogram buckets) per city or agency."""
    return _lateness(by=by, **_args("dossiers", filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _late_dossiers(url, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _engine(url).connect() as conn:
        return breakdowns.late_dossiers(conn, as_of, date_from, date_to, Scope(scope),
                                        **_subset(locality, field))


def late_dossiers(filters: Filters) -> pd.DataFrame:
    """One row per late dossier with its lateness in working days (no personal data)."""
    return _late_dossiers(**_args("dossiers", filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _overdue_days(url, kind, by, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _engine(url).connect() as conn:
        return breakdowns.overdue_days(conn, kind, as_of, date_from, date_to, by=by, scope=Scope(scope))


def overdue_days(kind: str, filters: Filters, by: str = "agency") -> pd.DataFrame:
    """Tasks or consultations: calendar days past the deadline per group."""
    return _overdue_days(kind=kind, by=by, **_args(kind, filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _overdue_items(url, kind, limit, as_of, date_from, date_to, scope, locality, field) -> tuple[pd.DataFrame, int]:
    with _engine(url).connect() as conn:
        return lists.overdue_items(conn, kind, as_of, date_from, date_to, Scope(scope), limit=limit,
                                   **_subset(locality, field))


def overdue_items(kind: str, filters: Filters, limit: int = 200) -> tuple[pd.DataFrame, int]:
    """The open overdue items of a kind (longest overdue first, at most `limit`) and their total."""
    return _overdue_items(kind=kind, limit=limit, **_args(kind, filters))
