"""Safe exports: the one function every export passes its text through, and the columns no
export may carry.

Formula injection (CSV/spreadsheet injection): a cell that begins with `=`, `+`, `-` or `@`
is run as a formula by Excel and LibreOffice when the file is opened — a task summary typed as
`=HYPERLINK("http://x", "Bấm vào đây")` becomes a live link, `=cmd|…` worse. Imported text
(summaries, titles, procedure names) comes from other systems, so we never trust it. The
neutralised form prefixes an apostrophe, the OWASP recommendation: the cell opens as text in
every spreadsheet, and the reader still sees what was typed. Tab and carriage return are on
OWASP's list too (some spreadsheets strip them and then read the formula behind). Leading
spaces are looked through because LibreOffice trims them on CSV import.

The same function is applied to the .docx and the PDF, although neither runs formulas: a
reader who copies a cell from the letter into Excel should not get a live formula, and one
rule for every export is easier to check than three.

Numbers, dates and booleans are returned unchanged (a negative number is a number, not a
formula); only text is neutralised.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd

# The rule itself lives with the loaders, whose --rejects CSV needs it too (they may not import
# dashboard); every export here uses the same function.
from data_loaders.formula_guard import TRIGGERS, neutralise  # noqa: F401 - re-exported


# Columns that hold personal data or keys to it (Decree 13/2023/NĐ-CP): never exported. The
# importer already drops sender names and phones, and stores only a keyed hash of the sender;
# the hash is still a pseudonymous identifier, so it stays inside the database. Dossier
# applicants are not stored at all; handlers' names are not personal data of citizens but are
# left out of reports that leave the office (the reports here select their columns explicitly).
PERSONAL_COLUMNS = frozenset({"sender_key", "sender", "sender_name", "sender_phone", "phone", "email",
                              "applicant", "applicant_name", "handler"})


def cell(value):
    """A value ready for an export cell: text neutralised, missing values empty, pandas
    timestamps as dates (openpyxl and the PDF both want plain Python types)."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item") and not isinstance(value, (str, dt.date)):  # numpy scalar → Python
        value = value.item()
    return neutralise(value)


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy without personal columns and with every text cell neutralised (headers too)."""
    out = df.drop(columns=[c for c in df.columns if str(c) in PERSONAL_COLUMNS])
    out = out.rename(columns=lambda c: neutralise(str(c)))
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(neutralise)
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV for download: neutralised, UTF-8 with BOM so that Excel shows Vietnamese correctly."""
    buf = io.StringIO()
    safe_frame(df).to_csv(buf, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue().encode("utf-8-sig")
