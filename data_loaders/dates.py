"""Reading date and time cells, vectorised.

Rules (issue #2, DOMAIN.md):
- a profile may pin a column's format (`[dates] field = "%d/%m/%Y %H:%M"`) or say "excel_serial";
- otherwise `auto`: one date order is inferred per column (day first unless the column is
  year first), time optional; a value that does not fit the column's order is invalid, not a
  guess (`2026-10-05` in a dd/mm/yyyy column);
- a date that does not exist (31/02) is invalid; we check ranges ourselves instead of trusting
  a strptime that may roll 31/02 over into March;
- real Excel date cells (datetime objects from the reader) are taken as they are.
"""
from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
SERIAL_RANGE = (20000, 80000)  # 1954 … 2119: a plausible Excel day number
_TIME = r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{1,2})(?::(?P<S>\d{1,2})(?:\.(?P<f>\d{1,6}))?)?)?\s*(?:(?P<p>AM|PM|SA|CH))?"
AUTO_PATTERNS = {
    "dd/mm/yyyy": r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<Y>\d{4})" + _TIME + "$",
    "yyyy-mm-dd": r"^(?P<Y>\d{4})[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})" + _TIME + "$",
}
_TOKENS = {
    "%d": r"(?P<d>\d{1,2})", "%m": r"(?P<m>\d{1,2})", "%Y": r"(?P<Y>\d{4})", "%y": r"(?P<y>\d{2})",
    "%H": r"(?P<H>\d{1,2})", "%M": r"(?P<M>\d{1,2})", "%S": r"(?P<S>\d{1,2})", "%f": r"(?P<f>\d{1,6})",
    "%p": r"(?P<p>AM|PM|SA|CH)", "%%": "%",
}


def format_regex(fmt: str) -> str:
    """A strptime format as an anchored regex with named groups."""
    out, i = [], 0
    while i < len(fmt):
        tok = fmt[i : i + 2]
        if tok in _TOKENS:
            out.append(_TOKENS[tok])
            i += 2
        elif tok.startswith("%"):
            raise ValueError(f"unsupported date directive {tok!r} in {fmt!r}")
        else:
            out.append(r"\s+" if fmt[i] == " " else re.escape(fmt[i]))
            i += 1
    return "^" + "".join(out) + "$"


def _parse_strings(text: pd.Series, pattern: str) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64[us] values, valid mask) for strings matching `pattern` (named groups).

    Done in pyarrow (RE2) and numpy: a million cells take well under a second.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pc.utf8_upper(pa.array(text.array, type=pa.string()) if text.dtype == "str" else pa.array(
        text.to_numpy(dtype=object), type=pa.string()))
    parts = pc.extract_regex(arr, pattern)
    matched = ~np.asarray(parts.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    names = [parts.type.field(i).name for i in range(parts.type.num_fields)]

    def num(name: str, default: int) -> np.ndarray:
        if name not in names:
            return np.full(len(text), default, dtype=np.int64)
        f = pc.struct_field(parts, name)
        f = pc.if_else(pc.equal(f, ""), None, f)
        return np.asarray(pc.fill_null(pc.cast(f, pa.int64()), default).to_numpy(zero_copy_only=False), dtype=np.int64)

    year = num("Y", -1)
    if "y" in names:
        yy = num("y", -1)
        year = np.where(yy >= 0, 2000 + yy, year)
    month, day = num("m", 1), num("d", 1)
    hour, minute, second = num("H", 0), num("M", 0), num("S", 0)
    micro = np.zeros(len(text), dtype=np.int64)
    if "f" in names:
        f = pc.fill_null(pc.struct_field(parts, "f"), "")
        f = pc.utf8_rpad(f, 6, "0")
        micro = np.asarray(pc.cast(pc.utf8_slice_codeunits(f, 0, 6), pa.int64()).to_numpy(zero_copy_only=False))
    if "p" in names:
        p = np.asarray(pc.fill_null(pc.struct_field(parts, "p"), "").to_numpy(zero_copy_only=False), dtype=object)
        pm, am = np.isin(p, ["PM", "CH"]), np.isin(p, ["AM", "SA"])
        hour = np.where(pm & (hour < 12), hour + 12, np.where(am & (hour == 12), 0, hour))
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    m_ok = (month >= 1) & (month <= 12)
    dim = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.where(m_ok, month, 1) - 1] + (
        (month == 2) & leap
    )
    ok = matched & (year > 0) & m_ok & (day >= 1) & (day <= dim) & (hour <= 23) & (minute <= 59) & (second <= 59)
    y, m, d = np.where(ok, year, 1970), np.where(ok, month, 1), np.where(ok, day, 1)
    days = ((y - 1970) * 12 + (m - 1)).astype("datetime64[M]").astype("datetime64[D]") + (d - 1)
    values = days.astype("datetime64[us]") + (
        ((hour * 60 + minute) * 60 + second) * 1_000_000 + micro
    ).astype("timedelta64[us]")
    values[~ok] = np.datetime64("NaT")
    return values, ok


def _day_regex(fmt: str) -> str | None:
    """A short anchored regex capturing only the day of `fmt` (None when fmt has no %d)."""
    if "%d" not in fmt:
        return None
    head = fmt[: fmt.index("%d")]
    body = format_regex(head)[1:-1] if head else ""
    body = re.sub(r"\(\?P<\w+>", "(?:", body)  # other fields: match, do not capture
    return "^" + body + r"(?P<d>\d{1,2})"


def _parse_with_format(text: pd.Series, fmt: str) -> tuple[np.ndarray, np.ndarray]:
    """Fast path for a pinned format: pyarrow's strptime (C++), whose one weakness, rolling an
    impossible day like 31/02 over into March, is caught by comparing the day it returns with
    the day written in the cell. Rows that fail either test go through the exact regex parser,
    which decides whether they are really invalid."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if any(tok in fmt for tok in ("%p", "%y", "%f")):
        return _parse_strings(text, format_regex(fmt))
    arr = pa.array(text.array, type=pa.string()) if text.dtype == "str" else pa.array(
        text.to_numpy(dtype=object), type=pa.string())
    parsed = pc.strptime(arr, format=fmt, unit="s", error_is_null=True)
    ok = pc.is_valid(parsed)
    day_re = _day_regex(fmt)
    if day_re:
        written = pc.cast(pc.struct_field(pc.extract_regex(arr, day_re), "d"), pa.int64())
        ok = pc.and_(ok, pc.fill_null(pc.equal(written, pc.day(parsed)), False))
    ok = np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool)
    values = np.asarray(parsed.to_numpy(zero_copy_only=False)).astype("datetime64[us]")
    if not ok.all():
        rest = np.flatnonzero(~ok)
        v2, ok2 = _parse_strings(text.iloc[rest], format_regex(fmt))
        values[rest] = v2
        ok[rest] = ok2
    values[~ok] = np.datetime64("NaT")
    return values, ok


def infer_pattern(text: pd.Series) -> str:
    """The auto date order that fits most of (a sample of) the non-empty values."""
    sample = text.head(5000)
    best, best_hits = "dd/mm/yyyy", -1
    for name, pattern in AUTO_PATTERNS.items():
        hits = int(sample.str.match(pattern).sum())
        if hits > best_hits:
            best, best_hits = name, hits
    return best


def _is_number(v) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def parse_dates(values: pd.Series, fmt: str | None = None) -> tuple[pd.Series, np.ndarray, str]:
    """Parse one column. Returns (datetime64[us] with NaT for empty/invalid, invalid mask, format used).

    `invalid` is True only for non-empty cells that could not be read as a real date.
    """
    idx = values.index
    out = pd.Series(pd.NaT, index=idx, dtype="datetime64[us]")
    invalid = np.zeros(len(values), dtype=bool)
    if len(values) == 0:
        return out, invalid, fmt or "auto"
    if values.dtype == object:
        is_dt = values.map(lambda v: isinstance(v, (dt.datetime, dt.date, pd.Timestamp))).to_numpy(bool)
        is_num = values.map(_is_number).to_numpy(bool)
    else:
        is_dt = np.zeros(len(values), dtype=bool)
        is_num = np.zeros(len(values), dtype=bool)
    if is_dt.any():
        out[is_dt] = pd.to_datetime(values[is_dt].map(lambda v: pd.Timestamp(v))).astype("datetime64[us]").to_numpy()
    rest = ~is_dt & ~is_num
    text = values[rest].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)) \
        if values.dtype == object else values[rest].fillna("")
    text = text.astype("str").str.strip()
    nonempty = (text != "").to_numpy()
    used = fmt or "auto"
    # Day numbers written as text ("45659.32") are Excel serials only if the whole column is.
    serial_mode = fmt == "excel_serial" or (
        fmt in (None, "auto") and nonempty.any() and not is_dt.any()
        and bool(text[nonempty].head(5000).str.fullmatch(r"\d{4,6}(?:[.,]\d+)?").all())
        and bool(text[nonempty].str.fullmatch(r"\d{4,6}(?:[.,]\d+)?").all())
    )
    if is_num.any():
        nums = values[is_num].astype(float)
        if fmt in (None, "auto", "excel_serial"):
            good = nums.between(*SERIAL_RANGE)
            conv = EXCEL_EPOCH + pd.to_timedelta(nums.where(good, 0), unit="D")
            pos = np.flatnonzero(is_num)
            out.iloc[pos[good.to_numpy()]] = conv[good].dt.round("s").astype("datetime64[us]").to_numpy()
            invalid[pos[~good.to_numpy()]] = True
            used = "excel_serial" if fmt != "auto" else used
        else:
            invalid[is_num] = True
    if nonempty.any():
        pos = np.flatnonzero(rest)[nonempty]
        t = text[nonempty]
        if serial_mode:
            nums = pd.to_numeric(t.str.replace(",", ".", regex=False), errors="coerce")
            good = nums.between(*SERIAL_RANGE)
            conv = EXCEL_EPOCH + pd.to_timedelta(nums.where(good, 0), unit="D")
            out.iloc[pos[good.to_numpy()]] = conv[good].dt.round("s").astype("datetime64[us]").to_numpy()
            invalid[pos[~good.to_numpy()]] = True
            used = "excel_serial"
        else:
            if fmt in (None, "auto"):
                used = infer_pattern(t)
                pattern = AUTO_PATTERNS[used]
                parsed, okn = _parse_strings(t, pattern)
            else:
                parsed, okn = _parse_with_format(t, fmt)
            out.iloc[pos[okn]] = parsed[okn]
            invalid[pos[~okn]] = True
    return out, invalid, used
