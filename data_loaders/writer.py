"""Writing a mapped batch: insert new records, replace changed ones, leave unchanged ones alone.

All of it runs inside the caller's transaction (importer.py), so a failure anywhere leaves the
database as it was. "Changed" is decided by the content hash (transform.row_hash): the same
file twice inserts and updates nothing.

Bulk inserts bypass the ORM on purpose: a million rows through per-row bind processing takes
minutes; SQLite's executemany with pre-formatted values and PostgreSQL's COPY take seconds.
Values are formatted exactly as SQLAlchemy stores them, so the ORM reads them back unchanged.
"""
from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import sqlalchemy as sa

from .schema import (
    AGENCY_COLUMN,
    Agency,
    AgencyAlias,
    AgencyLineage,
    ImportBatchAgency,
    PetitionTransfer,
    RECORD_MODELS,
    TaskCoAgency,
)
from .agencies import name_key

CHUNK = 50_000
CHILD_TABLES = {"petitions": PetitionTransfer, "tasks": TaskCoAgency}


def _chunks(seq, size=5_000):
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def existing_hashes(conn: sa.Connection, model, id_col: str, ids: list[str]) -> pd.DataFrame:
    """(id, row_hash, first_batch_id) of existing records: at least those among `ids`."""
    col = getattr(model, id_col)
    query = sa.select(col, model.row_hash, model.first_batch_id)
    total = conn.execute(sa.select(sa.func.count()).select_from(model)).scalar()
    frames = []
    if total == 0:
        pass
    elif len(ids) > 20_000 or len(ids) * 5 > total:
        # A big file: one scan of the table beats hundreds of IN (…5000 ids…) queries, and the
        # driver's plain tuples beat SQLAlchemy result rows by an order of magnitude here.
        sql = str(query.compile(dialect=conn.dialect))
        cur = conn.exec_driver_sql(sql)
        frame = pd.DataFrame(cur.fetchall(), columns=["id", "row_hash", "first_batch_id"])
        frames.append(frame)  # not filtered here: the caller's merge on id does that, faster
    else:
        for part in _chunks(ids):
            rows = conn.execute(query.where(col.in_(part))).all()
            if rows:
                frames.append(pd.DataFrame(rows, columns=["id", "row_hash", "first_batch_id"]))
    if not frames or all(f.empty for f in frames):
        return pd.DataFrame({"id": pd.Series([], dtype="str"), "row_hash": pd.Series([], dtype="int64"),
                             "first_batch_id": pd.Series([], dtype="Int64")})
    return pd.concat(frames, ignore_index=True)


def delete_ids(conn: sa.Connection, table: sa.Table, id_col: str, ids: list[str]) -> None:
    col = table.c[id_col]
    for part in _chunks(ids):
        conn.execute(table.delete().where(col.in_(part)))


# --------------------------------------------------------------------------- bulk insert
def _sqlite_values(frame: pd.DataFrame, table: sa.Table) -> list[tuple]:
    """Rows as tuples of plain Python values, datetimes as the text SQLAlchemy stores on SQLite."""
    columns = []
    for c in frame.columns:
        s = frame[c]
        coltype = table.c[c].type
        missing = s.isna().to_numpy()
        if isinstance(coltype, (sa.DateTime, sa.Date)):
            unit = "us" if isinstance(coltype, sa.DateTime) else "D"
            text = np.datetime_as_string(s.to_numpy(dtype=f"datetime64[{unit}]"), unit=unit)
            if unit == "us":
                text = np.char.replace(text, "T", " ")  # SQLAlchemy's own storage format
            vals = text.astype(object)
        elif isinstance(coltype, sa.Boolean):
            vals = s.fillna(False).to_numpy(dtype=np.int8).astype(object)
        elif isinstance(coltype, (sa.Integer, sa.BigInteger)):
            vals = s.fillna(0).to_numpy(dtype=np.int64).astype(object)
        else:
            vals = s.to_numpy(dtype=object)
        if missing.any():
            vals[missing] = None
        columns.append(vals)
    return list(zip(*columns))


def _arrow_table(frame: pd.DataFrame, table: sa.Table):
    import pyarrow as pa

    arrays = {}
    for c in frame.columns:
        s = frame[c]
        coltype = table.c[c].type
        if isinstance(coltype, sa.DateTime):
            arrays[c] = pa.array(s.to_numpy(dtype="datetime64[us]"), type=pa.timestamp("us"), from_pandas=True)
        elif isinstance(coltype, sa.Date):
            arrays[c] = pa.array(s.to_numpy(dtype="datetime64[D]"), type=pa.date32(), from_pandas=True)
        elif isinstance(coltype, sa.Boolean):
            arrays[c] = pa.array(s.astype("boolean"), type=pa.bool_(), from_pandas=True)
        elif isinstance(coltype, (sa.Integer, sa.BigInteger)):
            arrays[c] = pa.array(s.astype("Int64"), type=pa.int64(), from_pandas=True)
        else:
            arrays[c] = pa.array(s.astype(object).where(s.notna(), None), type=pa.string(), from_pandas=True)
    return pa.table(arrays)


def bulk_insert(conn: sa.Connection, table: sa.Table, frame: pd.DataFrame, on_progress=None) -> None:
    if frame.empty:
        return
    # Maintaining secondary indexes row by row costs more than building them once at the end:
    # for a big load, drop them and create them again (still inside the same transaction).
    indexes = list(table.indexes) if len(frame) >= 200_000 else []
    for index in indexes:
        index.drop(conn)
    _insert_rows(conn, table, frame, on_progress)
    for index in indexes:
        index.create(conn)


def _sqlite_pipeline(conn, sql, table, frame, on_progress) -> None:
    """Convert chunk k+1 to tuples in a thread while SQLite stores chunk k (it releases the GIL
    while it works), so the two cores share a big load."""
    from concurrent.futures import ThreadPoolExecutor

    starts = list(range(0, len(frame), CHUNK))
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(_sqlite_values, frame.iloc[starts[0] : starts[0] + CHUNK], table)
        for i, start in enumerate(starts):
            rows = pending.result()
            if i + 1 < len(starts):
                nxt = starts[i + 1]
                pending = pool.submit(_sqlite_values, frame.iloc[nxt : nxt + CHUNK], table)
            conn.exec_driver_sql(sql, rows)
            if on_progress:
                on_progress(len(rows))


def _insert_rows(conn: sa.Connection, table: sa.Table, frame: pd.DataFrame, on_progress=None) -> None:
    cols = list(frame.columns)
    dialect = conn.dialect.name
    if dialect == "sqlite":
        sql = f'INSERT INTO "{table.name}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})'
        _sqlite_pipeline(conn, sql, table, frame, on_progress)
    elif dialect == "postgresql":
        _postgres_copy(conn, table, frame, on_progress)
    else:  # any other SQLAlchemy back end: portable, slower
        for start in range(0, len(frame), CHUNK):
            part = frame.iloc[start : start + CHUNK]
            conn.execute(table.insert(), part.astype(object).where(part.notna(), None).to_dict("records"))
            if on_progress:
                on_progress(len(part))


def _postgres_copy(conn, table, frame, on_progress) -> None:
    """One COPY for the whole frame, fed chunk by chunk: the server parses chunk k (on the other
    core) while we format chunk k+1 as CSV."""
    import pyarrow.csv as pacsv

    col_list = ", ".join(f'"{c}"' for c in frame.columns)
    raw = conn.connection.driver_connection
    with raw.cursor() as cur:
        with cur.copy(f'COPY "{table.name}" ({col_list}) FROM STDIN WITH (FORMAT csv)') as copy:
            for start in range(0, len(frame), CHUNK):
                part = frame.iloc[start : start + CHUNK]
                buf = io.BytesIO()
                pacsv.write_csv(_arrow_table(part, table), buf, write_options=pacsv.WriteOptions(include_header=False))
                copy.write(buf.getvalue())
                if on_progress:
                    on_progress(len(part))


# --------------------------------------------------------------------------- records
def write_records(conn: sa.Connection, mapped, batch_id: int, on_progress=None) -> tuple[int, int, int]:
    """Insert / replace / keep. Returns (inserted, updated, unchanged)."""
    model, id_col = RECORD_MODELS[mapped.kind]
    table = model.__table__
    frame = mapped.records
    if frame.empty:
        return 0, 0, 0
    ids = frame[id_col].tolist()
    old = existing_hashes(conn, model, id_col, ids)
    if old.empty:
        new_mask = np.ones(len(frame), dtype=bool)
        changed_mask = np.zeros(len(frame), dtype=bool)
        first = pd.Series(batch_id, index=frame.index)
    else:
        merged = frame[[id_col, "row_hash"]].merge(
            old.rename(columns={"id": id_col, "row_hash": "old_hash"}), on=id_col, how="left"
        )
        new_mask = merged["old_hash"].isna().to_numpy()
        changed_mask = (~new_mask) & (merged["old_hash"] != merged["row_hash"]).to_numpy()
        first = merged["first_batch_id"].fillna(batch_id)
    write = new_mask | changed_mask
    out = frame[write].copy()
    out["first_batch_id"] = first[write].astype("Int64").to_numpy()
    out["batch_id"] = batch_id
    changed_ids = frame.loc[changed_mask, id_col].tolist()
    if changed_ids:
        # Replace rather than UPDATE: one code path, children go with their parent (ON DELETE CASCADE).
        delete_ids(conn, table, id_col, changed_ids)
        child = CHILD_TABLES.get(mapped.kind)
        if child is not None and conn.dialect.name not in ("sqlite", "postgresql"):
            delete_ids(conn, child.__table__, id_col, changed_ids)
    bulk_insert(conn, table, out, on_progress)
    child = CHILD_TABLES.get(mapped.kind)
    if child is not None:
        rows = mapped.children.get(child.__tablename__)
        if rows is not None and not rows.empty:
            written = set(out[id_col])
            rows = rows[rows[id_col].isin(written)]
            bulk_insert(conn, child.__table__, rows)
    _record_agencies(conn, frame, write, AGENCY_COLUMN[mapped.kind], batch_id)
    n_new, n_changed = int(new_mask.sum()), int(changed_mask.sum())
    return n_new, n_changed, len(frame) - n_new - n_changed


def _record_agencies(conn: sa.Connection, frame: pd.DataFrame, written: np.ndarray, column: str, batch_id: int) -> None:
    """Rows per agency in this file and rows of it this import changed (import_batch_agency)."""
    counts = pd.DataFrame({"agency_code": frame[column].to_numpy(), "written": written.astype(np.int64)})
    summary = counts.groupby("agency_code", dropna=True)["written"].agg(["size", "sum"]).reset_index()
    rows = [{"batch_id": batch_id, "agency_code": str(r.agency_code), "rows_in_file": int(r.size),
             "rows_written": int(r.sum)} for r in summary.itertuples()]
    if rows:
        conn.execute(sa.insert(ImportBatchAgency), rows)


# --------------------------------------------------------------------------- agencies
def write_agencies(conn: sa.Connection, records: pd.DataFrame, batch_id: int) -> tuple[int, int, int]:
    """Upsert the registry: agencies, their aliases (name included) and successor lineage."""
    existing = {r.code: r for r in conn.execute(sa.select(Agency)).all()}
    known_alias = {k for (k,) in conn.execute(sa.select(AgencyAlias.alias_key))}
    inserted = updated = unchanged = 0
    fields = ["name", "kind", "parent_code", "official_id", "valid_from", "valid_to"]
    for rec in records.to_dict("records"):
        code = rec["code"]
        values = {f: _py(rec.get(f)) for f in fields if f in rec}
        old = existing.get(code)
        if old is None:
            conn.execute(sa.insert(Agency).values(code=code, **values))
            inserted += 1
        elif any(getattr(old, f) != v for f, v in values.items()):
            conn.execute(sa.update(Agency).where(Agency.code == code).values(**values))
            updated += 1
        else:
            unchanged += 1
        names = [rec["name"]] + [a for a in str(rec.get("aliases") or "").split("|") if a.strip()]
        for alias in names:
            k = name_key(alias)
            if k and k not in known_alias:
                conn.execute(sa.insert(AgencyAlias).values(alias_key=k, alias=alias.strip(), agency_code=code))
                known_alias.add(k)
        for succ in [s.strip() for s in str(rec.get("successors") or "").split("|") if s.strip()]:
            share = "partial" if succ.endswith("(partial)") else "full"
            succ_code = succ.replace("(partial)", "").replace("(full)", "").strip()
            exists = conn.execute(sa.select(AgencyLineage).where(
                AgencyLineage.predecessor_code == code, AgencyLineage.successor_code == succ_code)).first()
            if not exists:
                ended = _py(rec.get("valid_to"))
                conn.execute(sa.insert(AgencyLineage).values(
                    predecessor_code=code, successor_code=succ_code, share=share,
                    effective=ended + dt.timedelta(days=1) if ended else None))  # the successor's first day
    return inserted, updated, unchanged


def register_agencies(conn: sa.Connection, new: dict[str, str], batch_id: int) -> None:
    """Agencies added by `unknown_agencies = "register"`: kind unknown until someone classifies them."""
    for code, name in new.items():
        if conn.execute(sa.select(Agency.code).where(Agency.code == code)).first():
            continue
        conn.execute(sa.insert(Agency).values(code=code, name=name, kind="chưa phân loại", registered_by_batch=batch_id))
        k = name_key(name)
        if not conn.execute(sa.select(AgencyAlias.alias_key).where(AgencyAlias.alias_key == k)).first():
            conn.execute(sa.insert(AgencyAlias).values(alias_key=k, alias=name, agency_code=code))


def _py(v):
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v


VACUUM_AFTER_ROWS = 50_000


def refresh_statistics(engine: sa.Engine, table: sa.Table, changed: int) -> None:
    """After a large load on PostgreSQL: VACUUM (ANALYZE) the table, outside any transaction.

    Why: the dashboard's aggregations read covering indexes ("index-only scans"), which
    PostgreSQL can answer from the index alone only for pages its visibility map marks all-visible;
    right after a bulk COPY none is, so every row is fetched from the table again (measured at a
    million dossiers: 1.6 s per breakdown instead of 0.5 s) until autovacuum comes by. SQLite
    has no such map; small loads are left to autovacuum."""
    if engine.dialect.name != "postgresql" or changed < VACUUM_AFTER_ROWS:
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'VACUUM (ANALYZE) "{table.name}"'))
