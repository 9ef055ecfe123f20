"""Cached calls of the briefing page (Trình chiếu): the meeting pack's data functions
(dashboard.reports.pack_data, petition_flow), cached the way dashboard.queries caches.

Why a wall screen needs this exactly so: the page redraws a slide every few seconds all day.
Every key is a plain value of what is asked (database URL, as-of day, comparison day, period,
scope codes) and never the wall-clock time, so the cache holds one entry per question, not one
per cycle; the TTL of dashboard.queries makes a newly imported file show up within that time
(the Data page also clears the cache at once after an import). Results are small frames (ten
rows per list), so a cached slide costs kilobytes. Nothing is recomputed here.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from data_loaders.schema import ImportBatch

from . import petition_flow, queries
from .filters import Filters
from .reports import pack_data as P
from .scope import Scope

_TTL = queries._TTL
PASSERS_N = 8  # the longest list a slide holds at a readable size


def _conn(url: str):
    return queries._engine(url).connect()


def _key(filters: Filters) -> dict:
    """URL, as-of day, period and scope codes: the arguments of every cached call below."""
    return {"url": queries.settings.database_url(), "as_of": filters.as_of, "date_from": filters.date_from,
                "date_to": filters.date_to, "scope": queries.scope_for(filters).codes}


@st.cache_data(ttl=_TTL, show_spinner=False)
def _freshness(url: str) -> tuple[dt.datetime | None, dt.date | None]:
    b = ImportBatch
    with _conn(url) as conn:
        row = conn.execute(sa.select(sa.func.max(b.finished_at), sa.func.max(b.snapshot_date))
                           .where(b.kind != "agencies")).one()
    return row[0], row[1]


def freshness() -> tuple[dt.datetime | None, dt.date | None]:
    """(the end time of the latest import, the latest snapshot day); None when nothing is imported."""
    return _freshness(queries.settings.database_url())


@st.cache_data(ttl=_TTL, show_spinner=False)
def _targets(url, as_of, date_from, date_to, scope) -> pd.DataFrame:
    with _conn(url) as conn:
        return P.city_targets(conn, as_of, date_from, date_to, Scope(scope))


def targets(filters: Filters) -> pd.DataFrame:
    """pack_data.city_targets: kind, metric, label, unit, value, target, met, direction."""
    return _targets(**_key(filters))


@st.cache_data(ttl=_TTL, show_spinner=False)
def _ranked(url, kind, as_of, date_from, date_to, scope) -> tuple[pd.DataFrame, pd.DataFrame]:
    with _conn(url) as conn:
        df = P.by_agency(conn, kind, as_of, date_from, date_to, Scope(scope))
    # Only the rows shown are kept in the cache, not every agency's figures.
    return P.worst(df, kind).reset_index(drop=True), P.praise(df, kind).reset_index(drop=True)


def worst(kind: str, filters: Filters) -> pd.DataFrame:
    """pack_data.worst: the ten agencies with the most late items of a kind."""
    return _ranked(kind=kind, **_key(filters))[0]


def praise(kind: str, filters: Filters) -> pd.DataFrame:
    """pack_data.praise: agencies with nothing overdue and the best on-time rate."""
    return _ranked(kind=kind, **_key(filters))[1]


@st.cache_data(ttl=_TTL, show_spinner=False)
def _changes(url, as_of, compare, scope) -> dict[str, pd.DataFrame]:
    with _conn(url) as conn:
        ch = P.changes(conn, as_of, compare, Scope(scope))
    return {k: ch[k] for k in ("counts", "improved", "slipped")}  # the id lists are not shown


def changes(filters: Filters, compare: dt.date) -> dict[str, pd.DataFrame]:
    """pack_data.changes between the end of `compare` and the as-of day: counts, improved, slipped."""
    k = _key(filters)
    return _changes(url=k["url"], as_of=filters.as_of, compare=compare, scope=k["scope"])


@st.cache_data(ttl=_TTL, show_spinner=False)
def _transfers(url, as_of, date_from, date_to, scope) -> tuple[pd.DataFrame, pd.DataFrame]:
    with _conn(url) as conn:
        args = (conn, as_of, date_from, date_to)
        return (petition_flow.transfer_distribution(*args, scope=Scope(scope)),
                petition_flow.passers(*args, scope=Scope(scope), limit=PASSERS_N))


def transfers(filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(petitions per number of transfers, the agencies that passed petitions on most)."""
    return _transfers(**_key(filters))
