"""The shared filters of every page, their URL form and their description in words.

No Streamlit import (the data zone): a Filters value is what a URL, a test or a report says
the user is looking at. `from_query` is the only door from the URL: an allow-list of keys,
values checked one by one, anything invalid dropped — a hand-edited or stale link shows the
page with the valid part of its filters, never a traceback.

Agency kinds: the registry spells kinds the way Vietnamese administration does (sở, ban, quận,
huyện, phường, xã, …); the filter groups them in the three levels users choose between.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .i18n import DEFAULT_LANG, LANGS, fmt_date, t

LEVELS = ("department", "district", "commune")
# registry kind → level. Units not listed (e.g. public service units) only match "no level".
LEVEL_OF_KIND = {
    "sở": "department", "ban": "department", "ngành": "department",
    "quận": "district", "huyện": "district", "thị xã": "district", "thành phố": "district",
    "phường": "commune", "xã": "commune", "thị trấn": "commune", "đặc khu": "commune",
}
# Query-string keys, in the order they are written (stable URLs are easier to compare by eye).
QUERY_KEYS = ("lang", "as_of", "from", "to", "agency_kind", "agency", "locality", "field")
_CODE = re.compile(r"^[0-9A-Za-z._\-]{1,40}$")  # agency codes: SXD, 303, 305.02, 11311
_MAX_FIELD = 200


def level_of(kind: str | None) -> str | None:
    """'quận' → 'district'; unknown → None."""
    return LEVEL_OF_KIND.get((kind or "").strip().lower())


def parse_day(text: str) -> dt.date | None:
    """YYYY-MM-DD or DD/MM/YYYY; None when it is neither (never raises)."""
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return None


def _first(value) -> str | None:
    """st.query_params gives str; a parsed query string gives lists: take the last value given."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return None if value is None else str(value)


@dataclass(frozen=True)
class Filters:
    as_of: dt.date
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    agency_kind: str | None = None   # "department" | "district" | "commune" | None
    agency: str | None = None        # agency code
    locality: str | None = None      # agency code of a district or commune (place of the record)
    field: str | None = None         # lĩnh vực, as stored
    lang: str = DEFAULT_LANG         # "vi" | "en"

    # ------------------------------------------------------------------ URL
    @classmethod
    def from_query(cls, params: Mapping[str, str | list[str]], default_as_of: dt.date) -> "Filters":
        """Filters from URL query parameters; unknown keys and invalid values are ignored."""
        get = {k: _first(params.get(k)) for k in QUERY_KEYS if k in params}
        lang = get.get("lang") if get.get("lang") in LANGS else DEFAULT_LANG
        as_of = parse_day(get.get("as_of") or "") or default_as_of
        date_from = parse_day(get.get("from") or "")
        date_to = parse_day(get.get("to") or "")
        if date_to and date_to > as_of:  # a period never ends after the as-of day
            date_to = as_of
        if date_from and date_from > (date_to or as_of):
            date_from = date_to = None  # an upside-down period is dropped whole, not half
        kind = get.get("agency_kind") if get.get("agency_kind") in LEVELS else None
        agency = get.get("agency") if _CODE.match(get.get("agency") or "") else None
        locality = get.get("locality") if _CODE.match(get.get("locality") or "") else None
        field = (get.get("field") or "").strip()[:_MAX_FIELD] or None
        return cls(as_of, date_from, date_to, kind, agency, locality, field, lang)

    def to_query(self, default_as_of: dt.date | None = None) -> dict[str, str]:
        """The non-default values as query parameters (as_of is always written when no default is
        given: a link must show the same day to whoever opens it, even after a newer import)."""
        out: dict[str, str] = {}
        if self.lang != DEFAULT_LANG:
            out["lang"] = self.lang
        if default_as_of is None or self.as_of != default_as_of:
            out["as_of"] = self.as_of.isoformat()
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        for key in ("agency_kind", "agency", "locality", "field"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out

    # ------------------------------------------------------------------ periods
    @property
    def end(self) -> dt.date:
        """The last day judged: the end of the period, never after the as-of day."""
        return min(self.date_to, self.as_of) if self.date_to else self.as_of

    def previous(self) -> "Filters":
        """The same filters one period earlier, for "change since the previous period".

        With a period [from, to]: the period of the same length just before it, judged as of its
        own end. Without one: the same figures as of one month earlier (stocks such as "overdue
        now" are then compared with what they were a month ago).
        """
        if self.date_from:
            end = self.end
            length = (end - self.date_from).days + 1
            new_to = self.date_from - dt.timedelta(days=1)
            return replace(self, as_of=new_to, date_from=new_to - dt.timedelta(days=length - 1), date_to=new_to)
        return replace(self, as_of=_month_before(self.as_of), date_to=None)

    # ------------------------------------------------------------------ words
    def describe(self, agency_names: Mapping[str, str] | None = None) -> str:
        """The as-of day and the active filters in one sentence, e.g.
        'Số liệu tính đến hết ngày 15/11/2026 · kỳ từ 01/10/2026 đến 15/11/2026 · đơn vị: Sở Xây dựng'."""
        names = agency_names or {}
        lang = self.lang
        parts = [t("ctx_as_of", lang, date=fmt_date(self.as_of))]
        if self.date_from and self.date_to:
            parts.append(t("ctx_period", lang, start=fmt_date(self.date_from), end=fmt_date(self.date_to)))
        elif self.date_from:
            parts.append(t("ctx_period_from", lang, start=fmt_date(self.date_from)))
        elif self.date_to:
            parts.append(t("ctx_period_to", lang, end=fmt_date(self.date_to)))
        if self.agency_kind:
            parts.append(t("ctx_kind", lang, value=t(f"level_{self.agency_kind}", lang)))
        if self.agency:
            parts.append(t("ctx_agency", lang, value=names.get(self.agency, self.agency)))
        if self.locality:
            parts.append(t("ctx_locality", lang, value=names.get(self.locality, self.locality)))
        if self.field:
            parts.append(t("ctx_field", lang, value=self.field))
        if not (self.agency_kind or self.agency or self.locality or self.field):
            parts.append(t("ctx_whole_city", lang))
        return " · ".join(parts)


def _month_before(day: dt.date) -> dt.date:
    """The same day one month earlier (31/3 → 28 or 29/2)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# ---------------------------------------------------------------------- scope
AgencyRow = tuple[str, str | None, str | None]  # (code, kind, parent_code)


def descendants(code: str, rows: Iterable[AgencyRow]) -> set[str]:
    """The agency and every unit below it (a district and its communes), cycle-safe."""
    children: dict[str, list[str]] = {}
    for c, _kind, parent in rows:
        if parent:
            children.setdefault(parent, []).append(c)
    out, todo = set(), [code]
    while todo:
        c = todo.pop()
        if c in out:
            continue
        out.add(c)
        todo.extend(children.get(c, ()))
    return out


def scope_codes(filters: Filters, rows: Iterable[AgencyRow]) -> frozenset[str] | None:
    """The agency codes the figures are restricted to, or None for no restriction.

    A chosen agency means that agency plus its sub-units (a district rolls up its communes);
    a chosen kind alone means every agency of that level. Both: the agency's units of that level.
    """
    rows = list(rows)
    codes: set[str] | None = None
    if filters.agency:
        codes = descendants(filters.agency, rows)
    if filters.agency_kind:
        of_level = {c for c, kind, _p in rows if level_of(kind) == filters.agency_kind}
        codes = of_level if codes is None else codes & of_level
    return None if codes is None else frozenset(codes)


def locality_codes(filters: Filters, rows: Iterable[AgencyRow]) -> frozenset[str] | None:
    """The locality codes records must carry: the chosen place and the communes inside it."""
    if not filters.locality:
        return None
    return frozenset(descendants(filters.locality, rows))
