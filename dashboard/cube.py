"""The dossier breakdowns in one pass: Biểu 06 counts per agency × channel × procedure × field ×
locality.

Why: at city scale (a million dossiers) every pass over the dossier table costs most of a
second on SQLite, and the dossier page and the overview need the figures for the city, per
agency, per level, per channel, per field, per procedure and per locality. Counts add up, so one
GROUP BY over those columns together (thousands of groups, not millions: a procedure belongs to
one agency, a one-stop shop to one place) gives all of them by summing in pandas,
and the covering index `ix_dossier_breakdown_cover` (data_loaders/schema.py) lets SQLite read
the groups in index order instead of sorting the rows (PostgreSQL hashes them).

No rule is restated: the counts are `metrics.figure_exprs`, and each roll-up has the shape and
the semantics of the query it replaces (`metrics.figures` for city / agency / field / locality,
`grouped.figures_by` for channel / procedure); tests check them equal on both databases.
No Streamlit.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa

from data_loaders.schema import Dossier

from .metrics import COLUMNS, _derive, _finish, check_args, figure_exprs, period_end, subset_clause
from .scope import Scope

KIND = "dossiers"
# what the pages break dossiers down by; the procedure is its code, or its name without a code
DIMENSIONS = ("agency", "channel", "procedure", "field", "locality")
# the GROUP BY: the first seven columns of the covering index, in its order
_GROUP = ("agency_code", "channel", "procedure_code", "procedure_name", "field", "locality_code", "locality")
# roll-ups with the semantics of metrics.figures: every group that has records, zeros allowed
FIGURES_BY = ("city", "agency", "field", "locality")
# roll-ups with the semantics of grouped.figures_by: only values of records started by the end
GROUPED_BY = ("channel", "procedure")
ROLLUPS = FIGURES_BY + GROUPED_BY


def _blank(s: pd.Series) -> pd.Series:
    return s.isna() | (s == "")


def dossier_cube(conn, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
                 scope: Scope = Scope.all(), *, locality=None, field: str | None = None) -> pd.DataFrame:
    """One row per (agency, channel, procedure code and name, field, locality code and text) that
    has dossiers in the viewer's scope (and the locality / field asked for): the raw counts of
    `figure_exprs`, `_started` (dossiers received by the end), and the dimensions keyed as the
    pages group them: NULL and '' are one unknown value ''; `procedure` is the code, else the name
    (as grouped.figures_by keys it), `procedure_name` the name; `locality` the code, else the text
    (as metrics.group_key has it)."""
    check_args(KIND, "city", as_of, date_from, date_to)
    t = Dossier.__table__
    end = period_end(as_of, date_to)
    exprs = figure_exprs(KIND, date_from, end)
    keys = [t.c[c] for c in _GROUP]
    stmt = (sa.select(*keys, *[sa.func.coalesce(e, sa.literal_column("0")).label(n) for n, e in exprs.items()],
                      sa.func.count().filter(t.c.received_day <= end).label("_started"))
            .where(subset_clause(KIND, scope, locality, field))
            .group_by(*keys))
    df = pd.DataFrame(conn.execute(stmt).all(), columns=[*_GROUP, *exprs, "_started"])
    code, name = df.pop("procedure_code"), df["procedure_name"]
    df.insert(2, "procedure", code.where(~_blank(code), name.where(~_blank(name), "")))
    code, text = df.pop("locality_code"), df.pop("locality")
    df.insert(4, "locality", code.where(~_blank(code), text.where(~_blank(text), "")))
    df = df.rename(columns={"agency_code": "agency"})
    for d in ("channel", "procedure", "field", "locality"):
        df[d] = df[d].where(~_blank(df[d]), "").astype(str)
    df["agency"] = df["agency"].astype(str)
    return df.astype({n: "int64" for n in (*exprs, "_started")})


def count_columns(cube: pd.DataFrame) -> list[str]:
    return [c for c in cube.columns if c not in DIMENSIONS and c not in ("procedure_name", "_started")]


def rollup(cube: pd.DataFrame, by: str, agency_names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The figures of the cube summed by `by` (one of ROLLUPS), in the shape of the query they
    replace: key, name, metrics.COLUMNS["dossiers"]."""
    if by not in ROLLUPS:
        raise ValueError(f"the dossier cube rolls up by {', '.join(ROLLUPS)}, not {by!r}")
    counts = count_columns(cube)
    if by == "city":
        df = cube[counts].sum().to_frame().T if len(cube) else pd.DataFrame(columns=counts)
        return _finish(df.astype("int64"), KIND, "city", counts)
    g = cube.groupby(by, sort=True)
    df = g[counts].sum().reset_index().rename(columns={by: "key"})
    if by in ("agency", "locality"):  # named from the registry, as metrics.figures names them
        names = agency_names or {}
        df["agency_name"] = df["key"].map(lambda k: names.get(k))
    if by in FIGURES_BY:
        return _finish(df, KIND, by, counts)
    # channel / procedure: values of dossiers received after the end are left out; a procedure
    # is named by the greatest of its names among those received by the end (SQL's MAX in
    # grouped.figures_by), anything else by its key
    df = df[g["_started"].sum().to_numpy() > 0].reset_index(drop=True)
    if by == "procedure":
        started = cube[(cube["_started"] > 0) & cube["procedure_name"].notna()]
        label = df["key"].map(started.groupby("procedure")["procedure_name"].max())
    else:
        label = df["key"]
    df.insert(1, "name", label.where(label.notna(), df["key"]).astype(str))
    df = df.astype({"key": "str", **{c: "int64" for c in counts}})
    return _derive(KIND, df)[["key", "name", *COLUMNS[KIND]]].reset_index(drop=True)
