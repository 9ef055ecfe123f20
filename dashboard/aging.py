"""Aging of the open backlog: how long items have been overdue (or open), in buckets of
1–7, 8–30, 31–90 and more than 90 calendar days, as of the end of the period.

"Open and overdue" is dashboard.lists.overdue_condition, the rule of dashboard.metrics (not
done by the end, deadline day before the end day); the tests check that the buckets add up to `figures(...).open_overdue` /
`in_progress_overdue`, so the two can never drift apart. Counting is one GROUP BY in the
database. No Streamlit.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from data_loaders.schema import Agency

from .breakdowns import _day_diff
from .lists import overdue_condition
from .metrics import SPECS, _exists, check_args, dossier_conditions, period_end, subset_clause
from .scope import Scope

# (label, lowest day, highest day or None); an overdue item is at least one day past its deadline.
BUCKETS: tuple[tuple[str, int, int | None], ...] = (("1–7", 1, 7), ("8–30", 8, 30), ("31–90", 31, 90), (">90", 91, None))
BUCKET_LABELS = tuple(b[0] for b in BUCKETS)
OPEN_COLUMN = {"dossiers": "in_progress_overdue", "tasks": "open_overdue", "consultations": "open_overdue",
               "petitions": "open_overdue"}


def open_condition(kind: str, start: dt.date | None, end: dt.date):
    """SQL condition "open at the end" (overdue or not)."""
    spec = SPECS[kind]
    t = spec.table
    if kind == "dossiers":
        return dossier_conditions(t, start, end)["in_progress"]
    done = t.c[spec.done]
    return sa.and_(_exists(t, spec, start, end), sa.or_(done.is_(None), done > end))


def bucket_expr(days) -> sa.ColumnElement:
    whens = [((days <= hi) if hi is not None else sa.true(), sa.literal_column(f"'{label}'"))
             for label, _lo, hi in BUCKETS]
    return sa.case(*whens[:-1], else_=whens[-1][1])


def aging(conn, kind: str, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
          scope: Scope = Scope.all(), since: str = "due", by_agency: bool = False, *, locality=None,
          field: str | None = None) -> pd.DataFrame:
    """Open items per age bucket. since="due": overdue items by days past the deadline
    (end − due day; a dossier of an exact-time source due on the end day counts as 1 day);
    since="start": all open items by days since they started (received / assigned / sent).
    locality / field: as metrics.figures.

    Columns: bucket, count (every bucket present, in order); with by_agency: key, name, bucket, count."""
    if kind not in OPEN_COLUMN:
        raise ValueError(f"aging is computed for {', '.join(OPEN_COLUMN)}, not {kind!r}")
    if since not in ("due", "start"):
        raise ValueError("since must be 'due' or 'start'")
    check_args(kind, "city", as_of, date_from, date_to)
    spec = SPECS[kind]
    t = spec.table
    end = period_end(as_of, date_to)
    end_lit = sa.literal(end, sa.Date)
    if since == "due":
        cond = overdue_condition(kind, date_from, end)
        days = _day_diff(conn, end_lit, t.c.due_day)
    else:
        cond = open_condition(kind, date_from, end)
        days = _day_diff(conn, end_lit, t.c[spec.start])
    bucket = bucket_expr(days).label("bucket")
    agency = t.c[spec.agency]
    keys = [agency.label("key"), bucket] if by_agency else [bucket]
    stmt = (sa.select(*keys, sa.func.count().label("count"))
            .where(subset_clause(kind, scope, locality, field), cond).group_by(*([agency, bucket] if by_agency else [bucket])))
    rows = conn.execute(stmt).all()
    if not by_agency:
        got = dict(rows)
        return pd.DataFrame({"bucket": list(BUCKET_LABELS),
                             "count": [int(got.get(b, 0)) for b in BUCKET_LABELS]}).astype({"count": "int64"})
    df = pd.DataFrame(rows, columns=["key", "bucket", "count"])
    names = dict(conn.execute(sa.select(Agency.code, Agency.name).where(Agency.code.in_(
        sa.bindparam("codes", sorted(set(df["key"])), expanding=True)))).all()) if len(df) else {}
    df.insert(1, "name", [names.get(k, k) for k in df["key"]])
    return df.astype({"key": "str", "name": "str", "bucket": "str", "count": "int64"})
