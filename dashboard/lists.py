"""Lists of the items still open past their deadline, for the agency page and reminders.

The rules are those of dashboard.metrics (the same conditions, imported, never restated), so a
list always has as many rows as the "overdue" figure beside it says. Only the columns a reminder
needs are selected: never a sender, a phone number or a handler's name (Decree 13/2023).
No Streamlit import.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from data_loaders.schema import Agency

from .breakdowns import _day_diff
from .metrics import SPECS, _exists, check_args, dossier_conditions, period_end, subset_clause
from .scope import Scope

# kind → the columns listed (the id first), in display order
LIST_COLUMNS = {
    "tasks": ("task_id", "doc_number", "doc_kind", "doc_date", "assigned_by", "summary"),
    "dossiers": ("dossier_id", "procedure_name", "field", "received_day"),
    "petitions": ("petition_id", "title", "field", "channel", "received_day", "transfer_count"),
    "consultations": ("request_id", "doc_number", "summary", "requesting_agency_code", "sent_day"),
}


def overdue_condition(kind: str, start: dt.date | None, end: dt.date):
    """Open at the end of the day `end` and past the deadline, for a record that exists by then."""
    spec = SPECS[kind]
    t = spec.table
    if kind == "dossiers":
        return dossier_conditions(t, start, end)["in_progress_overdue"]
    done = t.c[spec.done]
    return sa.and_(_exists(t, spec, start, end), sa.or_(done.is_(None), done > end), t.c.due_day < end)


def overdue_items(conn, kind: str, as_of: dt.date, date_from: dt.date | None = None,
                  date_to: dt.date | None = None, scope: Scope = Scope.all(), *, limit: int = 200,
                  locality=None, field: str | None = None) -> tuple[pd.DataFrame, int]:
    """(rows, total): the open overdue items of `kind`, longest overdue first, at most `limit`
    rows, and how many there are in all. Columns: LIST_COLUMNS[kind], agency_code, agency_name,
    due_day, days_overdue (calendar days from the deadline to the end day)."""
    if kind not in LIST_COLUMNS:
        raise ValueError(f"no overdue list for {kind!r}")
    check_args(kind, "city", as_of, date_from, date_to)
    spec = SPECS[kind]
    t = spec.table
    end = period_end(as_of, date_to)
    where = sa.and_(subset_clause(kind, scope, locality, field), overdue_condition(kind, date_from, end))
    total = conn.execute(sa.select(sa.func.count()).select_from(t).where(where)).scalar() or 0
    a = Agency.__table__
    agency = t.c[spec.agency]
    days = _day_diff(conn, sa.literal(end, sa.Date), t.c.due_day)
    stmt = (sa.select(*[t.c[c] for c in LIST_COLUMNS[kind]], agency.label("agency_code"),
                      a.c.name.label("agency_name"), t.c.due_day, days.label("days_overdue"))
            .select_from(t.outerjoin(a, a.c.code == agency))
            .where(where)
            .order_by(t.c.due_day, t.c[LIST_COLUMNS[kind][0]])
            .limit(int(limit)))
    rows = conn.execute(stmt).all()
    cols = [*LIST_COLUMNS[kind], "agency_code", "agency_name", "due_day", "days_overdue"]
    df = pd.DataFrame(rows, columns=cols)
    df["days_overdue"] = df["days_overdue"].astype("int64")
    df["agency_name"] = df["agency_name"].fillna(df["agency_code"])
    return df, int(total)
