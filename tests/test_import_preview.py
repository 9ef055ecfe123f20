"""The Data page's service (dashboard.import_preview) on SQLite and PostgreSQL.

A preview must show exactly what the import will do and write nothing; a commit is the import.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import import_preview as ip
from dashboard.scope import Scope
from data_loaders.importer import import_file
from data_loaders.schema import Base, Dossier, ImportIssue, Petition

from .conftest import FIXTURES

S = dt.date(2026, 11, 15)


def counts(engine) -> dict[str, int]:
    with engine.connect() as c:
        return {t.name: c.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for t in Base.metadata.sorted_tables}


@pytest.fixture
def registry(engine):
    res = import_file(engine, FIXTURES / "don_vi.csv")
    assert res.status == "ok", res.message
    return engine


def _truth_issues(t):
    errors = [(r["line"], r["id"], ";".join(r["reasons"])) for r in t["rejected_rows"]]
    warnings = [(r["line"], r["id"], ";".join(r["reasons"])) for r in t["flagged_rows"]]
    return errors, warnings


def _rows(frame: pd.DataFrame):
    return [(int(r.line), r.record_id, r.reasons) for r in frame.itertuples()]


def test_preview_lists_exactly_the_truth_rows_and_writes_nothing(registry, truth):
    t = truth["files"]["bad_values.csv"]
    before = counts(registry)
    p = ip.preview(registry, (FIXTURES / "bad_values.csv").read_bytes(), "bad_values.csv", as_of=S)
    assert counts(registry) == before  # nothing written, not even an import_batch row

    assert p.ok and p.profile == "opencps" and not p.auto_mapped and p.snapshot == S
    errors, warnings = _truth_issues(t)
    assert _rows(p.errors) == errors
    assert _rows(p.warnings) == warnings
    assert p.counts["rows_read"] == t["meta"]["rows"]
    assert p.counts["rejected"] == len(errors) and p.counts["flagged"] == len(warnings)
    assert p.counts["to_load"] == t["loaded_rows"]
    # the offending column and value are named for errors (the page shows them)
    first = p.errors.iloc[0]
    assert first["column"] == "Ngày tiếp nhận" and first["value"] == "31/02/2026 09:15"


def test_preview_mapping_and_rows_as_stored(registry):
    p = ip.preview(registry, (FIXTURES / "bad_values.csv").read_bytes(), "bad_values.csv", as_of=S, rows=5)
    m = p.mapping.set_index("header")
    assert m.loc["Cơ quan thụ lý", "field"] == "agency"
    assert m.loc["Cơ quan thụ lý", "field_vi"] == "Cơ quan/đơn vị giải quyết"
    assert m.loc["Chủ hồ sơ", "personal"]  # shown as personal data: never stored
    assert p.ignored == []
    # canonical columns of the dossier table, agency names resolved to codes, bookkeeping hidden
    assert len(p.rows) == 5
    assert {"dossier_id", "agency_code", "received_at", "due_day", "status", "channel"} <= set(p.rows.columns)
    assert not set(p.rows.columns) & {"row_hash", "applicant", "sender_key"}
    assert p.rows.loc[0, "dossier_id"] == "H31.10-250102-0007"
    assert p.rows.loc[0, "agency_code"] == "STNMT"  # "Sở TNMT" in the file
    assert p.rows.loc[0, "status"] == "returned"


def test_preview_of_petitions_hides_every_trace_of_the_sender(registry):
    p = ip.preview(registry, (FIXTURES / "pakn_2026-11-15.xlsx").read_bytes(), "pakn_2026-11-15.xlsx", rows=50)
    assert p.ok and p.kind == "petitions"
    assert not {"sender_key", "sender_name", "sender_phone"} & set(p.rows.columns)
    personal = set(p.mapping.loc[p.mapping["personal"], "field"])
    assert {"sender_name", "sender_phone"} <= personal


def test_preview_with_a_chosen_profile_and_auto(registry):
    data = (FIXTURES / "bad_values.csv").read_bytes()
    assert ip.preview(registry, data, "bad_values.csv", profile="opencps", as_of=S).profile == "opencps"
    assert ip.preview(registry, data, "bad_values.csv", profile="auto", as_of=S).profile == "opencps"
    wrong = ip.preview(registry, data, "bad_values.csv", profile="pakn", as_of=S)
    assert wrong.status == "refused" and "/" in wrong.message  # Vietnamese / English
    assert wrong.rows.empty


@pytest.mark.parametrize("name,status", [("bad_missing_column.xlsx", "refused"), ("empty.xlsx", "empty")])
def test_preview_of_refused_and_empty_files(registry, name, status):
    before = counts(registry)
    p = ip.preview(registry, (FIXTURES / name).read_bytes(), name)
    assert p.status == status and p.message and not p.ok
    assert counts(registry) == before


def test_preview_of_garbage_bytes_is_refused_not_raised(registry):
    p = ip.preview(registry, b"\x00\x01 not a spreadsheet", "../../etc/x.xlsx")
    assert p.status == "refused" and p.file_name == "x.xlsx"


def test_commit_imports_and_the_history_and_issues_show_it(registry, truth):
    t = truth["files"]["bad_values.csv"]
    data = (FIXTURES / "bad_values.csv").read_bytes()
    p = ip.preview(registry, data, "bad_values.csv", as_of=S)
    res = ip.commit(registry, data, "bad_values.csv", profile=p.profile, as_of=p.snapshot, imported_by="test")
    assert res.status == "ok" and res.inserted == t["loaded_rows"]
    with registry.connect() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(Dossier)).scalar() == t["loaded_rows"]
        hist = ip.import_history(c)
        issues = ip.import_issues(c, batch_id=res.batch_id)
        flagged = ip.flagged_records(c)
        by_reason = ip.issue_counts(c)
    row = hist.iloc[0]
    assert row["file_name"] == "bad_values.csv" and row["inserted"] == t["loaded_rows"]
    assert row["rejected"] == len(t["rejected_rows"]) and row["imported_by"] == "test"
    errors, warnings = _truth_issues(t)
    assert _rows(issues[issues["grade"] == "error"]) == errors
    assert _rows(issues[issues["grade"] == "warning"]) == warnings
    assert sorted(zip(flagged["record_id"], flagged["flags"])) == sorted((i, r) for _l, i, r in warnings)
    assert by_reason["rows"].sum() == len(errors) + len(warnings)
    # the same bytes again: the preview says it was imported before, the import changes nothing
    again = ip.preview(registry, data, "bad_values.csv", as_of=S)
    assert list(again.same_file_imports["id"]) == [res.batch_id]
    res2 = ip.commit(registry, data, "bad_values.csv", as_of=S)
    assert res2.inserted == 0 and res2.updated == 0 and res2.unchanged == t["loaded_rows"]


def test_freshness_per_source_and_agency(registry):
    old = dt.date(2026, 10, 1)
    import_file(registry, FIXTURES / "xin_y_kien_2026-11-15.csv", as_of=old)
    import_file(registry, FIXTURES / "tthc_opencps_2026-11-15.csv", as_of=S)
    with registry.connect() as c:
        src = ip.source_freshness(c, stale_days=14).set_index("profile")
        agencies = ip.agency_freshness(c, stale_days=14)
        scoped = ip.agency_freshness(c, scope=Scope.only("STP"))
        hidden = ip.import_history(c, scope=Scope.only("STP"))
    assert src.loc["opencps", "age_days"] == 0 and not src.loc["opencps", "stale"]
    assert src.loc["xin_y_kien", "age_days"] == (S - old).days and src.loc["xin_y_kien", "stale"]
    assert not src.loc["don_vi", "stale"]  # the registry is not a periodic export
    # per agency, judged within its kind: consultations' only snapshot is their newest → fresh
    assert set(agencies["kind"]) == {"dossiers", "consultations"}
    assert not agencies["stale"].any()
    assert agencies["agency_name"].notna().all() and (agencies["records"] > 0).all()
    assert set(scoped["agency_code"]) == {"STP"}
    assert hidden.empty


def test_agency_is_stale_when_its_records_stopped_changing(registry, tmp_path):
    src = FIXTURES / "tthc_opencps_2026-11-15.csv"
    import_file(registry, src, as_of=dt.date(2026, 10, 1))
    # a newer export of the same records in which only one STP dossier changed
    lines = src.read_text(encoding="utf-8-sig").splitlines()
    i = next(k for k, line in enumerate(lines) if ",Sở Tư pháp," in line and ",Đang xử lý," in line)
    lines[i] = lines[i].replace(",,Đang xử lý,", ",14/11/2026 10:00,Đã trả kết quả,")
    newer = tmp_path / "tthc_opencps_2026-11-15.csv"
    newer.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    res = import_file(registry, newer, as_of=S)
    assert (res.updated, res.inserted) == (1, 0)
    with registry.connect() as c:
        f = ip.agency_freshness(c, stale_days=14).set_index("agency_code")
    assert not f.loc["STP", "stale"] and f.loc["STP", "age_days"] == 0
    others = f.drop(index="STP")
    assert others["stale"].all() and (others["age_days"] == (S - dt.date(2026, 10, 1)).days).all()


def test_empty_database_queries_return_empty_frames(engine):
    with engine.connect() as c:
        for frame in (ip.import_history(c), ip.source_freshness(c), ip.agency_freshness(c),
                      ip.import_issues(c), ip.issue_counts(c), ip.flagged_records(c)):
            assert isinstance(frame, pd.DataFrame) and frame.empty


def test_reason_codes_in_words():
    assert ip.explain_reasons("invalid_date:Ngày trả;unknown_status") == \
        "ngày không hợp lệ (Ngày trả); trạng thái không nhận ra"
    assert ip.explain_reason("received_after_snapshot", "en") == "receipt after the as-of date"
    assert ip.explain_reason("completed_before_received") == "ngày hoàn thành trước ngày bắt đầu"
    assert ip.explain_reason("something_new") == "something_new"  # unknown codes are shown, not hidden


def test_metric_definitions_cover_the_registry():
    from dashboard.metric_registry import REGISTRY

    vi, en = ip.metric_definitions("vi"), ip.metric_definitions("en")
    assert len(vi) == len(en) == len(REGISTRY)
    assert "Tỷ lệ giải quyết đúng hạn" in set(vi["label"]) and "On-time rate" in set(en["label"])


def test_no_personal_data_reaches_the_issue_log(registry):
    """A petition row with errors: the sender's name and phone appear nowhere in what the Data
    page can show (issues are stored with the first offending column, never a personal one)."""
    ip.commit(registry, (FIXTURES / "pakn_2026-11-15.xlsx").read_bytes(), "pakn_2026-11-15.xlsx", as_of=S)
    with registry.connect() as c:
        cols = set(c.execute(sa.select(ImportIssue.column).distinct()).scalars()) - {None}
        n = c.execute(sa.select(sa.func.count()).select_from(Petition)).scalar()
    assert n > 0
    assert not cols & {"Người gửi", "Số điện thoại", "Họ tên"}
