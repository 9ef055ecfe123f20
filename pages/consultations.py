"""Xin ý kiến & TTHC nội bộ (consultation requests and internal procedures; issue 3, item 7).

Consultations: KPI cards → replies per consulted agency in the categories of tasks (the agency
judged is the one consulted, item 5 of the directive; click opens it) → aging → the list of
requests unanswered past the deadline. Internal procedures: the city against the four targets
of item 7 (published 100 %, simplification plans ≥ 50 %, cut ≥ 20 %, compliance cost cut
≥ 20 %) → one target per agency, lowest first → every agency's progress in a table.
"""
from __future__ import annotations

import streamlit as st

from dashboard import charts, components, directive_targets, queries, work_queries
from dashboard.i18n import t
from dashboard.page_parts import (Col, figure, filter_words, kpi_rows, kpis, metric_label, section, show_table,
                                  shown_of)
from dashboard.work_text import tx

KIND, INTERNAL = "consultations", "internal_procedures"
LIST_LIMIT = 200

filters = components.sidebar_filters()
lang = filters.lang
st.title(tx("consult_title", lang))
components.context_caption(filters, KIND)
note = filter_words(filters)
axis = f"{tx('axis_requests', lang)} ({tx('unit_requests', lang)})"

# ---------------------------------------------------------------------- consultations
st.header(tx("consult_section", lang), divider="gray")
kpis(KIND, ("total", "open_overdue", "done_on_time_rate_pct", "done_late", "open_on_time"), filters)

section(tx("consult_by_agency", lang), filters, KIND)
st.caption(tx("click_agency", lang))
per_agency = queries.figures(KIND, filters, by="agency")
per_agency = per_agency.assign(no_deadline=per_agency["no_deadline_done"] + per_agency["no_deadline_open"])
parts = [charts.Part("done_on_time", tx("cat_done_on_time", lang), charts.GOOD),
         charts.Part("done_late", tx("cat_done_late", lang), charts.WARN),
         charts.Part("open_on_time", tx("cat_open_on_time", lang), charts.OPEN),
         charts.Part("open_overdue", tx("cat_open_overdue", lang), charts.BAD),
         charts.Part("no_deadline", tx("cat_no_deadline", lang), charts.NEUTRAL_GREY)]
figure(charts.stacked_agency_bars(per_agency, parts, title=tx("consult_by_agency", lang), x_title=axis,
                                  as_of=filters.end, lang=lang, n=15, sort_by=["open_overdue", "done_late"],
                                  note=note),
       "consult_by_agency", filters)

section(tx("consult_aging", lang), filters, KIND)
figure(charts.aging_bars(work_queries.aging(KIND, filters), title=tx("consult_aging", lang), y_title=axis,
                         as_of=filters.end, lang=lang, x_title=tx("axis_days_overdue", lang), note=note),
       "consult_aging", filters, clickable=False)

section(tx("consult_list", lang), filters, KIND)
overdue, total = queries.overdue_items(KIND, filters, limit=LIST_LIMIT)
overdue = overdue.sort_values(["days_overdue", "request_id"], ascending=[False, True])
names = queries.agency_names()
overdue["requesting_name"] = [names.get(c, c or "") for c in overdue["requesting_agency_code"]]
show_table(overdue, [Col("days_overdue", "col_days_overdue", "int"), Col("agency_name", "col_consulted", width="medium"),
                     Col("due_day", "col_deadline", "date"), Col("doc_number", "col_doc_number"),
                     Col("summary", "col_summary", width="large"), Col("requesting_name", "col_requesting", width="medium"),
                     Col("sent_day", "col_sent", "date")],
           filters, "consult_overdue", code_column="agency_code")
shown_of(len(overdue), total, lang)

# ---------------------------------------------------------------------- internal procedures
st.header(tx("internal_section", lang), divider="gray")
components.context_caption(filters, INTERNAL)
city = work_queries.internal_progress(filters, by="city")
row = city.iloc[0]
kpi_names = ("total", "published_pct", "plan_pct", "cut_pct", "cost_reduction_pct")
kpi_rows([components.Kpi(INTERNAL, m, row[m]) for m in kpi_names], filters)

section(tx("internal_city", lang), filters, INTERNAL)
figure(charts.target_progress(directive_targets.target_rows(row, lang), title=tx("internal_city", lang),
                              as_of=filters.end, lang=lang, note=" · ".join(x for x in (note, tx("cost_note", lang)) if x)),
       "internal_city", filters, clickable=False)

section(tx("internal_metric", lang), filters, INTERNAL)
st.caption(tx("click_agency", lang))
metric = st.radio(tx("internal_metric", lang), directive_targets.TARGET_METRICS, horizontal=True,
                  key="internal_metric", format_func=lambda m: metric_label(INTERNAL, m, lang),
                  label_visibility="collapsed")
agencies = work_queries.internal_progress(filters)
label = metric_label(INTERNAL, metric, lang)
goal = directive_targets.targets()[metric]
figure(charts.agency_bars(agencies, metric, title=tx("internal_by_agency", lang, metric=label),
                          x_title=f"{label} (%)", as_of=filters.end, lang=lang, n=15, ascending=True, pct=True,
                          target=goal, color=charts.WARN, note=note),
       "internal_by_agency", filters)

section(tx("internal_table", lang), filters, INTERNAL)
table = agencies.sort_values(["targets_met", "name"], ascending=[True, True])
show_table(table, [Col("name", "col_agency", width="medium"), Col("total", metric_label(INTERNAL, "total", lang), "int"),
                   *[Col(m, metric_label(INTERNAL, m, lang), "pct") for m in directive_targets.TARGET_METRICS],
                   Col("targets_met", "col_targets_met", "int")],
           filters, "internal_table", code_column="key")
st.caption(" · ".join(f"{metric_label(INTERNAL, m, lang)}: {t('kpi_target', lang, value=f'{g:g} %')}"
                      for m, g in directive_targets.targets().items()))
