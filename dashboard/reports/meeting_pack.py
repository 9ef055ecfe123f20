"""The meeting pack (tài liệu giao ban) as an A4 PDF: the briefing slides' content plus the full
tables. Sections: 1 the city against its targets, 2 the ten worst agencies per kind of work,
3 what changed since the comparison day, 4 agencies to praise, 5 petitions passed between
agencies, then the appendix of full tables. The numbers are those of pack_data (→ figures).
"""
from __future__ import annotations

import datetime as dt
import io
from contextlib import contextmanager
from pathlib import Path

from reportlab.platypus import Image, KeepTogether, PageBreak, Paragraph, Spacer

from .. import charts
from .. import metric_registry as reg
from ..directive_targets import progress, target_rows
from ..i18n import fmt_date, fmt_number, fmt_pct
from ..petition_flow import bounced, passers, transfer_distribution
from . import pack_data as P
from .bieu06 import COUNTS, frame as bieu06_frame
from .chart_images import ChartRenderer
from .common import CITY_COMMITTEE_NAME, agency_name, period_text, scope_of
from .overdue_data import collect
from .pdf import FRAME_W, build, data_table, styles

ALL = 1_000_000  # lists in the appendix are complete
# Biểu 06 leaf headers shortened for 12-mm PDF columns (the .xlsx keeps the form's wording).
PDF_BIEU06_LABELS = ("Tổng số", "Trực tuyến", "Trực tiếp, bưu chính", "Kỳ trước chuyển qua", "Tổng số",
                     "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn")


class Pack:
    """Collects the story (flowables) of the PDF; one method per section."""

    def __init__(self, conn, as_of, date_from, date_to, agency, compare, renderer: ChartRenderer):
        self.conn, self.as_of, self.date_from, self.date_to = conn, as_of, date_from, date_to
        self.agency, self.compare, self.r = agency, compare, renderer
        self.scope = scope_of(agency)
        self.st = styles()
        self.story: list = []
        self.by_agency = {k: P.by_agency(conn, k, as_of, date_from, date_to, self.scope) for k in P.KINDS}

    # ------------------------------------------------------------------ helpers
    @contextmanager
    def together(self):
        """Keep a short block (heading, chart, ten-row table) on one page: a table of ten rows
        split after its first row is not cut, but it is hard to read in a meeting."""
        outer, self.story = self.story, []
        try:
            yield
        finally:
            block, self.story = self.story, outer
            self.story.append(KeepTogether(block))

    def p(self, text: str, style: str = "body"):
        self.story.append(Paragraph(text, self.st[style]))

    def chart(self, fig, caption: str | None = None) -> None:
        png = self.r.png(fig, width=1000)
        if png is None:
            self.p(f"<i>(Biểu đồ không vẽ được: {self.r.error}. Số liệu ở bảng bên dưới.)</i>", "small")
            return
        img = Image(io.BytesIO(png))
        ratio = img.imageHeight / img.imageWidth
        img.drawWidth, img.drawHeight = FRAME_W, FRAME_W * ratio
        self.story.append(img)
        if caption:
            self.story.append(Paragraph(caption, self.st["small"]))

    def table(self, headers, rows, widths, **kw) -> None:
        if not rows:
            self.p("<i>Không có.</i>", "small")
            return
        self.story.append(data_table(headers, rows, widths, **kw))
        self.story.append(Spacer(1, 4))

    # ------------------------------------------------------------------ sections
    def cover(self) -> None:
        who = agency_name(self.conn, self.agency) if self.agency else CITY_COMMITTEE_NAME
        self.p("TÀI LIỆU GIAO BAN", "title")
        self.p("Tình hình thực hiện kỷ luật, kỷ cương hành chính theo Văn bản số 2598/UBND-KSTTHC ngày 24/10/2023",
               "subtitle")
        self.p(f"{who} — Số liệu tính đến hết ngày {fmt_date(self.as_of)}; so sánh với ngày {fmt_date(self.compare)}",
               "subtitle")
        self.p(period_text(self.as_of, self.date_from, self.date_to), "subtitle")
        self.story.append(Spacer(1, 6))

    def targets(self) -> None:
        self.p("1. Kết quả chung so với mục tiêu", "h1")
        df = P.city_targets(self.conn, self.as_of, self.date_from, self.date_to, self.scope)
        rows = []
        for r in df.to_dict(orient="records"):
            fmt = (lambda x: fmt_pct(x, 1)) if r["unit"] == "%" else (lambda x: fmt_number(x))
            verdict = "—" if r["met"] is None else ("Đạt" if r["met"] else "Chưa đạt")
            rows.append([P.KIND_VI.get(r["kind"], "TTHC nội bộ"), r["label"], fmt(r["value"]),
                         ("≥ " if r["direction"] == reg.HIGHER else "≤ ") + fmt(r["target"]), verdict])
        self.table(["Loại việc", "Chỉ tiêu", "Kết quả", "Mục tiêu", "Đánh giá"], rows, [34, 76, 24, 24, 22],
                   numeric={2, 3})
        city = progress(self.conn, self.as_of, by="city", scope=self.scope).iloc[0]
        self.chart(charts.target_progress(target_rows(city), title="TTHC nội bộ: tiến độ so với mục tiêu mục 7",
                                          as_of=self.as_of))

    def worst(self) -> None:
        self.story.append(PageBreak())
        self.p("2. Mười đơn vị có nhiều việc trễ hạn nhất", "h1")
        self.p("Trễ hạn = đã giải quyết (hoàn thành, trả lời) quá hạn + đang xử lý quá hạn.", "small")
        for kind in P.KINDS:
            df = self.by_agency[kind]
            w = P.worst(df, kind)
            a, b = P.LATE[kind]
            rows = [[i, r["name"], int(r["late"]), int(r[a]), int(r[b]), r[P.ON_TIME_RATE[kind]]]
                    for i, r in enumerate(w.to_dict(orient="records"), start=1)]
            with self.together():
                self.p(P.KIND_VI[kind], "h2")
                self.chart(charts.agency_bars(w, "late", title=f"{P.KIND_VI[kind]}: 10 đơn vị trễ hạn nhiều nhất",
                                              x_title="Số việc trễ hạn", as_of=self.as_of))
                self.table(["STT", "Đơn vị", "Trễ hạn", "Đã xong nhưng quá hạn", "Đang quá hạn",
                            "Tỷ lệ đúng hạn (%)"], rows, [10, 80, 20, 25, 22, 23], numeric={2, 3, 4, 5},
                           decimals={5: 1})

    def changes(self) -> None:
        self.story.append(PageBreak())
        self.p(f"3. Thay đổi so với ngày {fmt_date(self.compare)}", "h1")
        ch = P.changes(self.conn, self.as_of, self.compare, self.scope)
        rows = [[r["label"], r["then"], r["now"], r["new"], r["cleared"]] for r in ch["counts"].to_dict("records")]
        self.table(["Loại việc", f"Quá hạn ngày {fmt_date(self.compare)}", f"Quá hạn ngày {fmt_date(self.as_of)}",
                    "Mới quá hạn", "Đã xử lý hoặc hết quá hạn"], rows, [50, 34, 34, 30, 32], numeric={1, 2, 3, 4})
        for key, title in (("improved", "Đơn vị tiến bộ (giảm việc quá hạn)"),
                           ("slipped", "Đơn vị chậm lại (tăng việc quá hạn)")):
            self.p(title, "h2")
            rows = [[i, r["name"], r["then"], r["now"], r["delta"]]
                    for i, r in enumerate(ch[key].to_dict("records"), start=1)]
            self.table(["STT", "Đơn vị", fmt_date(self.compare), fmt_date(self.as_of), "Thay đổi"], rows,
                       [10, 100, 24, 24, 22], numeric={2, 3, 4})
        for kind in ("tasks", "consultations"):
            new, cleared = ch["ids"][kind]
            for ids, what in ((new, "mới quá hạn"), (cleared, "đã xử lý hoặc hết quá hạn")):
                self.p(f"{P.KIND_VI[kind]} {what}", "h2")
                items = P.task_like_items(self.conn, kind, ids)
                rows = [[i, r["agency"], r["doc_number"], r["summary"], r["due_day"]]
                        for i, r in enumerate(items.to_dict("records"), start=1)]
                self.table(["STT", "Đơn vị", "Số văn bản", "Trích yếu", "Hạn"], rows, [10, 42, 28, 78, 22])

    def praise(self) -> None:
        self.p("4. Đơn vị được biểu dương", "h1")
        self.p("Không có việc đang quá hạn, tỷ lệ đúng hạn cao nhất, với số việc đã xong đủ lớn "
               f"(hồ sơ ≥ {P.PRAISE_MIN_FINISHED['dossiers']}, nhiệm vụ ≥ {P.PRAISE_MIN_FINISHED['tasks']}, "
               f"xin ý kiến ≥ {P.PRAISE_MIN_FINISHED['consultations']}, PAKN ≥ {P.PRAISE_MIN_FINISHED['petitions']}).",
               "small")
        rows = []
        for kind in P.KINDS:
            for r in P.praise(self.by_agency[kind], kind).to_dict("records"):
                rows.append([P.KIND_VI[kind], r["name"], r[P.ON_TIME_RATE[kind]], int(r["finished"])])
        self.table(["Loại việc", "Đơn vị", "Tỷ lệ đúng hạn (%)", "Số việc đã xong"], rows, [40, 90, 25, 25],
                   numeric={2, 3}, decimals={2: 1})

    def petitions(self) -> None:
        self.story.append(PageBreak())
        self.p("5. Phản ánh, kiến nghị bị chuyển qua lại giữa các cơ quan", "h1")
        args = (self.conn, self.as_of, self.date_from, self.date_to)
        dist = transfer_distribution(*args, scope=self.scope)
        self.table(["Số lần chuyển", "Số PAKN"], [[int(r["transfers"]), int(r["count"])] for r in dist.to_dict("records")],
                   [40, 40], numeric={0, 1})
        self.p("Cơ quan chuyển PAKN đi nhiều nhất", "h2")
        rows = [[i, r["name"], int(r["handoffs"]), int(r["petitions"])]
                for i, r in enumerate(passers(*args, scope=self.scope, limit=10).to_dict("records"), start=1)]
        self.table(["STT", "Cơ quan", "Số lần chuyển đi", "Số PAKN đã chuyển"], rows, [10, 110, 30, 30],
                   numeric={2, 3})
        self.p("PAKN bị chuyển từ 3 lần trở lên (toàn bộ danh sách)", "h2")
        b = bounced(*args, scope=self.scope, limit=ALL)
        rows = [[i, r["petition_id"], r["title"], r["path"], int(r["transfer_count"]), r["received_day"],
                 r["answered_day"]] for i, r in enumerate(b.to_dict("records"), start=1)]
        self.table(["STT", "Mã PAKN", "Nội dung", "Đường đi", "Số lần chuyển", "Ngày nhận", "Ngày trả lời"], rows,
                   [9, 26, 46, 52, 13, 17, 17], numeric={4})

    def appendix(self) -> None:
        self.story.append(PageBreak())
        self.p("PHỤ LỤC: CÁC BẢNG ĐẦY ĐỦ", "h1")
        self.p("A. Biểu 06/VPCP/KSTT – tình hình, kết quả giải quyết TTHC theo đơn vị", "h2")
        df = bieu06_frame(self.conn, self.as_of, self.date_from, self.date_to, self.agency)
        cols = [c for c, _ in COUNTS]
        rows = [[None if r["key"] == "total" else i, r["name"], *[int(r[c]) for c in cols]]
                for i, r in enumerate(df.to_dict("records"), start=1)]
        self.table(["STT", "Đơn vị / lĩnh vực", *PDF_BIEU06_LABELS], rows,
                   [7, 39, *([12.2] * len(cols))], numeric=set(range(2, 13)), total_rows=1,
                   groups=[("Nhận giải quyết", 2, 5), ("Đã giải quyết", 6, 9), ("Đang giải quyết", 10, 12)])
        for letter, kind in (("B", "tasks"), ("C", "consultations")):
            self.p(f"{letter}. {P.KIND_VI[kind]} theo đơn vị", "h2")
            df = self.by_agency[kind].sort_values("name", kind="stable")
            rows = [[i, r["name"], *[int(r[c]) for c in ("total", "done_on_time", "done_late", "open_on_time",
                                                          "open_overdue", "no_deadline_done", "no_deadline_open")]]
                    for i, r in enumerate(df.to_dict("records"), start=1)]
            self.table(["STT", "Đơn vị", "Tổng số", "Xong đúng hạn", "Xong quá hạn", "Đang làm trong hạn",
                        "Đang quá hạn", "Không hạn – đã xong", "Không hạn – chưa xong"], rows,
                       [8, 58, 16, 16, 16, 17, 16, 17, 16], numeric=set(range(2, 9)))
        self.p("D. Phản ánh, kiến nghị theo đơn vị đang xử lý", "h2")
        df = self.by_agency["petitions"].sort_values("name", kind="stable")
        rows = [[i, r["name"], *[int(r[c]) for c in ("total", "answered", "answered_on_time", "answered_late", "open",
                                                      "open_overdue", "transferred_3_or_more")]]
                for i, r in enumerate(df.to_dict("records"), start=1)]
        self.table(["STT", "Đơn vị", "Tổng số", "Đã trả lời", "Đúng hạn", "Quá hạn", "Đang xử lý", "Đang quá hạn",
                    "Chuyển ≥ 3 lần"], rows, [8, 58, 16, 16, 16, 16, 17, 16, 17], numeric=set(range(2, 9)))
        self.p("E. Nhiệm vụ, văn bản xin ý kiến quá hạn chưa hoàn thành", "h2")
        rows = [[a.name, r["kind"], r["doc_number"], r["summary"], r["due_day"], int(r["days_overdue"])]
                for a in collect(self.conn, self.as_of, self.date_from, self.date_to, self.agency)
                for r in a.items.to_dict("records")]
        rows = [[i, *r] for i, r in enumerate(rows, start=1)]
        self.table(["STT", "Đơn vị", "Loại", "Số văn bản", "Trích yếu", "Hạn", "Số ngày quá hạn"], rows,
                   [9, 36, 16, 25, 60, 18, 16], numeric={6})


def write(conn, out: Path, as_of: dt.date, date_from=None, date_to=None, agency: str | None = None,
          compare: dt.date | None = None) -> tuple[Path, int, str | None]:
    """Write the pack; returns (path, number of pages, chart warning or None)."""
    compare = compare or as_of - dt.timedelta(days=7)
    with ChartRenderer() as renderer:
        pack = Pack(conn, as_of, date_from, date_to, agency, compare, renderer)
        for section in (pack.cover, pack.targets, pack.worst, pack.changes, pack.praise, pack.petitions,
                        pack.appendix):
            section()
    pages = build(out, pack.story, left="Tài liệu giao ban – kỷ luật, kỷ cương hành chính – TP Hải Phòng",
                  right=f"Số liệu tính đến {fmt_date(as_of)}", title="Tài liệu giao ban")
    return Path(out), pages, renderer.error
