"""openpyxl helpers shared by the .xlsx reports: one look (Times New Roman, as Vietnamese
administrative documents are printed, thin borders, bold centred headers) and one way to put
a value in a cell — through `safe.cell`, so no report can write a formula by accident."""
from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .safe import cell as safe_cell

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMAT = "#,##0"


def put(ws: Worksheet, row: int, col: int, value, *, bold: bool = False, italic: bool = False,
        size: float = 12, align: Alignment | None = None, border: bool = False, fill=None):
    """Write one (neutralised) value with its style; dates get dd/mm/yyyy, integers #,##0."""
    c = ws.cell(row=row, column=col)
    v = safe_cell(value)
    c.value = v
    if isinstance(v, str):
        c.data_type = "s"  # belt and braces: openpyxl never reads a str cell as a formula then
    c.font = Font(name=FONT, size=size, bold=bold, italic=italic)
    if align is not None:
        c.alignment = align
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        c.alignment = RIGHT
    if border:
        c.border = BORDER
    if fill is not None:
        c.fill = fill
    if hasattr(v, "year") and not isinstance(v, str):
        c.number_format = DATE_FORMAT
    elif isinstance(v, int) and not isinstance(v, bool):
        c.number_format = NUMBER_FORMAT
    return c


def merged(ws: Worksheet, r1: int, c1: int, r2: int, c2: int, value, **style):
    """A merged block; the style (and border) is applied to every cell of it, so that the merged
    block's borders print whole (Excel draws the border of each underlying cell)."""
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            put(ws, r, c, value if (r, c) == (r1, c1) else None, **style)
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def widths(ws: Worksheet, sizes: list[float]) -> None:
    for i, w in enumerate(sizes, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def table(ws: Worksheet, top: int, headers: list[str], rows: list[list], sizes: list[float], *,
          size: float = 11, total_rows: int = 0) -> int:
    """A bordered table with a one-row header starting at `top`; the last `total_rows` rows in
    bold on grey. Returns the next free row."""
    for j, h in enumerate(headers, start=1):
        put(ws, top, j, h, bold=True, size=size, align=CENTER, border=True, fill=HEADER_FILL)
    for i, row in enumerate(rows, start=1):
        is_total = i > len(rows) - total_rows
        for j, v in enumerate(row, start=1):
            align = LEFT if isinstance(v, str) else (CENTER if hasattr(v, "year") else None)
            put(ws, top + i, j, v, size=size, border=True, bold=is_total, align=align,
                fill=TOTAL_FILL if is_total else None)
    widths(ws, sizes)
    return top + len(rows) + 1


def a4(ws: Worksheet, *, landscape: bool, header_rows: str | None = None) -> None:
    """Print set-up: A4, fit to the page width, header rows repeated on every printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_rows:
        ws.print_title_rows = header_rows
