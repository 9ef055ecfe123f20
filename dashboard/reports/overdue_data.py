"""Item 11 of directive 2598/UBND-KSTTHC: the agencies with overdue, outstanding (quá hạn,
nợ đọng) tasks and consultation replies as of a day, each with its items.

"Overdue" is `lists.overdue_condition`, the rule of `metrics.figures` (not done by the end of the
day, deadline day before it), so an agency's item count equals its `open_overdue` figure. Items
done late are not listed: a reminder asks for what is still owed. Tasks are judged against the
lead agency, consultations against the consulted agency (DOMAIN.md). No Streamlit.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..breakdowns import agency_names
from ..lists import overdue_items
from .common import agency_name, scope_of

KINDS = ("tasks", "consultations")
KIND_LABEL = {"tasks": "Nhiệm vụ", "consultations": "Xin ý kiến"}
ALL_ITEMS = 1_000_000  # overdue_items pages its list; a report lists every item
# One frame for both kinds, in the order the report prints them.
ITEM_COLUMNS = ("kind", "doc_number", "doc_date", "summary", "from_whom", "due_day", "days_overdue")


@dataclass(frozen=True)
class AgencyOverdue:
    code: str
    name: str
    items: pd.DataFrame  # ITEM_COLUMNS, longest overdue first

    def count(self, kind: str) -> int:
        return int((self.items["kind"] == KIND_LABEL[kind]).sum())

    @property
    def max_days(self) -> int:
        return int(self.items["days_overdue"].max()) if len(self.items) else 0


def _items(conn, kind: str, as_of, date_from, date_to, scope, names) -> pd.DataFrame:
    df, total = overdue_items(conn, kind, as_of, date_from, date_to, scope, limit=ALL_ITEMS)
    assert len(df) == total, "overdue list truncated"  # a reminder must not drop items silently
    if kind == "tasks":
        out = df.assign(from_whom=df["assigned_by"])
    else:  # the date of a consultation is the day it was sent; "from" is the requesting agency
        out = df.assign(doc_date=df["sent_day"],
                        from_whom=df["requesting_agency_code"].map(lambda c: names.get(c, c) if c else None))
    out = out.assign(kind=KIND_LABEL[kind])
    return out[["agency_code", "agency_name", *ITEM_COLUMNS]]


def collect(conn, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
            agency: str | None = None) -> list[AgencyOverdue]:
    """Agencies with at least one overdue item, most items first (then longest overdue, name)."""
    if agency:
        agency_name(conn, agency)
    names = agency_names(conn)
    scope = scope_of(agency)
    items = pd.concat([_items(conn, k, as_of, date_from, date_to, scope, names) for k in KINDS],
                      ignore_index=True)
    out = []
    for code, group in items.groupby("agency_code", sort=False):
        g = group.sort_values(["days_overdue", "kind", "doc_number"], ascending=[False, True, True], kind="stable")
        out.append(AgencyOverdue(str(code), str(g["agency_name"].iloc[0] or code),
                                 g[list(ITEM_COLUMNS)].reset_index(drop=True)))
    out.sort(key=lambda a: (-len(a.items), -a.max_days, a.name))
    return out


def summary(agencies: list[AgencyOverdue]) -> pd.DataFrame:
    """One row per agency: code, name, tasks, consultations, total, max_days."""
    rows = [{"code": a.code, "name": a.name, "tasks": a.count("tasks"), "consultations": a.count("consultations"),
             "total": len(a.items), "max_days": a.max_days} for a in agencies]
    return pd.DataFrame(rows, columns=["code", "name", "tasks", "consultations", "total", "max_days"])
