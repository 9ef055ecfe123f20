"""AppTest of the briefing page (pages/briefing.py): no exception on the demo and the empty
database, every slide says "Số liệu tính đến dd/mm/yyyy", the buttons move between slides and
pause, ?interval= and ?compare= are parsed with safe fallbacks, English."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard import briefing_slides as bs
from dashboard.briefing_text import DEFAULT_INTERVAL, parse_compare, parse_interval

from .page_support import S, demo_url, empty_url, run_page

AS_OF = f"Số liệu tính đến {S:%d/%m/%Y}"


def slide(at) -> tuple[int, str, str]:
    """(index, title, whole HTML) of the slide shown."""
    for h in at.html:
        m = re.search(r'data-slide="(\d+)".*?id="bf-title">(.*?)</h1>', h.value, re.DOTALL)
        if m:
            return int(m.group(1)), m.group(2), h.value
    raise AssertionError("no slide on the page")


def test_demo_every_slide(monkeypatch):
    at = run_page(monkeypatch, "briefing", demo_url(), as_of=S.isoformat(), interval="5")
    seen = []
    for step in range(len(bs.SLIDES)):
        i, title, body = slide(at)
        assert i == step, (i, step)
        assert AS_OF in body, title
        assert "cập nhật lúc" in body  # freshness: the latest import time
        assert "dữ liệu minh họa" in body
        seen.append(title)
        at.button(key="brief_next").click().run()
        assert not at.exception, [e.value for e in at.exception]
    assert slide(at)[0] == 0  # wraps round
    assert seen[0] == "Kết quả chung so với mục tiêu"
    assert "10 đơn vị trễ hạn nhiều nhất: Hồ sơ thủ tục hành chính" in seen
    assert f"Thay đổi so với ngày {S - dt.timedelta(days=7):%d/%m/%Y}" in seen
    assert len(set(seen)) == len(seen)
    assert "Phím ← → chuyển trang" in at.caption[0].value and "5 giây" in at.caption[0].value


def test_prev_and_pause(monkeypatch):
    at = run_page(monkeypatch, "briefing", demo_url(), as_of=S.isoformat())
    at.button(key="brief_prev").click().run()
    assert slide(at)[0] == len(bs.SLIDES) - 1
    at.button(key="brief_pause").click().run()
    assert "ĐANG DỪNG" in slide(at)[2]
    assert at.button(key="brief_pause").label.endswith("Chạy tiếp")
    at.button(key="brief_pause").click().run()
    assert "ĐANG DỪNG" not in slide(at)[2]


def test_timer_tick_advances_only_after_half_an_interval(monkeypatch):
    """A tick reruns the page's fragment; simulate one by ageing the last change."""
    at = run_page(monkeypatch, "briefing", demo_url(), as_of=S.isoformat(), interval="4")
    at.run()  # a rerun straight away (e.g. a click just before a tick) does not move on
    assert slide(at)[0] == 0
    at.session_state["_briefing_changed"] -= 3
    at.run()
    assert slide(at)[0] == 1


def test_empty_database(monkeypatch):
    at = run_page(monkeypatch, "briefing", empty_url(), as_of=S.isoformat())
    for _ in bs.SLIDES:
        _i, _title, body = slide(at)
        assert AS_OF in body and "chưa nạp dữ liệu" in body
        at.button(key="brief_next").click().run()
        assert not at.exception


def test_compare_and_english(monkeypatch):
    at = run_page(monkeypatch, "briefing", demo_url(), as_of=S.isoformat(), compare="2026-10-01", lang="en")
    names = bs.SLIDES
    for _ in range(names.index("changes")):
        at.button(key="brief_next").click().run()
    _i, title, body = slide(at)
    assert title == "Changes since 01/10/2026"
    assert f"Data as of {S:%d/%m/%Y}" in body and "demo data" in body


@pytest.mark.parametrize("raw, expected", [(None, DEFAULT_INTERVAL), ("4", 4), ("2.5", 2.5), (["9", "7"], 7),
                                           ("abc", DEFAULT_INTERVAL), ("0", DEFAULT_INTERVAL), ("-5", DEFAULT_INTERVAL),
                                           ("nan", DEFAULT_INTERVAL), ("inf", DEFAULT_INTERVAL),
                                           ("100000", DEFAULT_INTERVAL), ("", DEFAULT_INTERVAL)])
def test_interval_parsing(raw, expected):
    assert parse_interval(raw) == expected


def test_interval_from_url(monkeypatch):
    assert "7 giây" in run_page(monkeypatch, "briefing", demo_url(), interval="7").caption[0].value
    assert f"{DEFAULT_INTERVAL} giây" in run_page(monkeypatch, "briefing", demo_url(), interval="x").caption[0].value


def test_compare_parsing():
    assert parse_compare("2026-11-01", S) == dt.date(2026, 11, 1)
    assert parse_compare("01/11/2026", S) == dt.date(2026, 11, 1)
    for bad in (None, "", "2026-13-01", S.isoformat(), "2027-01-01"):
        assert parse_compare(bad, S) == S - dt.timedelta(days=7)


def test_html_is_escaped():
    import pandas as pd

    df = pd.DataFrame([{"name": "<script>x</script>", "late": 3, "in_progress_overdue": 1, "on_time_rate_pct": 50.0}])
    out = bs.worst_body(df, "dossiers", "vi")
    assert "<script>" not in out and "&lt;script&gt;" in out
