"""The draft reminder letter (.docx) of the overdue report: see dashboard/reports/overdue.py.

Every value taken from the data goes through `safe.cell` (neutralised text); dates are printed
dd/mm/yyyy. The item tables repeat their header row on every page (Word's "repeat as header
row", w:tblHeader) so that a long list printed on several pages stays readable.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..i18n import fmt_date
from .common import CITY_COMMITTEE, CITY_OFFICE, PLACE
from .overdue_data import AgencyOverdue
from .safe import cell as safe_cell

FONT = "Times New Roman"
SUBJECT = "V/v đôn đốc thực hiện nhiệm vụ quá hạn"
NUMBER = "Số: …/VP-KSTTHC"
MAX_NAMED = 8  # "Kính gửi" names the agencies up to this many, else refers to the list
ITEM_HEADERS = ("STT", "Loại việc", "Số, ngày văn bản", "Trích yếu nội dung", "Hạn xử lý", "Số ngày quá hạn")
ITEM_WIDTHS_MM = (10, 18, 30, 76, 20, 11)  # 165 mm = A4 less the 30 + 15 mm margins


def _text(value) -> str:
    v = safe_cell(value)
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return fmt_date(v)
    return str(v)


def _para(container, text: str = "", *, bold=False, italic=False, size=14, align=None, indent=True,
          space_after=Pt(6)):
    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    p.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = p.paragraph_format
    fmt.space_after = space_after
    fmt.space_before = Pt(0)
    if indent and align is None:
        fmt.first_line_indent = Mm(10)
    return p


def _cell_para(cell, text: str, *, bold=False, italic=False, size=13, align=WD_ALIGN_PARAGRAPH.CENTER):
    """Write into a table cell, reusing its first (empty) paragraph for the first line."""
    p = cell.paragraphs[0] if not cell.paragraphs[0].text and len(cell.paragraphs) == 1 and not cell._tc.xpath(
        ".//w:r") else cell.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    return p


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    tbl_pr.append(borders)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    h = OxmlElement("w:tblHeader")
    h.set(qn("w:val"), "true")
    tr_pr.append(h)


def _setup(doc) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Word otherwise keeps its own font for some runs


def _letterhead(doc, today: dt.date) -> None:
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    left, right = t.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    _cell_para(left, CITY_COMMITTEE.replace("THÀNH PHỐ", "\nTHÀNH PHỐ"), size=13)
    _cell_para(left, CITY_OFFICE, bold=True, size=13)
    _cell_para(left, "────────", size=10)
    _cell_para(left, NUMBER, size=13)
    _cell_para(left, SUBJECT, size=12)
    _cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    _cell_para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    _cell_para(right, "───────────────", size=10)
    _cell_para(right, "")
    _cell_para(right, f"{PLACE}, ngày …… tháng …… năm {today.year}", italic=True, size=14)


def _agency_table(doc, a: AgencyOverdue) -> None:
    t = doc.add_table(rows=1, cols=len(ITEM_HEADERS))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, h, w in zip(t.rows[0].cells, ITEM_HEADERS, ITEM_WIDTHS_MM):
        c.width = Mm(w)
        _cell_para(c, h, bold=True, size=11)
    _repeat_header(t.rows[0])
    for i, r in enumerate(a.items.to_dict(orient="records"), start=1):
        number = _text(r["doc_number"])
        doc_ref = f"{number}\nngày {_text(r['doc_date'])}" if number else _text(r["doc_date"])
        values = (str(i), _text(r["kind"]), doc_ref, _text(r["summary"]), _text(r["due_day"]),
                  str(int(r["days_overdue"])))
        for j, (c, v, w) in enumerate(zip(t.add_row().cells, values, ITEM_WIDTHS_MM)):
            c.width = Mm(w)
            _cell_para(c, v, size=11, align=WD_ALIGN_PARAGRAPH.LEFT if j == 3 else WD_ALIGN_PARAGRAPH.CENTER)


def _signature(doc) -> None:
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    left, right = t.rows[0].cells
    left.width, right.width = Mm(85), Mm(80)
    _cell_para(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in ("- Như trên;", "- Chủ tịch UBND thành phố (để báo cáo);", "- Các Phó Chủ tịch UBND thành phố;",
                 "- Chánh Văn phòng, các Phó Chánh Văn phòng;", "- Lưu: VT, KSTTHC."):
        _cell_para(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_para(right, "KT. CHÁNH VĂN PHÒNG", bold=True, size=14)
    _cell_para(right, "PHÓ CHÁNH VĂN PHÒNG", bold=True, size=14)
    for _ in range(4):
        _cell_para(right, "")
    _cell_para(right, "(Ký, ghi rõ họ tên)", italic=True, size=12)


def write_letter(agencies: list[AgencyOverdue], out: Path, as_of: dt.date, date_from=None, date_to=None,
                 today: dt.date | None = None) -> Path:
    from .overdue import letter_intro

    doc = Document()
    _setup(doc)
    _letterhead(doc, today or dt.date.today())
    n_items = sum(len(a.items) for a in agencies)
    _para(doc, "", space_after=Pt(6))
    if not agencies:
        _para(doc, f"Đến hết ngày {fmt_date(as_of)}, không có cơ quan, đơn vị nào có nhiệm vụ, văn bản xin ý kiến "
                   "quá hạn chưa hoàn thành. Không cần gửi văn bản đôn đốc.", italic=True)
        doc.save(out)
        return out
    if len(agencies) <= MAX_NAMED:
        _para(doc, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(0))
        for i, a in enumerate(agencies):
            end = "." if i == len(agencies) - 1 else ";"
            _para(doc, f"- {_text(a.name)}{end}", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(0))
    else:
        _para(doc, "Kính gửi: Các cơ quan, đơn vị có tên tại danh sách kèm theo.", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "", space_after=Pt(0))
    _para(doc, letter_intro(as_of, len(agencies), n_items))
    _para(doc, "Để bảo đảm kỷ luật, kỷ cương hành chính theo mục 3 và mục 11 của Văn bản số 2598/UBND-KSTTHC, "
               "Văn phòng Ủy ban nhân dân thành phố đề nghị Thủ trưởng các cơ quan, đơn vị:")
    _para(doc, "1. Khẩn trương hoàn thành các nhiệm vụ, trả lời các văn bản xin ý kiến nêu tại danh sách dưới đây; "
               "trường hợp chưa hoàn thành, báo cáo rõ lý do, trách nhiệm của tập thể, cá nhân liên quan và đề xuất "
               "thời hạn hoàn thành.")
    _para(doc, "2. Chấn chỉnh việc theo dõi, đôn đốc thực hiện nhiệm vụ tại cơ quan, đơn vị; không để phát sinh "
               "nhiệm vụ quá hạn, nợ đọng.")
    _para(doc, "DANH SÁCH NHIỆM VỤ, VĂN BẢN XIN Ý KIẾN QUÁ HẠN CHƯA HOÀN THÀNH", bold=True,
          align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(0))
    _para(doc, f"(Số liệu tính đến hết ngày {fmt_date(as_of)}; số ngày quá hạn tính theo ngày lịch)", italic=True,
          size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    for i, a in enumerate(agencies, start=1):
        counts = f"{a.count('tasks')} nhiệm vụ, {a.count('consultations')} văn bản xin ý kiến"
        _para(doc, f"{i}. {_text(a.name)} ({counts})", bold=True, size=13, indent=False,
              align=WD_ALIGN_PARAGRAPH.LEFT, space_after=Pt(3))
        _agency_table(doc, a)
        _para(doc, "", space_after=Pt(3))
    # The closing sentence ends the body ("./."), after the list the letter refers to.
    _para(doc, "Văn phòng Ủy ban nhân dân thành phố tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân thành phố các "
               "trường hợp chậm thực hiện./.")
    _signature(doc)
    doc.save(out)
    return out
