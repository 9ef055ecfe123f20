"""Streamlit widgets shared by every page: the filters, the context line, the demo banner, KPI
cards, charts and tables that open an agency's page when clicked.

Filters and the URL. The filters a user sees are always in the URL (`st.query_params`), so a
link reproduces them. The rule for which side wins:
  * a URL with parameters that this session did not write itself (a shared link, or a
    `switch_page(..., query_params=...)`) sets the filters;
  * otherwise the filters the session already has stay (moving between pages with the
    navigation menu clears the query string; the filters must not reset then), and are written
    back to the URL.
The Filters currently shown live in a plain session key (not a widget key) because Streamlit
forgets the state of widgets that a page does not render, and each page renders its own copy.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import streamlit as st

from . import metric_registry, queries, settings
from .filters import LEVELS, Filters
from .i18n import DEFAULT_LANG, LANGS, fmt_date, fmt_number, fmt_value, t

_STATE = "_oversight_filters"   # the Filters in force (survives page changes)
_WRITTEN = "_oversight_query"   # the query dict this session last wrote to the URL
_W = {name: f"flt_{name}" for name in ("lang", "as_of", "date_from", "date_to", "agency_kind", "agency",
                                       "locality", "field")}
AGENCY_PAGE = settings.PAGES_DIR / "agency.py"
_LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}


# ---------------------------------------------------------------------- filters
def default_as_of() -> dt.date:
    """The latest snapshot in the data; today only when nothing is imported (the context line
    then says there is no data, so "today" is never passed off as a data date)."""
    return queries.latest_snapshot() or dt.date.today()


def current_lang() -> str:
    """The language in force, readable before the page's filters are drawn (page titles)."""
    lang = st.session_state.get(_W["lang"])
    if lang in LANGS:
        return lang
    f = st.session_state.get(_STATE)
    if isinstance(f, Filters):
        return f.lang
    q = st.query_params.get("lang")
    return q if q in LANGS else DEFAULT_LANG


def _url_filters(default: dt.date) -> tuple[Filters | None, dict[str, str]]:
    url = st.query_params.to_dict()
    if url and url != st.session_state.get(_WRITTEN):
        return Filters.from_query(url, default), url
    return None, url


def _load_widgets(f: Filters) -> None:
    for name, key in _W.items():
        st.session_state[key] = getattr(f, name)


def _options(lang: str) -> dict[str, list]:
    ag = queries.agencies()
    order = {"department": 0, "district": 1, "commune": 2}
    ag = ag.assign(_o=ag["level"].map(order).fillna(3)).sort_values(["_o", "name"])
    places = ag[ag["level"].isin(["district", "commune"])]
    return {"agency": [None, *ag["code"]], "locality": [None, *places["code"]],
            "field": [None, *queries.fields()], "agency_kind": [None, *LEVELS]}


def sidebar_filters() -> Filters:
    """Draw the shared filters in the sidebar and return them; keeps them and the URL in step."""
    default = default_as_of()
    from_url, _ = _url_filters(default)
    current = from_url or st.session_state.get(_STATE) or Filters(as_of=default)
    if from_url is not None:
        _load_widgets(current)
    for name, key in _W.items():
        # Re-assigning a key to its own value carries it over to the widget of this page: each page
        # has its own widget ids, and a widget first drawn on a page otherwise starts from its
        # default (Streamlit's documented way to keep widget values across pages).
        st.session_state[key] = st.session_state[key] if key in st.session_state else getattr(current, name)

    names = queries.agency_names()
    sb = st.sidebar
    lang = sb.radio(t("language", current.lang), LANGS, key=_W["lang"], horizontal=True,
                    format_func=_LANG_NAMES.get)
    sb.subheader(t("filters", lang))
    opts = _options(lang)
    # Values the options cannot hold (a stale link, another kind chosen) are dropped, not errors.
    kind_now = st.session_state.get(_W["agency_kind"])
    if kind_now:
        lvl = queries.agencies().set_index("code")["level"]
        opts["agency"] = [c for c in opts["agency"] if c is None or lvl.get(c) == kind_now]
    for name in ("agency_kind", "agency", "locality", "field"):
        if st.session_state.get(_W[name]) not in opts[name]:
            st.session_state[_W[name]] = None

    latest = max(default, dt.date.today())
    as_of = sb.date_input(t("as_of", lang), key=_W["as_of"], format="DD/MM/YYYY", help=t("as_of_help", lang),
                          min_value=dt.date(2015, 1, 1), max_value=latest)
    # Stacked, not side by side: two date boxes in one sidebar row cut the year off ("dd/mm/y").
    period = sb.expander(t("period", lang), expanded=bool(current.date_from or current.date_to))
    date_from = period.date_input(t("date_from", lang), key=_W["date_from"], format="DD/MM/YYYY",
                                  min_value=dt.date(2015, 1, 1), max_value=latest)
    date_to = period.date_input(t("date_to", lang), key=_W["date_to"], format="DD/MM/YYYY",
                                min_value=dt.date(2015, 1, 1), max_value=latest)
    all_ = t("all", lang)
    # None is both an option ("all", to clear a choice) and the placeholder shown when nothing is chosen.
    kind = sb.selectbox(t("agency_kind", lang), opts["agency_kind"], key=_W["agency_kind"], placeholder=all_,
                        format_func=lambda v: all_ if v is None else t(f"level_{v}", lang))
    agency = sb.selectbox(t("agency", lang), opts["agency"], key=_W["agency"], placeholder=all_,
                          format_func=lambda c: all_ if c is None else names.get(c, c))
    locality = sb.selectbox(t("locality", lang), opts["locality"], key=_W["locality"], placeholder=all_,
                            format_func=lambda c: all_ if c is None else names.get(c, c))
    field = sb.selectbox(t("field", lang), opts["field"], key=_W["field"], placeholder=all_,
                         format_func=lambda v: all_ if v is None else v)
    sb.button(t("reset_filters", lang), on_click=_reset, args=(default,), width="stretch")

    # Through the URL form once more: the same validation as a link (period order, as-of cap).
    raw = Filters(as_of or default, date_from, date_to, kind, agency, locality, field, lang)
    filters = Filters.from_query(raw.to_query(), default)
    st.session_state[_STATE] = filters
    query = filters.to_query()
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    st.session_state[_WRITTEN] = query
    return filters


def _reset(default: dt.date) -> None:
    lang = st.session_state.get(_W["lang"], DEFAULT_LANG)
    _load_widgets(Filters(as_of=default, lang=lang))


def context_caption(filters: Filters, kind: str | None = None) -> None:
    """The as-of day and the active filters in words; with `kind`, also which filters do not apply."""
    text = filters.describe(queries.agency_names())
    if queries.latest_snapshot() is None:
        text = f"{t('no_data', filters.lang)} · {text}"
    st.caption(text)
    if kind:
        ignored = queries.ignored_filters(kind, filters)
        if ignored:
            what = ", ".join(t(w, filters.lang).lower() for w in ignored)
            st.caption(t("ctx_not_applicable", filters.lang, what=what, kind=t(f"kind_{kind}", filters.lang).lower()))


def demo_banner(lang: str | None = None) -> None:
    if queries.is_demo():
        st.warning(t("demo_banner", lang or current_lang()), icon="⚠️")


# ---------------------------------------------------------------------- KPI cards
@dataclass(frozen=True)
class Kpi:
    """One card: a registry metric of a kind, its value now and in the previous period."""
    kind: str
    metric: str
    value: float | None
    previous: float | None = None
    label: str | None = None  # overrides the registry label (e.g. a shorter one)


def _missing(x) -> bool:
    try:
        return x is None or bool(x != x)
    except (TypeError, ValueError):
        return True


def kpi_delta(item: Kpi, lang: str) -> tuple[str | int | None, str]:
    """(delta for st.metric, delta_color). Rates change in percentage points; the colour follows
    the registry's direction (fewer overdue is green, a higher on-time rate is green)."""
    m = metric_registry.get(item.kind, item.metric)
    color = {"higher": "normal", "lower": "inverse"}.get(m.direction, "off")
    if _missing(item.value) or _missing(item.previous):
        return None, color
    decimals = 1 if m.unit == "%" else 0
    diff = round(float(item.value) - float(item.previous), decimals)
    if diff == 0:  # "+0,0" would still draw an arrow: a zero change is the number 0 (grey)
        return 0, color
    text = fmt_number(diff, decimals, lang)
    text = text if text.startswith("-") else f"+{text}"
    if m.unit == "%":
        text = f"{text} {t('pct_points', lang)}"
    return text, color


# Streamlit cuts metric labels and change notes with "…" when a card is narrow (three cards
# beside the open sidebar on a 1024 px tablet): let them wrap onto a second line instead.
BASE_STYLE = """<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] *,
[data-testid="stMetricDeltaDescription"], [data-testid="stMetricDeltaDescription"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important;
}
</style>"""


def base_style() -> None:
    st.html(BASE_STYLE)


def kpi_row(items: Sequence[Kpi], filters: Filters) -> None:
    """A row of metric cards: value, change since the previous period, target; help = description."""
    lang = filters.lang
    prev = filters.previous()
    cols = st.columns(len(items)) if items else []
    for col, item in zip(cols, items):
        m = metric_registry.get(item.kind, item.metric)
        label = item.label or (m.en if lang == "en" else m.vi)
        delta, color = kpi_delta(item, lang)
        help_ = m.desc_en if lang == "en" else m.desc_vi
        if m.target_source:
            help_ += f"\n\n{m.target_source}"
        col.metric(label, fmt_value(item.value, m.unit, lang), delta=delta, delta_color=color, help=help_,
                   border=True, delta_description=t("kpi_vs", lang, date=fmt_date(prev.end)) if delta is not None
                   else None)
        # The target under the card (inside it, it was cut on a tablet); a blank line where a metric
        # has no target keeps the rows aligned.
        col.caption(t("kpi_target", lang, value=fmt_value(m.target, m.unit, lang, decimals=0))
                    if m.target is not None else "\u00a0")


# ---------------------------------------------------------------------- drill-down to an agency
def agency_query(code: str, filters: Filters) -> dict[str, str]:
    """The query parameters of the agency page for `code`, keeping the date filters and language."""
    return replace(filters, agency=code, agency_kind=None, locality=None).to_query()


def open_agency(code: str, filters: Filters) -> None:
    """Go to the agency page of `code` (keeps the dates and the language)."""
    st.switch_page(AGENCY_PAGE, query_params=agency_query(code, filters))


def page_link(file_name: str, label: str, query_params: Mapping[str, str] | None = None, *, container=None,
              icon: str | None = None) -> None:
    """st.page_link to pages/<file_name>, drawn only when that page is part of the navigation (a
    page run on its own, as in a test, or a page not written yet, gets no link instead of an error)."""
    from streamlit.errors import StreamlitAPIException

    path = settings.PAGES_DIR / file_name
    if not path.exists():
        return
    try:
        (container or st).page_link(path, label=label, query_params=dict(query_params or {}), icon=icon)
    except StreamlitAPIException:
        pass


def agency_link(code: str, filters: Filters, label: str | None = None, container=None) -> None:
    """A link to the agency page of `code`."""
    page_link("agency.py", label or queries.agency_names().get(code, code), agency_query(code, filters),
              container=container, icon="🏛️")


def code_from_selection(selection: Mapping | None) -> str | None:
    """The agency code of the first selected point: customdata[0] (or customdata itself) when the
    chart put the code there, else the location of a map region."""
    points = ((selection or {}).get("selection") or {}).get("points") or []
    for p in points:
        cd = p.get("customdata")
        if isinstance(cd, (list, tuple)) and cd:
            cd = cd[0]
        if cd not in (None, ""):
            return str(cd)
        if p.get("location") not in (None, ""):
            return str(p["location"])
    return None


_PLOTLY_CONFIG = {"displaylogo": False, "locale": "vi",
                  "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


def chart(fig, key: str, on_select: str = "rerun", filters: Filters | None = None) -> str | None:
    """Draw a plotly figure; return the agency code of a clicked bar/point/region (put the code in
    customdata, or use a choropleth keyed by code). With `filters`, a click opens that agency's page."""
    config = dict(_PLOTLY_CONFIG, locale="en" if filters is not None and filters.lang == "en" else "vi")
    if on_select == "ignore":
        st.plotly_chart(fig, key=key, config=config)
        return None
    event = st.plotly_chart(fig, key=key, on_select=on_select, selection_mode="points", config=config)
    code = code_from_selection(event if isinstance(event, Mapping) else None)
    if code and filters is not None and code in queries.agency_names():
        open_agency(code, filters)
    return code


def table(df, key: str, filters: Filters | None = None, code_column: str = "key", **kwargs) -> str | None:
    """st.dataframe with single-row selection; returns (and with `filters`, opens) the row's agency."""
    event = st.dataframe(df, key=key, on_select="rerun", selection_mode="single-row", hide_index=True, **kwargs)
    rows = (event or {}).get("selection", {}).get("rows", []) if isinstance(event, Mapping) else []
    if not rows or code_column not in df.columns:
        return None
    code = str(df.iloc[rows[0]][code_column])
    if filters is not None and code in queries.agency_names():
        open_agency(code, filters)
    return code


# ---------------------------------------------------------------------- report downloads
def report_download(name: str, ext: str, label: str, filters: Filters, *, key: str,
                    date_from=None, date_to=None) -> None:
    """A button that builds report `name` for the current filters, then offers it for download.

    Two steps on purpose: a report (above all the PDF pack, with its charts) takes seconds, and
    must not be rebuilt on every rerun of the page just because a download button is shown."""
    from dashboard.reports import files

    state = f"report_{key}"
    if st.button(label, key=f"{key}_make", icon=":material/description:"):
        with st.spinner(t("report_building", filters.lang)):
            st.session_state[state] = (filters, files.make(
                queries.engine(), name, ext, filters.end, date_from=date_from, date_to=date_to, agency=filters.agency))
    made = st.session_state.get(state)
    if made and made[0] == filters:
        st.download_button(t("report_download", filters.lang, file=files.file_name(name, ext, filters.end, filters.agency)),
                           made[1], file_name=files.file_name(name, ext, filters.end, filters.agency),
                           mime=files.MIME[ext], key=f"{key}_get", icon=":material/download:")
