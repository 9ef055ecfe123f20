"""AppTest of the Data page (pages/data.py): empty database, small demo database, and an upload
through the real st.file_uploader (AppTest supports it in Streamlit 1.67).

The page is run on its own file (not through the entry point) so that the empty-database case
stays empty: the entry point would build demo data first.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from data_loaders.db import ENV_VAR, make_engine
from data_loaders.schema import Dossier, ImportBatch

from .conftest import FIXTURES

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "data.py")
S = dt.date(2026, 11, 15)


def _run(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv(ENV_VAR, url)
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "success", "warning", "error", "subheader", "title")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    from data_loaders.demo import build_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    eng = make_engine(url)
    build_demo(eng, scale=0.05, until=S)
    eng.dispose()
    return url


def test_empty_database(monkeypatch, tmp_path):
    at = _run(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}")
    text = _texts(at)
    assert "Dữ liệu" in text
    assert "Chưa có lần nhập nào." in text  # history, freshness
    assert "Chọn một tệp để xem trước." in text
    assert len(at.file_uploader) == 1
    assert not at.error


def test_demo_database_shows_history_freshness_and_definitions(monkeypatch, demo_url):
    at = _run(monkeypatch, demo_url)
    frames = [d.value for d in at.dataframe]
    history = next(f for f in frames if "Tệp" in f.columns and "Thời điểm nhập" in f.columns)
    with make_engine(demo_url).connect() as c:
        files = set(c.execute(sa.select(ImportBatch.file_name)).scalars())
    assert set(history["Tệp"]) == files
    assert "dữ liệu minh họa" in set(history["Người nhập"])
    # freshness by source and by agency
    assert any("Ngày chốt gần nhất" in f.columns and "Hồ sơ cột" in f.columns for f in frames)
    assert any("Đơn vị" in f.columns and "Bản ghi mới nhất" in f.columns for f in frames)
    # metric definitions in Vietnamese
    defs = next(t.value for t in at.table if "Công thức" in t.value.columns)  # first kind: dossiers
    assert any(v.startswith("Tỷ lệ giải quyết đúng hạn · on_") for v in defs["Tên"])
    assert not at.error


def test_english(monkeypatch, demo_url):
    monkeypatch.setenv(ENV_VAR, demo_url)
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Data"
    frames = [d.value for d in at.dataframe]
    assert any("Imported at" in f.columns for f in frames)
    defs = next(t.value for t in at.table if "Formula" in t.value.columns)
    assert any(v.startswith("On-time rate · ") for v in defs["Name"])


def test_upload_previews_without_writing_then_imports(monkeypatch, tmp_path, truth):
    from data_loaders.importer import import_file

    url = f"sqlite:///{tmp_path / 'db.db'}"
    eng = make_engine(url)
    import_file(eng, FIXTURES / "don_vi.csv")
    at = _run(monkeypatch, url)
    at.file_uploader(key="data_upload").upload("bad_values.csv", (FIXTURES / "bad_values.csv").read_bytes(),
                                               "text/csv")
    at.run()  # the snapshot field belongs to the file: it appears with it
    at.date_input(key="data_snapshot_bad_values.csv").set_value(S)
    at.run()
    assert not at.exception, [e.value for e in at.exception]

    def dossiers():
        with eng.connect() as c:
            return c.execute(sa.select(sa.func.count()).select_from(Dossier)).scalar()

    assert dossiers() == 0  # preview only
    t = truth["files"]["bad_values.csv"]
    assert "opencps" in _texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Dòng đọc được"] == "40" and metrics["Sẽ được nạp"] == str(t["loaded_rows"])
    frames = [d.value for d in at.dataframe]
    mapping = next(f for f in frames if "Cột trong tệp" in f.columns)
    assert "Chủ hồ sơ" in set(mapping["Cột trong tệp"])
    errors = next(f for f in frames if "Lý do" in f.columns and "Giá trị" in f.columns)
    assert list(errors["Dòng"]) == [r["line"] for r in t["rejected_rows"]]
    stored = next(f for f in frames if "Mã hồ sơ" in f.columns and "Mã đơn vị" in f.columns)
    assert stored.iloc[0]["Mã đơn vị"] == "STNMT"

    at.button(key="data_import").click()
    at.run()
    assert not at.exception
    assert dossiers() == t["loaded_rows"]
    assert any("Đã nhập «bad_values.csv»" in s.value for s in at.success)
    history = next(d.value for d in at.dataframe if "Thời điểm nhập" in d.value.columns)
    assert "bad_values.csv" in set(history["Tệp"])


def test_refused_upload_shows_why_and_cannot_import(monkeypatch, tmp_path):
    at = _run(monkeypatch, f"sqlite:///{tmp_path / 'db.db'}")
    at.file_uploader(key="data_upload").upload("not_excel.xlsx", b"plain text, not a workbook", "application/vnd.ms-excel")
    at.run()
    assert not at.exception
    assert any("từ chối" in e.value for e in at.error)
    assert at.button(key="data_import").disabled
