"""Hồ sơ TTHC (administrative procedure dossiers; issue 3, item 5).

Top to bottom: KPI cards → the worst agencies (on-time rate, overdue in progress; a click opens
the agency) → by level, channel and field → the Biểu 06 table for a chosen period → lateness in
working days → apology letters → agency × month heat map → the procedures late most often.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from dashboard import bieu06, charts, components, dossier_views, queries, work_queries
from dashboard.breakdowns import LATENESS_BINS
from dashboard.i18n import fmt_date, fmt_pct
from dashboard.page_parts import Col, figure, filter_words, kpis, metric_label, section, show_table
from dashboard.value_labels import labels
from dashboard.work_text import tx
from dashboard.reports.safe import to_csv_bytes  # formulas neutralised, no personal data

KIND = "dossiers"
MIN_RESOLVED = 10   # an agency with 2 dossiers and 1 late is not "the worst at 50 %"
MIN_LATE = 5


def period_choices(f) -> dict[str, tuple[dt.date, dt.date]]:
    """Periods offered for the form, all ending on the as-of day (reproducible from the URL)."""
    end = f.as_of
    q_month = 3 * ((end.month - 1) // 3) + 1
    h_month = 1 if end.month <= 6 else 7
    out = {}
    if f.date_from:
        out["bieu06_from_filters"] = (f.date_from, f.end)
    out.update({"bieu06_month": (end.replace(day=1), end), "bieu06_quarter": (dt.date(end.year, q_month, 1), end),
                "bieu06_half": (dt.date(end.year, h_month, 1), end), "bieu06_year": (dt.date(end.year, 1, 1), end)})
    return out


filters = components.sidebar_filters()
lang = filters.lang
st.title(tx("dossiers_title", lang))
components.context_caption(filters, KIND)
choices = period_choices(filters)
# The Biểu 06 period chosen below (its radio's value from the last run; the first choice at first).
start, end = choices.get(st.session_state.get("bieu06_period")) or next(iter(choices.values()))
# Every pass over the dossiers this page makes, side by side, longest first (queries.in_parallel);
# the sections below find them in the cache.
queries.in_parallel(lambda: queries.figures(KIND, filters), lambda: queries.city_figures_only(KIND, filters.previous()),
                    lambda: work_queries.bieu06(replace(filters, date_from=start, date_to=end)),
                    lambda: queries.lateness(filters), lambda: work_queries.late_by_agency_month(filters))
city = kpis(KIND, ("received", "on_time_rate_pct", "resolved_late", "in_progress_overdue", "late_with_apology"),
            filters)
note = filter_words(filters)
axis = f"{tx('axis_dossiers', lang)} ({tx('unit_dossiers', lang)})"

# ---------------------------------------------------------------------- worst agencies
per_agency = queries.figures(KIND, filters, by="agency")
section(tx("dossiers_worst_rate", lang), filters, KIND)
st.caption(f"{tx('click_agency', lang)} {tx('min_volume', lang, n=MIN_RESOLVED, unit=tx('unit_dossiers', lang))}")
ranked = per_agency[per_agency["resolved"] >= MIN_RESOLVED]
figure(charts.agency_bars(ranked, "on_time_rate_pct", title=tx("dossiers_worst_rate", lang),
                          x_title=f"{metric_label(KIND, 'on_time_rate_pct', lang)} (%)", as_of=filters.end,
                          lang=lang, n=15, ascending=True, pct=True, target=100, color=charts.WARN, note=note),
       "dossiers_worst_rate", filters)
section(tx("dossiers_worst_overdue", lang), filters, KIND)
figure(charts.agency_bars(per_agency, "in_progress_overdue", title=tx("dossiers_worst_overdue", lang),
                          x_title=axis, as_of=filters.end, lang=lang, n=15, note=note),
       "dossiers_worst_overdue", filters)

# ---------------------------------------------------------------------- level, channel, field
section(tx("dossiers_by_level", lang), filters, KIND)
levels = work_queries.by_level(KIND, filters)
levels["level"] = [tx(f"level_{k}", lang) for k in levels["key"]]
levels["late"] = dossier_views.late_count(levels)
show_table(levels, [Col("level", "col_level"), Col("received", metric_label(KIND, "received", lang), "int"),
                    Col("resolved", metric_label(KIND, "resolved", lang), "int"),
                    Col("on_time_rate_pct", metric_label(KIND, "on_time_rate_pct", lang), "pct"),
                    Col("resolved_late", metric_label(KIND, "resolved_late", lang), "int"),
                    Col("in_progress_overdue", metric_label(KIND, "in_progress_overdue", lang), "int")],
           filters, "dossiers_by_level")

section(tx("dossiers_by_channel", lang), filters, KIND)
channels = work_queries.figures_by(KIND, "channel", filters)
figure(charts.share_donut(labels("dossier_channel", channels["key"], lang), channels["received"].tolist(),
                          title=tx("dossiers_by_channel", lang), as_of=filters.end, lang=lang,
                          colors=[charts.OPEN, charts.GOOD, charts.WARN, charts.NEUTRAL_GREY],
                          unit=tx("unit_dossiers", lang), note=note),
       "dossiers_by_channel", filters, clickable=False)

section(tx("dossiers_by_field", lang), filters, KIND)
by_field = queries.figures(KIND, filters, by="field")
figure(charts.category_bars([n if k else tx("unknown_value", lang) for k, n in zip(by_field["key"], by_field["name"])],
                            dossier_views.late_count(by_field).tolist(), title=tx("dossiers_by_field", lang),
                            x_title=axis, as_of=filters.end, lang=lang, n=12, color=charts.BAD, note=note),
       "dossiers_by_field", filters, clickable=False)


# ---------------------------------------------------------------------- Biểu 06
section(tx("bieu06_title", lang), filters, KIND)
chosen = st.radio(tx("bieu06_period", lang), list(choices), horizontal=True, key="bieu06_period",
                  format_func=lambda k: tx(k, lang, start=fmt_date(choices[k][0]), end=fmt_date(choices[k][1])))
start, end = choices[chosen or next(iter(choices))]
form = work_queries.bieu06(replace(filters, date_from=start, date_to=end))
form_cols = [Col("name", "col_agency", width="medium")] + [Col(c, h, "int") for c, h in bieu06.headers(lang).items()]
show_table(form, form_cols, filters, "bieu06", code_column="key")
bad = int((~form["identity_ok"]).sum())
if bad:
    st.warning(tx("bieu06_identity_bad", lang, n=bad))
else:
    st.caption(tx("bieu06_identity_ok", lang))
csv = form.drop(columns=["identity_ok"]).rename(columns={"name": tx("col_agency", lang), **bieu06.headers(lang)})
st.download_button(tx("download_csv", lang), to_csv_bytes(csv.drop(columns=["key"])),
                   file_name=f"bieu06_{start.isoformat()}_{end.isoformat()}.csv", mime="text/csv", key="bieu06_csv")
components.report_download("bieu06", ".xlsx", tx("report_bieu06", lang), filters, key="bieu06_xlsx",
                           date_from=start, date_to=end)  # the official layout, same period

# ---------------------------------------------------------------------- lateness, apology
section(tx("lateness_title", lang), filters, KIND)
late = queries.lateness(filters).iloc[0]
figure(charts.lateness_histogram([b[0] for b in LATENESS_BINS], [int(late[b[1]]) for b in LATENESS_BINS],
                                 title=tx("lateness_title", lang), y_title=axis, as_of=filters.end, lang=lang,
                                 note=note),
       "dossiers_lateness", filters, clickable=False)

section(tx("apology_title", lang), filters, KIND, help_text=tx("apology_help", lang))
share = dossier_views.apology_share(queries.figures(KIND, filters)).iloc[0]
st.metric(tx("apology_share", lang), fmt_pct(share["apology_pct"], 1, lang), help=tx("apology_help", lang),
          border=True)
agency_share = dossier_views.apology_share(per_agency)
figure(charts.agency_bars(agency_share[agency_share["late"] >= MIN_LATE], "apology_pct",
                          title=tx("apology_worst", lang), x_title=f"{tx('apology_share', lang)} (%)",
                          as_of=filters.end, lang=lang, n=15, ascending=True, pct=True, target=100,
                          color=charts.WARN, note=note),
       "dossiers_apology", filters)

# ---------------------------------------------------------------------- heat map, procedures
section(tx("heatmap_title", lang), filters, KIND)
figure(charts.agency_month_heatmap(work_queries.late_by_agency_month(filters), "late_total",
                                   title=tx("heatmap_title", lang), colorbar_title=tx("axis_dossiers", lang),
                                   as_of=filters.end, lang=lang, n=20, note=note),
       "dossiers_heatmap", filters)

section(tx("late_procedures", lang), filters, KIND)
procs = work_queries.late_procedures(filters, n=15)
show_table(procs, [Col("name", "col_procedure", width="large"), Col("late", "col_late", "int"),
                   Col("handled", "col_handled", "int"), Col("late_pct", "col_late_pct", "pct"),
                   Col("late_with_apology", metric_label(KIND, "late_with_apology", lang), "int"),
                   Col("key", "col_procedure_code")],
           filters, "late_procedures")
