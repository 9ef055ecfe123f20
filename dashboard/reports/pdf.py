"""reportlab building blocks of the PDF reports: an embedded TTF font with Vietnamese glyphs,
A4 pages with the as-of date and "Trang x/y" on every page, paragraph styles, and tables that
split across pages with their header rows repeated (LongTable, repeatRows) and word-wrapped
cells (Paragraph), so that no table is ever cut at the page edge.

Why a TTF found at run time: reportlab's built-in Helvetica has no Vietnamese letters (ư, ơ,
ầ, ộ… come out as black boxes). Debian's fonts-noto-core / fonts-dejavu-core provide them;
without either, the report fails with a message that says what to install.
"""
from __future__ import annotations

import datetime as dt
import glob
import os
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Frame, LongTable, PageTemplate, Paragraph, TableStyle

from ..i18n import fmt_date, fmt_number
from .common import ReportError
from .safe import cell as safe_cell

FONT, FONT_BOLD = "ReportSans", "ReportSans-Bold"
FONT_ENV = "OVERSIGHT_PDF_FONT"  # a regular TTF to use instead (its bold sibling is looked for beside it)
# (regular, bold), first found wins. DejaVu first: Noto Sans (core) has the Vietnamese letters
# but not ≥, ≤ or → (targets, petition paths), which would print as nothing. Condensed: tables
# of 13 columns fit A4 portrait.
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
)
MARGIN = 15 * mm
PAGE_W, PAGE_H = A4
FRAME_W = PAGE_W - 2 * MARGIN
HEADER_BG = colors.HexColor("#DDE6F0")
TOTAL_BG = colors.HexColor("#F2F2F2")
GRID = colors.HexColor("#808080")


def _find_font() -> tuple[str, str]:
    own = os.environ.get(FONT_ENV)
    pairs = list(FONT_CANDIDATES)
    if own:
        bold = own.replace("Regular", "Bold").replace(".ttf", "-Bold.ttf") if "Regular" not in own else \
            own.replace("Regular", "Bold")
        pairs.insert(0, (own, bold if os.path.exists(bold) else own))
    # Any Noto/DejaVu Sans elsewhere (another distribution's layout).
    pairs += [(p, p) for p in sorted(glob.glob("/usr/share/fonts/**/DejaVuSans.ttf", recursive=True))]
    pairs += [(p, p) for p in sorted(glob.glob("/usr/share/fonts/**/NotoSans-Regular.ttf", recursive=True))]
    for regular, bold in pairs:
        if os.path.exists(regular):
            return regular, bold if os.path.exists(bold) else regular
    raise ReportError("no TrueType font with Vietnamese letters found: install fonts-noto-core or "
                      f"fonts-dejavu-core, or set {FONT_ENV} to a .ttf file")


def register_fonts() -> None:
    """Register the report font once per process (reportlab keeps a global registry)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold = _find_font()
    pdfmetrics.registerFont(TTFont(FONT, regular))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, bold))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#444444")),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=21, alignment=TA_CENTER,
                                spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=14, alignment=TA_CENTER),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=13, leading=17, spaceBefore=10,
                             spaceAfter=6, textColor=colors.HexColor("#123a6b"), keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=8,
                             spaceAfter=4, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.2, spaceAfter=0),
        "cell_num": ParagraphStyle("cell_num", parent=base, fontSize=7.5, leading=9.2, spaceAfter=0, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontName=FONT_BOLD, fontSize=7.5, leading=9.2,
                                    spaceAfter=0, alignment=TA_CENTER),
    }


def text(value, decimals: int = 0) -> str:
    """A cell value as display text: neutralised, dd/mm/yyyy, Vietnamese number separators."""
    v = safe_cell(value)
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Có" if v else "Không"
    if isinstance(v, (dt.date, dt.datetime)):
        return fmt_date(v)
    if isinstance(v, int):
        return fmt_number(v)
    if isinstance(v, float):
        return fmt_number(v, decimals)
    return str(v)


def para(value, style: ParagraphStyle, decimals: int = 0) -> Paragraph:
    """A Paragraph of data: escaped, so '<', '&' in an imported summary are text, not markup."""
    return Paragraph(escape(text(value, decimals)), style)


def data_table(headers: list[str], rows: list[list], widths_mm: list[float], *, numeric: set[int] = frozenset(),
               total_rows: int = 0, groups: list[tuple[str, int, int]] | None = None,
               decimals: dict[int, int] | None = None) -> LongTable:
    """A table that splits across pages between rows, its header row(s) repeated on each page.
    `groups`: an optional first header row of (label, first column, last column) spans; columns
    not covered by a group have their leaf header spanning both header rows."""
    st = styles()
    decimals = decimals or {}
    head = [Paragraph(escape(h), st["cell_head"]) for h in headers]
    body = [[para(v, st["cell_num"] if j in numeric else st["cell"], decimals.get(j, 0)) for j, v in enumerate(r)]
            for r in rows]
    commands = [("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
    data = [head, *body]
    n_head = 1
    if groups:
        n_head = 2
        top = [""] * len(headers)
        covered = set()
        for label, a, b in groups:
            top[a] = Paragraph(escape(label), st["cell_head"])
            commands.append(("SPAN", (a, 0), (b, 0)))
            covered.update(range(a, b + 1))
        for j in range(len(headers)):
            if j not in covered:  # a leaf header without a group spans both header rows
                top[j] = head[j]
                head[j] = ""
                commands.append(("SPAN", (j, 0), (j, 1)))
        data = [top, head, *body]
    commands.append(("BACKGROUND", (0, 0), (-1, n_head - 1), HEADER_BG))
    if len(body) > 1:
        commands.append(("ROWBACKGROUNDS", (0, n_head), (-1, -1 - total_rows), [colors.white, colors.HexColor("#FAFAFA")]))
    if total_rows:
        commands.append(("BACKGROUND", (0, -total_rows), (-1, -1), TOTAL_BG))
        for r in range(len(data) - total_rows, len(data)):
            for c, cell_ in enumerate(data[r]):
                if isinstance(cell_, Paragraph):
                    cell_.style = ParagraphStyle("bold", parent=cell_.style, fontName=FONT_BOLD)
    scale = FRAME_W / (sum(widths_mm) * mm) if sum(widths_mm) * mm > FRAME_W else 1.0
    t = LongTable(data, colWidths=[w * mm * scale for w in widths_mm], repeatRows=n_head, hAlign="LEFT")
    t.setStyle(TableStyle(commands))
    return t


def numbered_canvas(left: str, right: str):
    """A canvas class that writes `left` and `right` at the top of every page and "Trang x/y" at
    the bottom: pages are held until the end, when their total is known."""
    class _Canvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(colors.HexColor("#444444"))
            self.drawString(MARGIN, PAGE_H - 10 * mm, left)
            self.drawRightString(PAGE_W - MARGIN, PAGE_H - 10 * mm, right)
            self.setStrokeColor(colors.HexColor("#BBBBBB"))
            self.line(MARGIN, PAGE_H - 11.5 * mm, PAGE_W - MARGIN, PAGE_H - 11.5 * mm)
            self.drawCentredString(PAGE_W / 2, 8 * mm, f"Trang {self._pageNumber}/{total}")
            self.restoreState()

    return _Canvas


def build(path, story: list, *, left: str, right: str, title: str) -> int:
    """Lay out `story` on A4 portrait pages and write the PDF; returns the number of pages."""
    register_fonts()
    doc = BaseDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=16 * mm,
                          bottomMargin=14 * mm, title=title, author="Văn phòng UBND thành phố Hải Phòng",
                          creator="oversight dashboard", initialFontName=FONT)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="a4", frames=[frame])])
    doc.build(story, canvasmaker=numbered_canvas(left, right))
    return doc.page

