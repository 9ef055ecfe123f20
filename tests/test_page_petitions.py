"""AppTest of pages/petitions.py: demo data, empty database, the petition sample against
truth.json (cards, the bounced list), a filter change, English; no personal data shown."""
from __future__ import annotations

import datetime as dt

from .page_support import demo_url, empty_url, frame_with, frames, metrics, run_page, samples_url, texts

PAGE = "petitions"
SAMPLE = "pakn_2026-11-15.xlsx"


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def test_demo_database(monkeypatch):
    at = run_page(monkeypatch, PAGE, demo_url())
    text = texts(at)
    for heading in ("Tồn đọng PAKN theo tháng", "theo số ngày quá hạn", "15 đơn vị có nhiều PAKN quá hạn nhất",
                    "PAKN theo kênh tiếp nhận", "Mức độ hài lòng", "Số PAKN theo số lần bị chuyển",
                    "Đơn vị chuyển PAKN đi nhiều nhất", "PAKN bị chuyển từ 3 lần trở lên"):
        assert heading in text
    assert not at.error


def test_empty_database(monkeypatch):
    at = run_page(monkeypatch, PAGE, empty_url())
    assert metrics(at)["Tổng số phản ánh, kiến nghị"] == "0"


def test_figures_equal_truth(monkeypatch, truth):
    t = truth["files"][SAMPLE]["metrics"]["totals"]
    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15")
    shown = metrics(at)
    assert shown["Tổng số phản ánh, kiến nghị"] == _n(t["total"])
    assert shown["Đang xử lý"] == _n(t["open"])
    assert shown["Quá hạn chưa xử lý (nợ đọng)"] == _n(t["open_overdue"])
    assert shown["Tỷ lệ trả lời đúng hạn"] == "85,1 %"  # truth 85,14
    assert shown["Chuyển từ 3 lần trở lên"] == _n(t["transferred_3plus"])
    bounced = frame_with(at, "Số lần chuyển", "Quá trình chuyển", "Đơn vị đang xử lý")
    assert len(bounced) == min(200, t["transferred_3plus"])
    assert (bounced["Số lần chuyển"].astype(int) >= 3).all()
    assert f"Hiển thị 200/{t['transferred_3plus']} dòng." in texts(at)
    for df in frames(at):  # never a sender, a phone number or its hash
        assert not any(w in " ".join(df.columns).lower() for w in ("người gửi", "điện thoại", "sender"))


def test_changing_a_filter_changes_the_figures(monkeypatch):
    from dashboard.metrics import figures
    from data_loaders.db import make_engine

    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15")
    before = metrics(at)["Tổng số phản ánh, kiến nghị"]
    field = "Đất đai"
    at.selectbox(key="flt_field").set_value(field).run()
    assert not at.exception
    with make_engine(samples_url()).connect() as c:
        expected = figures(c, "petitions", dt.date(2026, 11, 15), field=field).iloc[0]
    assert metrics(at)["Tổng số phản ánh, kiến nghị"] == _n(expected["total"]) != before
    assert "lĩnh vực: Đất đai" in texts(at)


def test_english(monkeypatch):
    at = run_page(monkeypatch, PAGE, samples_url(), as_of="2026-11-15", lang="en")
    assert "Citizens' and businesses' petitions" in texts(at)
    assert metrics(at)["Petitions"] == "2,500"
