"""Nhiệm vụ (tasks assigned by the City People's Committee and its Chairman; issue 3, item 4).

Top to bottom: KPI cards → the five categories of DOMAIN.md per lead agency (click opens the
agency) → aging of overdue tasks → by assigning leader and by document kind → the list of
overdue tasks (nợ đọng) → tasks due within N days (the early warning).
"""
from __future__ import annotations

import streamlit as st

from dashboard import charts, components, queries, work_queries
from dashboard.page_parts import Col, figure, kpis, section, show_table, shown_of, filter_words
from dashboard.work_text import tx

KIND = "tasks"
LIST_LIMIT = 200

filters = components.sidebar_filters()
lang = filters.lang
st.title(tx("tasks_title", lang))
components.context_caption(filters, KIND)
kpis(KIND, ("total", "open_overdue", "done_on_time_rate_pct", "open_on_time", "done_late"), filters)

note = filter_words(filters)
unit_axis = f"{tx('axis_tasks', lang)} ({tx('unit_tasks', lang)})"


def parts():
    """The five categories of DOMAIN.md (the two "no deadline" columns summed into one)."""
    return [charts.Part("done_on_time", tx("cat_done_on_time", lang), charts.GOOD),
            charts.Part("done_late", tx("cat_done_late", lang), charts.WARN),
            charts.Part("open_on_time", tx("cat_open_on_time", lang), charts.OPEN),
            charts.Part("open_overdue", tx("cat_open_overdue", lang), charts.BAD),
            charts.Part("no_deadline", tx("cat_no_deadline", lang), charts.NEUTRAL_GREY)]


def with_no_deadline(df):
    return df.assign(no_deadline=df["no_deadline_done"] + df["no_deadline_open"])


# ---------------------------------------------------------------------- per lead agency
section(tx("tasks_by_agency", lang), filters, KIND)
st.caption(tx("click_agency", lang))
per_agency = with_no_deadline(queries.figures(KIND, filters, by="agency"))
figure(charts.stacked_agency_bars(per_agency, parts(), title=tx("tasks_by_agency", lang), x_title=unit_axis,
                                  as_of=filters.end, lang=lang, n=15, sort_by=["open_overdue"], note=note),
       "tasks_by_agency", filters)

# ---------------------------------------------------------------------- aging, leader, document kind
section(tx("tasks_aging", lang), filters, KIND)
figure(charts.aging_bars(work_queries.aging(KIND, filters), title=tx("tasks_aging", lang), y_title=unit_axis,
                         as_of=filters.end, lang=lang, x_title=tx("axis_days_overdue", lang), note=note),
       "tasks_aging", filters, clickable=False)

for column, key in (("assigned_by", "tasks_by_assigner"), ("doc_kind", "tasks_by_doc_kind")):
    section(tx(key, lang), filters, KIND)
    grouped = with_no_deadline(work_queries.figures_by(KIND, column, filters))
    grouped["name"] = grouped["name"].replace("", tx("unknown_value", lang))
    figure(charts.stacked_agency_bars(grouped, parts(), title=tx(key, lang), x_title=unit_axis, as_of=filters.end,
                                      lang=lang, n=12, sort_by=["open_overdue", "done_late"], note=note),
           key, filters, clickable=False)

# ---------------------------------------------------------------------- overdue list
section(tx("tasks_overdue_list", lang), filters, KIND)
overdue, total = queries.overdue_items(KIND, filters, limit=LIST_LIMIT)
overdue = overdue.sort_values(["days_overdue", "task_id"], ascending=[False, True])
# What a reminder needs first (who, how late, which document) before the details: on a tablet
# the right-hand columns scroll out of sight.
LIST_COLS = [Col("agency_name", "col_lead_agency", width="medium"), Col("due_day", "col_deadline", "date"),
             Col("doc_number", "col_doc_number"), Col("summary", "col_summary", width="large"),
             Col("assigned_by", "col_assigned_by", width="medium"), Col("doc_kind", "col_doc_kind"),
             Col("doc_date", "col_doc_date", "date")]
show_table(overdue, [Col("days_overdue", "col_days_overdue", "int"), *LIST_COLS], filters, "tasks_overdue",
           code_column="agency_code")
shown_of(len(overdue), total, lang)
# Item 11 of the directive: the list of agencies to remind, and the letter the office signs.
left, right = st.columns(2)
with left:
    components.report_download("overdue", ".xlsx", tx("report_overdue_xlsx", lang), filters, key="overdue_xlsx")
with right:
    components.report_download("overdue", ".docx", tx("report_overdue_docx", lang), filters, key="overdue_docx")

# ---------------------------------------------------------------------- due soon
section(tx("tasks_due_soon", lang), filters, KIND)
within = st.columns([1, 3])[0].number_input(tx("due_within", lang), min_value=0, max_value=365, value=7, step=1,
                                            key="due_within")
soon, soon_total = work_queries.tasks_due_soon(filters, int(within), limit=LIST_LIMIT)
show_table(soon, [Col("days_left", "col_days_left", "int"), *LIST_COLS], filters, "tasks_due_soon",
           code_column="agency_code")
shown_of(len(soon), soon_total, lang)
