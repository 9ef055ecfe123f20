"""AppTest of pages/dossiers.py: demo data, empty database, the one-stop sample against
truth.json (KPI cards, apology share, Biểu 06 for a chosen period), a filter change, English."""
from __future__ import annotations

import datetime as dt

from .page_support import demo_url, empty_url, frame_with, metrics, run_page, samples_url, texts

PAGE = "dossiers"
SAMPLE = "tthc_motcua_2026-11-15.xlsx"


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def test_demo_database(monkeypatch):
    at = run_page(monkeypatch, PAGE, demo_url())
    text = texts(at)
    for heading in ("tỷ lệ giải quyết đúng hạn thấp nhất", "Theo cấp giải quyết", "Hồ sơ tiếp nhận theo kênh",
                    "Biểu 06/VPCP/KSTT", "Phân bố số ngày làm việc trễ hạn", "phiếu xin lỗi",
                    "theo đơn vị và tháng tiếp nhận", "Thủ tục hành chính trễ hạn nhiều nhất"):
        assert heading in text
    assert "Kiểm tra: tổng số tiếp nhận = đã giải quyết + đang giải quyết" in text
    assert not at.error


def test_empty_database(monkeypatch):
    at = run_page(monkeypatch, PAGE, empty_url())
    assert metrics(at)["Tiếp nhận trong kỳ"] == "0"
    assert metrics(at)["Tỷ lệ giải quyết đúng hạn"] == "—"


def test_figures_equal_truth(monkeypatch, truth):
    t = truth["files"][SAMPLE]["metrics"]["totals"]
    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15")
    shown = metrics(at)
    assert shown["Tiếp nhận trong kỳ"] == _n(t["total"])
    assert shown["Tỷ lệ giải quyết đúng hạn"] == "90,5 %"  # truth 90,48
    assert shown["Giải quyết quá hạn"] == _n(t["resolved_late"])
    assert shown["Đang giải quyết quá hạn"] == _n(t["open_overdue"])
    assert shown["Quá hạn có phiếu xin lỗi"] == _n(t["late_with_apology"])
    share = round(100 * t["late_with_apology"] / t["late_total"], 1)
    assert shown["Tỷ lệ hồ sơ trễ hạn có phiếu xin lỗi"] == f"{share:.1f} %".replace(".", ",")


def test_bieu06_for_the_filter_period_and_a_preset(monkeypatch):
    from dashboard.metrics import figures
    from data_loaders.db import make_engine

    start, end = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    at = run_page(monkeypatch, PAGE, samples_url(), **{"as_of": "2026-11-15", "from": start.isoformat(),
                                                       "to": end.isoformat()})
    form = frame_with(at, "Đơn vị", "Tổng số hồ sơ tiếp nhận", "Từ kỳ trước chuyển qua", "Đang giải quyết: quá hạn")
    total = form.iloc[-1]
    assert total["Đơn vị"] == "Tổng cộng"
    with make_engine(samples_url()).connect() as c:
        city = figures(c, "dossiers", dt.date(2026, 11, 15), start, end).iloc[0]
    assert total["Từ kỳ trước chuyển qua"] == _n(city["carried_over"])
    assert total["Mới tiếp nhận trong kỳ"] == _n(city["received"])
    assert total["Tổng số hồ sơ tiếp nhận"] == _n(city["carried_over"] + city["received"])
    assert total["Đã giải quyết: quá hạn"] == _n(city["resolved_late"])
    # a preset period: this year up to the as-of day
    at.radio(key="bieu06_period").set_value("bieu06_year").run()
    assert not at.exception
    year = frame_with(at, "Đơn vị", "Tổng số hồ sơ tiếp nhận").iloc[-1]
    with make_engine(samples_url()).connect() as c:
        ytd = figures(c, "dossiers", dt.date(2026, 11, 15), dt.date(2026, 1, 1), dt.date(2026, 11, 15)).iloc[0]
    assert year["Mới tiếp nhận trong kỳ"] == _n(ytd["received"])


def test_changing_a_filter_changes_the_figures(monkeypatch):
    from dashboard.metrics import figures
    from data_loaders.db import make_engine

    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15")
    before = metrics(at)["Tiếp nhận trong kỳ"]
    day = dt.date(2025, 12, 31)
    at.date_input(key="flt_as_of").set_value(day).run()
    assert not at.exception
    with make_engine(samples_url()).connect() as c:
        expected = figures(c, "dossiers", day).iloc[0]
    assert metrics(at)["Tiếp nhận trong kỳ"] == _n(expected["received"]) != before
    assert metrics(at)["Đang giải quyết quá hạn"] == _n(expected["in_progress_overdue"])


def test_english(monkeypatch):
    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15", lang="en")
    assert "Administrative procedure dossiers" in texts(at)
    assert metrics(at)["Received in the period"] == "6,000"
