"""The working-day calendar against truth.json and the sample files (data_loaders/workdays.py)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata

import numpy as np
import pytest
import sqlalchemy as sa

from .conftest import FIXTURES
from data_loaders.schema import HolidayOverride
from data_loaders.workdays import WorkCalendar

D = dt.date
S_DAY = D(2026, 11, 15)


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar()


def test_weekday_holidays_2025_2027_are_exactly_truths(cal, truth):
    expected = {D.fromisoformat(s) for s in truth["holidays_vn"]}
    expected_weekdays = {d for d in expected if d.weekday() < 5}
    assert cal.holidays_in(2025, 2027) == expected_weekdays
    for d in expected:
        assert not cal.is_working_day(d), d


@pytest.mark.parametrize("day, working", [
    (D(2026, 11, 13), True),    # Friday
    (D(2026, 11, 14), False),   # Saturday
    (D(2026, 11, 15), False),   # Sunday
    (D(2026, 11, 24), False),   # Vietnam Cultural Day, a Tuesday, from 2026
    (D(2025, 11, 24), True),    # not yet a holiday in 2025
    (D(2026, 8, 31), False),    # announced extra day off
    (D(2026, 2, 16), False),    # Lunar New Year's Eve
    (D(2026, 2, 23), True),     # Monday after Tết
])
def test_is_working_day(cal, day, working):
    assert cal.is_working_day(day) is working


@pytest.mark.parametrize("base, n, due", [
    (D(2026, 11, 13), 1, D(2026, 11, 16)),   # Friday + 1 → Monday
    (D(2026, 11, 14), 1, D(2026, 11, 16)),   # Saturday rolls back to Friday, + 1 → Monday
    (D(2026, 11, 15), 0, D(2026, 11, 13)),   # n = 0 is the roll-back itself
    (D(2026, 11, 20), 2, D(2026, 11, 25)),   # skips Sat, Sun and Tue 24/11
    (D(2026, 2, 13), 1, D(2026, 2, 23)),     # Friday before Tết → Monday after
    (D(2025, 1, 1), 15, D(2025, 1, 22)),     # holiday base rolls back to 31/12/2024
    (D(2026, 11, 16), -1, D(2026, 11, 13)),
])
def test_add_working_days(cal, base, n, due):
    assert cal.add_working_days(base, n) == due


@pytest.mark.parametrize("a, b, count", [
    (D(2026, 11, 13), D(2026, 11, 15), 0),   # Fri → Sun: nothing after the due day yet
    (D(2026, 11, 13), D(2026, 11, 16), 1),
    (D(2026, 11, 20), D(2026, 11, 27), 4),   # Mon, Wed, Thu, Fri (Tue 24/11 is off)
    (D(2026, 11, 16), D(2026, 11, 16), 0),
    (D(2026, 11, 17), D(2026, 11, 16), 0),   # b before a
])
def test_working_days_between(cal, a, b, count):
    assert cal.working_days_between(a, b) == count


def test_vectorised_matches_numpy_busday(cal, truth):
    """Within the years truth lists, the calendar is numpy's busday with truth's holidays."""
    hol = np.array(truth["holidays_vn"], dtype="datetime64[D]")
    days = np.arange(np.datetime64("2025-01-01"), np.datetime64("2027-10-01"), dtype="datetime64[D]")
    for n in (0, 1, 2, 5, 15, 30):
        expected = np.busday_offset(days, n, roll="backward", holidays=hol)
        np.testing.assert_array_equal(cal.add_working_days_array(days, n), expected)
    b = days + np.timedelta64(40, "D")
    expected = np.busday_count(days + np.timedelta64(1, "D"), b + np.timedelta64(1, "D"), holidays=hol)
    np.testing.assert_array_equal(cal.working_days_between_array(days, b), expected)


def test_vectorised_handles_missing_values_and_pandas(cal):
    import pandas as pd

    a = pd.Series([pd.Timestamp("2026-11-13 08:00"), pd.NaT])
    b = pd.Series([pd.Timestamp("2026-11-16"), pd.Timestamp("2026-11-16")])
    assert cal.working_days_between_array(a, b).tolist() == [1, -1]
    out = cal.add_working_days_array(np.array([D(2026, 11, 13), None], dtype=object), 1)
    assert out[0] == np.datetime64("2026-11-16") and np.isnat(out[1])


def test_dates_outside_the_default_table_grow_it():
    c = WorkCalendar()
    assert c.add_working_days(D(2060, 12, 29), 3) > D(2060, 12, 31)
    assert not c.is_working_day(D(2060, 9, 2))  # National Day, a Thursday
    assert c.working_days_between(D(2005, 1, 3), D(2005, 1, 7)) == 4


def test_overrides_from_the_database(engine):
    """A Saturday worked in exchange counts; an announced extra day off does not."""
    with engine.begin() as conn:
        conn.execute(sa.insert(HolidayOverride), [
            {"day": D(2026, 11, 14), "is_working_day": True, "note": "làm bù"},
            {"day": D(2026, 11, 20), "is_working_day": False, "note": "nghỉ thêm"},
        ])
    cal = WorkCalendar.from_engine(engine)
    assert cal.is_working_day(D(2026, 11, 14))
    assert not cal.is_working_day(D(2026, 11, 20))
    assert cal.add_working_days(D(2026, 11, 13), 1) == D(2026, 11, 14)
    assert cal.add_working_days(D(2026, 11, 15), 0) == D(2026, 11, 14)  # rolls back to the worked Saturday
    assert cal.add_working_days(D(2026, 11, 19), 1) == D(2026, 11, 23)
    # Sat 14, Mon 16 … Thu 19 work; Fri 20 is off
    assert cal.working_days_between(D(2026, 11, 13), D(2026, 11, 20)) == 5
    with engine.connect() as conn:  # a connection works as well as an engine
        assert WorkCalendar.from_engine(conn).overrides == cal.overrides
    assert WorkCalendar().is_working_day(D(2026, 11, 20))  # the default calendar is unaffected


def test_override_can_cancel_a_holiday():
    cal = WorkCalendar({D(2026, 11, 24): True})
    assert cal.is_working_day(D(2026, 11, 24))
    assert cal.working_days_between(D(2026, 11, 23), D(2026, 11, 25)) == 2


def _day(text: str) -> D | None:
    return dt.datetime.strptime(text.strip(), "%d/%m/%Y %H:%M").date() if text.strip() else None


@pytest.mark.parametrize("name, encoding", [
    ("tthc_opencps_2026-11-15.csv", "utf-8-sig"),
    ("tthc_cp1258.csv", "cp1258"),
    ("names_nfd.csv", "utf-8-sig"),
])
def test_truth_examples_lateness(cal, truth, name, encoding):
    """lateness_wd = working days d with due_day < d <= ref_day (return day, or S when open)."""
    examples = {e["id"]: e for e in truth["files"][name]["examples"]}
    text = unicodedata.normalize("NFC", (FIXTURES / name).read_text(encoding=encoding))
    rows = {r["Mã hồ sơ"]: r for r in csv.DictReader(io.StringIO(text, newline="")) if r["Mã hồ sơ"] in examples}
    assert set(rows) == set(examples)
    for rid, e in examples.items():
        due, returned = _day(rows[rid]["Ngày hẹn trả"]), _day(rows[rid]["Ngày trả"])
        assert (returned is not None) == e["resolved"]
        ref = returned or S_DAY
        if e["lateness_wd"] is None:
            assert ref <= due or (returned is None and due >= S_DAY), rid
        else:
            assert ref > due, rid
            assert cal.working_days_between(due, ref) == e["lateness_wd"], rid


def test_petition_deadlines_are_15_working_days(cal, truth):
    """Every petition's deadline = 15 working days after the latest transfer (or the receipt)."""
    import openpyxl

    wb = openpyxl.load_workbook(FIXTURES / "pakn_2026-11-15.xlsx", read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    wb.close()
    head = rows[0]
    rec, last, due = head.index("Ngày tiếp nhận"), head.index("Ngày chuyển gần nhất"), head.index("Hạn xử lý")
    base = np.array([(r[last] or r[rec]).date() for r in rows[1:]], dtype="datetime64[D]")
    expected = np.array([r[due].date() for r in rows[1:]], dtype="datetime64[D]")
    assert len(base) == truth["files"]["pakn_2026-11-15.xlsx"]["meta"]["rows"]
    np.testing.assert_array_equal(cal.add_working_days_array(base, 15), expected)
