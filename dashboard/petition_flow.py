"""Petitions (PAKN) over time and between agencies: the backlog month by month (flows received
and answered, stocks open and open-overdue at each month's end), the distribution of transfer
counts, the agencies that pass petitions on most, and the petitions passed around three times
or more (item 9 of the directive: no "đùn đẩy, lòng vòng").

"Passed on" reads the path in `petition_transfer`: seq 0 is the first assignee, the highest seq
the current agency; an agency at any step but the last handed the petition to the next one.
Scope: the backlog and the lists are restricted by the current handling agency (as `figures`
does); the passers table by the passing agency (the figure is about that agency's conduct).

Sender data is never selected (the petition table holds only a keyed hash anyway). All counts
are SQL aggregates with bound parameters. No Streamlit.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from data_loaders.schema import Agency, Petition, PetitionTransfer

from .metrics import _n, check_args, month_of, period_end, subset_clause
from .scope import Scope

BACKLOG_COLUMNS = ("month", "received", "answered", "open_end", "open_overdue_end")
MAX_MONTHS = 60  # one pair of counts per month for the stocks: bounded, a backlog chart of 5 years


def _month_ends(first: dt.date, last: dt.date) -> list[tuple[str, dt.date]]:
    """('YYYY-MM', last day of that month, but never after `last`) for each month first..last."""
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        out.append((f"{y:04d}-{m:02d}", min(nxt - dt.timedelta(days=1), last)))
        y, m = nxt.year, nxt.month
    return out


def backlog_by_month(conn, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
                     scope: Scope = Scope.all(), *, locality=None, field: str | None = None) -> pd.DataFrame:
    """One row per month up to the end: received and answered in the month (flows), open and
    open-and-overdue at the month's end (stocks, counting every petition received by then, also
    before the period). Months: from the period start (or the first receipt) to the end, at most
    the last MAX_MONTHS."""
    check_args("petitions", "city", as_of, date_from, date_to)
    end = period_end(as_of, date_to)
    t = Petition.__table__
    where = [subset_clause("petitions", scope, locality, field), t.c.received_day <= end]
    first = date_from or conn.execute(sa.select(sa.func.min(t.c.received_day)).where(*where)).scalar()
    if first is None:
        return pd.DataFrame({c: pd.Series(dtype="str" if c == "month" else "int64") for c in BACKLOG_COLUMNS})
    if isinstance(first, str):  # SQLite may hand back text for an aggregate of a DATE column
        first = dt.date.fromisoformat(first[:10])
    months = _month_ends(first, end)[-MAX_MONTHS:]
    # Flows per month, each grouped in the database.
    rec_m = month_of(conn, t.c.received_day)
    received = dict(conn.execute(sa.select(rec_m, sa.func.count()).where(*where).group_by(rec_m)).all())
    ans_m = month_of(conn, t.c.answered_day)
    answered = dict(conn.execute(sa.select(ans_m, sa.func.count())
                                 .where(*where, t.c.answered_day <= end).group_by(ans_m)).all())
    # Stocks at each month's end in one pass: one pair of counts per month.
    stock_cols = []
    for i, (_m, e) in enumerate(months):
        is_open = sa.and_(t.c.received_day <= e, sa.or_(t.c.answered_day.is_(None), t.c.answered_day > e))
        stock_cols.append(_n(is_open).label(f"o{i}"))
        stock_cols.append(_n(sa.and_(is_open, t.c.due_day < e)).label(f"d{i}"))
    stocks = conn.execute(sa.select(*stock_cols).where(*where)).mappings().one()
    rows = [{"month": m, "received": int(received.get(m, 0)), "answered": int(answered.get(m, 0)),
             "open_end": int(stocks[f"o{i}"] or 0), "open_overdue_end": int(stocks[f"d{i}"] or 0)}
            for i, (m, _e) in enumerate(months)]
    return pd.DataFrame(rows, columns=list(BACKLOG_COLUMNS)).astype(
        {c: "int64" for c in BACKLOG_COLUMNS if c != "month"})


def _exists(t, date_from, end):
    return t.c.received_day <= end if date_from is None else sa.and_(t.c.received_day >= date_from,
                                                                      t.c.received_day <= end)


def transfer_distribution(conn, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
                          scope: Scope = Scope.all(), *, locality=None, field: str | None = None) -> pd.DataFrame:
    """Petitions per number of transfers (0, 1, 2, …): columns transfers, count."""
    check_args("petitions", "city", as_of, date_from, date_to)
    end = period_end(as_of, date_to)
    t = Petition.__table__
    n = sa.func.coalesce(t.c.transfer_count, 0)
    rows = conn.execute(sa.select(n, sa.func.count()).where(subset_clause("petitions", scope, locality, field), _exists(t, date_from, end))
                        .group_by(n).order_by(n)).all()
    return pd.DataFrame(rows, columns=["transfers", "count"]).astype({"transfers": "int64", "count": "int64"})


def passers(conn, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
            scope: Scope = Scope.all(), limit: int | None = 20, *, locality=None,
            field: str | None = None) -> pd.DataFrame:
    """Agencies that passed petitions on: key (code, or the name as exported when unmatched),
    name, handoffs (steps where it handed a petition on), petitions (distinct petitions it passed
    on), most handoffs first."""
    check_args("petitions", "city", as_of, date_from, date_to)
    end = period_end(as_of, date_to)
    p, pt, a = Petition.__table__, PetitionTransfer.__table__, Agency.__table__
    last = (sa.select(pt.c.petition_id, sa.func.max(pt.c.seq).label("last_seq"))
            .group_by(pt.c.petition_id).subquery("last"))
    key = sa.func.coalesce(pt.c.agency_code, pt.c.agency_name)
    stmt = (sa.select(key.label("key"), sa.func.count().label("handoffs"),
                      sa.func.count(sa.distinct(pt.c.petition_id)).label("petitions"))
            .select_from(pt.join(last, last.c.petition_id == pt.c.petition_id)
                         .join(p, p.c.petition_id == pt.c.petition_id))
            .where(pt.c.seq < last.c.last_seq, _exists(p, date_from, end), scope.clause(pt.c.agency_code),
                   subset_clause("petitions", Scope.all(), locality, field))
            .group_by(key))
    sub = stmt.subquery("passers")
    q = (sa.select(sub.c.key, sa.func.coalesce(a.c.name, sub.c.key), sub.c.handoffs, sub.c.petitions)
         .select_from(sub.outerjoin(a, a.c.code == sub.c.key))
         .order_by(sub.c.handoffs.desc(), sub.c.petitions.desc(), sub.c.key))
    if limit:
        q = q.limit(limit)
    df = pd.DataFrame(conn.execute(q).all(), columns=["key", "name", "handoffs", "petitions"])
    return df.astype({"key": "str", "name": "str", "handoffs": "int64", "petitions": "int64"})


BOUNCED_COLUMNS = ("petition_id", "title", "field", "channel", "received_day", "agency_code", "agency_name",
                   "transfer_count", "path", "due_day", "answered_day", "status")


def bounced(conn, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
            min_transfers: int = 3, scope: Scope = Scope.all(), limit: int = 500, *, locality=None,
            field: str | None = None) -> pd.DataFrame:
    """Petitions transferred `min_transfers` times or more, most transfers first. `path` is the
    chain of agency names (from the stored code path; names looked up for the listed rows only)."""
    check_args("petitions", "city", as_of, date_from, date_to)
    end = period_end(as_of, date_to)
    t, a = Petition.__table__, Agency.__table__
    answered = sa.case((t.c.answered_day <= end, t.c.answered_day), else_=None)  # not answered yet as of the end
    stmt = (sa.select(t.c.petition_id, t.c.title, t.c.field, t.c.channel, t.c.received_day, t.c.agency_code,
                      sa.func.coalesce(a.c.name, t.c.agency_code), t.c.transfer_count, t.c.transfer_history,
                      t.c.due_day, answered, t.c.status)
            .select_from(t.outerjoin(a, a.c.code == t.c.agency_code))
            .where(subset_clause("petitions", scope, locality, field), _exists(t, date_from, end),
                   t.c.transfer_count >= min_transfers)
            .order_by(t.c.transfer_count.desc(), t.c.received_day, t.c.petition_id).limit(limit))
    df = pd.DataFrame(conn.execute(stmt).all(), columns=list(BOUNCED_COLUMNS))
    if len(df):
        codes = sorted({c.strip() for h in df["path"].dropna() for c in str(h).split("->")})
        names = dict(conn.execute(sa.select(a.c.code, a.c.name).where(
            a.c.code.in_(sa.bindparam("codes", codes, expanding=True)))).all())
        df["path"] = [" → ".join(names.get(c.strip(), c.strip()) for c in str(h).split("->")) if h else ""
                      for h in df["path"]]
    return df.astype({"transfer_count": "int64"})
