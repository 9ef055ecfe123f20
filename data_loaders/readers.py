"""Readers: turn an export file (CSV, XLSX, XLS) into a header and a table of raw cells.

What a reader does and does not do:
- finds out what the file really is from its bytes, not its name (a text file called .xlsx is
  refused with a message, not a traceback);
- CSV: detects the encoding (BOM, UTF-8, UTF-16, else Windows-1258) and the delimiter;
- finds the header row below a title block (the row that best matches the expected headers);
- keeps the physical line (CSV) or sheet row (XLSX) of every data row, for error messages;
- skips and counts blank rows, "Tổng cộng"/subtotal rows and repeated header rows.
It does not interpret values: that is the mapping step's job (importer.py).

Large CSV files are parsed with pyarrow (multi-threaded C++), which does not report line
numbers of malformed rows; when a file has any, we re-read it with the csv module, which does.
"""
from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import FileRefused
from .normalise import clean_text, header_key

HEAD_BYTES = 256 * 1024
HEAD_ROWS = 60
DELIMITERS = [",", ";", "\t", "|"]


@dataclass
class RawTable:
    path: Path
    format: str  # csv | xlsx | xls
    headers: list[str]  # cleaned header texts, one per column
    header_line: int  # 1-based physical line (CSV) or sheet row (XLSX) of the header
    data: pd.DataFrame  # columns 0..n-1; CSV cells are str, XLSX cells keep their types
    lines: np.ndarray  # physical line / sheet row of each data row
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    skipped: dict[str, int] = field(default_factory=dict)  # blank / subtotal / repeated_header
    bad_rows: list[tuple[int, str]] = field(default_factory=list)  # (line, reason) of malformed rows


# --------------------------------------------------------------------------- file type
def sniff_format(path: Path, declared: str | None = None) -> str:
    """'xlsx', 'xls' or 'csv', from the file's first bytes; refuses a file that is none of them."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    ext = path.suffix.lower().lstrip(".")
    if head.startswith(b"PK\x03\x04"):
        if not zipfile.is_zipfile(path):
            raise FileRefused(path.name, "tệp ZIP hỏng, không đọc được như bảng tính", "damaged ZIP, not a readable spreadsheet")
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if ext in ("xlsx", "xlsm", "xls", "ods") or declared in ("xlsx", "xls"):
        raise FileRefused(
            path.name,
            f"tệp có đuôi .{ext} nhưng không phải bảng tính Excel (nội dung là văn bản thường hoặc định dạng khác)",
            f"named .{ext} but is not an Excel workbook (its content is plain text or another format)",
        )
    return "csv"


# --------------------------------------------------------------------------- encoding
def detect_encoding(path: Path, declared: str = "auto") -> str:
    if declared and declared != "auto":
        return declared
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1] == 0 and head[3] == 0 and head[0] != 0:
        return "utf-16-le"
    if len(head) >= 4 and head[0] == 0 and head[2] == 0 and head[1] != 0:
        return "utf-16-be"
    for enc in ("utf-8", "cp1258"):
        if _decodes(path, enc):
            return enc
    raise FileRefused(
        path.name,
        "không nhận ra bảng mã ký tự (không phải UTF-8, UTF-16 hay Windows-1258); hãy ghi encoding trong hồ sơ cột",
        "unknown character encoding (not UTF-8, UTF-16 or Windows-1258); set `encoding` in the profile",
    )


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as fh:
        try:
            while chunk := fh.read(8 << 20):
                text = decoder.decode(chunk)
                if "\x00" in text:
                    return False
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _head_text(path: Path, encoding: str) -> str:
    with open(path, "rb") as fh:
        raw = fh.read(HEAD_BYTES)
    text = raw.decode(encoding, errors="ignore")
    if len(raw) == HEAD_BYTES and "\n" in text:
        text = text[: text.rfind("\n") + 1]  # never end on half a line
    return text.lstrip("\ufeff")


def detect_delimiter(text: str, declared: str = "auto") -> str:
    """The candidate that splits the most lines into the same number (>1) of fields."""
    if declared and declared != "auto":
        return {"\\t": "\t", "tab": "\t"}.get(declared, declared)
    lines = [ln for ln in text.splitlines() if ln.strip()][:HEAD_ROWS]
    best, best_score = ",", 0
    for delim in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        score = sum(1 for c in counts if c == widest) * widest
        if score > best_score:
            best, best_score = delim, score
    return best


# --------------------------------------------------------------------------- header
def find_header(rows: list[list[object]], score: Callable[[list[str]], int], header_row: int | str) -> int:
    """0-based index of the header among `rows` (the first rows of the file)."""
    if header_row not in (None, "auto"):
        return int(header_row) - 1
    best, best_score = None, 0
    for i, row in enumerate(rows):
        s = score([clean_text(c) for c in row])
        if s > best_score:
            best, best_score = i, s
    if best is None:
        return -1
    return best


def _headers(row: list[object], width: int) -> list[str]:
    cells = [clean_text(c) for c in row] + [""] * width
    return cells[:width]


# --------------------------------------------------------------------------- CSV
def read_csv(path: Path, score, *, encoding="auto", delimiter="auto", header_row="auto") -> RawTable:
    enc = detect_encoding(path, encoding)
    head = _head_text(path, enc)
    if not head.strip():
        raise FileRefused(path.name, "tệp trống", "the file is empty")
    delim = detect_delimiter(head, delimiter)
    head_rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delim))[:HEAD_ROWS]
    h = find_header(head_rows, score, header_row)
    if h < 0 or h >= len(head_rows):
        raise FileRefused(path.name, "không tìm thấy dòng tiêu đề cột", "no header row found")
    # physical line of the header: lines before it, counting newlines inside quoted cells
    header_line = 1 + sum(1 + sum(str(c).count("\n") for c in r) for r in head_rows[:h])
    width = len(head_rows[h])
    headers = _headers(head_rows[h], width)
    try:
        data, lines, bad = _read_csv_fast(path, enc, delim, h + 1, width, header_line)
    except _NeedsSlowPath:
        data, lines, bad = _read_csv_exact(path, enc, delim, h + 1, width, header_line)
    table = RawTable(path, "csv", headers, header_line, data, lines, enc, delim, bad_rows=bad)
    return _drop_skippable(table)


class _NeedsSlowPath(Exception):
    pass


def _read_csv_fast(path, enc, delim, skip, width, header_line):
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.compute as pc

    malformed = []

    def on_bad(_row):
        # pyarrow does not know the row's line number: note it, then let the exact reader report it
        malformed.append(1)
        return "skip"

    try:
        tbl = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                autogenerate_column_names=True, skip_rows=skip,
                encoding="utf8" if enc in ("utf-8", "utf-8-sig") else enc,
                block_size=16 << 20,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delim, newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=on_bad
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                strings_can_be_null=False, quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        # e.g. "Empty CSV file or block" on a one-row file without a final newline: the exact
        # reader decides whether there really are no rows
        raise _NeedsSlowPath from exc
    if malformed or tbl.num_columns != width:
        raise _NeedsSlowPath
    # Lines: one per row, plus the newlines inside its quoted cells.
    extra = np.zeros(tbl.num_rows, dtype=np.int64)
    for col in tbl.columns:
        extra += pc.count_substring(col, "\n").to_numpy(zero_copy_only=False).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(1 + extra)[:-1]]) if tbl.num_rows else np.zeros(0, dtype=np.int64)
    lines = header_line + 1 + offsets
    data = pd.DataFrame({i: tbl.column(i).to_pandas() for i in range(width)})
    return data, np.asarray(lines, dtype=np.int64), []


def _read_csv_exact(path, enc, delim, skip, width, header_line):
    rows: list[list[str]] = []
    lines: list[int] = []
    bad: list[tuple[int, str]] = []
    with open(path, encoding=enc, newline="", errors="strict") as fh:
        reader = csv.reader(fh, delimiter=delim)
        prev_end = 0
        for i, row in enumerate(reader):
            start, prev_end = prev_end + 1, reader.line_num
            if i < skip:
                continue
            if not any(c.strip() for c in row):
                row = [""] * width  # blank line: kept so it is counted, then skipped
            if len(row) > width and not any(c.strip() for c in row[width:]):
                row = row[:width]  # trailing empty cells are harmless
            elif len(row) < width and any(header_key(c).startswith(("tổng", "cộng", "total")) for c in row):
                row = row + [""] * (width - len(row))  # a short "Tổng cộng" footer line
            elif len(row) != width:
                bad.append((start, f"{len(row)} trường, tiêu đề có {width} / {len(row)} fields, header has {width}"))
                continue
            rows.append(row)
            lines.append(start)
    data = pd.DataFrame(rows, columns=range(width), dtype="str") if rows else pd.DataFrame(
        {i: pd.Series([], dtype="str") for i in range(width)}
    )
    return data, np.asarray(lines, dtype=np.int64), bad


# --------------------------------------------------------------------------- XLSX / XLS
def read_workbook(path: Path, score, *, sheet=0, header_row="auto", fmt="xlsx") -> RawTable:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for broken files
        raise FileRefused(path.name, f"không mở được bảng tính: {exc}", f"cannot open the workbook: {exc}") from exc
    names = wb.sheet_names
    if isinstance(sheet, int):
        if sheet >= len(names):
            raise FileRefused(path.name, f"không có trang tính số {sheet}", f"no sheet number {sheet}")
        name = names[sheet]
    else:
        if sheet not in names:
            raise FileRefused(path.name, f"không có trang tính '{sheet}' (có: {', '.join(names)})", f"no sheet '{sheet}'")
        name = sheet
    ws = wb.get_sheet_by_name(name)
    rows = ws.to_python(skip_empty_area=False)
    if not rows:
        raise FileRefused(path.name, "trang tính trống", "the sheet is empty")
    h = find_header(rows[:HEAD_ROWS], score, header_row)
    if h < 0 or h >= len(rows):
        raise FileRefused(path.name, "không tìm thấy dòng tiêu đề cột", "no header row found")
    width = max(len(rows[h]), 1)
    # Trim empty trailing header cells (formatting often extends the used range).
    while width > 1 and clean_text(rows[h][width - 1]) == "":
        width -= 1
    headers = _headers(rows[h], width)
    body = [list(r[:width]) + [""] * (width - len(r)) for r in rows[h + 1:]]
    data = pd.DataFrame(body, columns=range(width), dtype=object) if body else pd.DataFrame(columns=range(width), dtype=object)
    lines = np.arange(h + 2, h + 2 + len(body), dtype=np.int64)
    table = RawTable(path, fmt, headers, h + 1, data, lines, sheet=name)
    return _drop_skippable(table)


# --------------------------------------------------------------------------- skipping
def _trimmed(series: pd.Series):
    """A column as a pyarrow array of trimmed text ("" for empty)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if series.dtype == object:
        series = series.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)).astype("str")
    return pc.utf8_trim_whitespace(pc.fill_null(pa.array(series.array, type=pa.string()), ""))


def _drop_skippable(table: RawTable) -> RawTable:
    """Remove blank, subtotal and repeated-header rows, counting each.

    Vectorised one column at a time (a million rows must neither go through Python one by one
    nor be copied whole), then the few candidate rows are checked exactly.
    """
    import pyarrow.compute as pc

    df = table.data
    if df.empty:
        table.skipped = {"blank": 0, "subtotal": 0, "repeated_header": 0}
        return table
    hdr = [clean_text(h).lower() for h in table.headers]
    nonempty = np.zeros(len(df), dtype=np.int64)
    same = np.zeros(len(df), dtype=np.int64)
    for i, c in enumerate(df.columns):
        cells = _trimmed(df[c])
        nonempty += np.asarray(pc.not_equal(cells, "").to_numpy(zero_copy_only=False), dtype=np.int64)
        if hdr[i]:
            same += np.asarray(pc.equal(pc.utf8_lower(cells), hdr[i]).to_numpy(zero_copy_only=False), dtype=np.int64)
        del cells
    blank = nonempty == 0
    named = len([h for h in hdr if h])
    repeated = same >= max(2, (named + 1) // 2)
    sparse = np.flatnonzero(~blank & ~repeated & (nonempty <= max(1, len(df.columns) // 2)))
    subtotal = np.zeros(len(df), dtype=bool)
    for i in sparse:  # few rows: exact check with full normalisation (NFD "Tổng" too)
        first = [header_key(df.iat[i, j]) for j in range(min(4, len(df.columns))) if isinstance(df.iat[i, j], str)]
        subtotal[i] = any(k.startswith(("tổng cộng", "tổng số", "cộng:", "cộng ", "total")) for k in first)
    drop = blank | repeated | subtotal
    table.skipped = {"blank": int(blank.sum()), "subtotal": int(subtotal.sum()), "repeated_header": int(repeated.sum())}
    if drop.any():
        keep = ~drop
        table.data = df[keep].reset_index(drop=True)
        table.lines = table.lines[keep]
    return table


def read_table(path: Path, score, *, fmt=None, encoding="auto", delimiter="auto", sheet=0, header_row="auto") -> RawTable:
    """Read any supported file. `score(cells) -> int` rates how header-like a row is."""
    path = Path(path)
    if not path.exists():
        raise FileRefused(path.name, "không tìm thấy tệp", "file not found")
    if path.stat().st_size == 0:
        raise FileRefused(path.name, "tệp rỗng (0 byte)", "the file is empty (0 bytes)")
    actual = sniff_format(path, fmt)
    if actual in ("xlsx", "xls"):
        return read_workbook(path, score, sheet=sheet, header_row=header_row, fmt=actual)
    if fmt in ("xlsx", "xls"):
        raise FileRefused(path.name, "hồ sơ cột yêu cầu tệp Excel nhưng tệp là văn bản", "profile expects Excel, file is text")
    return read_csv(path, score, encoding=encoding, delimiter=delimiter, header_row=header_row)
