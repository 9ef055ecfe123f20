"""The demo generator: realistic, seeded files in the sample layouts, loaded by the real importer."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from data_loaders import demo

FIXTURES = Path(__file__).parent / "fixtures"
UNTIL = dt.date(2026, 11, 15)  # a Sunday, like the samples' snapshot
SWITCH = "2025-07-01"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def truth_meta():
    files = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))["files"]
    return {name.split("_20")[0].removesuffix(".xlsx"): f["meta"] for name, f in files.items()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Small demo files (no database), generated once for the layout tests."""
    out = tmp_path_factory.mktemp("demo_files")
    res = demo.build_demo(None, until=UNTIL, scale=0.05, out_dir=out)
    return out, res


def _scalar(conn, sql: str):
    return conn.execute(sa.text(sql)).scalar()


# ------------------------------------------------------------------ the whole build, on both back ends
def test_build_demo_imports_everything(engine, tmp_path):
    steps = []
    res = demo.build_demo(engine, until=UNTIL, scale=0.05, out_dir=tmp_path,
                          progress=lambda msg, frac: steps.append((msg, frac)))

    # every file accepted, nothing rejected
    assert len(res["imports"]) == 7
    for imp in res["imports"]:
        assert imp["status"] == "ok", imp
        assert imp["rejected"] == 0, imp
    assert steps[0][1] == 0.0 and steps[-1][1] == 1.0
    assert all("Đang" in m or "Hoàn tất" in m for m, _ in steps)

    u = UNTIL.isoformat()
    with engine.connect() as c:
        # every kind has rows, as many as generated
        for table, kind in (("dossier", "dossiers"), ("task", "tasks"), ("petition", "petitions"),
                            ("consultation", "consultations"), ("internal_procedure", "internal_procedures")):
            n = _scalar(c, f"select count(*) from {table}")
            assert n > 0 and n == res["rows"][kind], table

        # no event dated after `until` (deadlines may lie in the future, events may not)
        for table, col in (("dossier", "received_day"), ("dossier", "finished_day"), ("dossier", "returned_day"),
                           ("dossier", "submitted_at"), ("task", "doc_date"), ("task", "completed_day"),
                           ("petition", "received_day"), ("petition", "answered_day"),
                           ("petition", "last_transfer_at"), ("consultation", "sent_day"),
                           ("consultation", "replied_day"), ("internal_procedure", "published_at")):
            latest = _scalar(c, f"select max({col}) from {table}")
            assert latest is not None and str(latest)[:10] <= u, (table, col, latest)

        # overdue items exist as of `until`, of every kind with deadlines
        assert _scalar(c, f"select count(*) from dossier where returned_day is null and due_day < '{u}'") > 0
        assert _scalar(c, f"select count(*) from task where completed_day is null and due_day < '{u}'") > 0
        assert _scalar(c, f"select count(*) from petition where answered_day is null and due_day < '{u}'") > 0
        assert _scalar(c, f"select count(*) from consultation where replied_day is null and due_day < '{u}'") > 0
        # tasks without a deadline, late dossiers with apology letters
        assert _scalar(c, "select count(*) from task where due_day is null") > 0
        assert _scalar(c, "select count(*) from dossier where returned_day > due_day and apology_issued") > 0

        # petitions passed around: some at least three times, the path agrees with the count
        assert _scalar(c, "select count(*) from petition where transfer_count >= 3") > 0
        bad = _scalar(c, """select count(*) from petition p where transfer_count !=
                            (select count(*) - 1 from petition_transfer t where t.petition_id = p.petition_id)""")
        assert bad == 0

        # before 1/7/2025 the old districts/communes, after it the new units (and never a unit off duty)
        for sql in (
            "select d.received_day, a.code, a.valid_from, a.valid_to from dossier d join agency a on a.code = d.agency_code",
            "select t.doc_date, a.code, a.valid_from, a.valid_to from task t join agency a on a.code = t.lead_agency_code",
            "select x.sent_day, a.code, a.valid_from, a.valid_to from consultation x "
            "join agency a on a.code = x.consulted_agency_code",
        ):
            for day, code, vf, vt in c.execute(sa.text(sql)):
                day = str(day)[:10]
                assert (vf is None or str(vf) <= day) and (vt is None or day <= str(vt)), (sql[:30], day, code)
        old_units = _scalar(c, """select count(*) from dossier d join agency a on a.code = d.agency_code
                                  where a.kind in ('quận', 'huyện', 'thị trấn')
                                     or (a.parent_code is not null and a.valid_to = '2025-06-30')""")
        new_units = _scalar(c, f"""select count(*) from dossier d join agency a on a.code = d.agency_code
                                  where a.valid_from = '{SWITCH}'""")
        assert old_units > 0 and new_units > 0
        assert _scalar(c, f"""select count(*) from dossier d join agency a on a.code = d.agency_code
                             where a.valid_from = '{SWITCH}' and d.received_day < '{SWITCH}'""") == 0
        assert _scalar(c, f"""select count(*) from dossier d join agency a on a.code = d.agency_code
                             where a.valid_to = '2025-06-30' and d.received_day >= '{SWITCH}'""") == 0


# ------------------------------------------------------------------ files, without a database
def test_same_seed_gives_identical_files(tmp_path, generated):
    out, _ = generated
    demo.build_demo(None, until=UNTIL, scale=0.05, out_dir=tmp_path)
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 6
    for name in names:
        assert _sha(out / name) == _sha(tmp_path / name), name


def test_other_seed_gives_other_files(tmp_path, generated):
    out, _ = generated
    demo.build_demo(None, until=UNTIL, scale=0.05, out_dir=tmp_path, seed=7)
    assert _sha(out / "tthc_opencps_2026-11-15.csv") != _sha(tmp_path / "tthc_opencps_2026-11-15.csv")


def _sheet(path: Path):
    wb = openpyxl.load_workbook(path)
    return wb.worksheets[0]


def test_layouts_are_those_of_the_samples(generated, truth_meta):
    out, _ = generated
    # one-stop xlsx: title block in rows 1–5, header in row 6, "Tổng cộng" footer
    ws = _sheet(out / "tthc_motcua_2026-11-15.xlsx")
    meta = truth_meta["tthc_motcua"]
    assert ws.title == meta["sheet"]
    assert [c.value for c in ws[6]] == meta["header"]
    assert ws["A1"].value == "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"
    assert ws.cell(ws.max_row, 1).value == f"Tổng cộng: {ws.max_row - 6 - 1} hồ sơ"
    received = ws.cell(7, 8).value
    assert isinstance(received, str) and dt.datetime.strptime(received, "%d/%m/%Y %H:%M:%S")

    # the xlsx files with a header in row 1 and real date cells
    for stem, file in (("nhiem_vu", "nhiem_vu_2026-11-15.xlsx"), ("pakn", "pakn_2026-11-15.xlsx"),
                       ("tthc_noi_bo", "tthc_noi_bo.xlsx")):
        ws = _sheet(out / file)
        assert ws.title == truth_meta[stem]["sheet"], file
        assert [c.value for c in ws[1]] == truth_meta[stem]["header"], file
        assert isinstance(ws.cell(2, 4 if stem == "nhiem_vu" else 6 if stem == "pakn" else 1).value,
                          dt.datetime if stem != "tthc_noi_bo" else int), file

    # csv: UTF-8 with BOM, CRLF, comma
    for stem, file in (("tthc_opencps", "tthc_opencps_2026-11-15.csv"), ("xin_y_kien", "xin_y_kien_2026-11-15.csv")):
        raw = (out / file).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw, file
        with (out / file).open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == truth_meta[stem]["header"], file
        assert len(rows) > 10


def test_petition_deadline_is_15_working_days_after_the_latest_transfer(generated):
    out, _ = generated
    cal = demo.Calendar()
    ws = _sheet(out / "pakn_2026-11-15.xlsx")
    header = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(header)}
    checked = 0
    for row in ws.iter_rows(min_row=2, values_only=True):
        base = row[col["Ngày chuyển gần nhất"]] or row[col["Ngày tiếp nhận"]]
        expected = cal.add(base.date(), 15).astype(dt.date)
        assert row[col["Hạn xử lý"]].date() == expected
        assert row[col["Số lần chuyển"]] == row[col["Quá trình chuyển xử lý"]].count(" -> ")
        checked += 1
    assert checked > 100


def test_dossier_due_dates_skip_weekends_and_holidays(generated):
    out, _ = generated
    cal = demo.Calendar()
    ws = _sheet(out / "tthc_motcua_2026-11-15.xlsx")
    for row in ws.iter_rows(min_row=7, max_row=ws.max_row - 1, values_only=True):
        due = dt.datetime.strptime(row[8], "%d/%m/%Y %H:%M:%S").date()
        assert bool(cal.is_workday(due)), row[1]
        if row[14] == "Có":  # an apology letter only for a late dossier
            ret = row[10] and dt.datetime.strptime(row[10], "%d/%m/%Y %H:%M:%S").date()
            assert (ret and ret > due) or (not ret and due < UNTIL), row[1]


def test_agency_names_are_spelled_in_many_ways(generated):
    out, _ = generated
    ws = _sheet(out / "tthc_motcua_2026-11-15.xlsx")
    names = [r[4] for r in ws.iter_rows(min_row=7, max_row=ws.max_row - 1, values_only=True)]
    assert any(n.endswith(" ") for n in names)
    assert any(n.startswith("UBND ") for n in names)
    assert any(n.isupper() for n in names)


def test_calendar_agrees_with_the_project_work_calendar():
    from data_loaders.workdays import WorkCalendar

    import numpy as np

    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2027-12-31"), dtype="datetime64[D]")
    ours = demo.Calendar()
    theirs = WorkCalendar()
    for n in (1, 5, 15, 30):
        assert (ours.add(days, n) == theirs.add_working_days_array(days, n).astype("datetime64[D]")).all(), n
