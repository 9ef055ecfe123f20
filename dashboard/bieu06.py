"""The statutory report Biểu 06/VPCP/KSTT (Circular 01/2020/TT-VPCP) for a chosen period:
one row per agency (or field) and a total row, in the column order of the printed form.

Every count is `metrics.figures(kind="dossiers", by=...)` — the form only adds the sum
"total to handle" (carried over + received) and the total row. `identity_ok` says for each
row whether total to handle = resolved + in progress, the identity the form must satisfy; a
row that breaks it points at records whose return day precedes their receipt day (flagged by
the importer), and the page says so instead of hiding it. No Streamlit.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from .metrics import figures
from .scope import Scope

TOTAL_KEY = "total"

# (column, Vietnamese header of the form, English header); the order is the printed form's.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("total_to_handle", "Tổng số hồ sơ tiếp nhận", "Total to handle"),
    ("carried_over", "Từ kỳ trước chuyển qua", "Carried over"),
    ("received", "Mới tiếp nhận trong kỳ", "Received in the period"),
    ("received_online", "Tiếp nhận: trực tuyến", "Received online"),
    ("received_in_person_or_postal", "Tiếp nhận: trực tiếp, bưu chính", "Received in person or by post"),
    ("resolved", "Đã giải quyết: tổng số", "Resolved: total"),
    ("resolved_early", "Đã giải quyết: trước hạn", "Resolved: early"),
    ("resolved_on_time", "Đã giải quyết: đúng hạn", "Resolved: on time"),
    ("resolved_late", "Đã giải quyết: quá hạn", "Resolved: late"),
    ("in_progress", "Đang giải quyết: tổng số", "In progress: total"),
    ("in_progress_on_time", "Đang giải quyết: trong hạn", "In progress: within deadline"),
    ("in_progress_overdue", "Đang giải quyết: quá hạn", "In progress: overdue"),
)
NUMBER_COLUMNS = tuple(c for c, _vi, _en in COLUMNS)


def bieu06(conn, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
           by: str = "agency", scope: Scope = Scope.all(), **subset) -> pd.DataFrame:
    """Columns: key, name, NUMBER_COLUMNS, identity_ok. Rows: every agency (or field) that has
    dossiers, sorted by name, then the total row (key "total"). Agencies with nothing to handle
    in the period are dropped: the form lists who worked, not every unit that ever had a file.
    `subset`: the locality / field keywords of metrics.figures."""
    if by not in ("agency", "field"):
        raise ValueError("Biểu 06 is laid out per agency or per field")
    return form(figures(conn, "dossiers", as_of, date_from, date_to, by=by, scope=scope, **subset))


def form(per_group: pd.DataFrame) -> pd.DataFrame:
    """The form's rows from a dossier figures frame per agency or per field (see bieu06)."""
    df = per_group.copy()
    df["total_to_handle"] = df["carried_over"] + df["received"]
    df = df[df["total_to_handle"] > 0].sort_values(["name", "key"], kind="stable")
    total = pd.DataFrame([{"key": TOTAL_KEY, "name": "Tổng cộng", **df[list(NUMBER_COLUMNS)].sum().to_dict()}])
    out = pd.concat([df[["key", "name", *NUMBER_COLUMNS]], total], ignore_index=True)
    out = out.astype({c: "int64" for c in NUMBER_COLUMNS})
    out["identity_ok"] = out["total_to_handle"] == out["resolved"] + out["in_progress"]
    return out


def headers(lang: str = "vi") -> dict[str, str]:
    """Column → header in the reader's language (for the table on the page and the export)."""
    return {c: (en if lang == "en" else vi) for c, vi, en in COLUMNS}
