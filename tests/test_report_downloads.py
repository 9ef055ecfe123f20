"""The reports from the pages they belong to: build on a click, then a download of the real file."""
from __future__ import annotations

import datetime as dt
import io

import pytest

from .page_support import run_page, samples_url

S = dt.date(2026, 11, 15)


def _download_names(at) -> list[str]:
    return [el.proto.label for el in at.get("download_button")]


@pytest.mark.parametrize("page,button,expected", [
    ("tasks", "Tạo danh sách đơn vị quá hạn, nợ đọng (.xlsx)", "qua_han_no_dong_2026-11-15.xlsx"),
    ("tasks", "Tạo dự thảo công văn đôn đốc (.docx)", "qua_han_no_dong_2026-11-15.docx"),
    ("dossiers", "Tạo Biểu 06/VPCP/KSTT (.xlsx)", "bieu06_2026-11-15.xlsx"),
    ("overview", "Tạo tài liệu giao ban (.pdf)", "giao_ban_2026-11-15.pdf"),
])
def test_page_builds_its_report_on_a_click(monkeypatch, page, button, expected):
    at = run_page(monkeypatch, page, samples_url(), as_of="2026-11-15")
    assert not any(expected in n for n in _download_names(at))  # nothing built before the click
    next(b for b in at.button if b.label == button).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(expected in n for n in _download_names(at)), _download_names(at)


def test_report_bytes_are_real_files(tmp_path):
    """files.make returns the same report the command line writes (opened with its own library)."""
    import openpyxl
    from docx import Document

    from data_loaders.db import make_engine
    from data_loaders.importer import import_file
    from dashboard.reports import files

    from .conftest import FIXTURES

    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    import_file(engine, FIXTURES / "don_vi.csv")
    import_file(engine, FIXTURES / "nhiem_vu_2026-11-15.xlsx", as_of=S)
    wb = openpyxl.load_workbook(io.BytesIO(files.make(engine, "overdue", ".xlsx", S)))
    assert wb.sheetnames
    doc = Document(io.BytesIO(files.make(engine, "overdue", ".docx", S)))
    assert any("2598/UBND-KSTTHC" in p.text for p in doc.paragraphs)
    assert files.make(engine, "bieu06", ".xlsx", S)[:2] == b"PK"
