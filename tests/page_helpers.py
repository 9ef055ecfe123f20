"""Shared set-up of the AppTest page tests: databases (empty, small demo, the truth samples) and
a runner. Pages are run from their own files so the empty case stays empty (the entry point
would build demo data first); dashboard/app.py has its own test with the demo build turned off.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from data_loaders.db import ENV_VAR, make_engine

from .conftest import FIXTURES

REPO = Path(__file__).resolve().parent.parent
S = dt.date(2026, 11, 15)
SAMPLES = ("tthc_motcua_2026-11-15.xlsx", "nhiem_vu_2026-11-15.xlsx", "pakn_2026-11-15.xlsx",
           "xin_y_kien_2026-11-15.csv")


def demo_database(folder: Path) -> str:
    from data_loaders.demo import build_demo

    url = f"sqlite:///{folder / 'demo.db'}"
    eng = make_engine(url)
    build_demo(eng, scale=0.05, until=S)
    eng.dispose()
    return url


def truth_database(folder: Path) -> str:
    """The agency registry of the samples, then the samples through the real importer."""
    from data_loaders.importer import import_file

    url = f"sqlite:///{folder / 'truth.db'}"
    eng = make_engine(url)
    import_file(eng, FIXTURES / "don_vi.csv")
    for name in SAMPLES:
        res = import_file(eng, FIXTURES / name, as_of=S)
        assert res.status != "refused" and res.inserted, (name, res.message)
    eng.dispose()
    return url


def run_page(monkeypatch, url: str, page: str, query: dict[str, str] | None = None, **env) -> AppTest:
    monkeypatch.setenv(ENV_VAR, url)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    at = AppTest.from_file(str(REPO / "pages" / page), default_timeout=120)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "success", "warning", "error", "subheader", "title")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)
