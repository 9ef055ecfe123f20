"""Shared support of the AppTest tests of the work pages (tasks, dossiers, petitions,
consultations): the databases they run on, built once per test session, and small readers of
what a page shows.

Not a conftest: the fixtures of other pages' tests stay as they are. The databases are cached
per process (lru_cache) in a temporary folder, so four test modules build them once.
"""
from __future__ import annotations

import datetime as dt
import functools
import tempfile
from pathlib import Path

from streamlit.testing.v1 import AppTest

from data_loaders.db import ENV_VAR, make_engine

from .conftest import FIXTURES

S = dt.date(2026, 11, 15)
PAGES = Path(__file__).resolve().parent.parent / "pages"
SAMPLES = ("tthc_motcua_2026-11-15.xlsx", "nhiem_vu_2026-11-15.xlsx", "pakn_2026-11-15.xlsx",
           "xin_y_kien_2026-11-15.csv", "tthc_noi_bo.xlsx")


@functools.lru_cache(maxsize=None)
def _folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="oversight_pages_"))


@functools.lru_cache(maxsize=None)
def demo_url() -> str:
    """A small demo database (scale 0.05, up to S)."""
    from data_loaders.demo import build_demo

    url = f"sqlite:///{_folder() / 'demo.db'}"
    eng = make_engine(url)
    build_demo(eng, scale=0.05, until=S)
    eng.dispose()
    return url


@functools.lru_cache(maxsize=None)
def samples_url() -> str:
    """The agency registry and one sample of each kind of work (truth.json's figures)."""
    from data_loaders.importer import import_file

    url = f"sqlite:///{_folder() / 'samples.db'}"
    eng = make_engine(url)
    assert import_file(eng, FIXTURES / "don_vi.csv").status == "ok"
    for name in SAMPLES:
        res = import_file(eng, FIXTURES / name, as_of=S)
        assert res.status == "ok", res.message
    eng.dispose()
    return url


def empty_url() -> str:
    path = _folder() / "empty.db"
    url = f"sqlite:///{path}"
    make_engine(url).dispose()
    return url


def run_page(monkeypatch, page: str, url: str, **query) -> AppTest:
    """Run pages/<page>.py on its own (the entry point would build demo data on an empty
    database) against `url`, with the query parameters given; fail on any exception."""
    monkeypatch.setenv(ENV_VAR, url)
    monkeypatch.setenv("OVERSIGHT_DEMO_ON_EMPTY", "0")
    at = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=180)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    """KPI cards shown: label → value as displayed."""
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "success", "warning", "error", "subheader",
                                  "title", "header") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def frames(at: AppTest) -> list:
    return [d.value for d in at.dataframe]


def frame_with(at: AppTest, *headers: str):
    """The first table that has all these headers."""
    for df in frames(at):
        if all(h in df.columns for h in headers):
            return df
    raise AssertionError(f"no table with headers {headers}; tables: {[list(f.columns) for f in frames(at)]}")
