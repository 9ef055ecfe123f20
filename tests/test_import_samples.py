"""Every sample export through the real importer, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import sqlalchemy as sa

from data_loaders.importer import import_file
from data_loaders.schema import Base, Dossier, ImportBatch, Petition

from .conftest import FIXTURES

S = dt.date(2026, 11, 15)
GOOD = [
    ("tthc_motcua_2026-11-15.xlsx", "motcua", Dossier),
    ("tthc_opencps_2026-11-15.csv", "opencps", Dossier),
    ("nhiem_vu_2026-11-15.xlsx", "nhiem_vu", None),
    ("pakn_2026-11-15.xlsx", "pakn", Petition),
    ("xin_y_kien_2026-11-15.csv", "xin_y_kien", None),
    ("tthc_noi_bo.xlsx", "tthc_noi_bo", None),
    ("tthc_cp1258.csv", "opencps", Dossier),
    ("names_nfd.csv", "opencps", Dossier),
]


def dump(engine) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: equal dumps mean an unchanged database."""
    out = {}
    with engine.connect() as c:
        for table in Base.metadata.sorted_tables:
            rows = c.execute(sa.select(table)).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def records_dump(engine):
    d = dump(engine)
    return {k: v for k, v in d.items() if k not in ("import_batch", "import_issue", "import_batch_agency")}  # the log


@pytest.fixture
def registry(engine):
    res = import_file(engine, FIXTURES / "don_vi.csv")
    assert res.status == "ok" and res.inserted == 78, res.message
    return engine


@pytest.mark.parametrize("name,profile,model", GOOD)
def test_good_sample_imports_whole(registry, truth, name, profile, model):
    res = import_file(registry, FIXTURES / name, as_of=S)
    assert res.status == "ok", res.message
    assert res.profile == profile  # chosen automatically from the headers
    assert res.rejected == 0 and res.flagged == 0, res.issues.head()
    assert res.rows_read == truth["files"][name]["meta"]["rows"]
    assert res.inserted + res.updated == res.rows_read


def test_motcua_title_block_and_footer_are_skipped(registry):
    res = import_file(registry, FIXTURES / "tthc_motcua_2026-11-15.xlsx")
    assert res.snapshot == S  # from the file name
    assert res.skipped["subtotal"] == 1  # "Tổng cộng: 6000 hồ sơ"
    with registry.connect() as c:
        b = c.execute(sa.select(ImportBatch.__table__).order_by(ImportBatch.id)).all()[-1]
    assert b.rows_read == 6000 and b.skipped_rows == 1 and b.sha256 and b.profile == "motcua"


def _issues(res):
    return [(int(r.line), r.record_id, r.grade, r.reasons.split(";")) for r in res.issues.itertuples()]


def test_bad_values_rejected_and_flagged_exactly(registry, truth):
    t = truth["files"]["bad_values.csv"]
    res = import_file(registry, FIXTURES / "bad_values.csv", as_of=S)
    assert res.status == "ok"
    got = _issues(res)
    assert [(l, i, r) for l, i, g, r in got if g == "error"] == [
        (r["line"], r["id"], r["reasons"]) for r in t["rejected_rows"]]
    assert [(l, i, r) for l, i, g, r in got if g == "warning"] == [
        (r["line"], r["id"], r["reasons"]) for r in t["flagged_rows"]]
    assert res.inserted == t["loaded_rows"]
    with registry.connect() as c:
        n = c.execute(sa.select(sa.func.count()).select_from(Dossier)).scalar()
        flagged = c.execute(sa.select(Dossier.dossier_id, Dossier.flags).where(Dossier.flags.is_not(None))).all()
    assert n == t["loaded_rows"]
    assert sorted(flagged) == sorted((r["id"], ";".join(r["reasons"])) for r in t["flagged_rows"])


def test_duplicate_ids_every_occurrence_rejected(registry, truth):
    t = truth["files"]["duplicate_ids.csv"]
    res = import_file(registry, FIXTURES / "duplicate_ids.csv", as_of=S)
    assert [(l, i, r) for l, i, g, r in _issues(res)] == [(r["line"], r["id"], r["reasons"]) for r in t["offending_rows"]]
    with registry.connect() as c:
        ids = set(c.execute(sa.select(Dossier.dossier_id)).scalars())
    assert len(ids) == t["distinct_ids"] - 3
    assert not ids & {r["id"] for r in t["offending_rows"]}


@pytest.mark.parametrize("name", ["bad_values.csv", "duplicate_ids.csv"])
def test_strict_loads_nothing(registry, name):
    before = dump(registry)
    res = import_file(registry, FIXTURES / name, as_of=S, strict=True)
    assert res.status == "refused" and "--strict" in res.message
    assert dump(registry) == before


@pytest.mark.parametrize("name,code", [
    ("bad_missing_column.xlsx", "missing_column"),
    ("not_excel.xlsx", "refused"),
])
def test_refused_files_change_nothing(registry, name, code):
    before = dump(registry)
    res = import_file(registry, FIXTURES / name)
    assert res.status == "refused" and res.refusal_code == code
    assert name in res.file and "/" in res.message  # Vietnamese / English
    assert dump(registry) == before


def test_missing_column_is_named(registry):
    res = import_file(registry, FIXTURES / "bad_missing_column.xlsx")
    assert "Ngày hẹn trả" in res.message


def test_empty_file_imports_nothing_and_says_so(registry):
    before = dump(registry)
    res = import_file(registry, FIXTURES / "empty.xlsx")
    assert res.status == "empty" and "nothing imported" in res.message
    assert dump(registry) == before


def test_same_file_twice_changes_nothing(registry):
    first = import_file(registry, FIXTURES / "pakn_2026-11-15.xlsx")
    snapshot = records_dump(registry)
    again = import_file(registry, FIXTURES / "pakn_2026-11-15.xlsx")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, first.inserted)
    assert records_dump(registry) == snapshot
    with registry.connect() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(ImportBatch)).scalar() == 3  # registry + 2


def test_later_snapshot_updates_changed_records(registry, tmp_path):
    src = (FIXTURES / "tthc_opencps_2026-11-15.csv").read_text(encoding="utf-8-sig").splitlines()
    import_file(registry, FIXTURES / "tthc_opencps_2026-11-15.csv")
    # a later export: one open dossier has now been returned, one new dossier arrived
    open_row = next(i for i, line in enumerate(src) if ",Đang xử lý," in line)
    cells = src[open_row].split(",")
    dossier_id = cells[0]
    src[open_row] = src[open_row].replace(",,Đang xử lý,", ",20/11/2026 10:00,Đã trả kết quả,")
    new_line = src[1].replace(src[1].split(",")[0], "H31.99-261120-0001", 1)
    later = tmp_path / "tthc_opencps_2026-11-20.csv"
    later.write_text("\r\n".join(src + [new_line]) + "\r\n", encoding="utf-8-sig")
    res = import_file(registry, later)
    assert (res.inserted, res.updated, res.unchanged) == (1, 1, 3999)
    assert res.snapshot == dt.date(2026, 11, 20)
    with registry.connect() as c:
        row = c.execute(sa.select(Dossier.__table__).where(Dossier.dossier_id == dossier_id)).one()
    assert row.returned_day == dt.date(2026, 11, 20) and row.batch_id == res.batch_id
    assert row.first_batch_id != res.batch_id  # still remembers which batch first loaded it


def test_rejected_row_never_changes_a_record(registry, tmp_path):
    import_file(registry, FIXTURES / "tthc_opencps_2026-11-15.csv")
    before = records_dump(registry)
    lines = (FIXTURES / "tthc_opencps_2026-11-15.csv").read_text(encoding="utf-8-sig").splitlines()
    bad = lines[1].split(",")
    bad[5] = "31/02/2025 08:00"  # impossible received date on an existing id
    f = tmp_path / "later.csv"
    f.write_text("\r\n".join([lines[0], ",".join(bad)]) + "\r\n", encoding="utf-8-sig")
    res = import_file(registry, f)
    assert res.rejected == 1 and res.inserted == res.updated == 0
    assert records_dump(registry) == before


def test_crash_mid_file_leaves_database_as_it_was(registry, monkeypatch):
    import data_loaders.writer as writer

    before = dump(registry)
    real = writer.bulk_insert
    calls = []

    def failing(conn, table, frame, on_progress=None):
        calls.append(1)
        real(conn, table, frame.iloc[:10], on_progress)  # part of the rows reach the database…
        raise RuntimeError("disk full")  # …then the process fails

    monkeypatch.setattr(writer, "bulk_insert", failing)
    with pytest.raises(RuntimeError):
        import_file(registry, FIXTURES / "tthc_motcua_2026-11-15.xlsx")
    assert calls and dump(registry) == before


def test_no_personal_data_stored(registry, truth, db_url, tmp_path):
    import openpyxl

    import_file(registry, FIXTURES / "pakn_2026-11-15.xlsx")
    import_file(registry, FIXTURES / "tthc_motcua_2026-11-15.xlsx")
    import_file(registry, FIXTURES / "tthc_opencps_2026-11-15.csv")
    ws = openpyxl.load_workbook(FIXTURES / "pakn_2026-11-15.xlsx", read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    names = {r[header.index("Người gửi")] for r in rows[1:]}
    phones = {str(r[header.index("Số điện thoại")]) for r in rows[1:]}
    assert len(names) > 100 and len(phones) > 100
    with registry.connect() as c:
        senders = c.execute(sa.select(Petition.sender_key)).scalars().all()
    assert all(s and len(s) == 32 for s in senders)
    if db_url.startswith("sqlite"):
        registry.dispose()
        blob = open(db_url.removeprefix("sqlite:///"), "rb").read()
        wal = db_url.removeprefix("sqlite:///") + "-wal"
        import os
        if os.path.exists(wal):
            blob += open(wal, "rb").read()
    else:
        text = []
        for table, rows_ in dump(registry).items():
            text.extend(repr(r) for r in rows_)
        blob = "\n".join(text).encode()
    for secret in list(phones)[:500]:
        assert secret.encode() not in blob
    leaked = [n for n in names if n.encode() in blob]
    assert leaked == []


def test_cli_refusal_is_one_clear_line_and_nonzero(db_url, tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "data_loaders", "import", str(FIXTURES / "not_excel.xlsx"), "--db", db_url],
        capture_output=True, text=True, cwd=FIXTURES.parent.parent,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    refused = [line for line in out.stderr.splitlines() if "REFUSED" in line]
    assert len(refused) == 1 and "not_excel.xlsx" in refused[0] and "not an Excel workbook" in refused[0]


def test_cli_empty_exits_zero_and_rejects_file(db_url, tmp_path):
    root = FIXTURES.parent.parent
    run = lambda *a: subprocess.run([sys.executable, "-m", "data_loaders", *a, "--db", db_url],
                                    capture_output=True, text=True, cwd=root)
    assert run("import", str(FIXTURES / "don_vi.csv")).returncode == 0
    out = run("import", str(FIXTURES / "empty.xlsx"))
    assert out.returncode == 0 and "EMPTY" in out.stdout
    rejects = tmp_path / "rejects.csv"
    out = run("import", str(FIXTURES / "bad_values.csv"), "--as-of", "2026-11-15", "--rejects", str(rejects))
    assert out.returncode == 0, out.stderr
    import csv
    rows = list(csv.DictReader(open(rejects, encoding="utf-8-sig")))
    assert list(rows[0]) == ["line", "id", "grade", "reasons"]
    assert {r["line"] for r in rows if r["grade"] == "error"} == {"5", "9", "13", "20", "23", "32", "35", "38", "40"}


def test_records_before_the_registry_are_refused_with_the_reason(engine):
    before = dump(engine)
    res = import_file(engine, FIXTURES / "tthc_opencps_2026-11-15.csv")
    assert res.status == "refused" and res.refusal_code == "no_registry" and "don_vi.csv" in res.message
    assert dump(engine) == before


def test_registry_lineage_starts_the_day_after_the_predecessor_ends(engine):
    from data_loaders.db import REPO_ROOT
    from data_loaders.schema import AgencyLineage

    res = import_file(engine, REPO_ROOT / "data_loaders" / "reference" / "agencies_haiphong.csv")
    assert res.status == "ok" and res.profile == "agency_registry", res.message
    with engine.connect() as c:
        row = c.execute(sa.select(AgencyLineage.__table__).where(AgencyLineage.predecessor_code == "SKHDT")).one()
    assert row.successor_code == "STC" and row.effective == dt.date(2025, 3, 1)
