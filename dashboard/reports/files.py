"""A report as bytes, for the pages' download buttons (the command line writes files itself).

The report writers take a path (openpyxl, python-docx and reportlab all write files), so the
report is written to a temporary folder and read back. No Streamlit here.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import sqlalchemy as sa

MIME = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


def make(engine: sa.Engine, name: str, ext: str, as_of: dt.date, date_from: dt.date | None = None,
         date_to: dt.date | None = None, agency: str | None = None) -> bytes:
    """The bytes of report `name` (bieu06 | overdue | meeting-pack) in format `ext`."""
    if name == "bieu06":
        from . import bieu06 as report
    elif name == "overdue":
        from . import overdue as report
    elif name == "meeting-pack":
        from . import meeting_pack as report
    else:
        raise ValueError(f"unknown report {name!r}")
    with tempfile.TemporaryDirectory(prefix="oversight_report_") as tmp:
        out = Path(tmp) / f"{name}{ext}"
        with engine.connect() as conn:
            report.write(conn, out, as_of, date_from=date_from, date_to=date_to, agency=agency)
        return out.read_bytes()


def file_name(name: str, ext: str, as_of: dt.date, agency: str | None = None) -> str:
    base = {"bieu06": "bieu06", "overdue": "qua_han_no_dong", "meeting-pack": "giao_ban"}[name]
    return f"{base}{'_' + agency if agency else ''}_{as_of:%Y-%m-%d}{ext}"
