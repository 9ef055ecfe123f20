"""The overdue report of item 11 as files: .xlsx (summary and item sheets) or .docx (a draft
reminder letter of the City Office, "V/v đôn đốc thực hiện nhiệm vụ quá hạn", to be signed).

The letter follows the layout of Decree 30/2020/NĐ-CP on administrative documents: two-column
letterhead (issuing body left, national motto right), number and subject line, place and date,
body, "Nơi nhận" bottom left, signature block bottom right; Times New Roman 13–14 pt on A4 with
margins 20/20/30/15 mm. The number is left as "…/VP-KSTTHC": the office's registry gives it.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from ..i18n import fmt_date
from .common import CITY_COMMITTEE, CITY_OFFICE, period_text
from .overdue_data import AgencyOverdue, collect, summary
from .xlsx import CENTER, a4, merged, table

DIRECTIVE = ("Văn bản số 2598/UBND-KSTTHC ngày 24/10/2023 của Ủy ban nhân dân thành phố về việc tăng cường "
             "kỷ luật, kỷ cương hành chính")
TITLE = "DANH SÁCH CƠ QUAN, ĐƠN VỊ CÓ NHIỆM VỤ, VĂN BẢN XIN Ý KIẾN QUÁ HẠN, NỢ ĐỌNG"
ITEM_HEADERS = ["STT", "Loại việc", "Số, ký hiệu văn bản", "Ngày văn bản", "Trích yếu nội dung",
                "Người giao / Đơn vị xin ý kiến", "Hạn xử lý", "Số ngày quá hạn"]


def _item_rows(a: AgencyOverdue) -> list[list]:
    return [[i, r["kind"], r["doc_number"], r["doc_date"], r["summary"], r["from_whom"], r["due_day"],
             int(r["days_overdue"])] for i, r in enumerate(a.items.to_dict(orient="records"), start=1)]


def write(conn, out: Path, as_of: dt.date, date_from=None, date_to=None, agency: str | None = None) -> Path:
    """.xlsx or .docx by the extension of `out`."""
    out = Path(out)
    agencies = collect(conn, as_of, date_from, date_to, agency)
    if out.suffix.lower() == ".docx":
        from .overdue_letter import write_letter

        write_letter(agencies, out, as_of, date_from, date_to)
    else:
        _write_xlsx(agencies, out, as_of, date_from, date_to)
    return out


def _write_xlsx(agencies: list[AgencyOverdue], out: Path, as_of, date_from, date_to) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    merged(ws, 1, 1, 1, 3, CITY_COMMITTEE, bold=True, size=11, align=CENTER)
    merged(ws, 2, 1, 2, 3, CITY_OFFICE, bold=True, size=11, align=CENTER)
    merged(ws, 4, 1, 4, 7, TITLE, bold=True, size=14, align=CENTER)
    merged(ws, 5, 1, 5, 7, f"(Thực hiện mục 11 {DIRECTIVE}; số liệu tính đến hết ngày {fmt_date(as_of)})",
           italic=True, size=11, align=CENTER)
    merged(ws, 6, 1, 6, 7, period_text(as_of, date_from, date_to), italic=True, size=11, align=CENTER)
    ws.row_dimensions[4].height = 36
    ws.row_dimensions[5].height = 32
    s = summary(agencies)
    rows = [[i, r["name"], r["code"], r["tasks"], r["consultations"], r["total"], r["max_days"]]
            for i, r in enumerate(s.to_dict(orient="records"), start=1)]
    rows.append([None, "Tổng cộng", None, int(s["tasks"].sum()), int(s["consultations"].sum()),
                 int(s["total"].sum()), int(s["max_days"].max()) if len(s) else 0])
    headers = ["STT", "Cơ quan, đơn vị", "Mã đơn vị", "Nhiệm vụ quá hạn chưa hoàn thành",
               "Văn bản xin ý kiến quá hạn chưa trả lời", "Tổng số", "Quá hạn lâu nhất (ngày)"]
    top = 8
    table(ws, top, headers, rows, [6, 42, 12, 16, 18, 10, 14], total_rows=1)
    ws.row_dimensions[top].height = 48
    ws.freeze_panes = ws.cell(row=top + 1, column=3)
    a4(ws, landscape=False, header_rows=f"{top}:{top}")

    detail = wb.create_sheet("Chi tiết")
    headers = ["Cơ quan, đơn vị", "Mã đơn vị", *ITEM_HEADERS]
    rows = [[a.name, a.code, *r] for a in agencies for r in _item_rows(a)]
    table(detail, 1, headers, rows, [34, 10, 6, 12, 18, 13, 60, 28, 13, 11])
    detail.row_dimensions[1].height = 32
    detail.freeze_panes = "C2"
    detail.auto_filter.ref = f"A1:J{max(len(rows) + 1, 2)}"
    a4(detail, landscape=True, header_rows="1:1")
    wb.save(out)


def letter_intro(as_of: dt.date, n_agencies: int, n_items: int) -> str:
    """The paragraph that says why the letter is sent (kept here so that the text is tested)."""
    return (f"Thực hiện {DIRECTIVE}, Văn phòng Ủy ban nhân dân thành phố theo dõi, đôn đốc việc thực hiện "
            f"nhiệm vụ do Ủy ban nhân dân thành phố, Chủ tịch Ủy ban nhân dân thành phố giao và việc trả lời "
            f"văn bản xin ý kiến. Đến hết ngày {fmt_date(as_of)}, còn {n_agencies} cơ quan, đơn vị có tổng số "
            f"{n_items} nhiệm vụ, văn bản xin ý kiến đã quá hạn nhưng chưa hoàn thành (chi tiết tại danh sách kèm theo).")

