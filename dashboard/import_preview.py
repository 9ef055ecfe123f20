"""The Data page's service: preview an upload, import it, and the questions about loaded data.

No Streamlit here (the page is thin, and the tests call this module directly).

* `preview` runs the real importer with `dry_run=True`, so what the user sees before pressing
  "Nhập" is exactly what the import will do: same profile choice, same mapping, same row
  numbers and reasons, and the first records as the writer will store them. Nothing is written.
* `commit` is the same call without `dry_run`.
* The query functions (import history, freshness, rejected / flagged rows) take a connection and
  bound parameters only, and aggregate in the database.

Personal data: records never hold an applicant, and a petition sender only as a keyed hash;
the preview drops that hash too (it says nothing to a reader), and import_issue never stores the
value of a personal-data column (transform.py).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from data_loaders.fields import KINDS
from data_loaders.importer import ImportResult, import_file, snapshot_from_name
from data_loaders.profiles import builtin_profiles
from data_loaders.schema import RECORD_MODELS, Agency, ImportBatch, ImportBatchAgency, ImportIssue

from .metric_registry import METRICS
from .scope import Scope

PREVIEW_ROWS = 20
STALE_DAYS = 14
UPLOAD_TYPES = ("xlsx", "xls", "csv")
# Columns of a stored record that are bookkeeping, not content: not shown in the preview.
# sender_key is a pseudonym of a petition sender; showing it helps nobody and invites misuse.
HIDDEN_COLUMNS = ("row_hash", "first_batch_id", "batch_id", "sender_key")

# Where each kind's records live: table, id column, agency column, the day a record starts.
RECORD_TABLES: dict[str, tuple[str, str, str, str | None]] = {
    "dossiers": ("dossier", "dossier_id", "agency_code", "received_day"),
    "tasks": ("task", "task_id", "lead_agency_code", "doc_date"),
    "petitions": ("petition", "petition_id", "agency_code", "received_day"),
    "consultations": ("consultation", "request_id", "consulted_agency_code", "sent_day"),
    "internal_procedures": ("internal_procedure", "procedure_code", "agency_code", None),
}


# =========================================================================== preview / commit
@dataclass
class Preview:
    """What an import of one uploaded file would do; nothing of it is in the database yet."""

    file_name: str
    sha256: str
    status: str                      # ok | refused | empty (as ImportResult)
    message: str
    kind: str | None
    profile: str | None              # the profile chosen (given, built-in match, or "auto:<kind>")
    auto_mapped: bool                # columns recognised by synonyms, no profile matched whole
    snapshot: dt.date | None
    mapping: pd.DataFrame            # header, field, field_vi, field_en, required
    ignored: list[str]
    rows: pd.DataFrame               # first records as they will be stored
    issues: pd.DataFrame             # line, record_id, grade, reasons, column, value
    counts: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    # earlier imports of the very same bytes (id, started_at, snapshot_date): re-importing
    # them changes nothing, and the user should know before pressing the button
    same_file_imports: pd.DataFrame = field(default_factory=pd.DataFrame)
    refusal_code: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def errors(self) -> pd.DataFrame:
        return self.issues[self.issues["grade"] == "error"].reset_index(drop=True)

    @property
    def warnings(self) -> pd.DataFrame:
        return self.issues[self.issues["grade"] == "warning"].reset_index(drop=True)


def _safe_name(file_name: str) -> str:
    """The upload's base name only (a browser may send a path); never empty."""
    base = re.split(r"[\\/]", file_name or "")[-1].strip()
    return base or "upload"


def _run(engine: sa.Engine, data: bytes, file_name: str, **kwargs) -> ImportResult:
    """Write the upload to a private temporary folder and run the importer on it.

    The importer reads paths (its readers sniff the format, the encoding and the header row
    from the file), so the bytes go to disk under their original name: the name matters, its
    date is the default snapshot and its extension a hint to the reader.
    """
    name = _safe_name(file_name)
    with tempfile.TemporaryDirectory(prefix="oversight-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return import_file(engine, path, display_name=name, **kwargs)


def _profile_arg(profile: str | None) -> str | None:
    return None if profile in (None, "", "auto") else profile


def preview(engine: sa.Engine, uploaded_bytes: bytes, file_name: str, profile: str | None = None,
            kind: str | None = None, as_of: dt.date | None = None, rows: int = PREVIEW_ROWS) -> Preview:
    """Map and validate an upload with the real importer, writing nothing."""
    res = _run(engine, uploaded_bytes, file_name, profile=_profile_arg(profile), kind=kind or None,
               as_of=as_of, dry_run=True, preview_rows=rows)
    sha = hashlib.sha256(uploaded_bytes).hexdigest()
    stored = res.preview if res.preview is not None else pd.DataFrame()
    stored = stored.drop(columns=[c for c in HIDDEN_COLUMNS if c in stored.columns])
    return Preview(
        file_name=res.file, sha256=sha, status=res.status, message=res.message, kind=res.kind,
        profile=res.profile, auto_mapped=res.auto_mapped, snapshot=res.snapshot,
        mapping=mapping_table(res.mapping, res.kind), ignored=list(res.ignored), rows=stored,
        issues=res.issues.reset_index(drop=True),
        counts={
            "rows_read": res.rows_read,
            "rejected": res.rejected,
            "flagged": res.flagged,
            "merged_repeats": res.merged_repeats,
            "to_load": max(res.rows_read - res.rejected - res.merged_repeats, 0) if res.status == "ok" else 0,
            "skipped": sum(res.skipped.values()),
        },
        skipped=dict(res.skipped), same_file_imports=same_file_imports(engine, sha),
        refusal_code=res.refusal_code,
    )


def commit(engine: sa.Engine, uploaded_bytes: bytes, file_name: str, profile: str | None = None,
           kind: str | None = None, as_of: dt.date | None = None, imported_by: str | None = None,
           strict: bool = False) -> ImportResult:
    """The real import of an upload (one transaction; a refusal writes nothing).

    Pass the preview's `snapshot` as `as_of`, so that the import judges the rows against the
    same date the preview did (otherwise a file without a date in its name takes today's).
    """
    return _run(engine, uploaded_bytes, file_name, profile=_profile_arg(profile), kind=kind or None,
                as_of=as_of, strict=strict, imported_by=imported_by)


def snapshot_in_name(file_name: str) -> dt.date | None:
    """The date written in a file name (tthc_2026-11-15.xlsx), the importer's default snapshot."""
    return snapshot_from_name(_safe_name(file_name))


def mapping_table(pairs: list[tuple[str, str]], kind: str | None) -> pd.DataFrame:
    """(header in the file, canonical field) with the field's Vietnamese and English names."""
    fields = {f.name: f for f in KINDS[kind].fields} if kind in KINDS else {}
    rows = []
    for header, name in pairs:
        f = fields.get(name)
        rows.append({
            "header": header, "field": name,
            "field_vi": f.vi if f else name, "field_en": f.en if f else name,
            "required": bool(f.required) if f else False,
            "personal": bool(f and f.type == "pii"),
        })
    return pd.DataFrame(rows, columns=["header", "field", "field_vi", "field_en", "required", "personal"])


def profile_choices() -> pd.DataFrame:
    """The built-in profiles (name, kind, kind_vi, description) for the page's picker."""
    rows = [{"name": n, "kind": p.kind, "kind_vi": KINDS[p.kind].vi, "description": p.description}
            for n, p in builtin_profiles().items()]
    return pd.DataFrame(rows, columns=["name", "kind", "kind_vi", "description"])


def same_file_imports(engine_or_conn, sha256: str) -> pd.DataFrame:
    q = (sa.select(ImportBatch.id, ImportBatch.started_at, ImportBatch.snapshot_date, ImportBatch.profile)
         .where(ImportBatch.sha256 == sa.bindparam("sha", sha256)).order_by(ImportBatch.id))
    return _frame(engine_or_conn, q)


# =========================================================================== reasons in words
# Reason codes of transform.py; a code may carry the header after ":" (invalid_date:Ngày trả).
_REASONS = {
    "invalid_date": ("ngày không hợp lệ", "invalid date"),
    "missing_value": ("thiếu giá trị bắt buộc", "required value missing"),
    "unknown_value": ("giá trị không nhận ra", "value not recognised"),
    "invalid_number": ("số không hợp lệ", "invalid number"),
    "unknown_status": ("trạng thái không nhận ra", "status not recognised"),
    "unknown_agency": ("đơn vị không có trong danh mục", "agency not in the registry"),
    "empty_id": ("thiếu mã", "empty id"),
    "duplicate_id": ("mã trùng với dữ liệu khác nhau", "duplicate id with different data"),
    "malformed_row": ("dòng sai số cột", "malformed row"),
    "due_before_received": ("hạn trước ngày tiếp nhận", "deadline before receipt"),
    "return_before_end": ("trả kết quả trước khi kết thúc xử lý", "returned before end of processing"),
}
_SUFFIXES = {
    "_before_received": ("{x} trước ngày bắt đầu", "{x} before the start date"),
    "_after_snapshot": ("{x} sau ngày số liệu", "{x} after the as-of date"),
}
_EVENTS = {
    "return": ("ngày trả", "return"), "returned": ("ngày trả", "return"),
    "completed": ("ngày hoàn thành", "completion"), "answered": ("ngày trả lời", "answer"),
    "replied": ("ngày trả lời", "reply"), "received": ("ngày tiếp nhận", "receipt"),
    "submitted": ("ngày nộp", "submission"), "finished": ("ngày kết thúc xử lý", "end of processing"),
    "sent": ("ngày gửi", "sending"), "last_transfer": ("ngày chuyển", "transfer"),
    "published": ("ngày công bố", "publication"), "doc": ("ngày văn bản", "document date"),
}


def explain_reason(code: str, lang: str = "vi") -> str:
    """One reason code in words; unknown codes are shown as they are (never hidden)."""
    i = 0 if lang == "vi" else 1
    base, _, header = code.partition(":")
    if base in _REASONS:
        text = _REASONS[base][i]
        return f"{text} ({header})" if header else text
    for suffix, words in _SUFFIXES.items():
        if base.endswith(suffix):
            event = base[: -len(suffix)]
            x = _EVENTS.get(event, (event, event))[i]
            return words[i].format(x=x)
    return code


def explain_reasons(codes: str | None, lang: str = "vi") -> str:
    if not codes:
        return ""
    return "; ".join(explain_reason(c, lang) for c in str(codes).split(";") if c)


# =========================================================================== queries
def _frame(engine_or_conn, query) -> pd.DataFrame:
    if isinstance(engine_or_conn, sa.Engine):
        with engine_or_conn.connect() as conn:
            return _frame(conn, query)
    result = engine_or_conn.execute(query)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def import_log_state(conn) -> tuple[int | None, int]:
    """(latest import id, number of imports): changes with every import, so it keys results
    that depend only on what was imported."""
    b = ImportBatch.__table__
    last, n = conn.execute(sa.select(sa.func.max(b.c.id), sa.func.count())).one()
    return last, n


_HISTORY_COLUMNS = ("id", "file_name", "kind", "profile", "snapshot_date", "rows_read", "inserted", "updated",
                    "unchanged", "rejected", "flagged", "merged_repeats", "skipped_rows", "started_at",
                    "finished_at", "imported_by")


def import_history(conn, limit: int = 200, scope: Scope = Scope.all()) -> pd.DataFrame:
    """The latest imports first. The log is about files, not agencies: a viewer restricted to
    some agencies sees none of it (a city-wide file's counts would leak other agencies')."""
    b = ImportBatch.__table__
    q = sa.select(*[b.c[c] for c in _HISTORY_COLUMNS]).order_by(b.c.id.desc()).limit(sa.bindparam("lim", limit))
    if not scope.unrestricted:
        q = q.where(sa.false())
    return _frame(conn, q)


def source_freshness(conn, stale_days: int = STALE_DAYS, scope: Scope = Scope.all()) -> pd.DataFrame:
    """Per source (kind, profile): its latest snapshot, when it was last imported, how many
    imports; stale when its latest snapshot is more than `stale_days` older than the newest
    snapshot of any source (judged against the data, never against today)."""
    b = ImportBatch.__table__
    q = (sa.select(b.c.kind, b.c.profile, sa.func.max(b.c.snapshot_date).label("last_snapshot"),
                   sa.func.max(b.c.started_at).label("last_import"), sa.func.count().label("imports"),
                   sa.func.sum(b.c.rows_read).label("rows_read"))
         .group_by(b.c.kind, b.c.profile).order_by(b.c.kind, b.c.profile))
    if not scope.unrestricted:
        q = q.where(sa.false())
    df = _frame(conn, q)
    if df.empty:
        return _stale(df, "last_snapshot", stale_days)
    # The agency registry is not a periodic export (its "snapshot" is the day it was loaded):
    # it is never stale and does not set the reference date.
    registry = df["kind"] == "agencies"
    ref = pd.to_datetime(df.loc[~registry, "last_snapshot"]).max() if (~registry).any() else None
    return _stale(df, "last_snapshot", stale_days, reference=ref, never_stale=registry)


def _stale(df: pd.DataFrame, col: str, stale_days: int, reference=None, never_stale=None) -> pd.DataFrame:
    """Add age_days (reference − col) and stale; the reference is the newest value of col."""
    df = df.copy()
    if df.empty:
        df["age_days"] = pd.Series(dtype="Int64")
        df["stale"] = pd.Series(dtype="bool")
        return df
    days = pd.to_datetime(df[col])
    ref = pd.Timestamp(reference) if reference is not None else days.max()
    df["age_days"] = (ref - days).dt.days.astype("Int64")
    stale = (df["age_days"] > stale_days).fillna(True).astype(bool)
    if never_stale is not None:
        stale &= ~never_stale.to_numpy()
    df["stale"] = stale
    return df


def agency_freshness(conn, stale_days: int = STALE_DAYS, scope: Scope = Scope.all(),
                     kinds: tuple[str, ...] = tuple(RECORD_TABLES)) -> pd.DataFrame:
    """Per kind and agency: the latest snapshot in which the agency's records arrived or
    changed (the snapshot of the batch that last wrote any of them), its latest record date,
    and how many records it has. Stale: that snapshot is more than `stale_days` older than the
    newest snapshot of the kind. An agency dissolved before that newest snapshot (valid_to) is
    not stale: it has stopped existing, not stopped sending.

    Why the batch that last *wrote* the records, not the latest batch overall: a city-wide
    export lists every agency, but an agency whose records have not changed across several
    exports has, in effect, sent nothing new; that is the signal the City Office chases.
    """
    b = ImportBatch.__table__
    a = Agency.__table__
    ba = ImportBatchAgency.__table__
    frames = []
    for kind in kinds:
        _table, _id, agency_col, start_col = RECORD_TABLES[kind]
        t = RECORD_MODELS[kind][0].__table__
        last_record = sa.func.max(t.c[start_col]) if start_col else sa.null()
        # Records per agency: served by the index on the agency column, no join.
        q = (sa.select(t.c[agency_col].label("agency_code"), last_record.label("last_record_day"),
                       sa.func.count().label("records"))
             .where(scope.clause(t.c[agency_col]))
             .group_by(t.c[agency_col]))
        df = _frame(conn, q)
        if df.empty:
            continue
        # The snapshot of the last import that wrote any of the agency's records: a lookup in
        # the small per-import summary the importer keeps (import_batch_agency).
        written = _frame(conn, sa.select(ba.c.agency_code, sa.func.max(b.c.snapshot_date).label("last_snapshot"))
                         .select_from(ba.join(b, b.c.id == ba.c.batch_id))
                         .where(b.c.kind == sa.bindparam("kind", kind), ba.c.rows_written > 0,
                                scope.clause(ba.c.agency_code))
                         .group_by(ba.c.agency_code))
        df = df.merge(written, on="agency_code", how="left")
        df = df[["agency_code", "last_snapshot", "last_record_day", "records"]]
        newest = conn.execute(sa.select(sa.func.max(b.c.snapshot_date))
                              .where(b.c.kind == sa.bindparam("k", kind))).scalar()
        df.insert(0, "kind", kind)
        df["kind_snapshot"] = newest
        frames.append(df)
    cols = ["kind", "agency_code", "agency_name", "agency_kind", "valid_to", "last_snapshot", "last_record_day",
            "records", "kind_snapshot", "age_days", "stale"]
    if not frames:
        return pd.DataFrame(columns=cols)
    df = pd.concat(frames, ignore_index=True)
    names = _frame(conn, sa.select(a.c.code.label("agency_code"), a.c.name.label("agency_name"),
                                   a.c.kind.label("agency_kind"), a.c.valid_to)
                   .where(a.c.code.in_(sa.bindparam("codes", sorted(set(df["agency_code"].dropna())),
                                                    expanding=True))))
    df = df.merge(names, on="agency_code", how="left")
    out = []
    for _kind, part in df.groupby("kind", sort=False):
        ref = part["kind_snapshot"].iloc[0]
        gone = pd.to_datetime(part["valid_to"]).lt(pd.Timestamp(ref)).fillna(False)
        out.append(_stale(part, "last_snapshot", stale_days, reference=ref, never_stale=gone))
    df = pd.concat(out, ignore_index=True)
    return df[cols].sort_values(["kind", "stale", "age_days", "agency_name"],
                                ascending=[True, False, False, True]).reset_index(drop=True)


def import_issues(conn, batch_id: int | None = None, grade: str | None = None, limit: int = 2000,
                  scope: Scope = Scope.all()) -> pd.DataFrame:
    """Rejected (error) and flagged (warning) rows of the imports, newest import first, with the
    file, its snapshot, the line in the file, the reasons, the first offending column and its
    value. Like the history, only for an unrestricted viewer (issues carry no agency code)."""
    i, b = ImportIssue.__table__, ImportBatch.__table__
    q = (sa.select(i.c.batch_id, b.c.file_name, b.c.kind, b.c.snapshot_date, i.c.line, i.c.record_id,
                   i.c.grade, i.c.reasons, i.c.column, i.c.value)
         .select_from(i.join(b, b.c.id == i.c.batch_id))
         .order_by(i.c.batch_id.desc(), i.c.line).limit(sa.bindparam("lim", limit)))
    if batch_id is not None:
        q = q.where(i.c.batch_id == sa.bindparam("bid", batch_id))
    if grade:
        q = q.where(i.c.grade == sa.bindparam("grade", grade))
    if not scope.unrestricted:
        q = q.where(sa.false())
    return _frame(conn, q)


def issue_counts(conn, scope: Scope = Scope.all()) -> pd.DataFrame:
    """How many rejected and flagged rows each import had, by reason (counted in the database)."""
    i, b = ImportIssue.__table__, ImportBatch.__table__
    q = (sa.select(i.c.batch_id, b.c.file_name, i.c.grade, i.c.reasons, sa.func.count().label("rows"))
         .select_from(i.join(b, b.c.id == i.c.batch_id))
         .group_by(i.c.batch_id, b.c.file_name, i.c.grade, i.c.reasons)
         .order_by(i.c.batch_id.desc(), sa.func.count().desc()))
    if not scope.unrestricted:
        q = q.where(sa.false())
    return _frame(conn, q)


def flagged_records(conn, kind: str | None = None, limit: int = 2000, scope: Scope = Scope.all()) -> pd.DataFrame:
    """Records loaded with warnings (their `flags`), per kind, with agency name and the file
    that last wrote them. Scoped by agency in SQL like every record query."""
    b, a = ImportBatch.__table__, Agency.__table__
    frames = []
    for k in ([kind] if kind else RECORD_TABLES):
        _table, id_col, agency_col, _start = RECORD_TABLES[k]
        t = RECORD_MODELS[k][0].__table__
        q = (sa.select(sa.literal(k).label("kind"), t.c[id_col].label("record_id"),
                       t.c[agency_col].label("agency_code"), a.c.name.label("agency_name"), t.c.flags,
                       b.c.file_name, b.c.snapshot_date)
             .select_from(t.outerjoin(a, a.c.code == t.c[agency_col]).outerjoin(b, b.c.id == t.c.batch_id))
             .where(t.c.flags.is_not(None), t.c.flags != "", scope.clause(t.c[agency_col]))
             .order_by(t.c[id_col]).limit(sa.bindparam("lim", limit)))
        frames.append(_frame(conn, q))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["kind", "record_id", "agency_code", "agency_name", "flags", "file_name",
                                     "snapshot_date"])
    return pd.concat(frames, ignore_index=True)


# =========================================================================== metric definitions
def metric_definitions(lang: str = "vi") -> pd.DataFrame:
    """The metric registry as a table: one row per metric and kind."""
    vi = lang == "vi"
    direction = {"higher": ("cao hơn là tốt", "higher is better"), "lower": ("thấp hơn là tốt", "lower is better"),
                 "neutral": ("", "")}
    rows = []
    for m in METRICS:
        for k in m.kinds:
            rows.append({
                "kind": KINDS[k].vi if vi and k in KINDS else k,
                "name": m.name,
                "label": m.vi if vi else m.en,
                "description": m.desc_vi if vi else m.desc_en,
                "formula": m.formula,
                "unit": m.unit,
                "direction": direction.get(m.direction, ("", ""))[0 if vi else 1],
                "target": m.target,
                "target_source": m.target_source or "",
            })
    return pd.DataFrame(rows)
