"""The working-day calendar: Monday–Friday minus Vietnamese public holidays, plus announced overrides.

Deadlines of dossiers and petitions are counted in working days (DOMAIN.md). The public holidays
come from the `holidays` package (`holidays.VN`); the announcements it does not know (a day off
added, or a Saturday worked in exchange) live in the `holiday_override` table.

Semantics (truth.json `definitions`):
  * add_working_days(base, n): the n-th working day strictly after `base`; a weekend/holiday base
    is first moved back to the preceding working day — numpy `busday_offset(base, n, roll="backward")`.
  * working_days_between(a, b): the number of working days d with a < d <= b (0 when b <= a).

Why a cumulative table instead of calling numpy's busday functions directly: numpy's calendar can
only *remove* days from a Monday–Friday week, so a Saturday made a working day cannot be expressed.
We build the working-day mask with `np.is_busday` (holiday array as numpy wants it), apply the
overrides, and keep `cum[i]` = number of working days on or before day i. Then both operations are
array lookups (`cum[b] - cum[a]`, `searchsorted`), vectorised and fast for millions of values.
No Streamlit or dashboard import here: the importer uses this module too.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np

# The table covers these years by default and grows when a date outside them is asked for.
_DEFAULT_YEARS = (2015, 2035)
_EPOCH = np.datetime64("1970-01-01", "D")


def vn_holidays(first_year: int, last_year: int) -> set[dt.date]:
    """Public holidays of Vietnam (python-holidays, country VN) for the years given, inclusive."""
    import holidays  # imported lazily: ~0.1 s, and only needed when a calendar is built

    return set(holidays.VN(years=range(first_year, last_year + 1)).keys())


def _to_day(d) -> dt.date:
    if isinstance(d, dt.datetime):
        return d.date()
    if isinstance(d, dt.date):
        return d
    if isinstance(d, np.datetime64):
        return d.astype("datetime64[D]").astype(dt.date)
    if isinstance(d, str):
        return dt.date.fromisoformat(d[:10])
    raise TypeError(f"not a date: {d!r}")


class WorkCalendar:
    """Working days = Mon–Fri, not a VN public holiday, corrected by the override table."""

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None,
                 years: tuple[int, int] = _DEFAULT_YEARS):
        # overrides: day -> True (a working day, e.g. a compensatory Saturday) / False (a day off).
        self.overrides: dict[dt.date, bool] = {_to_day(k): bool(v) for k, v in (overrides or {}).items()}
        self._build(*years)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_engine(cls, conn_or_engine) -> "WorkCalendar":
        """A calendar with the overrides stored in the database (engine or connection)."""
        import sqlalchemy as sa

        from .schema import HolidayOverride

        stmt = sa.select(HolidayOverride.day, HolidayOverride.is_working_day)
        if isinstance(conn_or_engine, sa.Engine):
            with conn_or_engine.connect() as conn:
                rows = conn.execute(stmt).all()
        else:
            rows = conn_or_engine.execute(stmt).all()
        return cls({day: bool(working) for day, working in rows})

    def _build(self, first_year: int, last_year: int) -> None:
        years = [first_year, last_year]
        for d in self.overrides:  # the table must reach every override
            years = [min(years[0], d.year), max(years[1], d.year)]
        self.first_year, self.last_year = years
        self._lo = np.datetime64(f"{self.first_year:04d}-01-01", "D")
        hi = np.datetime64(f"{self.last_year + 1:04d}-01-01", "D")
        hols = np.array(sorted(vn_holidays(self.first_year, self.last_year)), dtype="datetime64[D]")
        days = np.arange(self._lo, hi, dtype="datetime64[D]")
        mask = np.is_busday(days, weekmask="1111100", holidays=hols)
        for d, working in self.overrides.items():
            mask[(np.datetime64(d, "D") - self._lo).astype(int)] = working
        self._mask = mask
        # cum[i] = working days on or before day lo + i
        self._cum = np.cumsum(mask, dtype=np.int64)

    def _ensure(self, lo: np.datetime64, hi: np.datetime64) -> None:
        """Grow the table (with a year of margin) when dates fall outside it."""
        first = int(str(lo)[:4]) if lo < self._lo else self.first_year
        last_day = self._lo + len(self._mask) - 1
        last = int(str(hi)[:4]) if hi > last_day else self.last_year
        if (first, last) != (self.first_year, self.last_year):
            self._build(min(first, self.first_year) - 1, max(last, self.last_year) + 1)

    # ------------------------------------------------------------------ scalar API
    def is_working_day(self, d) -> bool:
        return bool(self.is_working_day_array(np.array([_to_day(d)], dtype="datetime64[D]"))[0])

    def add_working_days(self, base, n: int) -> dt.date:
        """The n-th working day strictly after `base` (a non-working base rolls back first)."""
        out = self.add_working_days_array(np.array([_to_day(base)], dtype="datetime64[D]"), n)
        return out[0].astype(dt.date)

    def working_days_between(self, a, b) -> int:
        """Number of working days d with a < d <= b; 0 when b <= a."""
        return int(self.working_days_between_array(
            np.array([_to_day(a)], dtype="datetime64[D]"), np.array([_to_day(b)], dtype="datetime64[D]"))[0])

    def holidays_in(self, first_year: int, last_year: int) -> set[dt.date]:
        """Every Mon–Fri day of those years that is NOT a working day (for checks and display)."""
        days = np.arange(np.datetime64(f"{first_year:04d}-01-01"), np.datetime64(f"{last_year + 1:04d}-01-01"),
                         dtype="datetime64[D]")
        weekday = np.is_busday(days, weekmask="1111100")
        off = weekday & ~self.is_working_day_array(days)
        return set(days[off].astype(dt.date).tolist())

    # ------------------------------------------------------------------ vectorised API
    @staticmethod
    def _days(values) -> np.ndarray:
        """Any array-like of dates / datetimes / datetime64 → datetime64[D] (NaT kept)."""
        arr = np.asarray(values)
        if arr.dtype.kind == "M":
            return arr.astype("datetime64[D]")
        if arr.dtype == object:  # python dates or pandas Timestamps, possibly None
            import pandas as pd

            return pd.to_datetime(pd.Series(arr.ravel()), errors="raise").to_numpy(
                dtype="datetime64[D]").reshape(arr.shape)
        return arr.astype("datetime64[D]")

    def _indices(self, *arrays: np.ndarray) -> list[np.ndarray]:
        """Positions of the days in the table, growing it first so that all arrays fit (NaT → 0)."""
        lo = hi = None
        for days in arrays:
            valid = days[~np.isnat(days)]
            if valid.size:
                lo = valid.min() if lo is None else min(lo, valid.min())
                hi = valid.max() if hi is None else max(hi, valid.max())
        if lo is not None:
            self._ensure(lo, hi)
        out = []
        for days in arrays:
            idx = (days - self._lo).astype(np.int64)
            idx[np.isnat(days)] = 0
            out.append(idx)
        return out

    def is_working_day_array(self, values) -> np.ndarray:
        days = self._days(values)
        (idx,) = self._indices(days)
        return self._mask[idx] & ~np.isnat(days)

    def working_days_between_array(self, a, b) -> np.ndarray:
        """Element-wise working_days_between; -1 where either date is missing (NaT)."""
        da, db = np.broadcast_arrays(self._days(a), self._days(b))
        ia, ib = self._indices(da, db)
        out = np.maximum(self._cum[ib] - self._cum[ia], 0)
        out[np.isnat(da) | np.isnat(db)] = -1
        return out

    def add_working_days_array(self, base, n) -> np.ndarray:
        """Element-wise add_working_days; NaT where base is missing. `n` may be an array."""
        days = self._days(base)
        n = np.broadcast_to(np.asarray(n, dtype=np.int64), days.shape)
        valid = ~np.isnat(days)
        out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        if not valid.any():
            return out
        # Working days on or before base; a non-working base has the count of the working day before
        # it, which is exactly the "roll backward" rule. The answer is the first day whose count
        # reaches that + n. Grow the table until it is reached (n up to a few hundred in practice).
        while True:
            (idx,) = self._indices(days)
            target = self._cum[idx][valid] + n[valid]
            if target.max() <= self._cum[-1] and target.min() >= 1:
                break
            self._build(self.first_year - 2 if target.min() < 1 else self.first_year,
                        self.last_year + 2 if target.max() > self._cum[-1] else self.last_year)
        pos = np.searchsorted(self._cum, target, side="left")
        out[valid] = self._lo + pos.astype("timedelta64[D]")
        return out

