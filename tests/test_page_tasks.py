"""AppTest of pages/tasks.py: demo data, empty database, the task sample against truth.json,
a filter change, English."""
from __future__ import annotations

import datetime as dt

import pytest

from .page_support import demo_url, empty_url, frame_with, metrics, run_page, samples_url, texts

PAGE = "tasks"


def test_demo_database(monkeypatch):
    at = run_page(monkeypatch, PAGE, demo_url())
    text = texts(at)
    for heading in ("Nhiệm vụ theo đơn vị chủ trì", "Tuổi của nhiệm vụ quá hạn", "Nhiệm vụ theo người giao",
                    "Nhiệm vụ theo loại văn bản giao", "Danh sách nhiệm vụ quá hạn", "Nhiệm vụ sắp đến hạn"):
        assert heading in text
    assert "Số liệu tính đến hết ngày 15/11/2026" in text
    assert len(at.get("plotly_chart")) == 4
    assert not at.error


def test_empty_database(monkeypatch):
    at = run_page(monkeypatch, PAGE, empty_url())
    assert metrics(at)["Tổng số"] == "0"
    assert "Không có mục nào." in texts(at)


def test_figures_equal_truth(monkeypatch, truth):
    totals = truth["files"]["nhiem_vu_2026-11-15.xlsx"]["metrics"]["totals"]
    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15")
    shown = metrics(at)
    assert shown["Tổng số"] == f"{totals['total']:,}".replace(",", ".")            # 1.500
    assert shown["Quá hạn chưa xử lý (nợ đọng)"] == str(totals["dang_thuc_hien_qua_han"])
    assert shown["Tỷ lệ hoàn thành đúng hạn"] == "79,7 %"                         # 79,72 rounded
    assert shown["Đang thực hiện trong hạn"] == str(totals["dang_thuc_hien_trong_han"])
    assert shown["Hoàn thành quá hạn"] == str(totals["hoan_thanh_qua_han"])
    overdue = frame_with(at, "Số ngày quá hạn", "Đơn vị chủ trì", "Số, ký hiệu văn bản")
    assert len(overdue) == totals["dang_thuc_hien_qua_han"]  # 99 < the 200-row limit: all listed
    days = overdue["Số ngày quá hạn"].str.replace(".", "", regex=False).astype(int)
    assert days.is_monotonic_decreasing and (days > 0).all()
    assert overdue["Hạn xử lý"].str.match(r"^\d{2}/\d{2}/\d{4}$").all()


def test_due_soon_window_changes_the_list(monkeypatch, truth):
    totals = truth["files"]["nhiem_vu_2026-11-15.xlsx"]["metrics"]["totals"]
    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15")
    at.number_input(key="due_within").set_value(365).run()
    soon = frame_with(at, "Còn (ngày)")
    everything = totals["dang_thuc_hien_trong_han"]
    assert len(soon) <= everything
    at.number_input(key="due_within").set_value(0).run()
    assert not at.exception


@pytest.mark.parametrize("widget,value", [("flt_as_of", dt.date(2026, 3, 31))])
def test_changing_a_filter_changes_the_figures(monkeypatch, widget, value):
    from dashboard.metrics import figures
    from data_loaders.db import make_engine

    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15")
    before = metrics(at)["Tổng số"]
    at.date_input(key=widget).set_value(value).run()
    assert not at.exception
    with make_engine(samples_url()).connect() as c:
        expected = figures(c, "tasks", value).iloc[0]
    shown = metrics(at)
    assert shown["Tổng số"] != before
    assert shown["Tổng số"] == f"{expected['total']:,}".replace(",", ".")
    assert shown["Quá hạn chưa xử lý (nợ đọng)"] == str(expected["open_overdue"])
    assert at.query_params["as_of"] == [value.isoformat()] or at.query_params["as_of"] == value.isoformat()


def test_agency_in_the_url_restricts_the_page(monkeypatch, truth):
    by_agency = truth["files"]["nhiem_vu_2026-11-15.xlsx"]["metrics"]["by_agency"]
    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15", agency="SXD")
    assert metrics(at)["Tổng số"] == str(by_agency["SXD"]["total"])
    assert "Sở Xây dựng" in texts(at)


def test_english(monkeypatch):
    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15", lang="en")
    assert "Tasks assigned by the City People's Committee" in texts(at)
    assert metrics(at)["Total"] == "1,500"
