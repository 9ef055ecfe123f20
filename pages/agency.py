"""Đơn vị (agency page): one agency across the four kinds of work, reached by `?agency=CODE`.

Its figures (a district's include its communes), its rank among peers of the same level, its
monthly trend, its sub-units side by side, and the lists of its overdue items (no personal data:
the lists select only document numbers, subjects, agencies and dates).
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import charts, components, metric_registry, queries
from dashboard.components import Kpi
from dashboard.i18n import fmt_date, t
from dashboard.page_parts import Col, show_table, shown_of

KINDS = ("tasks", "dossiers", "petitions", "consultations")
CARDS = {
    "tasks": ("open_overdue", "done_on_time_rate_pct", "late_rate_pct"),
    "dossiers": ("on_time_rate_pct", "in_progress_overdue", "late_rate_pct"),
    "petitions": ("open", "open_overdue", "late_rate_pct"),
    "consultations": ("open_overdue", "done_on_time_rate_pct", "late_rate_pct"),
}
KIND_COLOR = {"tasks": "#c62828", "dossiers": "#1e66c9", "petitions": "#ef8c00", "consultations": "#6a3d9a"}
LIST_COLS = {
    "tasks": [Col("doc_number", "doc_number"), Col("doc_date", "doc_date", "date"),
              Col("summary", "summary", width="large"), Col("assigned_by", "assigned_by", width="medium")],
    "dossiers": [Col("dossier_id", "dossier_id"), Col("procedure_name", "procedure", width="large"),
                 Col("field", "field"), Col("received_day", "received_day", "date")],
    "petitions": [Col("petition_id", "petition_id"), Col("title", "title", width="large"), Col("field", "field"),
                  Col("received_day", "received_day", "date"), Col("transfer_count", "transfers", "int")],
    "consultations": [Col("doc_number", "doc_number"), Col("summary", "summary", width="large"),
                      Col("requesting_agency_name", "requesting_agency"), Col("sent_day", "sent_day", "date")],
}
LIST_LIMIT = 200

filters = components.sidebar_filters()
lang = filters.lang
agencies = queries.agencies().set_index("code")
names = queries.agency_names()


def label(kind: str, metric: str) -> str:
    m = metric_registry.get(kind, metric)
    return m.en if lang == "en" else m.vi


def first(df: pd.DataFrame, col: str):
    return df[col].iloc[0] if len(df) and col in df else None


code = filters.agency
if not code:
    st.title(t("page_agency", lang))
    components.context_caption(filters)
    st.info(t("agency_pick", lang) + " (" + t("agency", lang) + " ←)")
    st.stop()
if code not in agencies.index:
    st.title(t("page_agency", lang))
    st.warning(t("agency_unknown", lang, code=code))
    st.stop()

me = agencies.loc[code]
level = me["level"]
st.title(me["name"])
facts = [f"{t('code', lang)}: {code}", str(me["kind"])]
if me["parent_code"] and me["parent_code"] in names:
    facts.append(f"{t('agency', lang)} ↑ {names[me['parent_code']]}")
if pd.notna(me["valid_to"]):
    facts.append(t("agency_valid_to", lang, date=fmt_date(me["valid_to"])))
st.caption(" · ".join(facts))
if me["parent_code"] and me["parent_code"] in names:
    components.agency_link(me["parent_code"], filters, "↑ " + names[me["parent_code"]])
components.context_caption(filters)

# ---------------------------------------------------------------------- figures and rank
peers_filters = replace(filters, agency=None, agency_kind=level)
peers_word = t(f"level_{level}", lang) if level else t("agencies_word", lang)
if lang == "en":  # "among departments"; Vietnamese keeps "UBND" in capitals
    peers_word = peers_word.lower()
prev = filters.previous()


def rank(kind: str) -> str:
    """Rank by late share (lower is better) among agencies of the same level that have a share;
    districts are compared with their communes rolled up, as the agency's own figures are."""
    if level == "district":
        peers = queries.agency_rollup(kind, replace(filters, agency=None, agency_kind=None))
        peers = peers[peers["key"].map(agencies["level"]).eq("district")]
    else:
        peers = queries.figures(kind, peers_filters, by="agency") if level else pd.DataFrame()
    peers = peers.dropna(subset=["late_rate_pct"]) if len(peers) else peers
    if not len(peers) or code not in set(peers["key"]):
        return t("agency_rank_none", lang)
    order = peers.sort_values(["late_rate_pct", "name"]).reset_index(drop=True)
    pos = int(order.index[order["key"] == code][0]) + 1
    return t("agency_rank", lang, rank=pos, n=len(order), peers=peers_word)


for kind in KINDS:
    now, before = queries.in_parallel(lambda: queries.figures(kind, filters),
                                      lambda: queries.city_figures_only(kind, prev))
    head, cards = st.columns([1, 4], vertical_alignment="center")
    head.markdown(f"#### {t(f'kind_{kind}', lang)}")
    head.caption(rank(kind))
    with cards:
        components.kpi_row([Kpi(kind, m, first(now, m), first(before, m)) for m in CARDS[kind]], filters)

# ---------------------------------------------------------------------- trend
# Counts, not shares: one agency's monthly share swings between 0 and 100 % on a handful of items.
st.divider()
trend = None
for kind in KINDS:
    m = queries.monthly_counts(kind, filters)[["month", "late_total"]].rename(columns={"late_total": kind})
    trend = m if trend is None else trend.merge(m, on="month", how="outer")
trend = trend.sort_values("month").fillna(0).astype({k: "int64" for k in KINDS})
fig = charts.monthly_chart(trend, [charts.Series(k, t(f"kind_{k}", lang), KIND_COLOR[k]) for k in KINDS],
                           title=f"{t('agency_trend', lang)}: {t('late_count', lang).lower()}",
                           y_title=t("late_count", lang), as_of=filters.end, lang=lang, note=me["name"])
components.chart(fig, key="agency_trend", on_select="ignore")

# ---------------------------------------------------------------------- sub-units
st.subheader(t("agency_subunits", lang))
children = agencies.index[agencies["parent_code"] == code]
if len(children) == 0:
    st.caption(t("agency_no_subunits", lang))
else:
    table = pd.DataFrame({"key": [code, *children]})
    table["name"] = [f"{names[code]} ({t('agency_self', lang).lower()})", *[names.get(c, c) for c in children]]
    shown_cols = [Col("name", "name", width="medium")]
    for kind in KINDS:
        per = queries.figures(kind, filters, by="agency").set_index("key")
        overdue = "in_progress_overdue" if kind == "dossiers" else "open_overdue"
        for m, word in (("late_rate_pct", "short_late_rate"), (overdue, "short_overdue")):
            col = f"{kind}.{m}"
            table[col] = table["key"].map(per[m]) if m in per else None
            shown_cols.append(Col(col, f"{t(f'short_{kind}', lang)}: {t(word, lang)}",
                                  "pct" if m.endswith("_pct") else "int"))
    show_table(table, shown_cols, filters, key="subunits", code_column="key")
    st.caption(t("click_hint", lang))

# ---------------------------------------------------------------------- overdue lists
st.subheader(t("agency_overdue_lists", lang))
tabs = st.tabs([t(f"kind_{k}", lang) for k in KINDS])
for tab, kind in zip(tabs, KINDS):
    with tab:
        items, total = queries.overdue_items(kind, filters, limit=LIST_LIMIT)
        if kind == "consultations":
            items["requesting_agency_name"] = items["requesting_agency_code"].map(lambda c: names.get(c, c))
        if items.empty:
            st.info(t("agency_none_overdue", lang))
            continue
        cols = [*LIST_COLS[kind], Col("agency_name", "agency", width="medium"), Col("due_day", "deadline", "date"),
                Col("days_overdue", "days_overdue", "int")]
        show_table(items, cols, filters, key=f"overdue_{kind}")
        shown_of(len(items), total, lang)
