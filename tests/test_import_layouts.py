"""Layouts no built-in profile knows, encodings, delimiters, and name matching."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from data_loaders.agencies import AgencyMatcher, name_key
from data_loaders.importer import import_file
from data_loaders.profiles import ProfileError, resolve
from data_loaders.schema import Consultation, Dossier, Task

from .conftest import FIXTURES


@pytest.fixture
def registry(engine):
    assert import_file(engine, FIXTURES / "don_vi.csv").status == "ok"
    return engine


INVENTED_PROFILE = """
kind = "dossiers"
format = "csv"
delimiter = ";"
header_row = 3
agency_by = "name"
deadline_precision = "exact"

[columns]
dossier_id = "Số biên nhận"
agency = "Nơi giải quyết"
received_at = "Nhận lúc"
due_at = "Hẹn lúc"
returned_at = "Trả lúc"
status = "Mã trạng thái"
channel = "Kênh"

[dates]
received_at = "%Y-%m-%dT%H:%M"
due_at = "%Y-%m-%dT%H:%M"
returned_at = "%Y-%m-%dT%H:%M"

[values.status]
"10" = "returned"
"4" = "processing"

[values.channel]
"TT" = "in_person"
"TTUYEN" = "online"
"""

INVENTED_FILE = (
    "BÁO CÁO HỒ SƠ;;;;;;\n"
    "Kỳ: tháng 11/2026;;;;;;\n"
    "Số biên nhận;Nơi giải quyết;Nhận lúc;Hẹn lúc;Trả lúc;Mã trạng thái;Kênh\n"
    "BN-1;UBND Q. Lê Chân;2026-11-02T08:00;2026-11-06T08:00;2026-11-06T09:30;10;TT\n"
    "BN-2;SỞ TƯ PHÁP ;2026-11-03T08:00;2026-11-10T08:00;;4;TTUYEN\n"
    "BN-3;Sở Tư pháp;2026-11-03T08:00;2026-11-10T08:00;2026-11-09T10:00;10;TTUYEN\n"
    "BN-4;Sở Tư pháp;03/11/2026 08:00;2026-11-10T08:00;;4;TT\n"
    "BN-5;Sở Tư pháp;2026-11-03T08:00;2026-11-10T08:00;;99;TT\n"
)


def test_invented_layout_imports_from_a_profile_alone(registry, tmp_path):
    prof = tmp_path / "phuong_an_moi.toml"
    prof.write_text(INVENTED_PROFILE, encoding="utf-8")
    data = tmp_path / "xuat_hs.csv"
    data.write_text(INVENTED_FILE, encoding="utf-8")
    res = import_file(registry, data, profile=str(prof), as_of=dt.date(2026, 11, 15))
    assert res.status == "ok", res.message
    assert res.inserted == 3
    errors = {r.record_id: (r.line, r.reasons) for r in res.issues.itertuples()}
    # ISO dates are this column's format: a dd/mm/yyyy value is invalid, not guessed
    assert errors["BN-4"] == (7, "invalid_date:Nhận lúc")
    assert errors["BN-5"] == (8, "unknown_status")
    with registry.connect() as c:
        rows = {r.dossier_id: r for r in c.execute(sa.select(Dossier.__table__)).all()}
    assert rows["BN-1"].agency_code == "305" and rows["BN-1"].status == "returned"
    assert rows["BN-1"].returned_at == dt.datetime(2026, 11, 6, 9, 30)
    assert rows["BN-1"].deadline_exact is True and rows["BN-1"].channel == "in_person"
    assert rows["BN-2"].agency_code == "STP" and rows["BN-2"].channel == "online"
    assert rows["BN-2"].returned_at is None


def test_consultation_id_from_columns(registry):
    res = import_file(registry, FIXTURES / "xin_y_kien_2026-11-15.csv")
    with registry.connect() as c:
        ids = c.execute(sa.select(Consultation.request_id)).scalars().all()
    assert len(ids) == res.inserted == 900
    assert all(" | " in i for i in ids)  # document number | consulted agency's code
    assert any(i.endswith(" | STC") for i in ids)


def test_task_co_agencies_are_codes(registry):
    import_file(registry, FIXTURES / "nhiem_vu_2026-11-15.xlsx")
    with registry.connect() as c:
        row = c.execute(sa.select(Task.__table__).where(Task.task_id == "NV-2025-0001")).one()
    assert row.lead_agency_code == "314"
    assert row.co_agencies == "312;STNMT;318"
    assert row.due_day == dt.date(2025, 2, 28) and row.completed_day == dt.date(2025, 3, 18)


@pytest.mark.parametrize("encoding,delimiter", [
    ("utf-16", ","), ("utf-8", ";"), ("utf-8-sig", "\t"), ("cp1258", "|"),
])
def test_encodings_and_delimiters_are_detected(registry, tmp_path, encoding, delimiter):
    import csv

    rows = list(csv.reader(open(FIXTURES / "names_nfd.csv", encoding="utf-8-sig")))
    f = tmp_path / f"x_{encoding}.csv"
    with open(f, "w", encoding=encoding, newline="", errors="strict") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        for r in rows:
            # cp1258 cannot encode every precomposed letter: write what it can, NFD for the rest
            w.writerow([_cp1258_safe(c) if encoding == "cp1258" else c for c in r])
    res = import_file(registry, f)
    assert res.status == "ok", res.message
    assert res.rejected == 0 and res.inserted == 60


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _cp1258_safe(text: str) -> str:
    """As Windows-1258 writes Vietnamese: base letters (â, ơ, ư…) precomposed, tone marks combining."""
    import unicodedata

    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
            out.append(base + "".join(c for c in decomposed if c in TONE_MARKS))
    return "".join(out)


def _plain_lines(n):
    """The first n lines of the OpenCPS sample that have no quoted cells (safe to edit with split)."""
    lines = (FIXTURES / "tthc_opencps_2026-11-15.csv").read_text(encoding="utf-8-sig").splitlines()
    return [lines[0]] + [line for line in lines[1:] if '"' not in line][: n - 1]


def test_blank_and_repeated_header_rows_are_skipped_with_lines_kept(registry, tmp_path):
    lines = _plain_lines(6)
    body = [lines[0], lines[1], "", lines[2], lines[0], lines[3], ",,,,,,,,,,,", lines[4],
            '"Tổng cộng: 4 hồ sơ",,,,,,,,,,,']
    bad = lines[5].split(",")
    bad[5] = "99/99/2026 08:00"
    body.append(",".join(bad))
    f = tmp_path / "gaps.csv"
    f.write_text("\r\n".join(body) + "\r\n", encoding="utf-8")
    res = import_file(registry, f)
    assert res.inserted == 4
    assert res.skipped == {"blank": 2, "subtotal": 1, "repeated_header": 1}
    assert [(r.line, r.reasons) for r in res.issues.itertuples()] == [(10, "invalid_date:Ngày tiếp nhận")]


def test_quoted_newlines_and_ragged_rows_keep_physical_lines(registry, tmp_path):
    lines = _plain_lines(5)
    multi = lines[1].split(",")
    multi[2] = '"Dòng một\nDòng hai"'
    ragged = lines[2] + ",thừa"
    bad = lines[4].split(",")
    bad[10] = "Chờ xử lý"
    f = tmp_path / "multi.csv"
    f.write_text("\r\n".join([lines[0], ",".join(multi), ragged, lines[3], ",".join(bad)]) + "\r\n", encoding="utf-8")
    res = import_file(registry, f)
    got = [(r.line, r.reasons) for r in res.issues.itertuples()]
    assert got == [(4, "malformed_row"), (6, "unknown_status")]
    assert res.inserted == 2


def test_file_without_profile_is_mapped_by_synonyms(registry, tmp_path):
    f = tmp_path / "ho_so_khac.csv"
    f.write_text(
        "Số hồ sơ,Cơ quan giải quyết,Ngày nhận,Hạn giải quyết,Ngày trả kết quả,Ghi chú\n"
        "A-1,Sở Tư pháp,05/11/2026,12/11/2026,10/11/2026,\n"
        "A-2,UBND huyện An Lão,05/11/2026,12/11/2026,,gấp\n",
        encoding="utf-8",
    )
    res = import_file(registry, f)
    assert res.status == "ok" and res.auto_mapped
    assert dict(res.mapping) == {
        "Số hồ sơ": "dossier_id", "Cơ quan giải quyết": "agency", "Ngày nhận": "received_at",
        "Hạn giải quyết": "due_at", "Ngày trả kết quả": "returned_at",
    }
    assert res.ignored == ["Ghi chú"] and res.inserted == 2


def test_register_unknown_agencies(engine, tmp_path):
    prof = tmp_path / "new_city.toml"
    prof.write_text(INVENTED_PROFILE.replace('agency_by = "name"', 'agency_by = "name"\nunknown_agencies = "register"'))
    data = tmp_path / "x.csv"
    data.write_text(INVENTED_FILE, encoding="utf-8")
    res = import_file(engine, data, profile=str(prof))  # empty registry: a new city
    assert res.inserted == 3 and "unknown_agency" not in set(res.issues["reasons"])
    with engine.connect() as c:
        agencies = c.execute(sa.text("select name, kind from agency order by name")).all()
    assert [a.name for a in agencies] == ["SỞ TƯ PHÁP", "UBND Q. Lê Chân"]  # one per agency, not per spelling
    assert {a.kind for a in agencies} == {"chưa phân loại"}


def test_profile_errors_name_the_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('kind = "dossiers"\n[columns]\ndossier_number = "Mã"\n')
    with pytest.raises(ProfileError, match="dossier_number"):
        resolve(str(bad))
    bad.write_text('kind = "dossiers"\n[values.status]\n"Xong" = "done"\n')
    with pytest.raises(ProfileError, match="allowed values"):
        resolve(str(bad))


# --------------------------------------------------------------------------- names
CASES = [
    ("UBND quận Lê Chân", "305"),
    ("Quận Lê Chân", "305"),
    ("UBND Q. Lê Chân", "305"),
    ("UBND QUẬN LÊ CHÂN  ", "305"),
    ("  ubnd   q.  lê   chân", "305"),
    ("Q.Lê Chân", "305"),
    ("Huyện Thuỷ Nguyên", "311"),  # old-style tone mark
    ("H. Thủy Nguyên", "311"),
    ("X. An Hòa Đông", "312.01"),
    ("Xã An Hoà Đông", "312.01"),
    ("UBND P. Bến Đò", "303.01"),
    ("Sở Tư pháp TP. Hải Phòng", "STP"),
    ("Sở Tư pháp - Hải Phòng", "STP"),
    ("SỞ TƯ PHÁP", "STP"),
    ("Ủy ban nhân dân quận Hải An", "306"),
]


@pytest.fixture
def matcher(registry):
    with registry.connect() as c:
        return AgencyMatcher(c)


@pytest.mark.parametrize("text,code", CASES)
def test_names_match(matcher, text, code):
    import unicodedata

    assert matcher.match(text) == code
    assert matcher.match(unicodedata.normalize("NFD", text)) == code


@pytest.mark.parametrize("text", ["Lê Chân", "Sở Hàng hải Hải Phòng", "Quận Lê", "UBND"])
def test_unknown_names_are_not_guessed(matcher, text):
    assert matcher.match(text) is None


def test_unknown_name_gets_suggestions(matcher):
    assert "Sở Tư pháp" in matcher.suggest("Sở Tư phap")
    assert matcher.suggest("Quận Lê Chan")[0] == "Quận Lê Chân"


def test_unknown_agency_message_suggests(registry, tmp_path):
    f = tmp_path / "x.csv"
    lines = _plain_lines(2)
    row = lines[1].split(",")
    row[3] = "Sở Tư phap"
    f.write_text("\n".join([lines[0], ",".join(row)]), encoding="utf-8")
    res = import_file(registry, f)
    issue = res.issues.iloc[0]
    assert issue.reasons == "unknown_agency" and issue.column == "Cơ quan thụ lý"
    assert "Sở Tư pháp" in issue.value  # the message carries the closest known names


def test_name_key_is_stable():
    assert name_key("UBND Q. Lê Chân") == name_key("quận lê chân") == "quận lê chân"


def test_holiday_overrides_change_computed_deadlines(db_url, tmp_path):
    """A Saturday made a working day (CLI) shortens a computed 15-working-day petition deadline."""
    import subprocess
    import sys

    from data_loaders.db import make_engine
    from data_loaders.schema import Petition

    root = FIXTURES.parent.parent
    f = tmp_path / "pakn_moi.csv"
    f.write_text("Mã PAKN,Ngày tiếp nhận,Đơn vị đang xử lý\nP-1,01/05/2026,Sở Tư pháp\n", encoding="utf-8")
    prof = tmp_path / "p.toml"
    prof.write_text('kind = "petitions"\n[columns]\npetition_id = "Mã PAKN"\nreceived_at = "Ngày tiếp nhận"\n'
                    'agency = "Đơn vị đang xử lý"\n[deadline]\nwhen_missing = "15 working_days"\n')

    def due():
        eng = make_engine(db_url)
        import_file(eng, FIXTURES / "don_vi.csv")
        import_file(eng, f, profile=str(prof))
        with eng.connect() as c:
            value = c.execute(sa.select(Petition.due_day)).scalar_one()
        eng.dispose()
        return value

    before = due()
    out = subprocess.run([sys.executable, "-m", "data_loaders", "holidays", "working", "2026-05-09", "--db", db_url],
                         capture_output=True, text=True, cwd=root)
    assert out.returncode == 0 and "09/05/2026" in out.stdout
    with make_engine(db_url).begin() as c:
        c.execute(sa.delete(Petition.__table__))
    after = due()
    # 1/5 is a holiday: 15 working days after it, one fewer calendar step once 9/5 counts
    assert before == dt.date(2026, 5, 22) and after == dt.date(2026, 5, 21)
