"""AppTest of pages/consultations.py: demo data, empty database, the consultation and
internal-procedure samples against truth.json, a filter change, English."""
from __future__ import annotations

import datetime as dt

from .page_support import demo_url, empty_url, frame_with, metrics, run_page, samples_url, texts

PAGE = "consultations"


def test_demo_database(monkeypatch):
    at = run_page(monkeypatch, PAGE, demo_url())
    text = texts(at)
    for heading in ("Trả lời xin ý kiến theo đơn vị được xin ý kiến", "Danh sách xin ý kiến quá hạn",
                    "Thủ tục hành chính nội bộ", "Toàn thành phố so với 4 mục tiêu", "Tiến độ của từng đơn vị"):
        assert heading in text
    assert not at.error


def test_empty_database(monkeypatch):
    at = run_page(monkeypatch, PAGE, empty_url())
    shown = metrics(at)
    assert shown["Tổng số"] == "0" and shown["Tỷ lệ công bố"] == "—"


def test_figures_equal_truth(monkeypatch, truth):
    c = truth["files"]["xin_y_kien_2026-11-15.csv"]["metrics"]["totals"]
    n = truth["files"]["tthc_noi_bo.xlsx"]["metrics"]
    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15")
    shown = metrics(at)
    assert shown["Tổng số"] == str(c["total"])
    assert shown["Quá hạn chưa xử lý (nợ đọng)"] == str(c["pending_overdue"])
    assert shown["Tỷ lệ hoàn thành đúng hạn"] == "77,6 %"   # truth 77,57
    assert shown["Hoàn thành quá hạn"] == str(c["replied_late"])
    assert shown["Tổng số TTHC nội bộ"] == str(n["totals"]["total"])
    assert shown["Tỷ lệ công bố"] == "75,0 %"
    assert shown["Tỷ lệ có phương án đơn giản hóa"] == "45,3 %"
    assert shown["Tỷ lệ cắt giảm"] == "27,7 %"
    assert shown["Tỷ lệ cắt giảm chi phí tuân thủ"] == "16,4 %"
    overdue = frame_with(at, "Số ngày quá hạn", "Đơn vị được xin ý kiến")
    assert len(overdue) == c["pending_overdue"]
    table = frame_with(at, "Đơn vị", "Số mục tiêu đạt (/4)")
    assert len(table) == len(n["by_agency"])


def test_changing_a_filter_changes_the_figures(monkeypatch):
    from dashboard.metrics import figures
    from data_loaders.db import make_engine

    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15")
    before = metrics(at)["Quá hạn chưa xử lý (nợ đọng)"]
    day = dt.date(2026, 6, 30)
    at.date_input(key="flt_as_of").set_value(day).run()
    assert not at.exception
    with make_engine(samples_url()).connect() as c:
        expected = figures(c, "consultations", day).iloc[0]
    assert metrics(at)["Tổng số"] == str(expected["total"])
    assert metrics(at)["Quá hạn chưa xử lý (nợ đọng)"] == str(expected["open_overdue"])
    assert (metrics(at)["Tổng số"], metrics(at)["Quá hạn chưa xử lý (nợ đọng)"]) != ("900", before)


def test_target_metric_choice(monkeypatch):
    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15")
    at.radio(key="internal_metric").set_value("cost_reduction_pct").run()
    assert not at.exception


def test_english(monkeypatch):
    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15", lang="en")
    assert "Consultations and internal procedures" in texts(at)
    assert metrics(at)["Published share"] == "75.0%"
