"""dashboard.cube: every roll-up of the one-pass dossier breakdown equals the query it replaces
(metrics.figures for city / agency / field, grouped.figures_by for channel / procedure), on
SQLite and PostgreSQL, for as-of days, periods and each filter the pages pass.

The database is the demo data (small scale) through the real importer: it has dossiers without
a procedure code (grouped by name), without a field, from every channel, and received after
some of the as-of days below (values that exist only later must not be listed).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from . import conftest

S = dt.date(2026, 11, 15)
CASES = {
    "as_of": dict(as_of=S),
    "earlier_as_of": dict(as_of=dt.date(2026, 3, 31)),
    "period": dict(as_of=S, date_from=dt.date(2026, 7, 1), date_to=dt.date(2026, 9, 30)),
    "period_open_end": dict(as_of=S, date_from=dt.date(2026, 10, 1)),
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def conn(request, tmp_path_factory):
    from data_loaders.db import make_engine
    from data_loaders.demo import build_demo

    url, drop = conftest.new_database(request.param, tmp_path_factory.mktemp("cube"), "cube")
    engine = make_engine(url)
    try:
        build_demo(engine, scale=0.02, until=S)
        with engine.begin() as c:
            # The demo gives every dossier a locality code; real exports may give only a text,
            # or nothing at all. Both must key the locality breakdown as metrics.figures does.
            pick = "select dossier_id from dossier order by dossier_id limit {n} offset {o}"
            c.execute(sa.text(f"update dossier set locality_code = null, locality = 'Địa bàn ngoài danh mục' "
                              f"where dossier_id in ({pick.format(n=40, o=0)})"))
            c.execute(sa.text(f"update dossier set locality_code = '', locality = '' "
                              f"where dossier_id in ({pick.format(n=20, o=40)})"))
        with engine.connect() as c:
            yield c
    finally:
        engine.dispose()
        drop()


def _names(conn) -> dict[str, str]:
    return dict(conn.execute(sa.text("select code, name from agency")).all())


def _same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(expected) > 0
    pd.testing.assert_frame_equal(got.sort_values("key").reset_index(drop=True),
                                  expected.sort_values("key").reset_index(drop=True))


def _subsets(conn) -> dict[str, dict]:
    """A scope of a few agencies, one field, one locality: values taken from the data."""
    from dashboard.scope import Scope

    agencies = [r[0] for r in conn.execute(sa.text(
        "select agency_code from dossier group by agency_code order by count(*) desc limit 5"))]
    field = conn.execute(sa.text("select field from dossier where field is not null and field <> '' "
                                 "group by field order by count(*) desc limit 1")).scalar()
    locality = conn.execute(sa.text("select locality_code from dossier where locality_code <> '' "
                                    "group by locality_code order by count(*) desc limit 1")).scalar()
    return {"all": {}, "scope": dict(scope=Scope.only(agencies)), "field": dict(field=field),
            "locality": dict(locality=[locality])}


def test_the_demo_data_has_what_the_cube_must_handle(conn):
    no_code = conn.execute(sa.text("select count(*) from dossier where procedure_code is null "
                                   "or procedure_code = ''")).scalar()
    later = conn.execute(sa.text("select count(*) from dossier where received_day > :d"),
                         {"d": CASES["earlier_as_of"]["as_of"]}).scalar()
    channels = conn.execute(sa.text("select count(distinct channel) from dossier")).scalar()
    text_only = conn.execute(sa.text("select count(*) from dossier where locality_code is null "
                                     "and locality <> ''")).scalar()
    assert no_code > 0 and later > 0 and channels >= 2 and text_only > 0


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("subset", ["all", "scope", "field", "locality"])
def test_rollups_equal_the_queries_they_replace(conn, case, subset):
    from dashboard import cube, grouped, metrics

    dates, where = CASES[case], _subsets(conn)[subset]
    c = cube.dossier_cube(conn, **dates, **where)
    names = _names(conn)
    for by in cube.FIGURES_BY:
        expected = metrics.figures(conn, "dossiers", **dates, by=by, **where)
        if by == "city":
            pd.testing.assert_frame_equal(cube.rollup(c, by, names), expected)
        else:
            _same(cube.rollup(c, by, names), expected)
    for column in cube.GROUPED_BY:
        _same(cube.rollup(c, column, names), grouped.figures_by(conn, "dossiers", column, **dates, **where))


def test_an_empty_selection_gives_zeros_for_the_city_and_no_rows_otherwise(conn):
    from dashboard import cube
    from dashboard.scope import Scope

    c = cube.dossier_cube(conn, S, scope=Scope.only({"NO-SUCH-AGENCY"}))
    assert c.empty
    city = cube.rollup(c, "city")
    assert len(city) == 1 and int(city["received"].iloc[0]) == 0
    for by in ("agency", "field", "locality", "channel", "procedure"):
        assert cube.rollup(c, by).empty


def test_the_breakdown_reads_the_groups_in_index_order_on_sqlite(tmp_path):
    """The point of the covering index: no sort of the dossiers (a TEMP B-TREE) in SQLite's plan.
    (PostgreSQL hashes the groups; its plan is its own business.)"""
    from dashboard import cube
    from data_loaders.db import make_engine
    from data_loaders.importer import import_file

    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    assert import_file(engine, conftest.FIXTURES / "don_vi.csv").status == "ok"
    assert import_file(engine, conftest.FIXTURES / "tthc_motcua_2026-11-15.xlsx", as_of=S).status == "ok"
    conn = engine.connect()
    captured = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        captured.append((statement, parameters))

    sa.event.listen(conn, "before_cursor_execute", capture)
    try:
        cube.dossier_cube(conn, S)
    finally:
        sa.event.remove(conn, "before_cursor_execute", capture)
    sql, params = captured[-1]
    plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all())
    conn.close()
    engine.dispose()
    assert "ix_dossier_breakdown_cover" in plan and "TEMP B-TREE" not in plan, plan


def test_unknown_rollup_is_refused(conn):
    from dashboard import cube

    with pytest.raises(ValueError, match="rolls up by"):
        cube.rollup(cube.dossier_cube(conn, S), "month")


# --------------------------------------------------------------------------- late dossiers, aggregated
@pytest.mark.parametrize("case", list(CASES))
def test_lateness_counted_per_day_pair_equals_counting_each_late_dossier(conn, case):
    """breakdowns.lateness aggregates in SQL; late_dossiers lists every late dossier with its
    working days: the histogram, sum and maximum must be the same either way."""
    from dashboard.breakdowns import LATENESS_BINS, late_dossiers, lateness

    dates = CASES[case]
    rows = late_dossiers(conn, **dates)
    assert len(rows) > 0
    for by, key in (("city", None), ("agency", "agency_code")):
        got = lateness(conn, **dates, by=by).set_index("key")
        groups = rows.groupby(key) if key else [("city", rows)]
        for k, g in groups:
            wd = g["lateness_wd"]
            assert int(got.loc[k, "late_total"]) == len(g)
            assert int(got.loc[k, "lateness_wd_sum"]) == int(wd.sum())
            assert int(got.loc[k, "lateness_wd_max"]) == int(wd.max())
            for _label, col, lo, hi in LATENESS_BINS:
                assert int(got.loc[k, col]) == int(((wd >= lo) & (wd <= (hi if hi is not None else 10**9))).sum())
        assert len(got) == (1 if by == "city" else rows["agency_code"].nunique())


@pytest.mark.parametrize("case", list(CASES))
def test_late_heat_map_equals_the_late_total_of_agency_month(conn, case):
    from dashboard.dossier_views import late_by_agency_month
    from dashboard.grouped import agency_month

    dates = CASES[case]
    full = agency_month(conn, "dossiers", **dates)
    expected = full[full["late_total"] > 0][["key", "name", "month", "late_total"]]
    got = late_by_agency_month(conn, **dates)
    assert len(got) > 0
    key = ["key", "month"]
    pd.testing.assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                                  expected.sort_values(key).reset_index(drop=True))
