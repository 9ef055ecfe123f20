"""Importing one file: choose the profile, read, map and validate, then write in one transaction.

A refused file (not a spreadsheet, no header, a named column missing, `--strict` with row
errors) writes nothing at all. An accepted file is written in a single transaction together
with its import_batch row and its rejected / flagged rows, so a crash half-way leaves the
database exactly as it was.
"""
from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from .agencies import AgencyMatcher
from .db import REPO_ROOT
from .errors import FileRefused, ProfileError
from .fields import KINDS
from .profiles import (
    Profile,
    auto_profile,
    header_scorer,
    known_header_keys,
    match_builtin,
    resolve,
)
from .readers import RawTable, read_table
from .schema import RECORD_MODELS, ImportBatch, ImportIssue
from .transform import Mapped, map_table
from .writer import refresh_statistics, register_agencies, write_agencies, write_records

PII_KEY_ENV = "OVERSIGHT_PII_KEY"
PII_KEY_FILE = REPO_ROOT / "data" / "pii.key"
_DATE_IN_NAME = [
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), ("Y", "m", "d")),
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"), ("Y", "m", "d")),
    (re.compile(r"(?<!\d)(\d{2})[-_.](\d{2})[-_.](\d{4})(?!\d)"), ("d", "m", "Y")),
]


@dataclass
class ImportResult:
    file: str
    status: str  # ok | refused | empty
    message: str = ""
    kind: str | None = None
    profile: str | None = None
    snapshot: dt.date | None = None
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    flagged: int = 0
    merged_repeats: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    issues: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["line", "record_id", "grade", "reasons", "column", "value"]))
    mapping: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    auto_mapped: bool = False
    batch_id: int | None = None
    seconds: float = 0.0
    refusal_code: str | None = None
    # dry_run with preview_rows > 0: the first accepted records exactly as they would be
    # stored (canonical columns), for the Data page's preview.
    preview: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        return self.status != "refused"


def snapshot_from_name(name: str) -> dt.date | None:
    for pattern, order in _DATE_IN_NAME:
        m = pattern.search(name)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups())))
            try:
                return dt.date(parts["Y"], parts["m"], parts["d"])
            except ValueError:
                continue
    return None


def pii_secret() -> bytes:
    """The key of the petition-sender hash. Kept outside the database, so the hash cannot be
    reversed by someone holding only the database (phone numbers are few enough to try all)."""
    env = os.environ.get(PII_KEY_ENV)
    if env:
        return env.encode()
    if not PII_KEY_FILE.exists():
        PII_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        PII_KEY_FILE.write_text(secrets.token_hex(32))
        PII_KEY_FILE.chmod(0o600)
    return PII_KEY_FILE.read_text().strip().encode()


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def read_with_profile(path: Path, profile: str | Profile | None, kind: str | None) -> tuple[RawTable, Profile, bool]:
    """Read the file and settle its profile: given, a built-in that fits, or columns by synonyms."""
    if isinstance(profile, str):
        profile = resolve(profile)
    if profile is not None:
        table = read_table(
            path, header_scorer(known_header_keys(profile=profile)), fmt=profile.format,
            encoding=profile.encoding, delimiter=profile.delimiter, sheet=profile.sheet, header_row=profile.header_row,
        )
        return table, profile, False
    table = read_table(path, header_scorer(known_header_keys(kind)))
    best, share, missing = match_builtin(table.headers, kind)
    if best is not None and share == 1.0:
        return table, best, False
    auto, pairs, _ = auto_profile(table.headers, kind)
    k = KINDS[auto.kind]
    required = {f.name for f in k.fields if f.required} - {k.id_field}
    has_id = k.id_field in auto.columns
    if has_id and required <= set(auto.columns) and (best is None or share < 1.0) and len(pairs) >= 3:
        return table, auto, True
    if best is not None and share >= 0.5:
        raise FileRefused(
            path.name,
            f"giống mẫu '{best.name}' nhưng thiếu cột {', '.join(repr(m) for m in missing)} (dòng tiêu đề {table.header_line})",
            f"looks like layout '{best.name}' but column(s) {', '.join(repr(m) for m in missing)} are missing "
            f"(header line {table.header_line})",
            code="missing_column",
        )
    raise FileRefused(
        path.name,
        "không nhận ra bố cục tệp; hãy chọn hồ sơ cột (--profile) hoặc loại dữ liệu (--kind)",
        "layout not recognised; choose a profile (--profile) or a kind (--kind)",
        code="unknown_layout",
    )


def import_file(
    engine: sa.Engine,
    path: str | Path,
    *,
    profile: str | Profile | None = None,
    kind: str | None = None,
    as_of: dt.date | None = None,
    strict: bool = False,
    imported_by: str | None = None,
    dry_run: bool = False,
    progress=None,
    display_name: str | None = None,
    preview_rows: int = 0,
) -> ImportResult:
    """Import one file. Never raises for bad input: a refusal comes back as status 'refused'.

    `dry_run` maps and validates without writing (the Data page's preview).
    `progress(n_rows)` is called as rows are written (the CLI's progress bar).
    `preview_rows` (dry run only) keeps the first accepted records as they would be stored.
    """
    path = Path(path)
    name = display_name or path.name
    started = time.perf_counter()
    result = ImportResult(file=name, status="refused")
    try:
        table, prof, auto = read_with_profile(path, profile, kind)
        if kind and prof.kind != kind:
            raise FileRefused(name, f"hồ sơ cột '{prof.name}' là loại {prof.kind}, không phải {kind}",
                              f"profile '{prof.name}' is for {prof.kind}, not {kind}", code="wrong_kind")
        result.kind, result.profile, result.auto_mapped = prof.kind, prof.name, auto
        result.skipped = dict(table.skipped)
        snapshot = as_of or snapshot_from_name(name) or dt.date.today()
        result.snapshot = snapshot
        with engine.connect() as conn:
            matcher = AgencyMatcher(conn)
            calendar = _calendar(conn)
        if not matcher.names and prof.kind != "agencies" and prof.unknown_agencies == "reject":
            # every row would be rejected as unknown_agency: say what is really missing
            raise FileRefused(
                name, "danh mục đơn vị còn trống: hãy nhập danh mục (vd. don_vi.csv) trước",
                "the agency registry is empty: import the registry (e.g. don_vi.csv) first",
                code="no_registry",
            )
        mapped = map_table(table, prof, matcher, snapshot, calendar, pii_secret())
    except (FileRefused, ProfileError) as exc:
        result.message = str(exc) if isinstance(exc, ProfileError) else f"{exc.vi} / {exc.en}"
        result.refusal_code = getattr(exc, "code", "profile")
        result.seconds = time.perf_counter() - started
        return result
    _copy_counts(result, mapped)
    if result.rows_read == 0 and not table.bad_rows:
        result.status = "empty"
        result.message = "tệp chỉ có dòng tiêu đề, không có dữ liệu; không nhập gì / header only, nothing imported"
        result.seconds = time.perf_counter() - started
        return result
    if strict and mapped.rejected:
        result.message = (f"--strict: {mapped.rejected} dòng lỗi, không nhập dòng nào / "
                          f"{mapped.rejected} row(s) with errors, nothing imported")
        result.refusal_code = "strict"
        result.seconds = time.perf_counter() - started
        return result
    if dry_run:
        if preview_rows:
            result.preview = mapped.records.head(preview_rows).reset_index(drop=True)
        result.status = "ok"
        result.message = "xem trước, chưa ghi / preview, nothing written"
        result.seconds = time.perf_counter() - started
        return result
    sha = sha256_of(path)
    with engine.begin() as conn:
        batch_id = conn.execute(sa.insert(ImportBatch).values(
            file_name=name, sha256=sha, kind=prof.kind, profile=prof.name, snapshot_date=snapshot,
            rows_read=mapped.rows_read, started_at=dt.datetime.now(), imported_by=imported_by or _user(),
        ).returning(ImportBatch.id)).scalar_one()
        if mapped.new_agencies:
            register_agencies(conn, mapped.new_agencies, batch_id)
        if prof.kind == "agencies":
            ins, upd, same = write_agencies(conn, mapped.records, batch_id)
        else:
            ins, upd, same = write_records(conn, mapped, batch_id, progress)
        if not mapped.issues.empty:
            issues = mapped.issues.assign(batch_id=batch_id)
            conn.execute(sa.insert(ImportIssue), [
                {k: (None if pd.isna(v) else v) for k, v in row.items()}
                for row in issues[["batch_id", "line", "record_id", "grade", "reasons", "column", "value"]].to_dict("records")
            ])
        conn.execute(sa.update(ImportBatch).where(ImportBatch.id == batch_id).values(
            inserted=ins, updated=upd, unchanged=same, rejected=mapped.rejected, flagged=mapped.flagged,
            merged_repeats=mapped.merged_repeats, skipped_rows=sum(table.skipped.values()),
            finished_at=dt.datetime.now(),
        ))
    if prof.kind != "agencies":
        refresh_statistics(engine, RECORD_MODELS[prof.kind][0].__table__, ins + upd)
    result.status = "ok"
    result.inserted, result.updated, result.unchanged, result.batch_id = ins, upd, same, batch_id
    result.message = f"{ins} mới, {upd} cập nhật, {same} không đổi, {mapped.rejected} bị loại, {mapped.flagged} cảnh báo"
    result.seconds = time.perf_counter() - started
    return result


def _copy_counts(result: ImportResult, mapped: Mapped) -> None:
    result.rows_read = mapped.rows_read
    result.rejected, result.flagged, result.merged_repeats = mapped.rejected, mapped.flagged, mapped.merged_repeats
    result.issues, result.mapping, result.ignored = mapped.issues, mapped.mapping, mapped.ignored


def _calendar(conn):
    from .workdays import WorkCalendar

    cal = WorkCalendar.from_engine(conn)
    return cal.add_working_days_array


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "unknown"
