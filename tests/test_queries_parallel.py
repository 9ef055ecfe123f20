"""queries.in_parallel (the pages' heavy queries side by side) and queries.city_figures_only (the
city row by a plain pass, for the previous period behind a KPI's change)."""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest
import streamlit as st

from dashboard import queries
from dashboard.filters import Filters

from .page_support import S, demo_url


def test_results_come_back_in_order_from_threads_of_their_own():
    barrier = threading.Barrier(2, timeout=10)

    def call(value):
        def run():
            barrier.wait()  # both calls must be running at once, or this times out
            return value, threading.current_thread().name
        return run

    (a, thread_a), (b, thread_b) = queries.in_parallel(call("a"), call("b"))
    assert (a, b) == ("a", "b")
    assert thread_a != thread_b and threading.current_thread().name not in (thread_a, thread_b)


def test_an_error_in_one_call_is_raised():
    def fails():
        raise ValueError("no such agency")

    with pytest.raises(ValueError, match="no such agency"):
        queries.in_parallel(lambda: 1, fails)


def test_a_single_call_runs_in_the_callers_thread():
    assert queries.in_parallel(lambda: threading.current_thread().name) == [threading.current_thread().name]


def test_results_land_in_the_cache(monkeypatch):
    calls = []

    @st.cache_data(show_spinner=False)
    def cached(x):
        calls.append(x)
        return x * 2

    assert queries.in_parallel(lambda: cached(1), lambda: cached(2)) == [2, 4]
    assert cached(1) == 2 and cached(2) == 4
    assert sorted(calls) == [1, 2]  # the second round was served from the cache


@pytest.mark.parametrize("kind", ["dossiers", "tasks", "petitions", "consultations"])
def test_city_figures_only_equal_the_city_row_of_figures(monkeypatch, kind):
    monkeypatch.setenv("OVERSIGHT_DATABASE_URL", demo_url())
    st.cache_data.clear()
    for filters in (Filters(S), Filters(S).previous(), replace(Filters(S), agency_kind="commune")):
        plain = queries.city_figures_only(kind, filters)
        assert int(plain.iloc[0, 2]) > 0 or filters.agency_kind  # the figures are not all zero
        assert plain.equals(queries.figures(kind, filters))
