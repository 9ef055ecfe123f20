"""Safe exports: formula injection is neutralised in every report file, and no personal data
leaves the database. A small database per back end holds crafted records whose imported text
begins with =, +, - or @ (a task summary `=HYPERLINK("http://x")`, a dossier field, a petition
title), and a petition sender whose keyed hash must appear in no export."""
from __future__ import annotations

import csv
import datetime as dt
import subprocess

import docx
import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard.reports import bieu06, meeting_pack, overdue
from dashboard.reports.safe import neutralise, safe_frame, to_csv_bytes

from .conftest import FIXTURES
from .test_layers import REPO
from .test_reports import database

S = dt.date(2026, 11, 15)
LINK = '=HYPERLINK("http://x")'
TASK_HEADER = ["STT", "Mã nhiệm vụ", "Số, ký hiệu văn bản", "Ngày văn bản", "Loại văn bản", "Người giao",
               "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Hạn xử lý", "Ngày hoàn thành", "Tình trạng",
               "Ghi chú"]
DOSSIER_HEADER = ["STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Lĩnh vực", "Đơn vị tiếp nhận", "Người nộp",
                  "Ngày nộp hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý", "Ngày trả kết quả",
                  "Trạng thái", "Hình thức nộp", "Số lần bổ sung", "Phiếu xin lỗi"]
APPLICANT = "Nguyễn Văn Bí Mật"


@pytest.mark.parametrize("value, expected", [
    (LINK, "'" + LINK), ("+84 912", "'+84 912"), ("-13/UBND", "'-13/UBND"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("  =1+1", "'  =1+1"), ("Sở Xây dựng", "Sở Xây dựng"),
    ("1709/UBND-KT", "1709/UBND-KT"), ("", ""), (-5, -5), (3.5, 3.5), (None, None), (True, True),
    (dt.date(2026, 1, 2), dt.date(2026, 1, 2)),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_export_is_neutralised_and_drops_personal_columns():
    df = pd.DataFrame({"summary": [LINK, "ok"], "n": [-1, 2], "sender_key": ["abc", "def"], "=h": ["x", "y"]})
    out = safe_frame(df)
    assert list(out.columns) == ["summary", "n", "'=h"]
    text = to_csv_bytes(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "abc" not in text
    assert list(csv.reader(text.splitlines()))[1] == ["'" + LINK, "-1", "x"]


def _write_inputs(tmp) -> tuple:
    tasks = tmp / "nhiem_vu_2026-11-15.csv"
    with tasks.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(TASK_HEADER)
        w.writerow(["1", "NV-X-0001", "12/UBND-KSTTHC", "01/10/2026", "Công văn", "@Chủ tịch UBND TP", LINK,
                    "Sở Xây dựng", "", "15/10/2026", "", "Đang thực hiện", ""])
        w.writerow(["2", "NV-X-0002", "-13/UBND-KSTTHC", "02/10/2026", "Công văn", "UBND TP",
                    "+Báo cáo <b>tình hình</b> & kết quả", "Sở Xây dựng", "", "16/10/2026", "", "Đang thực hiện", ""])
    dossiers = tmp / "tthc_motcua_2026-11-15.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(DOSSIER_HEADER)
    ws.append([1, "HS-X-1", "Cấp giấy phép xây dựng", "x", "Sở Xây dựng", APPLICANT, "01/11/2026 08:00:00",
               "01/11/2026 08:00:00", "05/11/2026 17:00:00", "", "", "Đang xử lý", "Trực tuyến", 0, "Không"])
    ws["D2"].value = LINK
    ws["D2"].data_type = "s"  # a text cell that reads as a formula, as an export could carry
    wb.save(dossiers)
    return tasks, dossiers


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def crafted(request, tmp_path_factory):
    from data_loaders.db import make_engine
    from data_loaders.importer import import_file

    url, drop = database(request, tmp_path_factory, "safety")
    tmp = tmp_path_factory.mktemp("inputs")
    engine = make_engine(url)
    try:
        assert import_file(engine, FIXTURES / "don_vi.csv").status == "ok"
        for path in (*_write_inputs(tmp), FIXTURES / "pakn_2026-11-15.xlsx"):
            res = import_file(engine, path, as_of=S)
            assert res.status == "ok", res.message
        with engine.connect() as c:
            assert c.execute(sa.text("select field from dossier")).scalar() == LINK
            assert c.execute(sa.text("select summary from task where task_id = 'NV-X-0001'")).scalar() == LINK
        yield engine
    finally:
        engine.dispose()
        drop()


def xlsx_cells(path):
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]


def test_every_export_neutralises_formulas(crafted, tmp_path):
    with crafted.connect() as conn:
        files = {"b06": bieu06.write(conn, tmp_path / "b06.xlsx", S, agency="SXD"),
                 "od": overdue.write(conn, tmp_path / "od.xlsx", S),
                 "letter": overdue.write(conn, tmp_path / "od.docx", S),
                 "pack": meeting_pack.write(conn, tmp_path / "pack.pdf", S, agency="SXD")[0]}
    for key in ("b06", "od"):
        cells = xlsx_cells(files[key])
        assert not [c.coordinate for c in cells if c.data_type == "f"], key  # no formula anywhere
        texts = [c.value for c in cells if isinstance(c.value, str)]
        assert "'" + LINK in texts, key
        assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))], key
    od_texts = [c.value for c in xlsx_cells(files["od"]) if isinstance(c.value, str)]
    assert {"'-13/UBND-KSTTHC", "'@Chủ tịch UBND TP", "'+Báo cáo <b>tình hình</b> & kết quả"} <= set(od_texts)
    d = docx.Document(files["letter"])
    letter = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert "'" + LINK in letter and "'+Báo cáo <b>tình hình</b> & kết quả" in letter
    assert not [t for t in letter if t.startswith("=")]
    text = subprocess.run(["pdftotext", str(files["pack"]), "-"], capture_output=True, text=True, check=True).stdout
    assert "'" + LINK in text
    assert "'+Báo cáo <b>tình hình</b> & kết quả" in text  # markup in data stays text in the PDF


def test_no_personal_data_in_any_export(crafted, tmp_path):
    with crafted.connect() as conn:
        keys = [k for (k,) in conn.execute(sa.text("select sender_key from petition where sender_key is not null"))]
        files = [meeting_pack.write(conn, tmp_path / "pack.pdf", S)[0],
                 bieu06.write(conn, tmp_path / "b06.xlsx", S), overdue.write(conn, tmp_path / "od.xlsx", S),
                 overdue.write(conn, tmp_path / "od.docx", S)]
    assert keys, "the sample has senders: their hash is what must not leak"
    text = subprocess.run(["pdftotext", str(files[0]), "-"], capture_output=True, text=True, check=True).stdout
    text += "\n".join(str(c.value) for f in files[1:3] for c in xlsx_cells(f))
    d = docx.Document(files[3])
    text += "\n".join(p.text for p in d.paragraphs) + "\n".join(
        c.text for t in d.tables for row in t.rows for c in row.cells)
    assert APPLICANT not in text
    assert not [k for k in keys if k[:16] in text]


@pytest.mark.parametrize("rel", sorted(str(p.relative_to(REPO)) for p in (REPO / "dashboard" / "reports").glob("*.py")))
def test_reports_never_import_streamlit(rel):
    """A scheduler runs the reports without Streamlit (ARCHITECTURE.md: the data zone)."""
    from .test_layers import _reaches_streamlit

    assert _reaches_streamlit(REPO / rel, set()) is None


def test_page_and_cli_csv_exports_go_through_the_neutraliser():
    """The CSV downloads of the pages and the figures CLI use the one export function."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for page in ("pages/data.py", "pages/dossiers.py"):
        text = (root / page).read_text(encoding="utf-8")
        assert "to_csv_bytes(" in text and ".to_csv(" not in text, page
    cli = (root / "dashboard" / "cli.py").read_text(encoding="utf-8")
    assert "safe_frame(df).to_csv(" in cli


def test_csv_bytes_neutralise_formulas_and_drop_personal_columns():
    import pandas as pd

    from dashboard.reports.safe import to_csv_bytes

    data = to_csv_bytes(pd.DataFrame({"Nội dung": ['=HYPERLINK("http://x")', "+1", "bình thường"],
                                      "sender_key": ["a", "b", "c"], "n": [1, -2, 3]})).decode("utf-8-sig")
    assert "'=HYPERLINK" in data and "'+1" in data and "sender_key" not in data and ",-2" in data


def test_rejects_file_uses_the_same_neutraliser(tmp_path):
    """The loaders' --rejects CSV and every dashboard export share one rule (data_loaders.formula_guard)."""
    from data_loaders.__main__ import _write_rejects
    from data_loaders.importer import ImportResult
    from dashboard.reports import safe

    import pandas as pd

    from data_loaders import formula_guard

    assert safe.neutralise is formula_guard.neutralise
    res = ImportResult(file="x.csv", status="ok", issues=pd.DataFrame(
        [(2, '=HYPERLINK("http://x")', "error", "unknown_agency", None, None), (3, " @SUM(A1)", "error", "empty_id", None, None)],
        columns=["line", "record_id", "grade", "reasons", "column", "value"]))
    out = tmp_path / "rejects.csv"
    _write_rejects(out, [res])
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "' @SUM" in text
