"""Mapping and validation: raw cells → canonical records, with row-level reasons.

Input: a RawTable (readers.py) and a Profile. Output: a `Mapped` batch holding
- `records`: one row per accepted record, canonical columns as in schema.py;
- `issues`: every rejected (error) and flagged (warning) row with its physical line and reasons;
- children rows (petition transfers, task co-agencies).
Everything is vectorised over whole columns: per-row Python would not import a million
dossiers in seconds. Reason codes are the ones documented in docs/import.md.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .agencies import AgencyMatcher, registered_code
from .dates import parse_dates
from .errors import FileRefused
from .fields import DEFAULT_VALUES, KINDS, NO, YES
from .normalise import header_key, key
from .profiles import Profile
from .readers import RawTable

# the event that "closes" a record, per kind, and the name used in its warning codes
DONE_FIELD = {"dossiers": "returned_at", "tasks": "completed_at", "petitions": "answered_at", "consultations": "replied_at"}
DONE_CODE = {"returned_at": "return", "completed_at": "completed", "answered_at": "answered", "replied_at": "replied"}


@dataclass
class Mapped:
    kind: str
    records: pd.DataFrame
    issues: pd.DataFrame  # line, record_id, grade, reasons, column, value
    children: dict[str, pd.DataFrame] = field(default_factory=dict)
    rows_read: int = 0
    rejected: int = 0
    flagged: int = 0
    merged_repeats: int = 0
    mapping: list[tuple[str, str]] = field(default_factory=list)  # (header, field)
    ignored: list[str] = field(default_factory=list)
    new_agencies: dict[str, str] = field(default_factory=dict)  # code → name (register mode)


def _event_code(name: str) -> str:
    for suffix in ("_at", "_date"):
        if name.endswith(suffix) and name != "doc_date":
            return name[: -len(suffix)]
    return name


# --------------------------------------------------------------------------- cell helpers
def _as_text(s: pd.Series) -> pd.Series:
    """Cells → clean NFC text ("" for empty). Spreadsheet numbers 12.0 become "12"."""
    if s.dtype != object:
        return _clean_arrow(s)
    else:
        def conv(v):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                return ""
            if isinstance(v, float) and v.is_integer():
                return str(int(v))
            if isinstance(v, (dt.datetime, dt.date)):
                return v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()
            return str(v)

        t = s.map(conv).astype("str")
    return t.str.normalize("NFC").str.replace(r"\s+", " ", regex=True).str.strip()


def _clean_arrow(s: pd.Series) -> pd.Series:
    """_as_text for text columns, with pyarrow kernels and only the work each column needs.

    A million cells through pandas' per-element string methods take seconds per column; most
    columns are either ASCII (ids, dates: NFC is a no-op) or have few distinct values (agency,
    status: normalise the distinct values once).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pc.fill_null(pa.array(s.array if s.dtype == "str" else s.astype(object), type=pa.string()), "")
    if pc.any(pc.match_substring_regex(arr, r"\s\s|[^\S ]")).as_py():
        arr = pc.replace_substring_regex(arr, r"\s+", " ")
    if not pc.all(pc.string_is_ascii(arr)).as_py():
        encoded = pc.dictionary_encode(arr).combine_chunks() if isinstance(arr, pa.ChunkedArray) else pc.dictionary_encode(arr)
        if len(encoded.dictionary) * 2 < len(arr):
            arr = pc.take(pc.utf8_normalize(encoded.dictionary, "NFC"), encoded.indices)
        else:
            arr = pc.utf8_normalize(arr, "NFC")
    arr = pc.utf8_trim_whitespace(arr)
    return pd.Series(arr.to_pandas(), index=s.index, dtype="str")


def map_distinct(text: pd.Series, func) -> pd.Series:
    """func applied once per distinct value (agency names, statuses: a few hundred among a
    million cells), spread back with a vectorised take. func("") is not called: "" → None."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(text.array if text.dtype == "str" else text.to_numpy(dtype=object), type=pa.string())
    encoded = pc.dictionary_encode(arr)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    results = pa.array([None if v == "" else func(v) for v in encoded.dictionary.to_pylist()], type=pa.string())
    return pd.Series(pc.take(results, encoded.indices).to_pandas(), index=text.index, dtype="str")


def _map_values(text: pd.Series, mapping: dict[str, str], allowed: tuple[str, ...]) -> tuple[pd.Series, np.ndarray]:
    """Map coded values to canonical ones. Returns (canonical or <NA>, unknown mask)."""
    lookup = {key(k): v for k, v in mapping.items()}
    lookup.update({key(v): v for v in allowed})
    out = map_distinct(text, lambda u: lookup.get(key(u)))
    unknown = ((text != "") & out.isna()).to_numpy()
    return out, unknown


def _map_bool(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    k = map_distinct(text, lambda v: "1" if key(v) in YES else "0" if key(v) in NO else None)
    out = pd.Series(pd.NA, index=text.index, dtype="boolean")
    out[(k == "1").fillna(False).to_numpy()] = True
    out[(k == "0").fillna(False).to_numpy()] = False
    unknown = ((text != "") & out.isna()).to_numpy()
    return out, unknown


def _map_int(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    # "1.234.000", "1,234,000", "1 234 000" and "1234000.0" are all 1234000
    cleaned = text.str.replace(r"[ .,](?=\d{3}(?:\D|$))", "", regex=True).str.replace(r"[.,]0+$", "", regex=True)
    cleaned = cleaned.str.replace(r"\s*(VNĐ|VND|đ|đồng)$", "", regex=True, case=False)
    num = pd.to_numeric(cleaned.where(cleaned != ""), errors="coerce")
    unknown = ((text != "") & (num.isna() | (num % 1 != 0))).to_numpy()
    return num.where(~unknown).round().astype("Int64"), unknown


def sender_key(parts: list[pd.Series], secret: bytes) -> pd.Series:
    """Keyed hash (HMAC-SHA256) of a petition sender: repeats can be counted, nobody can be read."""
    joined = parts[0].map(key)
    for p in parts[1:]:
        joined = joined + "|" + p.map(lambda v: "".join(ch for ch in str(v) if ch.isdigit()) or key(v))
    def h(v):
        if v.strip("|") == "":
            return None
        return hmac.new(secret, v.encode(), hashlib.sha256).hexdigest()[:32]
    return joined.map(h)


# --------------------------------------------------------------------------- main
class _Reasons:
    """Error and warning masks over all rows; reason lists are built only for rows that have any.

    Errors keep the order of the file's columns (that is how users read a row), and remember
    the first offending column's header and value for the import log.
    """

    def __init__(self, n: int):
        self.n = n
        self.errors: list[tuple[np.ndarray, int, str, str | None, pd.Series | None]] = []
        self.warnings: list[tuple[np.ndarray, str]] = []

    def error(self, mask: np.ndarray, code: str, order: int, header: str | None = None, values: pd.Series | None = None):
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            self.errors.append((mask, order, code, header, values))

    def warn(self, mask: np.ndarray, code: str):
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            self.warnings.append((mask, code))

    def any_error(self) -> np.ndarray:
        out = np.zeros(self.n, dtype=bool)
        for mask, *_ in self.errors:
            out |= mask
        return out

    def any_warning(self) -> np.ndarray:
        out = np.zeros(self.n, dtype=bool)
        for mask, _ in self.warnings:
            out |= mask
        return out

    def error_details(self, i: int) -> tuple[list[str], tuple[str | None, str | None]]:
        hits = sorted((e for e in self.errors if e[0][i]), key=lambda e: e[1])
        codes = list(dict.fromkeys(e[2] for e in hits))
        first = next(((e[3], "" if e[4] is None else str(e[4].iloc[i])[:200]) for e in hits if e[3]), (None, None))
        return codes, first

    def warning_codes(self, i: int) -> list[str]:
        return list(dict.fromkeys(code for mask, code in self.warnings if mask[i]))


def map_table(
    table: RawTable,
    profile: Profile,
    matcher: AgencyMatcher,
    snapshot: dt.date,
    add_working_days: Callable[[np.ndarray, int], np.ndarray] | None = None,
    pii_secret: bytes = b"",
) -> Mapped:
    kind = KINDS[profile.kind]
    headers = table.headers
    by_key = {}
    for i, h in enumerate(headers):
        by_key.setdefault(header_key(h), i)
    missing = [h for h in profile.columns.values() if header_key(h) not in by_key]
    if missing:
        raise FileRefused(
            table.path.name,
            f"thiếu cột {', '.join(repr(m) for m in missing)} (hồ sơ cột '{profile.name}', dòng tiêu đề {table.header_line})",
            f"missing column(s) {', '.join(repr(m) for m in missing)} (profile '{profile.name}', header line {table.header_line})",
            code="missing_column",
        )
    col = {f: by_key[header_key(h)] for f, h in profile.columns.items()}
    fields_in_file = [f for f in kind.fields if f.name in col]
    if kind.id_field not in col and not profile.id_from:
        raise FileRefused(
            table.path.name,
            f"không có cột mã ({kind.get(kind.id_field).vi}) và hồ sơ cột không khai báo id_from",
            f"no id column ({kind.id_field}) and the profile has no id_from",
            code="missing_column",
        )
    for f in kind.fields:
        if f.required and f.name not in col and f.name != kind.id_field:
            if f.name == "due_at" and profile.deadline_rule:
                continue
            raise FileRefused(
                table.path.name,
                f"thiếu cột bắt buộc '{f.vi}' ({f.name})",
                f"missing required column '{f.vi}' ({f.name})",
                code="missing_column",
            )

    df = table.data
    n = len(df)
    mapped = Mapped(profile.kind, pd.DataFrame(), pd.DataFrame(), rows_read=n)
    mapped.mapping = [(headers[col[f.name]], f.name) for f in fields_in_file]
    mapped.ignored = [h for i, h in enumerate(headers) if h and i not in col.values()]
    reasons = _Reasons(n)
    order = {f: col[f] for f in col}
    text: dict[str, pd.Series] = {f.name: _as_text(df[col[f.name]]) for f in fields_in_file if f.type != "pii"}
    # PII is read once, hashed, and dropped; nothing else ever sees it
    pii_cols = [f.name for f in fields_in_file if f.type == "pii"]
    if kind.name == "petitions" and pii_cols:
        out_sender = sender_key([_as_text(df[col[p]]) for p in pii_cols], pii_secret)
    id_extra = _id_columns_outside_fields(profile, text, table)
    out: dict[str, pd.Series | np.ndarray] = {}
    hdr = {f: headers[c] for f, c in col.items()}

    # malformed CSV lines (wrong number of fields) are rejected rows too
    bad_lines = table.bad_rows

    # ---- values by type
    for f in fields_in_file:
        name = f.name
        if f.type == "pii":
            continue
        t = text[name]
        if f.type in ("datetime", "date"):
            # raw cells for spreadsheets (real date cells); the cleaned text for CSV
            values, invalid, _ = parse_dates(df[col[name]] if df[col[name]].dtype == object else t, profile.dates.get(name))
            reasons.error(invalid, f"invalid_date:{hdr[name]}", order[name], hdr[name], t)
            out[name] = values
        elif f.type == "enum":
            mapping = {**DEFAULT_VALUES.get(kind.name, {}).get(name, {}), **profile.values.get(name, {})}
            values, unknown = _map_values(t, mapping, f.values)
            code = "unknown_status" if name == "status" else f"unknown_value:{hdr[name]}"
            reasons.error(unknown, code, order[name], hdr[name], t)
            out[name] = values
        elif f.type == "bool":
            values, unknown = _map_bool(t)
            reasons.error(unknown, f"unknown_value:{hdr[name]}", order[name], hdr[name], t)
            out[name] = values
        elif f.type in ("int", "money"):
            values, unknown = _map_int(t)
            reasons.error(unknown, f"invalid_number:{hdr[name]}", order[name], hdr[name], t)
            out[name] = values
        elif f.type == "agency":
            codes, unknown = _match_agencies(t, profile, matcher, mapped)
            reasons.error(unknown, "unknown_agency", order[name], hdr[name], _with_suggestions(t, unknown, matcher))
            out[name] = codes
        else:
            out[name] = t.where(t != "")

    # The raw cells are no longer needed: free them (a big file's largest copy).
    table.data = df = None

    # ---- required values and the id
    for f in fields_in_file:
        if f.required and f.name != kind.id_field and f.type != "pii":
            empty = (text[f.name] == "").to_numpy()
            reasons.error(empty, f"missing_value:{hdr[f.name]}", order[f.name], hdr[f.name], text[f.name])
    if profile.id_from:
        ids = _compose_id(profile, text, out, id_extra)
    else:
        ids = text[kind.id_field]
    reasons.error((ids == "").to_numpy(), "empty_id", order.get(kind.id_field, -1))
    out[kind.id_field] = ids

    # ---- lists of agencies and petition paths
    if "co_agencies" in col:
        out["co_agencies"], unknown, mapped.children["task_co_agency"] = _agency_lists(
            text["co_agencies"], profile.list_separator, profile, matcher, mapped, ids
        )
        reasons.error(unknown, "unknown_agency", order["co_agencies"], hdr["co_agencies"], text["co_agencies"])
    if "transfer_history" in col:
        out["transfer_history"], unknown, path = _agency_lists(
            text["transfer_history"], profile.transfer_separator, profile, matcher, mapped, ids, joiner=" -> "
        )
        reasons.error(unknown, "unknown_agency", order["transfer_history"], hdr["transfer_history"], text["transfer_history"])
        mapped.children["petition_transfer"] = path
        hops = text["transfer_history"].map(lambda v: len([p for p in v.split(profile.transfer_separator) if p.strip()]) - 1 if v else 0)
        if "transfer_count" not in col:
            out["transfer_count"] = hops.clip(lower=0).astype("Int64")
    if kind.name == "petitions":  # no path and no count in the file: never transferred
        out["transfer_count"] = pd.Series(out.get("transfer_count", pd.Series(0, index=range(n)))).fillna(0).astype("Int64")

    # ---- localities: kept as text, linked to a known unit when one matches
    if "locality" in col:
        out["locality_code"] = _link_localities(text["locality"], matcher)
    elif kind.name in ("dossiers", "petitions") and kind.agency_field in out:
        # no locality column: a territorial unit's own records are in its territory
        territorial = {c for c, k in matcher.kinds.items() if key(k) in _TERRITORIAL}
        codes = pd.Series(out[kind.agency_field])
        out["locality_code"] = codes.where(codes.isin(territorial))

    # ---- PII: never stored; petition senders become a keyed hash
    if kind.name == "petitions" and pii_cols:
        out["sender_key"] = out_sender

    # ---- deadlines computed when missing
    rule = profile.deadline_rule
    if rule and kind.start_field:
        out["due_at"] = _fill_deadline(out, kind.name, rule, add_working_days, n)

    # ---- warnings (loaded and flagged)
    _warnings(out, kind.name, profile, snapshot, reasons, n)

    # ---- duplicates within the file
    dup_conflict, repeat = _duplicates(ids, [text[f.name] for f in fields_in_file if f.type != "pii"])
    reasons.error(dup_conflict, "duplicate_id", 10**6)

    # ---- assemble issues and accepted records
    lines = table.lines
    rejected = reasons.any_error()
    flagged = reasons.any_warning() & ~rejected & ~repeat
    issue_rows = []
    flags = pd.Series(None, index=range(n), dtype="str")
    for i in np.flatnonzero(rejected | flagged):
        if rejected[i]:
            codes, (header, value) = reasons.error_details(i)
            issue_rows.append((int(lines[i]), ids.iloc[i], "error", ";".join(codes), header, value))
        else:
            codes = reasons.warning_codes(i)
            flags.iloc[i] = ";".join(codes)
            issue_rows.append((int(lines[i]), ids.iloc[i], "warning", ";".join(codes), None, None))
    for line, why in bad_lines:
        issue_rows.append((int(line), "", "error", "malformed_row", None, why))
    issues = pd.DataFrame(issue_rows, columns=["line", "record_id", "grade", "reasons", "column", "value"])
    mapped.issues = issues.sort_values("line", kind="stable").reset_index(drop=True)
    mapped.rejected = int(rejected.sum()) + len(bad_lines)
    mapped.flagged = int(flagged.sum())
    mapped.merged_repeats = int((repeat & ~rejected).sum())

    keep = ~rejected & ~repeat
    mapped.records = _records(kind.name, out, keep, flags, profile)
    kept_ids = set(mapped.records[kind.id_field])
    for name, child in list(mapped.children.items()):
        mapped.children[name] = child[child.iloc[:, 0].isin(kept_ids)].drop_duplicates().reset_index(drop=True)
    return mapped


_TERRITORIAL = {"quận", "huyện", "thị xã", "thành phố", "phường", "xã", "thị trấn", "đặc khu"}


def _match_agencies(t: pd.Series, profile: Profile, matcher: AgencyMatcher, mapped: Mapped):
    def resolve(u: str) -> str | None:
        code = matcher.match_code(u) if profile.agency_by == "code" else matcher.match(u)
        if code is None and profile.unknown_agencies == "register":
            code = registered_code(u)
            matcher.add(code, u)
            mapped.new_agencies[code] = u
        return code

    codes = map_distinct(t, resolve)
    unknown = ((t != "") & codes.isna()).to_numpy()
    return codes, unknown


def _with_suggestions(t: pd.Series, unknown: np.ndarray, matcher: AgencyMatcher) -> pd.Series:
    """The cell text, followed for unknown names by the closest known names (never used to match)."""
    if not unknown.any():
        return t
    hints = {u: f"{u} → gần nhất / closest: {'; '.join(matcher.suggest(u)) or '—'}" for u in pd.unique(t[unknown])}
    return t.where(~unknown, t.map(hints))


def _agency_lists(t, sep, profile, matcher, mapped, ids, joiner=";"):
    """Split cells listing several agencies; returns (codes joined, unknown mask, child rows)."""
    joined, unknown, child = [], np.zeros(len(t), dtype=bool), []
    cache: dict[str, str | None] = {}
    for i, cell in enumerate(t):
        parts = [p.strip() for p in cell.split(sep) if p.strip()] if cell else []
        codes = []
        for seq, p in enumerate(parts):
            if p not in cache:
                code = matcher.match_code(p) if profile.agency_by == "code" else matcher.match(p)
                if code is None and profile.unknown_agencies == "register":
                    code = registered_code(p)
                    matcher.add(code, p)
                    mapped.new_agencies[code] = p
                cache[p] = code
            code = cache[p]
            if code is None:
                unknown[i] = True
            codes.append(code or p)
            child.append((ids.iloc[i], seq, code, p))
        joined.append(joiner.join(codes) if codes else None)
    if joiner == ";":
        rows = pd.DataFrame([(c[0], c[2]) for c in child if c[2]], columns=["task_id", "agency_code"])
    else:
        rows = pd.DataFrame(child, columns=["petition_id", "seq", "agency_code", "agency_name"])
    return pd.Series(joined, index=t.index, dtype="str"), unknown, rows


def _link_localities(t: pd.Series, matcher: AgencyMatcher) -> pd.Series:
    def resolve(u: str) -> str | None:
        code = matcher.match(u)
        if code is None:  # "Phường An Phú, Quận Lê Chân": the most specific part first
            for part in (p.strip() for p in u.split(",")):
                code = matcher.match(part)
                if code:
                    break
        return code

    return map_distinct(t, resolve)


def _id_columns_outside_fields(profile: Profile, text: dict, table: RawTable) -> dict[str, pd.Series]:
    """Columns named in id_from by their header rather than by a canonical field."""
    extra = {}
    for name in profile.id_from:
        if name in text:
            continue
        idx = {header_key(h): i for i, h in enumerate(table.headers)}.get(header_key(name))
        if idx is None:
            raise FileRefused(table.path.name, f"id_from: không có cột '{name}'", f"id_from: no column '{name}'",
                              code="missing_column")
        extra[name] = _as_text(table.data[idx])
    return extra


def _compose_id(profile: Profile, text: dict, out: dict, extra: dict) -> pd.Series:
    k = KINDS[profile.kind]
    parts = []
    for name in profile.id_from:
        if name in out and name in k.names and k.get(name).type == "agency":
            # the agency's code, not its spelling, so a re-spelled name is still the same record
            codes = pd.Series(out[name]).fillna("")
            parts.append(codes.where(codes != "", text[name]))
        else:
            parts.append(text[name] if name in text else extra[name])
    ids = parts[0].copy()
    empty = parts[0] == ""
    for p in parts[1:]:
        ids = ids + profile.id_separator + p
        empty |= p == ""
    return ids.where(~empty, "")


def _fill_deadline(out, kind, rule, add_working_days, n):
    n_days, unit = rule
    due = pd.Series(out.get("due_at", pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")))
    base = pd.Series(out[KINDS[kind].start_field])
    if kind == "petitions" and "last_transfer_at" in out:
        base = pd.Series(out["last_transfer_at"]).fillna(base)
    need = due.isna() & base.notna()
    if not need.any():
        return due
    days = base[need].dt.floor("D").to_numpy().astype("datetime64[D]")
    if unit == "working_days":
        if add_working_days is None:
            raise RuntimeError("a working-day calendar is needed to compute deadlines")
        new_days = add_working_days(days, n_days)
    else:
        new_days = days + np.timedelta64(n_days, "D")
    new = pd.Series(np.asarray(new_days, dtype="datetime64[D]").astype("datetime64[us]"), index=base[need].index)
    if kind != "petitions":  # a dossier is due at the hour it was received
        new = new + (base[need] - base[need].dt.floor("D"))
    due[need] = new
    return due


def _warnings(out, kind, profile, snapshot, reasons: _Reasons, n):
    k = KINDS[kind]
    if not k.start_field or k.start_field not in out:
        return
    exact = profile.deadline_precision == "exact"

    def day(name):
        return pd.Series(out[name]).dt.floor("D") if name in out else pd.Series(pd.NaT, index=range(n))

    start = pd.Series(out[k.start_field]) if exact else day(k.start_field)
    if "due_at" in out:
        due = pd.Series(out["due_at"]) if exact else day("due_at")
        reasons.warn((due < start).to_numpy(), "due_before_received")
    done_name = DONE_FIELD.get(kind)
    if done_name and done_name in out:
        done = pd.Series(out[done_name])
        code = DONE_CODE[done_name]
        reasons.warn((done < pd.Series(out[k.start_field])).to_numpy(), f"{code}_before_received")
        if kind == "dossiers" and "finished_at" in out:
            reasons.warn((done < pd.Series(out["finished_at"])).to_numpy(), "return_before_end")
    limit = pd.Timestamp(snapshot) + pd.Timedelta(days=1)
    for f in k.fields:
        if f.event and f.name in out:
            reasons.warn((pd.Series(out[f.name]) >= limit).to_numpy(), f"{_event_code(f.name)}_after_snapshot")


def _text_hash(columns: list[pd.Series]) -> np.ndarray:
    """One 64-bit hash per row of the cleaned cells, combined column by column (no big copy)."""
    h = np.zeros(len(columns[0]) if columns else 0, dtype=np.uint64)
    for s in columns:
        h = (h * np.uint64(1_000_003)) ^ pd.util.hash_pandas_object(s, index=False).to_numpy()
    return h


def _duplicates(ids: pd.Series, columns: list[pd.Series]) -> tuple[np.ndarray, np.ndarray]:
    """(conflict, repeat): ids seen with different data (all rejected); identical later repeats.

    Only rows whose id occurs more than once are hashed: usually none are.
    """
    n = len(ids)
    several = (ids.duplicated(keep=False) & (ids != "")).to_numpy()
    if not several.any():
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    pos = np.flatnonzero(several)
    frame = pd.DataFrame({"id": ids.iloc[pos].to_numpy(), "h": _text_hash([c.iloc[pos] for c in columns])}, index=pos)
    counts = frame.groupby("id", sort=False)["h"].nunique()
    conflict_ids = set(counts[counts > 1].index)
    conflict = ids.isin(conflict_ids).to_numpy()
    repeat = np.zeros(len(ids), dtype=bool)
    rest = frame[~frame["id"].isin(conflict_ids)]
    repeat[rest.index[rest.duplicated("id", keep="first")].to_numpy()] = True
    return conflict, repeat


# --------------------------------------------------------------------------- canonical frame
_RENAME = {
    "dossiers": {"agency": "agency_code"},
    "tasks": {"lead_agency": "lead_agency_code"},
    "petitions": {"agency": "agency_code"},
    "consultations": {"requesting_agency": "requesting_agency_code", "consulted_agency": "consulted_agency_code"},
    "internal_procedures": {"agency": "agency_code"},
}
_DAYS = {
    "dossiers": {"received_at": "received_day", "due_at": "due_day", "finished_at": "finished_day", "returned_at": "returned_day"},
    "tasks": {"due_at": "due_day", "completed_at": "completed_day"},
    "petitions": {"received_at": "received_day", "due_at": "due_day", "answered_at": "answered_day"},
    "consultations": {"sent_at": "sent_day", "due_at": "due_day", "replied_at": "replied_day"},
}
_DATE_ONLY = {"tasks": ["doc_date"], "internal_procedures": ["published_at"]}


def _records(kind: str, out: dict, keep: np.ndarray, flags: pd.Series, profile: Profile) -> pd.DataFrame:
    from .schema import RECORD_MODELS

    if kind == "agencies":
        frame = pd.DataFrame({k: pd.Series(v).reset_index(drop=True) for k, v in out.items()})
        return frame[keep].reset_index(drop=True)
    model, id_col = RECORD_MODELS[kind]
    table_cols = [c.name for c in model.__table__.columns]
    frame: dict[str, pd.Series] = {}
    rename = _RENAME.get(kind, {})
    for name, values in out.items():
        frame[rename.get(name, name)] = pd.Series(values).reset_index(drop=True)
    for src, dst in _DAYS.get(kind, {}).items():
        if src in frame:
            frame[dst] = frame[src].dt.floor("D")
    for name in _DATE_ONLY.get(kind, []):
        if name in frame:
            frame[name] = frame[name].dt.floor("D")
    n = len(keep)
    result = pd.DataFrame({c: frame[c] for c in table_cols if c in frame}, index=range(n))
    result["deadline_exact"] = profile.deadline_precision == "exact"
    result["flags"] = flags
    result["source_profile"] = profile.name
    result = result[keep].reset_index(drop=True)
    content = [c for c in result.columns if c not in ("flags", "source_profile")]
    result["row_hash"] = row_hash(result[content])
    return result


def row_hash(frame: pd.DataFrame) -> pd.Series:
    """A content hash that is the same whatever file format or dtype the values came from."""
    parts = {}
    for c in sorted(frame.columns):
        s = frame[c]
        if pd.api.types.is_datetime64_any_dtype(s):
            parts[c] = s.astype("datetime64[us]").astype("int64").where(s.notna(), -1)
        elif pd.api.types.is_bool_dtype(s) or str(s.dtype) == "boolean":
            parts[c] = s.astype("Int8").fillna(-1).astype("int64")
        elif pd.api.types.is_integer_dtype(s):
            parts[c] = s.astype("Int64").fillna(-(2**62)).astype("int64")
        else:
            parts[c] = s.astype("str").fillna("\x00")
    h = pd.util.hash_pandas_object(pd.DataFrame(parts), index=False)
    return pd.Series(h.to_numpy().view(np.int64), index=frame.index)  # signed: fits a BIGINT
