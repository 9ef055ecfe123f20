"""DataFrame → plotly Figure. Pure functions: no Streamlit, no database, testable on their own.

Every figure carries what a reader needs without the page around it (a chart is screenshotted,
pasted into a report, shown on a meeting screen): a title, axis titles with units, and the
as-of date as a subtitle ("Số liệu tính đến dd/mm/yyyy"). Numbers use the reader's separators
(Vietnamese 1.234,5 via plotly's `separators`), so the hover texts and bar labels agree with
the tables on the page.

Why agency names are shortened on the axis but not in the hover: Vietnamese agency names are
long ("Sở Nông nghiệp và Phát triển nông thôn"); a full-length axis label steals half the width
of a 1024-px tablet screen. Every bar that stands for an agency carries its code in
`customdata`, so a click on it can open that agency's page.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

# --------------------------------------------------------------------------- shared look
FONT_FAMILY = "'Source Sans Pro', 'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif"
BASE_FONT = 14
TITLE_FONT = 18
SEPARATORS = {"vi": ",.", "en": ".,"}  # plotly: decimal mark, then thousands separator
TEXT = {
    "vi": {"as_of": "Số liệu tính đến {d}", "empty": "Không có dữ liệu cho lựa chọn này",
           "target": "Mục tiêu", "other": "Khác", "month": "Tháng", "total": "Tổng"},
    "en": {"as_of": "Data as of {d}", "empty": "No data for this selection",
           "target": "Target", "other": "Other", "month": "Month", "total": "Total"},
}
# One colour per meaning, the same on every page (green = good, red = overdue).
GOOD, WARN, BAD, OPEN, NEUTRAL_GREY, ACCENT = "#2e7d32", "#ef8c00", "#c62828", "#1e66c9", "#9e9e9e", "#6a3d9a"
LABEL_CHARS = 34  # agency names on an axis are cut to this many characters (full name in the hover)


def _lang(lang: str) -> str:
    return lang if lang in TEXT else "vi"


def fmt_day(d: dt.date | None) -> str:
    """dd/mm/yyyy, the Vietnamese convention (also used in English, as the issue asks)."""
    return d.strftime("%d/%m/%Y") if d else ""


def as_of_text(as_of: dt.date | None, lang: str = "vi") -> str:
    return TEXT[_lang(lang)]["as_of"].format(d=fmt_day(as_of)) if as_of else ""


def short(name: str, limit: int = LABEL_CHARS) -> str:
    name = str(name)
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def wrap(text: str, width: int = 60) -> str:
    """Break a long title into lines of at most `width` characters (plotly does not wrap)."""
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return "<br>".join(lines)


# Room the title block takes at the top, in pixels (the layout is positioned in pixels so that
# a figure looks the same at 1920 and at 1024 pixels wide).
_TOP_PAD, _TITLE_LINE, _SUBTITLE = 24, 24, 24
# Width assumed for the legend when reserving its rows: the plot of a full-width chart on a
# 1024-pixel tablet with the sidebar open. Wider screens fit the legend in fewer rows.
_LEGEND_WIDTH = 480


def _legend_rows(fig: go.Figure) -> int:
    names = [tr.name for tr in fig.data if tr.name and tr.showlegend is not False]
    if not names:
        return 0
    rows, used = 1, 0
    for n in names:
        w = 40 + 8 * len(str(n))  # symbol + gap + text at the base font
        if used and used + w > _LEGEND_WIDTH:
            rows, used = rows + 1, 0
        used += w
    return rows


def _finish(fig: go.Figure, *, title: str, as_of: dt.date | None, lang: str, x_title: str | None,
            y_title: str | None, height: int, note: str | None = None, legend: bool = True) -> go.Figure:
    """Title, subtitle (as-of date and an optional note), axis titles, fonts and separators.

    The legend sits between the subtitle and the plot, laid out across the whole figure width
    (xref/yref "container"), with the top margin sized for the rows it may wrap into, so that
    it can never overlap the title, whatever the width of the screen."""
    lang = _lang(lang)
    subtitle = " · ".join(s for s in (as_of_text(as_of, lang), note) if s)
    title_text = wrap(title)
    title_block = _TOP_PAD + _TITLE_LINE * (title_text.count("<br>") + 1) + (_SUBTITLE if subtitle else 0)
    rows = _legend_rows(fig) if legend else 0
    top = title_block + 24 * rows + 12
    height = height + 24 * max(rows - 1, 0)
    fig.update_layout(
        title=dict(text=title_text, subtitle=dict(text=subtitle, font=dict(size=BASE_FONT - 1, color="#555")),
                   font=dict(size=TITLE_FONT), x=0.005, xanchor="left", xref="container",
                   y=1 - _TOP_PAD / height, yanchor="top", yref="container"),
        font=dict(family=FONT_FAMILY, size=BASE_FONT, color="#222"),
        separators=SEPARATORS[lang],
        height=height,
        margin=dict(l=10, r=30, t=top, b=10),
        showlegend=legend,
        legend=dict(orientation="h", xref="container", x=0.005, xanchor="left", yref="container",
                    y=1 - (title_block + 4) / height, yanchor="top", title_text="", traceorder="normal"),
        hoverlabel=dict(font_size=BASE_FONT),
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    axis = dict(automargin=True, title_font=dict(size=BASE_FONT), tickfont=dict(size=BASE_FONT - 1),
                gridcolor="#e6e6e6", zerolinecolor="#bbb")
    fig.update_xaxes(title_text=x_title, **axis)
    fig.update_yaxes(title_text=y_title, **axis)
    return fig


def _empty(fig: go.Figure, lang: str) -> go.Figure:
    fig.add_annotation(text=TEXT[_lang(lang)]["empty"], showarrow=False, xref="paper", yref="paper",
                       x=0.5, y=0.5, font=dict(size=BASE_FONT + 2, color="#777"))
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False)
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False)
    return fig


def _bar_height(n: int, per_bar: int = 30, extra: int = 170) -> int:
    return max(320, per_bar * n + extra)


COUNT_TICKS = ",~f"  # d3 format: grouped thousands (1.000 in vi), no trailing zeros


def _num_fmt(pct: bool, decimals: int) -> str:
    return f"%{{x:,.{decimals}f}}" if pct else "%{x:,}"


def _pct_sign(lang: str) -> str:
    """Vietnamese writes a space before the per cent sign (90,5 %), as dashboard.i18n.fmt_pct."""
    return " %" if _lang(lang) == "vi" else "%"


# --------------------------------------------------------------------------- agencies
def worst(df: pd.DataFrame, value: str, n: int = 10, *, ascending: bool = False) -> pd.DataFrame:
    """The n rows with the highest (or, ascending, lowest) value; rows without a value are left
    out ("no dossier resolved" is not "0 % on time"); ties broken by name for a stable order."""
    d = df[df[value].notna()]
    if not ascending:
        d = d[d[value] > 0]  # an agency with nothing overdue is not among the worst
    return d.sort_values([value, "name"], ascending=[ascending, True], kind="stable").head(n)


def agency_bars(df: pd.DataFrame, value: str, *, title: str, x_title: str, as_of: dt.date | None,
                lang: str = "vi", n: int = 10, ascending: bool = False, pct: bool = False,
                target: float | None = None, color: str = BAD, note: str | None = None,
                code_col: str = "key", name_col: str = "name", decimals: int = 1) -> go.Figure:
    """Horizontal bars of the n worst agencies by `value` (highest first, or lowest with
    ascending=True, e.g. an on-time rate); the worst at the top. customdata = agency code."""
    d = worst(df, value, n, ascending=ascending)
    codes = d[code_col].astype(str).tolist()
    names = d[name_col].astype(str).tolist()
    fig = go.Figure(go.Bar(
        x=d[value].astype(float).tolist(), y=[short(x) for x in names], orientation="h",
        customdata=codes, marker_color=color, text=d[value].astype(float).tolist(),
        texttemplate=_num_fmt(pct, decimals) + (_pct_sign(lang) if pct else ""),
        # rates: the value inside the bar, clear of a 100 % target line; counts: after the bar
        textposition="auto" if pct else "outside", insidetextanchor="end", cliponaxis=False, hovertext=names,
        hovertemplate="%{hovertext}<br>" + _num_fmt(pct, decimals) + (_pct_sign(lang) if pct else "")
        + "<extra>%{customdata}</extra>",
    ))
    fig.update_yaxes(autorange="reversed", type="category")
    if pct:
        fig.update_xaxes(range=[0, 112], tickvals=[0, 20, 40, 60, 80, 100])
    else:
        fig.update_xaxes(tickformat=COUNT_TICKS)
    if target is not None and len(d):
        # The target is named in the subtitle, not beside the line: any label near a 100 % line
        # either covers a bar's value or is cut at the figure's edge on a tablet.
        fig.add_vline(x=target, line_dash="dash", line_color=GOOD, line_width=2)
        words = {"vi": "vạch đứt", "en": "dashed line"}[_lang(lang)]
        mark = f"{TEXT[_lang(lang)]['target']} {target:g}{_pct_sign(lang) if pct else ''} ({words})"
        note = " · ".join(x for x in (note, mark) if x)
    _finish(fig, title=title, as_of=as_of, lang=lang, x_title=x_title, y_title=None,
            height=_bar_height(len(d)), note=note, legend=False)
    return _empty(fig, lang) if d.empty else fig


@dataclass(frozen=True)
class Part:
    """One segment of a stacked bar: a column of the frame, its label and its colour."""
    column: str
    label: str
    color: str


def stacked_agency_bars(df: pd.DataFrame, parts: Sequence[Part], *, title: str, x_title: str,
                        as_of: dt.date | None, lang: str = "vi", n: int = 15, sort_by: Sequence[str] | None = None,
                        note: str | None = None, code_col: str = "key", name_col: str = "name") -> go.Figure:
    """One horizontal bar per agency, stacked by parts (e.g. the five task categories); agencies
    ordered by the sum of `sort_by` (default: the last part), largest at the top. Every trace
    carries the agency codes in customdata (a click on any segment opens the agency)."""
    sort_cols = list(sort_by or [parts[-1].column])
    d = df.assign(_sort=df[sort_cols].sum(axis=1), _all=df[[p.column for p in parts]].sum(axis=1))
    d = d[d["_all"] > 0].sort_values(["_sort", "_all", name_col], ascending=[False, False, True]).head(n)
    codes = d[code_col].astype(str).tolist()
    names = d[name_col].astype(str).tolist()
    fig = go.Figure()
    for p in parts:
        fig.add_trace(go.Bar(
            name=p.label, x=d[p.column].tolist(), y=[short(x) for x in names], orientation="h",
            marker_color=p.color, customdata=codes, hovertext=names,
            hovertemplate="%{hovertext}<br>" + p.label + ": %{x:,}<extra>%{customdata}</extra>"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(tickformat=COUNT_TICKS)
    _finish(fig, title=title, as_of=as_of, lang=lang, x_title=x_title, y_title=None,
            height=_bar_height(len(d), extra=200), note=note)
    return _empty(fig, lang) if d.empty else fig


# --------------------------------------------------------------------------- distributions
def bucket_bars(labels: Sequence[str], values: Sequence[float], *, title: str, x_title: str, y_title: str,
                as_of: dt.date | None, lang: str = "vi", colors: Sequence[str] | str = BAD,
                note: str | None = None) -> go.Figure:
    """Vertical bars over ordered buckets (aging 1–7 / 8–30 / 31–90 / >90 days, lateness in
    working days, transfer counts). The bucket order is kept as given."""
    labels = [str(x) for x in labels]
    values = [float(v) for v in values]
    fig = go.Figure(go.Bar(x=labels, y=values, marker_color=colors, text=values, texttemplate="%{y:,}",
                           textposition="outside", cliponaxis=False,
                           hovertemplate="%{x}: %{y:,}<extra></extra>"))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=labels)
    top = max(values) if values else 0
    fig.update_yaxes(range=[0, top * 1.15 if top else 1], rangemode="tozero", tickformat=COUNT_TICKS)
    _finish(fig, title=title, as_of=as_of, lang=lang, x_title=x_title, y_title=y_title, height=380,
            note=note, legend=False)
    return _empty(fig, lang) if not any(values) else fig


def aging_bars(df: pd.DataFrame, *, title: str, y_title: str, as_of: dt.date | None, lang: str = "vi",
               x_title: str | None = None, note: str | None = None) -> go.Figure:
    """Aging of overdue items: df with columns `bucket` (1–7, 8–30, 31–90, >90) and `count`.
    Older buckets get darker reds: the eye goes to the oldest backlog first."""
    shades = ["#f4a582", "#e0664f", "#c62828", "#7f0000"]
    colors = [shades[min(i, len(shades) - 1)] for i in range(len(df))]
    x_title = x_title or ("Số ngày quá hạn" if _lang(lang) == "vi" else "Days overdue")
    return bucket_bars(df["bucket"].tolist(), df["count"].tolist(), title=title, x_title=x_title,
                       y_title=y_title, as_of=as_of, lang=lang, colors=colors, note=note)


def lateness_histogram(labels: Sequence[str], values: Sequence[float], *, title: str, y_title: str,
                       as_of: dt.date | None, lang: str = "vi", note: str | None = None) -> go.Figure:
    """Late dossiers by working days of lateness (the buckets of breakdowns.LATENESS_BINS)."""
    x_title = "Số ngày làm việc trễ hạn" if _lang(lang) == "vi" else "Working days late"
    return bucket_bars(labels, values, title=title, x_title=x_title, y_title=y_title, as_of=as_of, lang=lang,
                       colors=BAD, note=note)


def share_donut(labels: Sequence[str], values: Sequence[float], *, title: str, as_of: dt.date | None,
                lang: str = "vi", colors: Sequence[str] | None = None, note: str | None = None,
                unit: str = "") -> go.Figure:
    """Shares of a whole (channels, satisfaction): a donut with the total in the hole."""
    values = [float(v) for v in values]
    total = sum(values)
    fig = go.Figure(go.Pie(labels=[str(x) for x in labels], values=values, hole=0.55, sort=False,
                           marker=dict(colors=list(colors) if colors else None),
                           texttemplate="%{percent:.1%}", textposition="inside",
                           hovertemplate="%{label}: %{value:,} (%{percent:.1%})<extra></extra>"))
    center = f"{TEXT[_lang(lang)]['total']}<br><b>{_group(total, lang)}</b>" + (f"<br>{unit}" if unit else "")
    fig.add_annotation(text=center, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=BASE_FONT + 1))
    _finish(fig, title=title, as_of=as_of, lang=lang, x_title=None, y_title=None, height=400, note=note)
    fig.update_layout(legend=dict(orientation="v", xref="paper", yref="paper", yanchor="middle", y=0.5, x=1.02,
                                  xanchor="left"))
    return _empty(fig, lang) if not total else fig


def _group(x: float, lang: str) -> str:
    """A whole number with the reader's thousands separator (1.234 / 1,234)."""
    s = f"{x:,.0f}"
    return s.replace(",", ".") if _lang(lang) == "vi" else s


def category_bars(labels: Sequence[str], values: Sequence[float], *, title: str, x_title: str,
                  as_of: dt.date | None, lang: str = "vi", n: int = 12, color: str = OPEN,
                  note: str | None = None) -> go.Figure:
    """Horizontal bars of a category (field, procedure, channel), the n largest at the top; the
    rest summed into "Khác" so that the total stays right."""
    d = pd.DataFrame({"label": [str(x) for x in labels], "value": [float(v) for v in values]})
    d = d[d["value"] > 0].sort_values(["value", "label"], ascending=[False, True])
    if len(d) > n:
        rest = d.iloc[n - 1:]["value"].sum()
        d = pd.concat([d.iloc[: n - 1], pd.DataFrame({"label": [TEXT[_lang(lang)]["other"]], "value": [rest]})])
    fig = go.Figure(go.Bar(x=d["value"].tolist(), y=[short(x, 40) for x in d["label"]], orientation="h",
                           marker_color=color, text=d["value"].tolist(), texttemplate="%{x:,}",
                           textposition="outside", cliponaxis=False, hovertext=d["label"].tolist(),
                           hovertemplate="%{hovertext}: %{x:,}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(tickformat=COUNT_TICKS)
    _finish(fig, title=title, as_of=as_of, lang=lang, x_title=x_title, y_title=None,
            height=_bar_height(len(d)), note=note, legend=False)
    return _empty(fig, lang) if d.empty else fig


# --------------------------------------------------------------------------- time
def month_axis(months: Sequence[str]) -> list[pd.Timestamp]:
    """'YYYY-MM' → the first day of the month (a real date axis keeps gaps visible)."""
    return [pd.Timestamp(f"{m}-01") for m in months]


@dataclass(frozen=True)
class Series:
    """One line/area/bar of a monthly chart. kind: "line" (a stock), "bar" (a flow) or "area"."""
    column: str
    label: str
    color: str
    kind: str = "line"


def monthly_chart(df: pd.DataFrame, series: Sequence[Series], *, title: str, y_title: str,
                  as_of: dt.date | None, lang: str = "vi", month_col: str = "month",
                  note: str | None = None) -> go.Figure:
    """Months on x (mm/yyyy), flows as grouped bars and stocks as lines on the same count axis."""
    x = month_axis(df[month_col].astype(str).tolist()) if len(df) else []
    fig = go.Figure()
    for s in series:
        y = df[s.column].tolist() if len(df) else []
        hover = f"{s.label}: %{{y:,}}<extra>%{{x|%m/%Y}}</extra>"
        if s.kind == "bar":
            fig.add_trace(go.Bar(name=s.label, x=x, y=y, marker_color=s.color, hovertemplate=hover))
        else:
            fig.add_trace(go.Scatter(name=s.label, x=x, y=y, mode="lines+markers", line=dict(color=s.color, width=2.5),
                                     fill="tozeroy" if s.kind == "area" else None, hovertemplate=hover))
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(tickformat="%m/%Y", dtick="M3" if len(df) > 18 else "M1", ticklabelmode="period")
    fig.update_yaxes(rangemode="tozero", tickformat=COUNT_TICKS)
    x_title = TEXT[_lang(lang)]["month"]
    _finish(fig, title=title, as_of=as_of, lang=lang, x_title=x_title, y_title=y_title, height=420, note=note)
    return _empty(fig, lang) if not len(df) else fig


def agency_month_heatmap(df: pd.DataFrame, value: str, *, title: str, colorbar_title: str,
                         as_of: dt.date | None, lang: str = "vi", n: int = 20, note: str | None = None,
                         code_col: str = "key", name_col: str = "name", month_col: str = "month") -> go.Figure:
    """Agency × month heat map of `value` (long frame: key, name, month, value); the n agencies
    with the largest total at the top; customdata = agency code in every cell."""
    d = df[[code_col, name_col, month_col, value]]
    totals = d.groupby([code_col, name_col], as_index=False)[value].sum()
    totals = totals[totals[value] > 0].sort_values([value, name_col], ascending=[False, True]).head(n)
    d = d[d[code_col].isin(totals[code_col])]
    # every month from the first to the last, so that a month without any is a visible gap
    present = sorted(d[month_col].astype(str).unique())
    months = ([str(p) for p in pd.period_range(present[0], present[-1], freq="M")] if present else [])
    z = (d.pivot_table(index=code_col, columns=month_col, values=value, aggfunc="sum", fill_value=0)
         .reindex(index=totals[code_col], columns=months, fill_value=0))
    codes = totals[code_col].astype(str).tolist()
    names = totals[name_col].astype(str).tolist()
    labels = [f"{m[5:7]}/{m[:4]}" for m in months]
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy().tolist(), x=labels, y=[short(x) for x in names],
        customdata=[[c] * len(months) for c in codes], colorscale="Reds", xgap=1, ygap=1,
        colorbar=dict(title=dict(text=colorbar_title, side="right"), thickness=14, tickformat=COUNT_TICKS),
        hovertemplate="%{y}<br>%{x}: %{z:,}<extra>%{customdata}</extra>"))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", tickangle=-45 if len(months) > 12 else 0)
    x_title = TEXT[_lang(lang)]["month"]
    _finish(fig, title=title, as_of=as_of, lang=lang, x_title=x_title, y_title=None,
            height=max(360, 26 * len(codes) + 220), note=note, legend=False)
    return _empty(fig, lang) if totals.empty else fig


# --------------------------------------------------------------------------- targets
def target_progress(df: pd.DataFrame, *, title: str, as_of: dt.date | None, lang: str = "vi",
                    x_title: str | None = None, note: str | None = None) -> go.Figure:
    """Progress bars against targets (the four of item 7 of the directive). df columns:
    label, value (%, may be NA), target (%). A bar is green when it reaches its target, else
    orange; the target is a black tick on the bar; the text says "value % / target %"."""
    d = df.reset_index(drop=True)
    values = [None if pd.isna(v) else float(v) for v in d["value"]]
    reached = [v is not None and v >= t for v, t in zip(values, d["target"])]
    t = TEXT[_lang(lang)]

    def pct(v):
        return "–" if v is None else (f"{v:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
                                      if _lang(lang) == "vi" else f"{v:,.1f}")

    texts = [f"{pct(v)}% / {t['target'].lower()} {pct(float(g))}%" for v, g in zip(values, d["target"])]
    labels = d["label"].astype(str).tolist()
    fig = go.Figure()
    fig.add_trace(go.Bar(x=[100] * len(d), y=labels, orientation="h", marker_color="#eeeeee",
                         hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Bar(x=[v or 0 for v in values], y=labels, orientation="h",
                         marker_color=[GOOD if r else WARN for r in reached], text=texts, textposition="outside",
                         cliponaxis=False, showlegend=False, hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    fig.add_trace(go.Scatter(x=d["target"].astype(float).tolist(), y=labels, mode="markers", name=t["target"],
                             marker=dict(symbol="line-ns", size=26, line=dict(width=3, color="#111")),
                             hovertemplate=t["target"] + ": %{x:g}%<extra></extra>"))
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(range=[0, 135], tickvals=[0, 20, 40, 50, 60, 80, 100], ticksuffix="%")
    x_title = x_title or ("Tỷ lệ đạt được (%)" if _lang(lang) == "vi" else "Achieved (%)")
    _finish(fig, title=title, as_of=as_of, lang=lang, x_title=x_title, y_title=None,
            height=_bar_height(len(d), per_bar=52, extra=190), note=note)
    return fig
