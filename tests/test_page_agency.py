"""AppTest of the agency page (pages/agency.py): reached by ?agency=CODE; figures equal the truth
of the samples (a commune on its own, a district rolled up with its communes); sub-units; overdue
lists without personal data; no agency, an unknown code, an empty database."""
from __future__ import annotations

import pytest

from .page_helpers import S, demo_database, metrics, run_page, texts, truth_database

PAGE = "agency.py"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("agency_demo"))


@pytest.fixture(scope="module")
def truth_url(tmp_path_factory):
    return truth_database(tmp_path_factory.mktemp("agency_truth"))


def pct(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + " %"


def test_empty_database_asks_for_an_agency(monkeypatch, tmp_path):
    at = run_page(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}", PAGE)
    assert "Chọn một đơn vị để xem chi tiết" in texts(at)


def test_empty_database_unknown_agency(monkeypatch, tmp_path):
    at = run_page(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}", PAGE, {"agency": "303"})
    assert "Chọn một đơn vị" in texts(at)  # not in the (empty) registry: the filter drops it


def test_commune_equals_truth(monkeypatch, truth_url, truth):
    at = run_page(monkeypatch, truth_url, PAGE, {"agency": "303.01", "as_of": S.isoformat()})
    want = truth["files"]["tthc_motcua_2026-11-15.xlsx"]["metrics"]["by_agency"]["303.01"]
    assert at.title[0].value == "Phường Bến Đò"
    shown = dict(metrics(at)[3:6])
    assert shown["Tỷ lệ giải quyết đúng hạn"] == pct(want["on_time_rate_pct"])
    assert shown["Đang giải quyết quá hạn"] == str(want["open_overdue"])
    assert "Đơn vị không có đơn vị trực thuộc." in texts(at)


def test_district_rolls_up_its_communes(monkeypatch, truth_url, truth):
    at = run_page(monkeypatch, truth_url, PAGE, {"agency": "303", "as_of": S.isoformat()})
    dossiers = truth["files"]["tthc_motcua_2026-11-15.xlsx"]["metrics"]
    want = dossiers["by_district_rollup"]["303"]
    shown = dict(metrics(at)[3:6])
    assert shown["Tỷ lệ giải quyết đúng hạn"] == pct(want["on_time_rate_pct"])
    assert shown["Đang giải quyết quá hạn"] == str(want["open_overdue"])
    # sub-units listed beside the district, the district's own row first
    table = at.dataframe[0].value
    assert table.iloc[0, 0].startswith("Quận Hồng Bàng")
    assert {"Phường Bến Đò", "Phường Thượng Lâm"} <= set(table.iloc[:, 0])
    assert "Xếp thứ" in texts(at)


def test_overdue_lists_have_no_personal_data(monkeypatch, truth_url, truth):
    at = run_page(monkeypatch, truth_url, PAGE, {"agency": "303", "as_of": S.isoformat()})
    headers = " ".join(" ".join(map(str, df.value.columns)) for df in at.dataframe)
    for pii in ("Người nộp", "Chủ hồ sơ", "điện thoại", "Họ tên", "sender", "phone", "handler", "Cán bộ"):
        assert pii.lower() not in headers.lower()
    tasks_overdue = truth["files"]["nhiem_vu_2026-11-15.xlsx"]["metrics"]["by_agency"]["303"]["dang_thuc_hien_qua_han"]
    assert metrics(at)[0] == ("Quá hạn chưa xử lý (nợ đọng)", str(tasks_overdue))
    # the first list is the tasks tab: one row per overdue task of the district itself (no commune has tasks)
    lists = [df.value for df in at.dataframe[1:]]
    assert len(lists[0]) >= tasks_overdue


def test_unknown_code_and_english(monkeypatch, demo_url):
    at = run_page(monkeypatch, demo_url, PAGE, {"agency": "SXD", "lang": "en"})
    assert at.title[0].value == "Sở Xây dựng"
    assert "Ranked" in texts(at)
    assert "Figures as of the end of 15/11/2026" in texts(at)
    at = run_page(monkeypatch, demo_url, PAGE, {"agency": "NOPE"})
    assert "Chọn một đơn vị" in texts(at)


def test_agency_filter_changes_the_page(monkeypatch, demo_url):
    at = run_page(monkeypatch, demo_url, PAGE, {"agency": "SXD"})
    before = metrics(at)
    at.sidebar.selectbox(key="flt_agency").select("STP").run()
    assert not at.exception
    assert at.title[0].value == "Sở Tư pháp"
    assert metrics(at) != before
    assert at.query_params["agency"] in ("STP", ["STP"])
