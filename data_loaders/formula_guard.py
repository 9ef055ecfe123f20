"""Formula injection guard for every exported cell (CSV, XLSX, DOCX, PDF, the --rejects file).

A cell that begins with `=`, `+`, `-` or `@` (or tab / carriage return, on OWASP's list) is run
as a formula by spreadsheets; leading spaces are looked through because LibreOffice trims them.
The neutralised form prefixes an apostrophe: the cell opens as text and still shows what was
typed. See dashboard/reports/safe.py for the exports that use it.
"""
from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """`value` unchanged unless it is text that a spreadsheet would read as a formula; then the
    text with an apostrophe in front. Numbers, dates and booleans are returned unchanged."""
    if not isinstance(value, str):
        return value
    if value.startswith(TRIGGERS) or value.lstrip(" ").startswith(TRIGGERS):
        return "'" + value
    return value
