"""AppTest of the overview (pages/overview.py): empty and demo databases, figures equal to the
truth of the samples, a filter changes the figures, a URL restores the filters, English."""
from __future__ import annotations

import pytest

from .page_helpers import S, demo_database, metrics, run_page, texts, truth_database

PAGE = "overview.py"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("overview_demo"))


@pytest.fixture(scope="module")
def truth_url(tmp_path_factory):
    return truth_database(tmp_path_factory.mktemp("overview_truth"))


def test_empty_database(monkeypatch, tmp_path):
    at = run_page(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}", PAGE)
    assert "Chưa có dữ liệu" in texts(at)
    assert len(at.metric) == 12
    assert all(v in ("0", "—") for _label, v in metrics(at))


def test_demo_database(monkeypatch, demo_url):
    at = run_page(monkeypatch, demo_url, PAGE)
    assert at.title[0].value == "Tổng quan kỷ luật, kỷ cương hành chính"
    assert "Số liệu tính đến hết ngày 15/11/2026 · toàn thành phố" in texts(at)  # the latest snapshot, not today
    assert at.query_params["as_of"] == ["2026-11-15"] or at.query_params["as_of"] == "2026-11-15"
    assert len(at.metric) == 12
    assert not at.error


def test_figures_equal_truth(monkeypatch, truth_url, truth):
    at = run_page(monkeypatch, truth_url, PAGE, {"as_of": S.isoformat()})
    shown = metrics(at)
    files = truth["files"]
    dossiers = files["tthc_motcua_2026-11-15.xlsx"]["metrics"]["totals"]
    tasks = files["nhiem_vu_2026-11-15.xlsx"]["metrics"]["totals"]
    petitions = files["pakn_2026-11-15.xlsx"]["metrics"]["totals"]
    consult = files["xin_y_kien_2026-11-15.csv"]["metrics"]["totals"]

    def pct(x):  # the card shows one decimal with a decimal comma
        return f"{x:.1f}".replace(".", ",") + " %"

    # tasks row, dossiers row, petitions row, consultations row (pages/overview.py CARDS)
    assert shown[0] == ("Quá hạn chưa xử lý (nợ đọng)", str(tasks["dang_thuc_hien_qua_han"]))
    assert shown[1] == ("Tỷ lệ hoàn thành đúng hạn", pct(tasks["done_on_time_rate_pct"]))
    assert shown[2] == ("Tổng số", f"{tasks['total']:,}".replace(",", "."))
    assert shown[3] == ("Tỷ lệ giải quyết đúng hạn", pct(dossiers["on_time_rate_pct"]))
    assert shown[4] == ("Đang giải quyết quá hạn", str(dossiers["open_overdue"]))
    assert shown[5] == ("Tiếp nhận trong kỳ", f"{dossiers['total']:,}".replace(",", "."))
    assert shown[6] == ("Đang xử lý", str(petitions["open"]))
    assert shown[7] == ("Quá hạn chưa xử lý (nợ đọng)", str(petitions["open_overdue"]))
    assert shown[8] == ("Tỷ lệ trả lời đúng hạn", pct(petitions["answered_on_time_rate_pct"]))
    assert shown[9] == ("Quá hạn chưa xử lý (nợ đọng)", str(consult["pending_overdue"]))
    assert shown[10] == ("Tỷ lệ hoàn thành đúng hạn", pct(consult["replied_on_time_rate_pct"]))


def test_filter_changes_figures_and_url(monkeypatch, truth_url, truth):
    at = run_page(monkeypatch, truth_url, PAGE, {"as_of": S.isoformat()})
    city = metrics(at)[4][1]
    at.sidebar.selectbox(key="flt_agency").select("303").run()
    assert not at.exception
    rollup = truth["files"]["tthc_motcua_2026-11-15.xlsx"]["metrics"]["by_district_rollup"]["303"]
    assert metrics(at)[4] == ("Đang giải quyết quá hạn", str(rollup["open_overdue"]))
    assert metrics(at)[4][1] != city
    assert at.query_params["agency"] in ("303", ["303"])
    assert "đơn vị: Quận Hồng Bàng (gồm các đơn vị trực thuộc)" in texts(at)


def test_url_restores_filters(monkeypatch, truth_url, truth):
    query = {"as_of": "2026-11-15", "agency": "303", "lang": "en", "from": "2026-01-01", "to": "2026-11-15"}
    at = run_page(monkeypatch, truth_url, PAGE, query)
    assert at.sidebar.selectbox(key="flt_agency").value == "303"
    assert at.sidebar.radio(key="flt_lang").value == "en"
    assert str(at.sidebar.date_input(key="flt_date_from").value) == "2026-01-01"
    assert at.title[0].value == "Administrative discipline at a glance"
    assert ("Figures as of the end of 15/11/2026 · period 01/01/2026 to 15/11/2026 · "
            "agency: Quận Hồng Bàng (with its sub-units)") in texts(at)
    # the period counts only dossiers received in it: fewer than all of the district's
    rollup = truth["files"]["tthc_motcua_2026-11-15.xlsx"]["metrics"]["by_district_rollup"]["303"]
    received = int(metrics(at)[5][1].replace(",", ""))
    assert 0 < received < rollup["total"]


def test_invalid_url_values_are_ignored(monkeypatch, demo_url):
    at = run_page(monkeypatch, demo_url, PAGE, {"as_of": "not-a-day", "agency": "NO_SUCH", "agency_kind": "x",
                                                "lang": "xx", "evil": "<script>"})
    assert "Số liệu tính đến hết ngày 15/11/2026 · toàn thành phố" in texts(at)
    assert "evil" not in at.query_params
