"""What the meeting pack says, as DataFrames (the PDF layout is in meeting_pack.py). The same
content as the briefing slides: the city against its targets, the ten worst agencies per kind of
work, what changed since a comparison day, agencies to praise, petitions passed between agencies,
and the full tables. Every count comes from `metrics.figures` or the helpers built on its rules
(lists, petition_flow, bieu06); nothing is recomputed here. No Streamlit.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from .. import metric_registry as reg
from ..lists import overdue_condition
from ..metrics import SPECS, figures
from ..scope import Scope

KINDS = ("dossiers", "tasks", "consultations", "petitions")
KIND_VI = {"dossiers": "Hồ sơ TTHC", "tasks": "Nhiệm vụ UBND giao", "consultations": "Xin ý kiến",
           "petitions": "Phản ánh, kiến nghị"}
ID = {"dossiers": "dossier_id", "tasks": "task_id", "consultations": "request_id", "petitions": "petition_id"}
# The "late" figure a kind is ranked by: finished late + still open past the deadline.
LATE = {"dossiers": ("resolved_late", "in_progress_overdue"), "tasks": ("done_late", "open_overdue"),
        "consultations": ("done_late", "open_overdue"), "petitions": ("answered_late", "open_overdue")}
OVERDUE = {"dossiers": "in_progress_overdue", "tasks": "open_overdue", "consultations": "open_overdue",
           "petitions": "open_overdue"}
ON_TIME_RATE = {"dossiers": "on_time_rate_pct", "tasks": "done_on_time_rate_pct",
                "consultations": "done_on_time_rate_pct", "petitions": "answered_on_time_rate_pct"}
# Finished with a deadline (the denominator of the on-time rate): a praise needs some volume.
FINISHED = {"dossiers": ("resolved",), "tasks": ("done_on_time", "done_late"),
            "consultations": ("done_on_time", "done_late"), "petitions": ("answered",)}
PRAISE_MIN_FINISHED = {"dossiers": 20, "tasks": 5, "consultations": 5, "petitions": 10}
PRAISE_N = 5

# City figures shown against targets: (kind, metric name); targets come from the registry.
TARGET_ROWS = (("dossiers", "on_time_rate_pct"), ("dossiers", "overdue_in_progress_pct"),
               ("dossiers", "apology_rate_pct"), ("tasks", "done_on_time_rate_pct"), ("tasks", "open_overdue"),
               ("consultations", "done_on_time_rate_pct"), ("consultations", "open_overdue"),
               ("petitions", "answered_on_time_rate_pct"), ("petitions", "open_overdue"),
               ("petitions", "transferred_3_or_more"), ("internal_procedures", "published_pct"),
               ("internal_procedures", "plan_pct"), ("internal_procedures", "cut_pct"),
               ("internal_procedures", "cost_reduction_pct"))


def by_agency(conn, kind: str, as_of, date_from=None, date_to=None, scope=Scope.all()) -> pd.DataFrame:
    """figures by agency with the kind's rates and `late` (finished late + open overdue)."""
    df = reg.add_rates(figures(conn, kind, as_of, date_from, date_to, by="agency", scope=scope), kind)
    if kind in LATE:
        a, b = LATE[kind]
        df["late"] = df[a] + df[b]
    return df


def city_targets(conn, as_of, date_from=None, date_to=None, scope=Scope.all()) -> pd.DataFrame:
    """kind, metric, label, unit, value, target, met (None when there is no value), direction."""
    city = {k: reg.add_rates(figures(conn, k, as_of, date_from, date_to, scope=scope), k).iloc[0]
            for k in {k for k, _ in TARGET_ROWS}}
    rows = []
    for kind, name in TARGET_ROWS:
        m = reg.get(kind, name)
        value = city[kind][name]
        value = None if pd.isna(value) else float(value)
        met = None if value is None else (value >= m.target if m.direction == reg.HIGHER else value <= m.target)
        rows.append({"kind": kind, "metric": name, "label": m.vi, "unit": m.unit, "value": value,
                     "target": m.target, "met": met, "direction": m.direction})
    return pd.DataFrame(rows)


def worst(df: pd.DataFrame, kind: str, n: int = 10) -> pd.DataFrame:
    """The n agencies with the most late items (ties: most open overdue, then name); none with 0."""
    d = df[df["late"] > 0]
    return d.sort_values(["late", OVERDUE[kind], "name"], ascending=[False, False, True], kind="stable").head(n)


def praise(df: pd.DataFrame, kind: str, n: int = PRAISE_N) -> pd.DataFrame:
    """Agencies with nothing open past its deadline and enough finished work, best on-time rate
    first (ties: more finished). A rule that can be read out in the meeting, not a score."""
    finished = sum(df[c] for c in FINISHED[kind])
    d = df.assign(finished=finished)
    d = d[(d[OVERDUE[kind]] == 0) & (d["finished"] >= PRAISE_MIN_FINISHED[kind]) & d[ON_TIME_RATE[kind]].notna()]
    return d.sort_values([ON_TIME_RATE[kind], "finished", "name"], ascending=[False, False, True],
                         kind="stable").head(n)


def _overdue_ids(conn, kind: str, day: dt.date, scope: Scope) -> set[str]:
    spec = SPECS[kind]
    t = spec.table
    stmt = sa.select(t.c[ID[kind]]).where(scope.clause(t.c[spec.agency]), overdue_condition(kind, None, day))
    return {str(r[0]) for r in conn.execute(stmt)}


def changes(conn, as_of: dt.date, compare: dt.date, scope: Scope = Scope.all()) -> dict:
    """What changed between the end of `compare` and the end of `as_of`, judged on today's data
    (a record imported since is judged as it stood on each day by its dates, as everywhere).

    counts: per kind, overdue then and now, new (overdue now, not then) and cleared (overdue
    then, not now: done since, or no longer overdue); movers: per agency the open overdue items
    of all four kinds then and now; improved / slipped: the ten largest falls / rises."""
    counts, new_ids = [], {}
    for kind in KINDS:
        now, then = _overdue_ids(conn, kind, as_of, scope), _overdue_ids(conn, kind, compare, scope)
        counts.append({"kind": kind, "label": KIND_VI[kind], "then": len(then), "now": len(now),
                       "new": len(now - then), "cleared": len(then - now)})
        new_ids[kind] = (sorted(now - then), sorted(then - now))
    frames = []
    for kind in KINDS:
        now = figures(conn, kind, as_of, by="agency", scope=scope)[["key", "name", OVERDUE[kind]]]
        then = figures(conn, kind, compare, by="agency", scope=scope)[["key", OVERDUE[kind]]]
        m = now.merge(then, on="key", how="outer", suffixes=("_now", "_then")).fillna({"name": ""})
        frames.append(m.rename(columns={f"{OVERDUE[kind]}_now": "now", f"{OVERDUE[kind]}_then": "then"}))
    movers = pd.concat(frames, ignore_index=True).fillna({"now": 0, "then": 0})
    movers = movers.groupby("key", as_index=False).agg(name=("name", "max"), then=("then", "sum"), now=("now", "sum"))
    movers = movers.astype({"then": "int64", "now": "int64"})
    movers["delta"] = movers["now"] - movers["then"]
    improved = movers[movers["delta"] < 0].sort_values(["delta", "name"], kind="stable").head(10)
    slipped = movers[movers["delta"] > 0].sort_values(["delta", "name"], ascending=[False, True],
                                                      kind="stable").head(10)
    return {"counts": pd.DataFrame(counts), "improved": improved, "slipped": slipped, "ids": new_ids}


def task_like_items(conn, kind: str, ids: list[str]) -> pd.DataFrame:
    """The listed tasks / consultations by id (for "new overdue" and "cleared"): id, agency name,
    doc number, summary, due day. Bound parameters; at most a few hundred ids a week."""
    spec = SPECS[kind]
    t = spec.table
    from data_loaders.schema import Agency

    a = Agency.__table__
    if not ids:
        return pd.DataFrame(columns=["id", "agency", "doc_number", "summary", "due_day"])
    stmt = (sa.select(t.c[ID[kind]], sa.func.coalesce(a.c.name, t.c[spec.agency]), t.c.doc_number, t.c.summary,
                      t.c.due_day)
            .select_from(t.outerjoin(a, a.c.code == t.c[spec.agency]))
            .where(t.c[ID[kind]].in_(sa.bindparam("ids", ids, expanding=True)))
            .order_by(t.c.due_day, t.c[ID[kind]]))
    return pd.DataFrame(conn.execute(stmt).all(), columns=["id", "agency", "doc_number", "summary", "due_day"])
