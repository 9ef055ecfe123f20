"""The report files (dashboard/reports) on SQLite and PostgreSQL, through the real importer, as of
S = 15/11/2026: every .xlsx cell is compared with `figures` (and truth.json where it has the
number), the Biểu 06 identities hold in every row, the .docx opens with python-docx, the PDF is
rendered with pdftoppm and its longest table ends with its last row. Formula injection and
personal data: see test_report_safety.py."""
from __future__ import annotations

import datetime as dt
import re
import subprocess

import openpyxl
import pytest

from dashboard.metrics import figures
from dashboard.petition_flow import bounced
from dashboard.reports import bieu06 as B
from dashboard.reports import meeting_pack, overdue
from dashboard.reports.overdue_data import collect
from dashboard.scope import Scope

from . import conftest
from .conftest import FIXTURES

S = dt.date(2026, 11, 15)
SAMPLES = ("tthc_motcua_2026-11-15.xlsx", "nhiem_vu_2026-11-15.xlsx", "pakn_2026-11-15.xlsx",
           "xin_y_kien_2026-11-15.csv", "tthc_noi_bo.xlsx")


def database(request, tmp_path_factory, label: str):
    """A URL of a fresh database of the back end `request.param`, and its drop function."""
    return conftest.new_database(request.param, tmp_path_factory.mktemp(label), label)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request, tmp_path_factory):
    """(engine, url) of a database holding the registry and one sample of each kind."""
    from data_loaders.db import make_engine
    from data_loaders.importer import import_file

    url, drop = database(request, tmp_path_factory, "reports")
    engine = make_engine(url)
    try:
        assert import_file(engine, FIXTURES / "don_vi.csv").status == "ok"
        for name in SAMPLES:
            res = import_file(engine, FIXTURES / name, as_of=S)
            assert res.status == "ok", res.message
        yield engine, url
    finally:
        engine.dispose()
        drop()


@pytest.fixture
def conn(loaded):
    with loaded[0].connect() as c:
        yield c


# --------------------------------------------------------------------------- Biểu 06
def form_rows(path):
    """(name, [11 counts]) of every data row of the form, the total row last."""
    ws = openpyxl.load_workbook(path).active
    out = []
    for r in ws.iter_rows(min_row=B.FIRST_DATA_ROW, values_only=True):
        if r[1] is None:
            break
        out.append((r[1], list(r[2:13])))
    assert out[-1][0] == B.TOTAL_LABEL
    return ws, out


def check_identities(rows):
    for name, v in rows:
        assert all(type(x) is int for x in v), name  # numbers as numbers
        total, online, offline, carried, res, early, on_time, late, prog, within, over = v
        assert total == online + offline + carried == res + prog, name
        assert res == early + on_time + late, name
        assert prog == within + over, name
    body = [v for _n, v in rows[:-1]]
    assert rows[-1][1] == [sum(col) for col in zip(*body)]


@pytest.mark.parametrize("period", [(None, None), (dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
                                    (dt.date(2026, 11, 1), dt.date(2026, 11, 30))])
def test_bieu06_cells_are_the_figures(conn, tmp_path, truth, period):
    start, end = period
    path = B.write(conn, tmp_path / "b06.xlsx", S, start, end)
    ws, rows = form_rows(path)
    check_identities(rows)
    f = figures(conn, "dossiers", S, start, end, by="agency")
    f["total_to_handle"] = f["received"] + f["carried_over"]
    f = f[f["total_to_handle"] > 0].sort_values(["name", "key"], kind="stable")
    assert [n for n, _v in rows[:-1]] == f["name"].tolist()
    assert [v for _n, v in rows[:-1]] == f[list(B.COUNT_COLUMNS)].astype(int).values.tolist()
    # The layout a reader recognises: title, period, merged headers, (1)…(13), frozen header.
    assert ws["A1"].value == "Biểu số 06/VPCP/KSTT"
    assert ws["A4"].value.startswith("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    expected_period = ("Kỳ báo cáo: từ " + start.strftime("%d/%m/%Y") + " đến " + end.strftime("%d/%m/%Y")
                       if start else "Kỳ báo cáo: lũy kế đến hết ngày 15/11/2026")
    assert ws["A6"].value.startswith(expected_period)
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A8:A10", "B8:B10", "C8:F8", "G8:M8", "C9:C10", "D9:F9", "G9:J9", "K9:M9"} <= merged
    assert [ws.cell(10, j).value for j in (4, 5, 6, 8, 9, 10, 12, 13)] == [
        "Số mới tiếp nhận trực tuyến", "Số mới tiếp nhận trực tiếp và qua dịch vụ bưu chính công ích",
        "Số từ kỳ trước chuyển qua", "Trả trước hạn", "Trả đúng thời hạn", "Trả quá hạn", "Trong hạn", "Quá hạn"]
    assert [ws.cell(11, j).value for j in range(1, 14)] == [f"({j})" for j in range(1, 14)]
    assert ws.freeze_panes == "C12"
    if start is None:  # cumulative: the one-stop sample's totals of truth.json
        m = truth["files"]["tthc_motcua_2026-11-15.xlsx"]["metrics"]
        t, ch = m["totals"], m["by_channel"]
        total = rows[-1][1]
        assert total[:4] == [t["total"], ch["Trực tuyến"], ch["Trực tiếp"] + ch["Bưu chính"], 0]
        assert total[4:] == [t["resolved"], t["resolved_early"], t["resolved_on_time"], t["resolved_late"],
                             t["open"], t["open_within"], t["open_overdue"]]
    else:
        assert any(v[3] > 0 for _n, v in rows[:-1]), "a period in 2026 carries dossiers over"


def test_bieu06_for_one_agency_lists_its_fields(conn, tmp_path, truth):
    _ws, rows = form_rows(B.write(conn, tmp_path / "b06.xlsx", S, agency="303"))
    check_identities(rows)
    f = figures(conn, "dossiers", S, by="field", scope=Scope.only("303"))
    assert sorted(n for n, _v in rows[:-1]) == sorted(f["name"])
    t = truth["files"]["tthc_motcua_2026-11-15.xlsx"]["metrics"]["by_agency"]["303"]
    total = rows[-1][1]
    assert (total[0], total[4], total[5], total[6], total[7], total[8], total[9], total[10]) == (
        t["total"], t["resolved"], t["resolved_early"], t["resolved_on_time"], t["resolved_late"], t["open"],
        t["open_within"], t["open_overdue"])


# --------------------------------------------------------------------------- overdue (item 11)
def overdue_expected(conn, truth):
    tasks = figures(conn, "tasks", S, by="agency").set_index("key")["open_overdue"]
    cons = figures(conn, "consultations", S, by="agency").set_index("key")["open_overdue"]
    both = tasks.add(cons, fill_value=0)
    assert int(tasks.sum()) == truth["files"]["nhiem_vu_2026-11-15.xlsx"]["metrics"]["totals"]["dang_thuc_hien_qua_han"]
    return tasks, cons, both[both > 0]


def test_overdue_xlsx_is_the_figures(conn, tmp_path, truth):
    tasks, cons, both = overdue_expected(conn, truth)
    wb = openpyxl.load_workbook(overdue.write(conn, tmp_path / "od.xlsx", S))
    ws = wb["Tổng hợp"]
    rows = [r for r in ws.iter_rows(min_row=9, values_only=True) if r[1] is not None]
    body, total = rows[:-1], rows[-1]
    assert total[1] == "Tổng cộng"
    assert {r[2]: (r[3], r[4], r[5]) for r in body} == {
        k: (int(tasks.get(k, 0)), int(cons.get(k, 0)), int(both[k])) for k in both.index}
    assert total[3:6] == (int(tasks.sum()), int(cons.sum()), int(both.sum()))
    assert [r[5] for r in body] == sorted((r[5] for r in body), reverse=True)  # most items first
    detail = [r for r in wb["Chi tiết"].iter_rows(min_row=2, values_only=True)]
    assert len(detail) == int(both.sum())
    assert all(r[9] > 0 and isinstance(r[8], dt.datetime) and r[8].date() < S for r in detail)
    assert wb["Chi tiết"].freeze_panes == "C2"


def test_overdue_letter_docx(conn, tmp_path, truth):
    import docx

    _tasks, _cons, both = overdue_expected(conn, truth)
    d = docx.Document(overdue.write(conn, tmp_path / "od.docx", S))
    head = d.tables[0].rows[0].cells
    assert "ỦY BAN NHÂN DÂN" in head[0].text and "VĂN PHÒNG" in head[0].text
    assert "Số: …/VP-KSTTHC" in head[0].text and "V/v đôn đốc thực hiện nhiệm vụ quá hạn" in head[0].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head[1].text and "Độc lập - Tự do - Hạnh phúc" in head[1].text
    assert re.search(r"Hải Phòng, ngày …… tháng …… năm \d{4}", head[1].text)
    body = "\n".join(p.text for p in d.paragraphs)
    assert "2598/UBND-KSTTHC" in body and "15/11/2026" in body
    assert f"còn {len(both)} cơ quan, đơn vị có tổng số {int(both.sum())} nhiệm vụ" in body
    items = d.tables[1:-1]
    assert len(items) == len(both)
    assert sum(len(t.rows) - 1 for t in items) == int(both.sum())
    assert all(t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.xpath("./w:tblHeader") for t in items)
    sign = d.tables[-1].rows[0].cells
    assert "Nơi nhận:" in sign[0].text and "CHÁNH VĂN PHÒNG" in sign[1].text


# --------------------------------------------------------------------------- meeting pack
def pdf_text(path, first=None, last=None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(first), "-l", str(last)] if first else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_meeting_pack_pdf(conn, tmp_path):
    path, pages, warning = meeting_pack.write(conn, tmp_path / "pack.pdf", S)
    assert warning is None, warning  # the charts were rendered (kaleido + chromium)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == pages >= 10
    text = pdf_text(path)
    for i in range(1, pages + 1):  # date and page number on every page
        page = pdf_text(path, i, i)
        assert f"Trang {i}/{pages}" in page and "Số liệu tính đến 15/11/2026" in page
    # Vietnamese text survives the embedded font (no missing glyphs → the words come back whole).
    for words in ("Kết quả chung so với mục tiêu", "Mười đơn vị có nhiều việc trễ hạn nhất",
                  "Thay đổi so với ngày 08/11/2026", "Đơn vị được biểu dương", "Phụ lục".upper()):
        assert words in text
    # The longest table, the petitions passed three times or more, is complete: its last row is there.
    b = bounced(conn, S, limit=1_000_000)
    assert len(b) > 100
    last = b.iloc[-1]
    assert re.search(rf"\b{len(b)}\s+{re.escape(last['petition_id'][:12])}", text), last["petition_id"]
    # … as is the appendix list of overdue items (the last table of the pack).
    n_items = sum(len(a.items) for a in collect(conn, S))
    assert re.search(rf"^\s*{n_items}\s", pdf_text(path, pages, pages), re.M)
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    assert sum(1 for line in images.splitlines() if " image " in line) >= 5  # target bars + 4 worst-ten charts


# --------------------------------------------------------------------------- command line
def test_cli_writes_each_report(loaded, tmp_path):
    import os
    import sys

    _engine, url = loaded
    env = {k: v for k, v in os.environ.items() if k != "OVERSIGHT_DATABASE_URL"}
    for name, out in (("bieu06", "b.xlsx"), ("overdue", "o.xlsx"), ("overdue", "o.docx"), ("meeting-pack", "m.pdf")):
        res = subprocess.run([sys.executable, "-m", "dashboard", "report", name, "--as-of", "15/11/2026",
                              "--from", "2026-10-01", "--to", "2026-10-31", "--db", url, "--out", str(tmp_path / out)],
                             cwd=conftest.FIXTURES.parent.parent, env=env, capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stderr
        assert (tmp_path / out).stat().st_size > 1000
        assert not list(tmp_path.glob(".*part*"))
    _ws, rows = form_rows(tmp_path / "b.xlsx")
    check_identities(rows)
