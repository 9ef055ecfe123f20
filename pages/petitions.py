"""Phản ánh, kiến nghị (petitions; issue 3, item 6).

Top to bottom: KPI cards → the backlog over time (flows received / answered, stocks open /
overdue at each month's end) → aging → the agencies with the most overdue (click opens the
agency) → channel, field, satisfaction → bouncing: transfer counts, the agencies that pass
petitions on most, and the petitions transferred three times or more (item 9 of the directive).
Sender data never reaches this page (the database keeps only a keyed hash).
"""
from __future__ import annotations

import streamlit as st

from dashboard import charts, components, queries, work_queries
from dashboard.page_parts import Col, figure, filter_words, kpis, section, show_table, shown_of
from dashboard.value_labels import labels
from dashboard.work_text import tx

KIND = "petitions"

filters = components.sidebar_filters()
lang = filters.lang
st.title(tx("petitions_title", lang))
components.context_caption(filters, KIND)
# The page's larger queries side by side (queries.in_parallel); the sections find them in the cache.
queries.in_parallel(lambda: work_queries.backlog_by_month(filters), lambda: queries.figures(KIND, filters, by="agency"),
                    lambda: work_queries.passers(filters), lambda: work_queries.figures_by(KIND, "channel", filters),
                    lambda: queries.figures(KIND, filters, by="field"))
city = kpis(KIND, ("total", "open", "open_overdue", "answered_on_time_rate_pct", "transferred_3_or_more"), filters)
note = filter_words(filters)
axis = f"{tx('axis_petitions', lang)} ({tx('unit_petitions', lang)})"

# ---------------------------------------------------------------------- backlog over time
section(tx("backlog_title", lang), filters, KIND)
backlog = work_queries.backlog_by_month(filters)
figure(charts.monthly_chart(backlog, [
    charts.Series("received", tx("s_received", lang), charts.OPEN, "bar"),
    charts.Series("answered", tx("s_answered", lang), charts.GOOD, "bar"),
    charts.Series("open_end", tx("s_open_end", lang), charts.ACCENT, "line"),
    charts.Series("open_overdue_end", tx("s_open_overdue_end", lang), charts.BAD, "line"),
], title=tx("backlog_title", lang), y_title=axis, as_of=filters.end, lang=lang, note=note),
    "petitions_backlog", filters, clickable=False)

# ---------------------------------------------------------------------- aging
section(tx("pet_aging_overdue", lang), filters, KIND)
figure(charts.aging_bars(work_queries.aging(KIND, filters), title=tx("pet_aging_overdue", lang), y_title=axis,
                         as_of=filters.end, lang=lang, x_title=tx("axis_days_overdue", lang), note=note),
       "petitions_aging_overdue", filters, clickable=False)
section(tx("pet_aging_open", lang), filters, KIND)
figure(charts.aging_bars(work_queries.aging(KIND, filters, since="start"), title=tx("pet_aging_open", lang),
                         y_title=axis, as_of=filters.end, lang=lang, x_title=tx("axis_days_open", lang), note=note),
       "petitions_aging_open", filters, clickable=False)

# ---------------------------------------------------------------------- overdue by agency
section(tx("pet_worst_overdue", lang), filters, KIND)
st.caption(tx("click_agency", lang))
figure(charts.agency_bars(queries.figures(KIND, filters, by="agency"), "open_overdue",
                          title=tx("pet_worst_overdue", lang), x_title=axis, as_of=filters.end, lang=lang, n=15,
                          note=note),
       "petitions_worst", filters)

# ---------------------------------------------------------------------- channel, field, satisfaction
section(tx("pet_by_channel", lang), filters, KIND)
channels = work_queries.figures_by(KIND, "channel", filters)
figure(charts.share_donut(labels("petition_channel", channels["key"], lang), channels["total"].tolist(),
                          title=tx("pet_by_channel", lang), as_of=filters.end, lang=lang,
                          unit=tx("unit_petitions", lang), note=note),
       "petitions_channel", filters, clickable=False)

section(tx("pet_by_field", lang), filters, KIND)
fields = queries.figures(KIND, filters, by="field")
figure(charts.category_bars([n if k else tx("unknown_value", lang) for k, n in zip(fields["key"], fields["name"])],
                            fields["total"].tolist(), title=tx("pet_by_field", lang), x_title=axis,
                            as_of=filters.end, lang=lang, n=12, note=note),
       "petitions_field", filters, clickable=False)

section(tx("pet_satisfaction", lang), filters, KIND)
votes = work_queries.figures_by(KIND, "satisfaction", filters)
colors = {"satisfied": charts.GOOD, "unsatisfied": charts.BAD}
figure(charts.share_donut(labels("satisfaction", votes["key"], lang), votes["answered"].tolist(),
                          title=tx("pet_satisfaction", lang), as_of=filters.end, lang=lang,
                          colors=[colors.get(k, charts.NEUTRAL_GREY) for k in votes["key"]],
                          unit=tx("unit_petitions", lang), note=note),
       "petitions_satisfaction", filters, clickable=False)

# ---------------------------------------------------------------------- bouncing
st.header(tx("bounce_title", lang), divider="gray")
section(tx("bounce_dist", lang), filters, KIND)
dist = work_queries.transfer_distribution(filters)
figure(charts.bucket_bars(dist["transfers"].astype(str).tolist(), dist["count"].tolist(),
                          title=tx("bounce_dist", lang), x_title=tx("bounce_axis", lang), y_title=axis,
                          as_of=filters.end, lang=lang,
                          colors=[charts.GOOD if n == 0 else charts.WARN if n < 3 else charts.BAD
                                  for n in dist["transfers"]], note=note),
       "petitions_transfers", filters, clickable=False)

section(tx("passers_title", lang), filters, KIND)
st.caption(tx("click_agency", lang))
figure(charts.agency_bars(work_queries.passers(filters, limit=15), "handoffs", title=tx("passers_title", lang),
                          x_title=f"{tx('passers_axis', lang)} ({tx('bounce_axis', lang).lower()})",
                          as_of=filters.end, lang=lang, n=15, color=charts.WARN, note=note),
       "petitions_passers", filters)

section(tx("bounced_list", lang), filters, KIND)
bounced = work_queries.bounced(filters, limit=200)
bounced["channel"] = labels("petition_channel", bounced["channel"], lang)
show_table(bounced, [Col("transfer_count", "col_transfers", "int"), Col("path", "col_path", width="large"),
                     Col("agency_name", "col_current", width="medium"), Col("petition_id", "col_petition_id"),
                     Col("title", "col_title", width="large"), Col("field", "col_field"),
                     Col("channel", "col_channel"), Col("received_day", "col_received", "date"),
                     Col("due_day", "col_deadline", "date"), Col("answered_day", "col_answered", "date")],
           filters, "petitions_bounced", code_column="agency_code")
shown_of(len(bounced), int(city["transferred_3_or_more"]), lang)
