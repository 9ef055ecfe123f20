"""Words and URL parameters of the briefing page (Trình chiếu), Vietnamese and English.

`tb` looks here first and falls back to dashboard.i18n.t; metric names come from the registry.
The two URL parameters of the page that are not shared filters (`interval`, `compare`) are
parsed here, like Filters.from_query: a bad value falls back to the default, never an error
on a wall screen. No Streamlit.
"""
from __future__ import annotations

import datetime as dt
import math

from .filters import parse_day
from .i18n import t

DEFAULT_INTERVAL = 20   # seconds a slide stays on screen (?interval=…)
MIN_INTERVAL, MAX_INTERVAL = 2, 3600
DEFAULT_COMPARE_DAYS = 7  # "since the previous meeting": the weekly giao ban

STRINGS: dict[str, tuple[str, str]] = {
    "page_briefing": ("Trình chiếu", "Briefing"),
    "as_of": ("Số liệu tính đến {date}", "Data as of {date}"),
    "fresh": ("cập nhật lúc {time} (ngày chốt mới nhất {day})", "imported at {time} (latest snapshot {day})"),
    "no_import": ("chưa nạp dữ liệu", "no data imported"),
    "demo_tag": ("dữ liệu minh họa", "demo data"),
    "whole_city": ("Toàn thành phố", "Whole city"),
    "prev": ("◀ Trước", "◀ Previous"),
    "next": ("Sau ▶", "Next ▶"),
    "pause": ("⏸ Tạm dừng", "⏸ Pause"),
    "play": ("▶ Chạy tiếp", "▶ Resume"),
    "keys": ("Phím ← → chuyển trang, phím cách dừng / chạy · {n} giây mỗi trang",
             "Keys ← → change slide, space pauses / resumes · {n} s per slide"),
    "paused": ("ĐANG DỪNG", "PAUSED"),
    "exit": ("Thoát", "Exit"),
    # slide titles
    "t_targets": ("Kết quả chung so với mục tiêu", "The city against its targets"),
    "t_procedures": ("TTHC nội bộ so với mục tiêu (mục 7)", "Internal procedures against the targets (item 7)"),
    "t_worst": ("10 đơn vị trễ hạn nhiều nhất: {kind}", "10 agencies most often late: {kind}"),
    "t_changes": ("Thay đổi so với ngày {date}", "Changes since {date}"),
    "t_praise": ("Đơn vị được biểu dương", "Agencies to praise"),
    "t_petitions": ("PAKN bị chuyển qua lại giữa các cơ quan", "Petitions passed between agencies"),
    # slide bodies
    "target": ("Mục tiêu {op} {value}", "Target {op} {value}"),
    "met": ("Đạt", "Met"),
    "not_met": ("Chưa đạt", "Not met"),
    "col_rank": ("TT", "#"),
    "col_agency": ("Đơn vị", "Agency"),
    "col_late": ("Trễ hạn", "Late"),
    "col_overdue": ("Đang quá hạn", "Overdue now"),
    "col_on_time": ("Tỷ lệ đúng hạn", "On-time rate"),
    "late_note": ("Trễ hạn = đã xong nhưng quá hạn + đang xử lý quá hạn.",
                  "Late = finished after the deadline + still open past it."),
    "none_late": ("Không có đơn vị nào trễ hạn.", "No agency is late."),
    "col_kind": ("Loại việc", "Kind of work"),
    "col_then": ("Quá hạn {date}", "Overdue {date}"),
    "col_now": ("Quá hạn {date}", "Overdue {date}"),
    "col_new": ("Mới quá hạn", "Newly overdue"),
    "col_cleared": ("Hết quá hạn", "Cleared"),
    "improved": ("Tiến bộ nhất (giảm việc quá hạn)", "Improved most (fewer overdue)"),
    "slipped": ("Chậm lại (tăng việc quá hạn)", "Slipped (more overdue)"),
    "nobody": ("Không có đơn vị nào.", "No agency."),
    "praise_rule": ("Không có việc đang quá hạn, tỷ lệ đúng hạn cao nhất, đủ số việc đã xong.",
                    "Nothing overdue, the best on-time rate, enough finished work."),
    "finished": ("{n} việc đã xong", "{n} finished"),
    "bounced": ("PAKN bị chuyển từ 3 lần trở lên", "Petitions transferred 3 times or more"),
    "distribution": ("Số PAKN theo số lần chuyển", "Petitions by number of transfers"),
    "times": ("{n} lần", "{n}×"),
    "times_more": ("≥ {n} lần", "≥ {n}×"),
    "passers": ("Cơ quan chuyển PAKN đi nhiều nhất", "Agencies passing petitions on most"),
    "col_handoffs": ("Lần chuyển đi", "Handoffs"),
    "col_petitions": ("Số PAKN", "Petitions"),
}


def tb(key: str, lang: str = "vi", **values) -> str:
    pair = STRINGS.get(key)
    if pair is None:
        return t(key, lang, **values)
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def _first(value) -> str | None:
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return None if value is None else str(value)


def parse_interval(value) -> float:
    """?interval=SECONDS → seconds between slides; missing, not a number or outside
    [MIN_INTERVAL, MAX_INTERVAL] → DEFAULT_INTERVAL."""
    try:
        x = float((_first(value) or "").strip())
    except ValueError:
        return DEFAULT_INTERVAL
    if not math.isfinite(x) or not MIN_INTERVAL <= x <= MAX_INTERVAL:
        return DEFAULT_INTERVAL
    return int(x) if x == int(x) else x


def parse_compare(value, as_of: dt.date) -> dt.date:
    """?compare=YYYY-MM-DD (or dd/mm/yyyy) → the comparison day; it must be before the as-of day,
    else (or missing) seven days before it."""
    day = parse_day(_first(value) or "")
    if day is None or day >= as_of:
        return as_of - dt.timedelta(days=DEFAULT_COMPARE_DAYS)
    return day
