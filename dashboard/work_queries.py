"""Cached calls of the work pages (tasks, dossiers, petitions, consultations): the helpers of
grouped / aging / due_soon / bieu06 / dossier_views / petition_flow / directive_targets.

This extends dashboard.queries (the caching module of the foundation) with the same
conventions rather than adding a second policy: results are cached with `st.cache_data` keyed
by plain values — queries._args(kind, filters) gives the database URL, dates, scope codes,
locality codes and field — and `queries.clear()` (st.cache_data.clear) empties these too after
an import. Pages call only these functions and dashboard.queries, never the database.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from . import aging as _aging
from . import bieu06 as _bieu06
from . import cube, directive_targets, dossier_views, due_soon, grouped, metric_registry, petition_flow, queries
from .filters import Filters
from .scope import Scope

_TTL = queries._TTL


def _subset(locality, field) -> dict:
    return queries._subset(locality, field)


def _conn(url: str):
    return queries._engine(url).connect()


# ---------------------------------------------------------------------- grouped figures
@st.cache_data(ttl=_TTL, show_spinner=False)
def _figures_by(url, kind, column, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    if kind == "dossiers" and column in cube.GROUPED_BY:
        return queries.dossier_rollup(url, column, as_of, date_from, date_to, scope, locality, field)
    with _conn(url) as conn:
        df = grouped.figures_by(conn, kind, column, as_of, date_from, date_to, Scope(scope), **_subset(locality, field))
    return metric_registry.add_rates(df, kind)


def figures_by(kind: str, column: str, filters: Filters) -> pd.DataFrame:
    """Figures per value of a record column (grouped.GROUPABLE), with the registry's rates."""
    return _figures_by(kind=kind, column=column, **queries._args(kind, filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _agency_month(url, kind, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _conn(url) as conn:
        return grouped.agency_month(conn, kind, as_of, date_from, date_to, Scope(scope), **_subset(locality, field))


def agency_month(kind: str, filters: Filters) -> pd.DataFrame:
    return _agency_month(kind=kind, **queries._args(kind, filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _by_level(url, kind, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    per_agency = queries._figures(url, kind, "agency", as_of, date_from, date_to, scope, locality, field)
    kinds = queries._agencies(url).set_index("code")["kind"].to_dict()
    return metric_registry.add_rates(grouped.level_rollup(per_agency, kind, kinds), kind)


def by_level(kind: str, filters: Filters) -> pd.DataFrame:
    return _by_level(kind=kind, **queries._args(kind, filters))


# ---------------------------------------------------------------------- aging and lists
@st.cache_data(ttl=_TTL, show_spinner=False)
def _aging_q(url, kind, since, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _conn(url) as conn:
        return _aging.aging(conn, kind, as_of, date_from, date_to, Scope(scope), since=since,
                            **_subset(locality, field))


def aging(kind: str, filters: Filters, since: str = "due") -> pd.DataFrame:
    return _aging_q(kind=kind, since=since, **queries._args(kind, filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _due_soon(url, within, limit, as_of, date_from, date_to, scope, locality, field) -> tuple[pd.DataFrame, int]:
    with _conn(url) as conn:
        return due_soon.tasks_due_soon(conn, as_of, within, date_from, date_to, Scope(scope), limit=limit)


def tasks_due_soon(filters: Filters, within_days: int, limit: int = 200) -> tuple[pd.DataFrame, int]:
    return _due_soon(within=int(within_days), limit=limit, **queries._args("tasks", filters))


# ---------------------------------------------------------------------- dossiers
@st.cache_data(ttl=_TTL, show_spinner=False)
def _bieu06_q(url, by, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    # a plain per-agency pass, not the breakdown of dashboard.cube: the form's period is not the
    # page's, so nothing else would be summed from that pass
    with _conn(url) as conn:
        return _bieu06.bieu06(conn, as_of, date_from, date_to, by=by, scope=Scope(scope), **_subset(locality, field))


def bieu06(filters: Filters, by: str = "agency") -> pd.DataFrame:
    return _bieu06_q(by=by, **queries._args("dossiers", filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _late_procedures(url, n, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    by_procedure = _figures_by(url, "dossiers", "procedure", as_of, date_from, date_to, scope, locality, field)
    return dossier_views.rank_late_procedures(by_procedure, n=n)


def late_procedures(filters: Filters, n: int = 15) -> pd.DataFrame:
    return _late_procedures(n=n, **queries._args("dossiers", filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _late_agency_month(url, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _conn(url) as conn:
        return dossier_views.late_by_agency_month(conn, as_of, date_from, date_to, Scope(scope),
                                                  **_subset(locality, field))


def late_by_agency_month(filters: Filters) -> pd.DataFrame:
    """Late dossiers per agency × month of receipt (the dossier heat map)."""
    return _late_agency_month(**queries._args("dossiers", filters))


# ---------------------------------------------------------------------- petitions
@st.cache_data(ttl=_TTL, show_spinner=False)
def _backlog(url, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _conn(url) as conn:
        return petition_flow.backlog_by_month(conn, as_of, date_from, date_to, Scope(scope), **_subset(locality, field))


def backlog_by_month(filters: Filters) -> pd.DataFrame:
    return _backlog(**queries._args("petitions", filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _transfers(url, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _conn(url) as conn:
        return petition_flow.transfer_distribution(conn, as_of, date_from, date_to, Scope(scope),
                                                   **_subset(locality, field))


def transfer_distribution(filters: Filters) -> pd.DataFrame:
    return _transfers(**queries._args("petitions", filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _passers(url, limit, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _conn(url) as conn:
        return petition_flow.passers(conn, as_of, date_from, date_to, Scope(scope), limit=limit,
                                     **_subset(locality, field))


def passers(filters: Filters, limit: int = 15) -> pd.DataFrame:
    return _passers(limit=limit, **queries._args("petitions", filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _bounced(url, min_transfers, limit, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _conn(url) as conn:
        return petition_flow.bounced(conn, as_of, date_from, date_to, min_transfers, Scope(scope), limit,
                                     **_subset(locality, field))


def bounced(filters: Filters, min_transfers: int = 3, limit: int = 200) -> pd.DataFrame:
    return _bounced(min_transfers=min_transfers, limit=limit, **queries._args("petitions", filters))


# ---------------------------------------------------------------------- internal procedures
@st.cache_data(ttl=_TTL, show_spinner=False)
def _progress(url, by, as_of, date_from, date_to, scope, locality, field) -> pd.DataFrame:
    with _conn(url) as conn:
        return directive_targets.progress(conn, as_of, by=by, scope=Scope(scope), field=field)


def internal_progress(filters: Filters, by: str = "agency") -> pd.DataFrame:
    """Internal procedures against the four targets (no period: every procedure counts)."""
    return _progress(by=by, **queries._args("internal_procedures", filters))
