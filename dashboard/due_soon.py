"""Tasks due within the next N days: the early warning ("sắp đến hạn") of the tasks page.

The overdue lists themselves are dashboard.lists.overdue_items (shared with the agency page);
this is the one list they do not cover: items still on time whose deadline is close. One row per
task, the nearest deadline first, at most `limit` rows, with the total count beside it. No Streamlit.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from data_loaders.schema import Agency, Task

from .aging import open_condition
from .breakdowns import _day_diff
from .metrics import check_args, period_end, subset_clause
from .scope import Scope

DEFAULT_LIMIT = 500
COLUMNS = ("task_id", "doc_number", "doc_date", "doc_kind", "assigned_by", "summary",
           "agency_code", "agency_name", "due_day", "days_left")


def tasks_due_soon(conn, as_of: dt.date, within_days: int = 7, date_from: dt.date | None = None,
                   date_to: dt.date | None = None, scope: Scope = Scope.all(),
                   limit: int = DEFAULT_LIMIT) -> tuple[pd.DataFrame, int]:
    """(rows, total): open tasks whose deadline falls within the next `within_days` calendar
    days, the end day included (on time today, late tomorrow). days_left = deadline − end day."""
    check_args("tasks", "city", as_of, date_from, date_to)
    if within_days < 0:
        raise ValueError("within_days must be 0 or more")
    end = period_end(as_of, date_to)
    t, a = Task.__table__, Agency.__table__
    where = sa.and_(subset_clause("tasks", scope), open_condition("tasks", date_from, end),
                    t.c.due_day >= end, t.c.due_day <= end + dt.timedelta(days=within_days))
    total = conn.execute(sa.select(sa.func.count()).select_from(t).where(where)).scalar() or 0
    days_left = _day_diff(conn, t.c.due_day, sa.literal(end, sa.Date))
    stmt = (sa.select(t.c.task_id, t.c.doc_number, t.c.doc_date, t.c.doc_kind, t.c.assigned_by, t.c.summary,
                      t.c.lead_agency_code, sa.func.coalesce(a.c.name, t.c.lead_agency_code), t.c.due_day,
                      days_left)
            .select_from(t.outerjoin(a, a.c.code == t.c.lead_agency_code))
            .where(where).order_by(t.c.due_day, t.c.task_id).limit(int(limit)))
    df = pd.DataFrame(conn.execute(stmt).all(), columns=list(COLUMNS)).astype({"days_left": "int64"})
    return df, int(total)
