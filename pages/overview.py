"""Tổng quan (overview): the city's discipline picture in ten seconds, then a click into the worst.

Reads top to bottom like the screen: KPI cards (one row per kind of work, each with its change
since the previous period and its target) → the ten worst agencies per kind → monthly trends →
the map of localities. Every bar and region opens that agency's page.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, components, maps, metric_registry, queries
from dashboard.components import Kpi
from dashboard.i18n import fmt_date, t

KINDS = ("tasks", "dossiers", "petitions", "consultations")
# the cards of each kind: (metric, shorter label key or None)
CARDS = {
    "tasks": ("open_overdue", "done_on_time_rate_pct", "total"),
    "dossiers": ("on_time_rate_pct", "in_progress_overdue", "received"),
    "petitions": ("open", "open_overdue", "answered_on_time_rate_pct"),
    "consultations": ("open_overdue", "done_on_time_rate_pct", "total"),
}
KIND_PAGE = {"tasks": "tasks.py", "dossiers": "dossiers.py", "petitions": "petitions.py",
             "consultations": "consultations.py"}
# A red-to-blue palette, one colour per kind (same order everywhere on the page)
NAME_CHARS = 22  # agency names on the bar axis (the hover keeps the code)
KIND_COLOR = {"tasks": "#c62828", "dossiers": "#1e66c9", "petitions": "#ef8c00", "consultations": "#6a3d9a"}

filters = components.sidebar_filters()
lang = filters.lang
st.title(t("overview_title", lang))
components.context_caption(filters)


def _value(df: pd.DataFrame, col: str):
    return df[col].iloc[0] if len(df) and col in df else None


def late_total(df: pd.DataFrame, kind: str) -> pd.Series:
    """Late, total (registry `late_total`) = the numerator of the kind's late share."""
    return df[list(metric_registry.get(kind, "late_rate_pct").numerator)].sum(axis=1)


components.report_download("meeting-pack", ".pdf", t("report_pack", lang), filters, key="pack_pdf")

# ---------------------------------------------------------------------- KPI cards
prev = filters.previous()
# The page's passes over the dossiers (the largest table by far) side by side with those over
# the petitions (the next largest), longest first; the sections below find them in the cache.
queries.in_parallel(lambda: queries.figures("dossiers", filters), lambda: queries.city_figures_only("dossiers", prev),
                    lambda: queries.monthly_counts("dossiers", filters),
                    lambda: queries.figures("petitions", filters, by="agency"),
                    lambda: queries.monthly_counts("petitions", filters))
for kind in KINDS:
    now_df, prev_df = queries.in_parallel(lambda: queries.figures(kind, filters),
                                          lambda: queries.city_figures_only(kind, prev))
    # The kind's name above its cards, not beside them: on a 1024-px tablet a side column
    # leaves the cards too narrow for their labels.
    head, link = st.columns([3, 1], vertical_alignment="bottom")
    head.markdown(f"##### {t(f'kind_{kind}', lang)}")
    components.page_link(KIND_PAGE[kind], t(f"page_{kind}", lang) + " →", filters.to_query(), container=link)
    components.kpi_row([Kpi(kind, m, _value(now_df, m), _value(prev_df, m)) for m in CARDS[kind]], filters)
    for col in queries.ignored_filters(kind, filters):
        st.caption(t("ctx_not_applicable", lang, what=t(col, lang).lower(), kind=t(f"kind_{kind}", lang).lower()))

# ---------------------------------------------------------------------- ten worst agencies
st.divider()
st.caption(t("click_hint", lang))
grid = st.columns(2)
for i, kind in enumerate(KINDS):
    per_agency = queries.figures(kind, filters, by="agency")
    per_agency["late_total"] = late_total(per_agency, kind)
    # Short title and names: half a tablet screen holds about 35 characters of title.
    per_agency["name"] = per_agency["name"].map(lambda n: charts.short(n, NAME_CHARS))
    fig = charts.agency_bars(
        per_agency, "late_total", lang=lang, as_of=filters.end, color=KIND_COLOR[kind],
        title=t("worst_short", lang, kind=t(f"short_{kind}", lang)), note=t("ten_agencies", lang),
        x_title=t("late_items_axis", lang))  # short: half a tablet screen is narrow
    with grid[i % 2]:
        components.chart(fig, key=f"worst_{kind}", filters=filters)

# ---------------------------------------------------------------------- monthly trends
st.divider()
trend = None
for kind in KINDS:
    m = queries.monthly_counts(kind, filters)[["month", "late_rate_pct"]].rename(columns={"late_rate_pct": kind})
    trend = m if trend is None else trend.merge(m, on="month", how="outer")
series = [charts.Series(k, t(f"kind_{k}", lang), KIND_COLOR[k]) for k in KINDS]
trend = trend.sort_values("month").astype({k: "float64" for k in KINDS})
fig = charts.monthly_chart(trend, series, title=f"{t('trend_title', lang)}: {t('late_rate', lang).lower()}",
                           y_title=f"{t('late_rate', lang)} (%)", as_of=filters.end, lang=lang,
                           note=t("trend_last_month", lang))
fig.update_traces(hovertemplate="%{fullData.name}: %{y:,.1f} %<extra>%{x|%m/%Y}</extra>")
components.chart(fig, key="trend", on_select="ignore")

# ---------------------------------------------------------------------- map
st.divider()
c1, c2 = st.columns(2)
map_kind = c1.radio(t("kind_dossiers", lang), ("dossiers", "petitions"), horizontal=True, key="map_kind",
                    format_func=lambda k: t(f"kind_{k}", lang), label_visibility="collapsed")
layer = c2.radio(t("locality", lang), maps.LAYERS, horizontal=True, key="map_layer",
                 index=maps.LAYERS.index(maps.default_layer(filters.end)), label_visibility="collapsed",
                 format_func=lambda v: t("map_units_2025" if v == "2025" else "map_units_before", lang))
agencies = queries.agencies()
geo = maps.boundaries(layer, agencies)
regions = maps.region_figures(queries.figures(map_kind, filters, by="locality"), map_kind, layer, agencies,
                              {f["id"] for f in geo["features"]})
rate = metric_registry.get(map_kind, "late_rate_pct")
count_col = "received" if map_kind == "dossiers" else "total"
count = metric_registry.get(map_kind, count_col)
subtitle = " · ".join([t("as_of_short", lang, date=fmt_date(filters.end)),
                       t("map_units_2025" if layer == "2025" else "map_units_before", lang)])
fig = maps.choropleth(regions, geo, "late_rate_pct", lang=lang, subtitle=subtitle,
                      title=f"{rate.en if lang == 'en' else rate.vi} – {t(f'kind_{map_kind}', lang)}",
                      colorbar_title=t("late_rate", lang), hover_count=count_col,
                      hover_count_label=count.en if lang == "en" else count.vi)
if regions.empty:
    st.info(t("map_no_data", lang))
components.chart(fig, key=f"map_{map_kind}_{layer}", filters=filters)
