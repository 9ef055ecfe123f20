"""AppTest of the entry point dashboard/app.py: navigation over the pages that exist, the demo
build on an empty database (with progress), the demo banner, switching pages keeps the filters."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_loaders.db import ENV_VAR, is_empty, make_engine

from .page_helpers import REPO, demo_database, texts

APP = str(REPO / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("app_demo"))


def _app(monkeypatch, url: str, **env) -> AppTest:
    monkeypatch.setenv(ENV_VAR, url)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return AppTest.from_file(APP, default_timeout=180)


def test_empty_database_without_demo(monkeypatch, tmp_path):
    at = _app(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}", OVERSIGHT_DEMO_ON_EMPTY="0")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "DỮ LIỆU MINH HỌA" not in texts(at)


def test_empty_database_builds_demo_data(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    at = _app(monkeypatch, url, OVERSIGHT_DEMO_SCALE="0.02")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not is_empty(make_engine(url))
    assert "Đã tạo dữ liệu minh họa." in [s.label for s in at.status]
    assert "DỮ LIỆU MINH HỌA" in texts(at)  # the banner
    assert at.title[0].value == "Tổng quan kỷ luật, kỷ cương hành chính"  # then the overview


def test_demo_database_pages_and_filters_follow(monkeypatch, demo_url):
    at = _app(monkeypatch, demo_url)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "DỮ LIỆU MINH HỌA" in texts(at)
    at.sidebar.selectbox(key="flt_agency").select("SXD").run()
    at.switch_page("../pages/agency.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Sở Xây dựng"  # the agency chosen on the overview is still chosen


def test_language_switch_translates_the_navigation(monkeypatch, demo_url):
    at = _app(monkeypatch, demo_url)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Administrative discipline at a glance"
    assert "This is DEMO DATA" in texts(at)


def test_interrupted_demo_build_is_rebuilt(monkeypatch, tmp_path):
    """A build cut off after its first files (a closed tab, a stopped server) is detected and redone."""
    import datetime as dt

    from data_loaders.demo import DEMO_USER, demo_state
    from data_loaders.importer import import_file

    from .conftest import FIXTURES

    url = f"sqlite:///{tmp_path / 'half.db'}"
    engine = make_engine(url)
    import_file(engine, FIXTURES / "don_vi.csv", imported_by=DEMO_USER)
    import_file(engine, FIXTURES / "tthc_opencps_2026-11-15.csv", imported_by=DEMO_USER, as_of=dt.date(2026, 11, 15))
    assert demo_state(engine) == "incomplete"
    at = _app(monkeypatch, url, OVERSIGHT_DEMO_SCALE="0.02")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert demo_state(engine) == "complete"
    assert "Đã tạo dữ liệu minh họa." in [s.label for s in at.status]
