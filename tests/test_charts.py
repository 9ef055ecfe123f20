"""dashboard.charts: every figure has a title, axis titles with units, the as-of date, the
reader's number separators; data are mapped to the right bars; agency bars carry their codes.
Table-driven: one row per chart builder, with the frame it gets and what must come out."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import charts

S = dt.date(2026, 11, 15)
AGENCIES = pd.DataFrame({
    "key": ["SXD", "303", "SYT", "305.01", "STP"],
    "name": ["Sở Xây dựng", "UBND quận Lê Chân", "Sở Y tế",
             "UBND phường Trần Nguyên Hãn thuộc quận Lê Chân cũ (tên rất dài)", "Sở Tư pháp"],
    "open_overdue": [12, 30, 0, 5, 1234],
    "done_on_time": [7, 0, 2, 9, 1],
    "done_late": [1, 2, 3, 4, 5],
    "rate": [90.5, 70.25, None, 99.0, 50.0],
})
TASK_PARTS = [charts.Part("done_on_time", "Hoàn thành đúng hạn", charts.GOOD),
              charts.Part("done_late", "Hoàn thành quá hạn", charts.WARN),
              charts.Part("open_overdue", "Đang thực hiện quá hạn", charts.BAD)]
MONTHS = pd.DataFrame({"month": ["2026-09", "2026-10", "2026-11"], "received": [10, 1200, 7],
                       "open_end": [3, 4, 1005]})
HEAT = pd.DataFrame({"key": ["SXD", "SXD", "303", "SYT"], "name": ["Sở Xây dựng", "Sở Xây dựng", "UBND quận Lê Chân", "Sở Y tế"],
                     "month": ["2026-10", "2026-11", "2026-11", "2026-10"], "late_total": [2, 3, 9, 0]})
TARGETS = pd.DataFrame({"label": ["Tỷ lệ công bố", "Tỷ lệ có phương án đơn giản hóa", "Tỷ lệ cắt giảm",
                                  "Tỷ lệ cắt giảm chi phí tuân thủ"],
                        "value": [75.0, 45.33, 27.67, None], "target": [100.0, 50.0, 20.0, 20.0]})

# name → (builder, expected x-axis title, expected y-axis title)
CASES = {
    "agency_bars": (lambda lang: charts.agency_bars(
        AGENCIES, "open_overdue", title="Đơn vị có nhiều nhiệm vụ quá hạn nhất", x_title="Số nhiệm vụ (việc)",
        as_of=S, lang=lang, n=3), "Số nhiệm vụ (việc)", None),
    "agency_rate": (lambda lang: charts.agency_bars(
        AGENCIES, "rate", title="Tỷ lệ đúng hạn thấp nhất", x_title="Tỷ lệ (%)", as_of=S, lang=lang, n=3,
        ascending=True, pct=True, target=100), "Tỷ lệ (%)", None),
    "stacked": (lambda lang: charts.stacked_agency_bars(
        AGENCIES, TASK_PARTS, title="Nhiệm vụ theo đơn vị chủ trì", x_title="Số nhiệm vụ (việc)", as_of=S,
        lang=lang), "Số nhiệm vụ (việc)", None),
    "aging": (lambda lang: charts.aging_bars(
        pd.DataFrame({"bucket": ["1–7", "8–30", "31–90", ">90"], "count": [1, 2, 0, 1500]}),
        title="Tuổi nợ đọng", y_title="Số nhiệm vụ (việc)", as_of=S, lang=lang), "Số ngày quá hạn",
        "Số nhiệm vụ (việc)"),
    "lateness": (lambda lang: charts.lateness_histogram(
        ["0", "1", "2-3"], [2, 33, 115], title="Phân bố số ngày trễ", y_title="Số hồ sơ", as_of=S, lang=lang),
        "Số ngày làm việc trễ hạn", "Số hồ sơ"),
    "monthly": (lambda lang: charts.monthly_chart(
        MONTHS, [charts.Series("received", "Tiếp nhận", charts.OPEN, "bar"),
                 charts.Series("open_end", "Tồn cuối tháng", charts.BAD, "line")],
        title="Tồn đọng PAKN theo tháng", y_title="Số PAKN", as_of=S, lang=lang), "Tháng", "Số PAKN"),
    "heatmap": (lambda lang: charts.agency_month_heatmap(
        HEAT, "late_total", title="Hồ sơ trễ hạn theo đơn vị và tháng", colorbar_title="Hồ sơ", as_of=S,
        lang=lang), "Tháng", None),
    "donut": (lambda lang: charts.share_donut(
        ["Trực tuyến", "Trực tiếp"], [2970, 2787], title="Kênh tiếp nhận", as_of=S, lang=lang, unit="hồ sơ"),
        None, None),
    "category": (lambda lang: charts.category_bars(
        [f"Lĩnh vực {i}" for i in range(20)], list(range(20)), title="Theo lĩnh vực", x_title="Số hồ sơ",
        as_of=S, lang=lang, n=5), "Số hồ sơ", None),
    "targets": (lambda lang: charts.target_progress(
        TARGETS, title="TTHC nội bộ so với mục tiêu", as_of=S, lang=lang), "Tỷ lệ đạt được (%)", None),
}


@pytest.mark.parametrize("name", CASES)
def test_titles_axes_as_of_and_separators(name):
    build, x_title, y_title = CASES[name]
    fig = build("vi")
    layout = fig.layout
    assert layout.title.text and "Số liệu tính đến 15/11/2026" in layout.title.subtitle.text
    assert layout.separators == ",."
    assert layout.font.size >= 13 and layout.title.font.size >= 16
    if x_title:
        assert layout.xaxis.title.text == x_title
    if y_title:
        assert layout.yaxis.title.text == y_title
    assert fig.layout.height >= 320
    en = build("en")
    assert en.layout.separators == ".," and "Data as of 15/11/2026" in en.layout.title.subtitle.text


def test_agency_bars_worst_first_with_codes():
    fig = CASES["agency_bars"][0]("vi")
    bar = fig.data[0]
    assert list(bar.customdata) == ["STP", "303", "SXD"]  # the three largest, largest first
    assert list(bar.x) == [1234, 30, 12]
    assert fig.layout.yaxis.autorange == "reversed"  # first row at the top
    assert bar.texttemplate == "%{x:,}"  # plotly applies the layout separators: 1.234
    assert fig.layout.xaxis.tickformat == charts.COUNT_TICKS  # and to the ticks: 1.000, not 1000


def test_rate_bars_lowest_first_and_skip_missing():
    fig = CASES["agency_rate"][0]("vi")
    bar = fig.data[0]
    assert list(bar.customdata) == ["STP", "303", "SXD"]  # 50 < 70,25 < 90,5; SYT has no rate
    assert bar.texttemplate.endswith(" %")  # vi: a space before the per cent sign
    assert any(s.x0 == 100 for s in fig.layout.shapes)  # the target line …
    assert "Mục tiêu 100 % (vạch đứt)" in fig.layout.title.subtitle.text  # … named in the subtitle


def test_long_agency_names_are_cut_on_the_axis_but_whole_in_the_hover():
    fig = charts.agency_bars(AGENCIES, "done_late", title="t", x_title="x", as_of=S, n=5)
    bar = fig.data[0]
    long_name = AGENCIES.loc[3, "name"]
    assert long_name in list(bar.hovertext)
    assert all(len(label) <= charts.LABEL_CHARS for label in bar.y)


def test_stacked_bars_one_trace_per_part_all_with_codes():
    fig = CASES["stacked"][0]("vi")
    assert [tr.name for tr in fig.data] == [p.label for p in TASK_PARTS]
    assert fig.layout.barmode == "stack"
    order = list(fig.data[0].customdata)
    assert order[0] == "STP"  # most open overdue first (the default sort: last part)
    for tr in fig.data:
        assert list(tr.customdata) == order
    col = {p.label: p.column for p in TASK_PARTS}
    for tr in fig.data:
        expected = AGENCIES.set_index("key").loc[order, col[tr.name]].tolist()
        assert list(tr.x) == expected


def test_buckets_keep_their_order():
    fig = CASES["aging"][0]("vi")
    assert list(fig.data[0].x) == ["1–7", "8–30", "31–90", ">90"]
    assert list(fig.data[0].y) == [1, 2, 0, 1500]
    assert list(fig.layout.xaxis.categoryarray) == ["1–7", "8–30", "31–90", ">90"]


def test_monthly_chart_flows_as_bars_stocks_as_lines():
    fig = CASES["monthly"][0]("vi")
    assert [tr.type for tr in fig.data] == ["bar", "scatter"]
    assert [str(x)[:10] for x in fig.data[0].x] == ["2026-09-01", "2026-10-01", "2026-11-01"]
    assert list(fig.data[1].y) == [3, 4, 1005]
    assert fig.layout.xaxis.tickformat == "%m/%Y"


def test_heatmap_agencies_by_total_with_codes():
    fig = CASES["heatmap"][0]("vi")
    hm = fig.data[0]
    assert list(hm.y) == ["UBND quận Lê Chân", "Sở Xây dựng"]  # 9 > 5; SYT has none and is left out
    assert list(hm.x) == ["10/2026", "11/2026"]
    assert [list(r) for r in hm.z] == [[0, 9], [2, 3]]
    assert [row[0] for row in hm.customdata] == ["303", "SXD"]


def test_donut_total_in_the_hole_with_separators():
    fig = CASES["donut"][0]("vi")
    assert "5.757" in fig.layout.annotations[0].text
    assert "5,757" in CASES["donut"][0]("en").layout.annotations[0].text


def test_category_bars_sum_the_rest_into_other():
    fig = CASES["category"][0]("vi")
    bar = fig.data[0]
    assert len(bar.y) == 5 and bar.y[-1] == "Khác"
    assert sum(bar.x) == sum(range(20))


def test_target_progress_colours_and_texts():
    fig = CASES["targets"][0]("vi")
    values = fig.data[1]
    assert list(values.marker.color) == [charts.WARN, charts.WARN, charts.GOOD, charts.WARN]
    assert values.text[1] == "45,3% / mục tiêu 50,0%"
    assert values.text[3].startswith("–")  # no value is not 0 %
    assert list(fig.data[2].x) == [100.0, 50.0, 20.0, 20.0]


@pytest.mark.parametrize("name", ["agency_bars", "stacked", "heatmap", "category", "monthly"])
def test_empty_frames_say_so(name):
    empty = {
        "agency_bars": lambda: charts.agency_bars(AGENCIES.iloc[0:0], "open_overdue", title="t", x_title="x", as_of=S),
        "stacked": lambda: charts.stacked_agency_bars(AGENCIES.iloc[0:0], TASK_PARTS, title="t", x_title="x", as_of=S),
        "heatmap": lambda: charts.agency_month_heatmap(HEAT.iloc[0:0], "late_total", title="t", colorbar_title="c",
                                                       as_of=S),
        "category": lambda: charts.category_bars([], [], title="t", x_title="x", as_of=S),
        "monthly": lambda: charts.monthly_chart(MONTHS.iloc[0:0], [charts.Series("received", "r", charts.OPEN)],
                                                title="t", y_title="y", as_of=S),
    }[name]()
    assert any("Không có dữ liệu" in a.text for a in empty.layout.annotations)


def test_wrap_breaks_long_titles():
    text = "Nhiệm vụ đang thực hiện quá hạn theo đơn vị chủ trì, sắp xếp theo số nhiệm vụ quá hạn nhiều nhất"
    wrapped = charts.wrap(text, 40)
    assert all(len(line) <= 40 for line in wrapped.split("<br>"))
    assert wrapped.replace("<br>", " ") == text


def test_no_streamlit_import():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(charts))
    names = {a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "streamlit" not in names and "streamlit" not in modules
