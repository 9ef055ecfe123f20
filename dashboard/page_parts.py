"""Streamlit pieces the four work pages share beside dashboard.components: section headers
that state what is shown, the filter words for chart subtitles, and tables with Vietnamese
headers and Vietnamese number and date formats.

Why tables get formatted text instead of numbers with a column format: st.dataframe formats
numbers with the browser's locale (or a printf pattern with a decimal point), so "1.234" and
"90,5 %" are only guaranteed by formatting them here with dashboard.i18n. The rows are already
in a meaningful order (worst first), so losing numeric sorting in the grid costs little.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from . import components, metric_registry, queries
from .filters import Filters
from .i18n import fmt_date, fmt_number, fmt_pct
from .work_text import tx


def filter_words(filters: Filters) -> str:
    """The active filters in words, without the as-of day (the chart subtitle already has it)."""
    parts = filters.describe(queries.agency_names()).split(" · ")
    return " · ".join(parts[1:])


def section(title: str, filters: Filters, kind: str | None = None, help_text: str | None = None) -> None:
    """A section header and, under it, what it shows: the as-of day and the filters in words."""
    st.subheader(title, help=help_text)
    components.context_caption(filters, kind)


def metric_label(kind: str, name: str, lang: str) -> str:
    m = metric_registry.get(kind, name)
    return m.en if lang == "en" else m.vi


@dataclass(frozen=True)
class Col:
    """A displayed column: source column, header key (work_text / i18n, or a literal header),
    how to format it ("int", "pct", "date", "text") and, for long texts, a display width
    ("small" | "medium" | "large"; the full text shows on hover)."""
    source: str
    header: str
    fmt: str = "text"
    width: str | None = None


def _fmt(series: pd.Series, how: str, lang: str) -> pd.Series:
    if how == "int":
        return series.map(lambda v: fmt_number(v, 0, lang))
    if how == "pct":
        return series.map(lambda v: fmt_pct(v, 1, lang))
    if how == "date":
        return series.map(fmt_date)
    return series.map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v))


def display_frame(df: pd.DataFrame, cols: Sequence[Col], lang: str, code_column: str | None = None) -> pd.DataFrame:
    """The frame as shown: formatted text under translated headers, plus the (hidden) code column."""
    out = pd.DataFrame({tx(c.header, lang): _fmt(df[c.source], c.fmt, lang) for c in cols})
    if code_column:
        out["_code"] = df[code_column].astype(str).to_numpy()
    return out


def show_table(df: pd.DataFrame, cols: Sequence[Col], filters: Filters, key: str, *,
               code_column: str | None = None, height: int | str = "auto") -> None:
    """A table with translated headers; with `code_column`, clicking a row opens that agency."""
    lang = filters.lang
    if df.empty:
        st.info(tx("none_listed", lang))
        return
    shown = display_frame(df, cols, lang, code_column)
    config = {tx(c.header, lang): st.column_config.TextColumn(width=c.width) for c in cols if c.width}
    if code_column:
        components.table(shown, key=key, filters=filters, code_column="_code",
                         column_config={**config, "_code": None}, height=height)
    else:
        st.dataframe(shown, key=key, hide_index=True, height=height, column_config=config)


def shown_of(shown: int, total: int, lang: str) -> None:
    if total > shown:
        st.caption(tx("shown_of", lang, shown=fmt_number(shown, 0, lang), total=fmt_number(total, 0, lang)))


def figure(fig, key: str, filters: Filters, clickable: bool = True) -> None:
    """Draw a chart; a click on a bar that carries an agency code opens that agency's page."""
    components.chart(fig, key=key, filters=filters if clickable else None,
                     on_select="rerun" if clickable else "ignore")


KPI_PER_ROW = 3  # more cards per row cut their numbers on a 1024-pixel tablet with the sidebar open


def kpi_rows(items: Sequence[components.Kpi], filters: Filters) -> None:
    for i in range(0, len(items), KPI_PER_ROW):
        components.kpi_row(list(items[i:i + KPI_PER_ROW]), filters)


def kpis(kind: str, names: Sequence[str], filters: Filters, previous: bool = True) -> pd.Series:
    """KPI cards of registry metrics for `kind`, with the previous period for the change; returns
    the current city figures for the caller's further use."""
    if previous:
        now, before = (df.iloc[0] for df in queries.in_parallel(
            lambda: queries.figures(kind, filters), lambda: queries.city_figures_only(kind, filters.previous())))
    else:
        now, before = queries.figures(kind, filters).iloc[0], None
    kpi_rows([components.Kpi(kind, n, now[n], None if before is None else before[n]) for n in names], filters)
    return now

