"""What every report needs: the period in words, the agency named by --agency, the names of
the city and its office. No Streamlit."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from data_loaders.schema import Agency

from ..i18n import fmt_date
from ..metrics import period_end
from ..scope import Scope

CITY_COMMITTEE = "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"
CITY_COMMITTEE_NAME = "Ủy ban nhân dân thành phố Hải Phòng"
CITY_OFFICE = "VĂN PHÒNG"
PLACE = "Hải Phòng"


class ReportError(ValueError):
    """A request that cannot be answered (unknown agency, bad period): one line for the user."""


def agency_name(conn, code: str) -> str:
    """The registry's name of `code`; ReportError when no agency has that code."""
    name = conn.execute(sa.select(Agency.name).where(Agency.code == code)).scalar()
    if name is None:
        raise ReportError(f"no agency has the code {code!r}")
    return name


def scope_of(agency: str | None) -> Scope:
    return Scope.only(agency) if agency else Scope.all()


def period_text(as_of: dt.date, date_from: dt.date | None, date_to: dt.date | None) -> str:
    """'Kỳ báo cáo: từ dd/mm/yyyy đến dd/mm/yyyy', plus the as-of day when it cuts the period short.
    Without a start the report is cumulative: everything received up to the end counts."""
    end = period_end(as_of, date_to)
    if date_from:
        text = f"Kỳ báo cáo: từ {fmt_date(date_from)} đến {fmt_date(date_to or end)}"
    else:
        text = f"Kỳ báo cáo: lũy kế đến hết ngày {fmt_date(end)}"
    if date_to and as_of < date_to:
        text += f" (số liệu tính đến hết ngày {fmt_date(as_of)})"
    return text


def date_line(day: dt.date) -> str:
    """'Hải Phòng, ngày dd tháng mm năm yyyy' — the place-and-date line of an official letter."""
    return f"{PLACE}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
