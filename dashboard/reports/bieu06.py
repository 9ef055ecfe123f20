"""Biểu số 06/VPCP/KSTT (Circular 01/2020/TT-VPCP of 21/10/2020) as .xlsx, in the printed
form's layout: title block, three header rows with merged cells, the column numbers (1)…(13),
one row per agency (or per field of one agency), the total row, and the signature lines.

The counts are `dashboard.bieu06.bieu06`, i.e. `metrics.figures(kind="dossiers")` — no rule
is restated here. How the columns add up (the identities a reviewer checks first):

    (3) Tổng số = (4) trực tuyến + (5) trực tiếp/bưu chính + (6) từ kỳ trước chuyển qua
                = (7) đã giải quyết + (11) đang giải quyết
    (7) = (8) trước hạn + (9) đúng hạn + (10) quá hạn        (11) = (12) trong hạn + (13) quá hạn

(4) and (5) split only the receipts of the period; the dossiers carried over are counted once,
in (6), whatever channel they came by, so that (3) = (4)+(5)+(6) holds. A dossier without a due
day counts in (7) or (11) but in none of their parts (DOMAIN.md): the sheet then says how many
there are under the table instead of hiding them in a part.

Unsure about the official form (Circular 01/2020, Phụ lục, Biểu số 06/VPCP/KSTT) — written
from memory, to be checked against the gazette text before the first official submission:
* the order inside "Trong đó": we put online, in person/postal, then carried over (as the issue
  asks); the older form (Circular 02/2017, Biểu 06a) put "Số kỳ trước chuyển qua" first;
* the exact wording of the leaf headers ("Trả đúng thời hạn" vs "Đúng hạn", "Trong hạn" vs
  "Chưa đến hạn"), and whether the total row comes first ("Tổng số") or last ("Tổng cộng");
* the receiving unit named in the title block (Văn phòng Chính phủ for the city's report).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from .. import bieu06 as data
from ..i18n import fmt_date
from .common import CITY_COMMITTEE_NAME, agency_name, period_text, scope_of
from .xlsx import CENTER, HEADER_FILL, LEFT, TOTAL_FILL, a4, merged, put, widths

FORM = "Biểu số 06/VPCP/KSTT"
DECREE = "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020 của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ"
TITLE = ("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, "
         "ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
UNIT = "Đơn vị tính: Số hồ sơ TTHC"

# The eleven counts in the form's order: (dataframe column, leaf header). Columns 3…13.
COUNTS: tuple[tuple[str, str], ...] = (
    ("total_to_handle", "Tổng số"),
    ("received_online", "Số mới tiếp nhận trực tuyến"),
    ("received_in_person_or_postal", "Số mới tiếp nhận trực tiếp và qua dịch vụ bưu chính công ích"),
    ("carried_over", "Số từ kỳ trước chuyển qua"),
    ("resolved", "Tổng số"),
    ("resolved_early", "Trả trước hạn"),
    ("resolved_on_time", "Trả đúng thời hạn"),
    ("resolved_late", "Trả quá hạn"),
    ("in_progress", "Tổng số"),
    ("in_progress_on_time", "Trong hạn"),
    ("in_progress_overdue", "Quá hạn"),
)
COUNT_COLUMNS = tuple(c for c, _ in COUNTS)
NCOLS = 2 + len(COUNTS)
HEADER_TOP = 8            # first header row; rows 1-7 are the title block
FIRST_DATA_ROW = HEADER_TOP + 4  # three header rows and the (1)…(13) row
TOTAL_LABEL = "Tổng cộng"


def frame(conn, as_of: dt.date, date_from=None, date_to=None, agency: str | None = None):
    """The rows of the form: per agency, or per field of `agency`; the last row is the total."""
    if agency:
        agency_name(conn, agency)  # an unknown code is an error, not an empty form
    df = data.bieu06(conn, as_of, date_from, date_to, by="field" if agency else "agency",
                     scope=scope_of(agency))
    df.loc[df["key"] == data.TOTAL_KEY, "name"] = TOTAL_LABEL
    return df


def _title_block(ws, reporter: str, receiver: str, period: str) -> None:
    merged(ws, 1, 1, 1, 4, FORM, bold=True, align=LEFT)
    merged(ws, 2, 1, 3, 4, DECREE, italic=True, size=10, align=LEFT)
    merged(ws, 1, 9, 1, NCOLS, f"Đơn vị báo cáo: {reporter}", align=LEFT, size=11)
    merged(ws, 2, 9, 2, NCOLS, f"Đơn vị nhận báo cáo: {receiver}", align=LEFT, size=11)
    merged(ws, 4, 1, 4, NCOLS, TITLE, bold=True, size=14, align=CENTER)
    merged(ws, 5, 1, 5, NCOLS, reporter.upper(), bold=True, align=CENTER)
    merged(ws, 6, 1, 6, NCOLS, period, italic=True, align=CENTER)
    merged(ws, 7, 10, 7, NCOLS, UNIT, italic=True, size=11, align=LEFT)
    ws.row_dimensions[2].height = 30
    ws.row_dimensions[4].height = 36


def _headers(ws, name_label: str) -> None:
    h = HEADER_TOP
    style = dict(bold=True, size=11, align=CENTER, border=True, fill=HEADER_FILL)
    merged(ws, h, 1, h + 2, 1, "STT", **style)
    merged(ws, h, 2, h + 2, 2, name_label, **style)
    merged(ws, h, 3, h, 6, "Số hồ sơ nhận giải quyết", **style)
    merged(ws, h, 7, h, NCOLS, "Kết quả giải quyết", **style)
    merged(ws, h + 1, 3, h + 2, 3, COUNTS[0][1], **style)
    merged(ws, h + 1, 4, h + 1, 6, "Trong đó", **style)
    merged(ws, h + 1, 7, h + 1, 10, "Số hồ sơ đã giải quyết", **style)
    merged(ws, h + 1, 11, h + 1, NCOLS, "Số hồ sơ đang giải quyết", **style)
    for j, (_col, label) in enumerate(COUNTS[1:], start=4):
        put(ws, h + 2, j, label, **style)
    for j in range(1, NCOLS + 1):
        put(ws, h + 3, j, f"({j})", italic=True, size=10, align=CENTER, border=True)
    ws.row_dimensions[h + 2].height = 78


def write(conn, out: Path, as_of: dt.date, date_from=None, date_to=None, agency: str | None = None) -> Path:
    """Write the form to `out` (.xlsx) and return the path."""
    df = frame(conn, as_of, date_from, date_to, agency)
    reporter = agency_name(conn, agency) if agency else CITY_COMMITTEE_NAME
    receiver = "Văn phòng Ủy ban nhân dân thành phố Hải Phòng" if agency else "Văn phòng Chính phủ"
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 06"
    _title_block(ws, reporter, receiver, period_text(as_of, date_from, date_to))
    _headers(ws, "Lĩnh vực giải quyết" if agency else "Đơn vị, lĩnh vực giải quyết")
    row = FIRST_DATA_ROW
    for i, rec in enumerate(df.to_dict(orient="records"), start=1):
        total = rec["key"] == data.TOTAL_KEY
        style = dict(size=11, border=True, bold=total, fill=TOTAL_FILL if total else None)
        put(ws, row, 1, None if total else i, align=CENTER, **style)
        put(ws, row, 2, rec["name"], align=LEFT, **style)
        for j, col in enumerate(COUNT_COLUMNS, start=3):
            put(ws, row, j, int(rec[col]), **style)
        row += 1
    _notes(ws, row + 1, df, as_of)
    widths(ws, [6, 38, *([11] * len(COUNTS))])
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=3)  # headers and names stay in view
    a4(ws, landscape=True, header_rows=f"{HEADER_TOP}:{FIRST_DATA_ROW - 1}")
    out = Path(out)
    wb.save(out)
    return out


def _notes(ws, row: int, df, as_of: dt.date) -> None:
    total = df.iloc[-1]
    no_due_resolved = int(total["resolved"] - total["resolved_early"] - total["resolved_on_time"] - total["resolved_late"])
    no_due_open = int(total["in_progress"] - total["in_progress_on_time"] - total["in_progress_overdue"])
    notes = ["Ghi chú: (3) = (4) + (5) + (6) = (7) + (11); (7) = (8) + (9) + (10); (11) = (12) + (13). "
             "Cột (4), (5) chỉ tính hồ sơ mới tiếp nhận trong kỳ; hồ sơ từ kỳ trước chuyển qua tính ở cột (6)."]
    if no_due_resolved or no_due_open:
        notes.append(f"Hồ sơ không có ngày hẹn trả: {no_due_resolved} đã giải quyết, {no_due_open} đang giải quyết "
                     "(tính vào cột tổng số, không tính vào các cột thành phần).")
    bad = df[~df["identity_ok"]]
    if len(bad):
        notes.append("Cảnh báo: dòng không cân đối (3) ≠ (7) + (11): " + ", ".join(bad["name"].astype(str))
                     + " — kiểm tra hồ sơ có ngày trả trước ngày tiếp nhận.")
    notes.append(f"Số liệu tính đến hết ngày {fmt_date(as_of)}, lập tự động từ dữ liệu đã nạp vào hệ thống giám sát.")
    for i, text in enumerate(notes):
        merged(ws, row + i, 1, row + i, NCOLS, text, italic=True, size=10, align=LEFT)
    sign = row + len(notes) + 1
    merged(ws, sign, 1, sign, 4, "NGƯỜI LẬP BIỂU", bold=True, align=CENTER)
    merged(ws, sign + 1, 1, sign + 1, 4, "(Ký, ghi rõ họ tên)", italic=True, size=10, align=CENTER)
    merged(ws, sign - 1, 9, sign - 1, NCOLS, "…………, ngày …… tháng …… năm ……", italic=True, align=CENTER)
    merged(ws, sign, 9, sign, NCOLS, "THỦ TRƯỞNG ĐƠN VỊ", bold=True, align=CENTER)
    merged(ws, sign + 1, 9, sign + 1, NCOLS, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, size=10, align=CENTER)
