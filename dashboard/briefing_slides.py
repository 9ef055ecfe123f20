"""The briefing slides as HTML: one function per slide body, one frame around it (title, slide
number, "Số liệu tính đến …", freshness), and the page CSS. Pure: frames in, text out; no
Streamlit, no database (the page passes what briefing_queries returned).

Why HTML and not plotly on the wall screen: the slide is redrawn every few seconds all day; an
HTML block of a few kilobytes is cheap for the server and the browser, and its sizes are set for
reading from five metres on a 1920×1080 screen (numbers 80 px, text 30 px, nothing under 24 px),
which plotly's SVG text does not follow from the page's CSS. Every text from the database is
escaped.
"""
from __future__ import annotations

import datetime as dt
import html

import pandas as pd

from . import metric_registry as reg
from .briefing_text import tb
from .i18n import fmt_date, fmt_number, fmt_pct, fmt_value, t
from .reports import pack_data as P

WORK_KINDS = ("dossiers", "tasks", "consultations", "petitions")
SLIDES = ("targets", "procedures", *(f"worst_{k}" for k in WORK_KINDS), "changes", "praise", "petitions")
TRANSFER_CAP = 4  # transfers ≥ this are one bar ("≥ 4 lần")

# Hides Streamlit's chrome on this page only (the style element is part of the page's run, so it
# goes away when another page is opened) and sets the sizes of the slides.
CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 14px 32px 0 32px !important; max-width: 100% !important; }
[data-testid="stMain"] { overflow: hidden; }
.bf-slide { height: calc(100vh - 100px); display: flex; flex-direction: column; font-size: 30px;
  line-height: 1.25; color: #1b1f24; overflow: hidden; }
.bf-head { display: flex; align-items: baseline; gap: 24px; border-bottom: 4px solid #1e66c9; padding-bottom: 6px; }
.bf-title { font-size: 52px; font-weight: 700; flex: 1; margin: 0; line-height: 1.15; }
.bf-num { font-size: 30px; color: #555; white-space: nowrap; }
.bf-paused { font-size: 26px; color: #fff; background: #c62828; padding: 2px 12px; border-radius: 6px; }
.bf-scope { font-size: 28px; color: #444; margin: 4px 0 10px; }
.bf-body { flex: 1; min-height: 0; overflow: hidden; }
.bf-foot { display: flex; gap: 24px; align-items: center; border-top: 2px solid #ccc; padding-top: 6px;
  font-size: 28px; color: #333; }
.bf-foot .bf-asof { font-weight: 700; color: #1b1f24; }
.bf-demo { font-size: 24px; color: #8a4b00; border: 2px solid #ef8c00; border-radius: 6px; padding: 0 10px;
  margin-left: auto; white-space: nowrap; }
.bf-cols { display: grid; gap: 22px; height: 100%; }
.bf-kind { font-size: 36px; font-weight: 700; margin: 0 0 10px; }
.bf-card { border: 2px solid #d0d7de; border-left-width: 12px; border-radius: 10px; padding: 8px 16px;
  margin-bottom: 14px; background: #fafbfc; }
.bf-card.good { border-left-color: #2e7d32; } .bf-card.bad { border-left-color: #c62828; }
.bf-label { font-size: 30px; color: #333; }
.bf-value { font-size: 80px; font-weight: 700; line-height: 1.05; }
.bf-card.good .bf-value { color: #2e7d32; } .bf-card.bad .bf-value { color: #c62828; }
.bf-target { font-size: 26px; color: #444; }
table.bf-table { border-collapse: collapse; width: 100%; font-size: 34px; }
.bf-table th { text-align: left; font-size: 28px; color: #444; border-bottom: 3px solid #888; padding: 4px 10px; }
.bf-table td { padding: 7px 10px; border-bottom: 1px solid #ddd; vertical-align: middle; }
.bf-table .n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.bf-table .name { max-width: 760px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.bf-bar { height: 34px; background: #c62828; border-radius: 4px; min-width: 4px; }
.bf-bar.blue { background: #1e66c9; } .bf-bar.green { background: #2e7d32; }
.bf-note { font-size: 28px; color: #555; margin-top: 8px; }
/* the operator's controls under the slide: readable, but quieter than the slide */
[class*="st-key-brief_"] button p { font-size: 24px !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 22px !important; }
[data-testid="stMain"] [data-testid="stPageLink"] p { font-size: 24px !important; }
.bf-empty { font-size: 34px; color: #2e7d32; margin-top: 24px; }
.bf-up { color: #c62828; font-weight: 700; } .bf-down { color: #2e7d32; font-weight: 700; }
.bf-big { font-size: 96px; font-weight: 700; color: #c62828; line-height: 1.05; }
.bf-h2 { font-size: 36px; font-weight: 700; margin: 12px 0 6px; }
</style>"""


def esc(x) -> str:
    return html.escape("" if x is None else str(x))


def _num(x, lang: str) -> str:
    return fmt_number(x, 0, lang)


def frame(*, title: str, body: str, index: int, count: int, as_of: dt.date, scope_text: str, lang: str,
          imported_at: dt.datetime | None, snapshot: dt.date | None, demo: bool, paused: bool) -> str:
    """A whole slide: header (title, n/N, paused tag), scope line, body, footer with the as-of
    day, the freshness of the data and, for demo data, a small tag."""
    fresh = (tb("fresh", lang, time=imported_at.strftime("%H:%M %d/%m/%Y"), day=fmt_date(snapshot))
             if imported_at is not None else tb("no_import", lang))
    demo_tag = f'<span class="bf-demo">{esc(tb("demo_tag", lang))}</span>' if demo else ""
    pause_tag = f'<span class="bf-paused">{esc(tb("paused", lang))}</span>' if paused else ""
    return (f'<div class="bf-slide" data-slide="{index}">'
            f'<div class="bf-head"><h1 class="bf-title" id="bf-title">{esc(title)}</h1>{pause_tag}'
            f'<span class="bf-num">{index + 1}/{count}</span></div>'
            f'<div class="bf-scope">{esc(scope_text)}</div>'
            f'<div class="bf-body">{body}</div>'
            f'<div class="bf-foot"><span class="bf-asof">{esc(tb("as_of", lang, date=fmt_date(as_of)))}</span>'
            f'<span>· {esc(fresh)}</span>{demo_tag}</div></div>')


# ---------------------------------------------------------------------- 1: targets
def _card(r: dict, lang: str) -> str:
    m = reg.get(r["kind"], r["metric"])
    label = m.en if lang == "en" else m.vi
    op = "≥" if r["direction"] == reg.HIGHER else "≤"
    target = tb("target", lang, op=op, value=fmt_value(r["target"], r["unit"], lang, decimals=0))
    cls = "" if r["met"] is None else ("good" if r["met"] else "bad")
    verdict = "" if r["met"] is None else f' · {tb("met" if r["met"] else "not_met", lang)}'
    return (f'<div class="bf-card {cls}"><div class="bf-label">{esc(label)}</div>'
            f'<div class="bf-value">{esc(fmt_value(r["value"], r["unit"], lang))}</div>'
            f'<div class="bf-target">{esc(target + verdict)}</div></div>')


def targets_body(df: pd.DataFrame, lang: str, kinds=WORK_KINDS) -> str:
    """pack_data.city_targets as cards, one column per kind of work."""
    cols = []
    for kind in kinds:
        rows = df[df["kind"] == kind].to_dict("records")
        cards = "".join(_card(r, lang) for r in rows)
        cols.append(f'<div><div class="bf-kind">{esc(t("kind_" + kind, lang))}</div>{cards}</div>')
    return f'<div class="bf-cols" style="grid-template-columns: repeat({len(cols)}, 1fr)">{"".join(cols)}</div>'


def procedures_body(df: pd.DataFrame, lang: str) -> str:
    """The four item-7 targets of internal procedures, side by side."""
    cards = "".join(_card(r, lang) for r in df[df["kind"] == "internal_procedures"].to_dict("records"))
    return f'<div class="bf-cols" style="grid-template-columns: repeat(2, 1fr); height: auto">{cards}</div>'


# ---------------------------------------------------------------------- 2: worst ten
def _bar_cell(value, top, cls: str = "") -> str:
    width = 0 if not top else max(1.0, 100.0 * float(value) / float(top))
    return f'<td style="width: 34%"><div class="bf-bar {cls}" style="width: {width:.1f}%"></div></td>'


def worst_body(df: pd.DataFrame, kind: str, lang: str) -> str:
    """pack_data.worst as a table with a bar per agency (late items)."""
    if df.empty:
        return f'<div class="bf-empty">{esc(tb("none_late", lang))}</div>'
    top = df["late"].max()
    head = (f'<tr><th>{tb("col_rank", lang)}</th><th>{tb("col_agency", lang)}</th><th></th>'
            f'<th class="n">{tb("col_late", lang)}</th><th class="n">{tb("col_overdue", lang)}</th>'
            f'<th class="n">{tb("col_on_time", lang)}</th></tr>')
    rows = "".join(
        f'<tr><td class="n">{i}</td><td class="name">{esc(r["name"])}</td>{_bar_cell(r["late"], top)}'
        f'<td class="n"><b>{_num(r["late"], lang)}</b></td><td class="n">{_num(r[P.OVERDUE[kind]], lang)}</td>'
        f'<td class="n">{esc(fmt_pct(r[P.ON_TIME_RATE[kind]], 1, lang))}</td></tr>'
        for i, r in enumerate(df.to_dict("records"), start=1))
    return f'<table class="bf-table">{head}{rows}</table><div class="bf-note">{esc(tb("late_note", lang))}</div>'


# ---------------------------------------------------------------------- 3: changes
def _movers(df: pd.DataFrame, title: str, lang: str, n: int = 5) -> str:
    if df.empty:
        return f'<div class="bf-h2">{esc(title)}</div><div class="bf-note">{esc(tb("nobody", lang))}</div>'
    rows = "".join(
        f'<tr><td class="name" style="max-width: 560px">{esc(r["name"])}</td>'
        f'<td class="n">{_num(r["then"], lang)} → {_num(r["now"], lang)}</td>'
        f'<td class="n {"bf-up" if r["delta"] > 0 else "bf-down"}">{"+" if r["delta"] > 0 else ""}'
        f'{_num(r["delta"], lang)}</td></tr>' for r in df.head(n).to_dict("records"))
    return f'<div class="bf-h2">{esc(title)}</div><table class="bf-table">{rows}</table>'


def changes_body(ch: dict[str, pd.DataFrame], compare: dt.date, as_of: dt.date, lang: str) -> str:
    """pack_data.changes: overdue then / now, new and cleared per kind; agencies that improved
    or slipped (five each: what a meeting can discuss)."""
    head = (f'<tr><th>{tb("col_kind", lang)}</th><th class="n">{tb("col_then", lang, date=fmt_date(compare))}</th>'
            f'<th class="n">{tb("col_now", lang, date=fmt_date(as_of))}</th>'
            f'<th class="n">{tb("col_new", lang)}</th><th class="n">{tb("col_cleared", lang)}</th></tr>')
    rows = "".join(
        f'<tr><td>{esc(t("kind_" + r["kind"], lang))}</td><td class="n">{_num(r["then"], lang)}</td>'
        f'<td class="n"><b>{_num(r["now"], lang)}</b></td><td class="n bf-up">{_num(r["new"], lang)}</td>'
        f'<td class="n bf-down">{_num(r["cleared"], lang)}</td></tr>' for r in ch["counts"].to_dict("records"))
    return (f'<table class="bf-table">{head}{rows}</table>'
            f'<div class="bf-cols" style="grid-template-columns: 1fr 1fr; height: auto; margin-top: 10px">'
            f'<div>{_movers(ch["improved"], tb("improved", lang), lang)}</div>'
            f'<div>{_movers(ch["slipped"], tb("slipped", lang), lang)}</div></div>')


# ---------------------------------------------------------------------- 4: praise
def praise_body(by_kind: dict[str, pd.DataFrame], lang: str) -> str:
    """pack_data.praise per kind: name, on-time rate, finished items."""
    boxes = []
    for kind in WORK_KINDS:
        df = by_kind.get(kind, pd.DataFrame())
        if df.empty:
            inner = f'<div class="bf-note">{esc(tb("nobody", lang))}</div>'
        else:
            inner = "<table class='bf-table'>" + "".join(
                f'<tr><td class="name" style="max-width: 560px">{esc(r["name"])}</td>'
                f'<td class="n bf-down">{esc(fmt_pct(r[P.ON_TIME_RATE[kind]], 1, lang))}</td>'
                f'<td class="n" style="font-size: 28px">{esc(tb("finished", lang, n=_num(r["finished"], lang)))}</td></tr>'
                for r in df.to_dict("records")) + "</table>"
        boxes.append(f'<div><div class="bf-kind">{esc(t("kind_" + kind, lang))}</div>{inner}</div>')
    return (f'<div class="bf-cols" style="grid-template-columns: 1fr 1fr; height: auto">{"".join(boxes)}</div>'
            f'<div class="bf-note">{esc(tb("praise_rule", lang))}</div>')


# ---------------------------------------------------------------------- 5: petitions passed on
def petitions_body(dist: pd.DataFrame, passers: pd.DataFrame, lang: str) -> str:
    """petition_flow: how many petitions were transferred how often; who passed them on most."""
    counts: dict[int, int] = {}
    for r in dist.to_dict("records"):
        k = min(int(r["transfers"]), TRANSFER_CAP)
        counts[k] = counts.get(k, 0) + int(r["count"])
    bounced = sum(v for k, v in counts.items() if k >= 3)
    top = max(counts.values(), default=0)
    bars = "".join(
        f'<tr><td class="n">{esc(tb("times_more" if k == TRANSFER_CAP else "times", lang, n=k))}</td>'
        f'{_bar_cell(counts.get(k, 0), top, "red" if k >= 3 else "blue")}'
        f'<td class="n">{_num(counts.get(k, 0), lang)}</td></tr>' for k in range(TRANSFER_CAP + 1))
    left = (f'<div class="bf-label">{esc(tb("bounced", lang))}</div><div class="bf-big">{_num(bounced, lang)}</div>'
            f'<div class="bf-h2">{esc(tb("distribution", lang))}</div>'
            f'<table class="bf-table">{bars}</table>')
    if passers.empty:
        right = f'<div class="bf-h2">{esc(tb("passers", lang))}</div><div class="bf-note">{esc(tb("nobody", lang))}</div>'
    else:
        rows = "".join(
            f'<tr><td class="name" style="max-width: 640px">{esc(r["name"])}</td>'
            f'<td class="n"><b>{_num(r["handoffs"], lang)}</b></td><td class="n">{_num(r["petitions"], lang)}</td></tr>'
            for r in passers.to_dict("records"))
        right = (f'<div class="bf-h2">{esc(tb("passers", lang))}</div><table class="bf-table">'
                 f'<tr><th>{tb("col_agency", lang)}</th><th class="n">{tb("col_handoffs", lang)}</th>'
                 f'<th class="n">{tb("col_petitions", lang)}</th></tr>{rows}</table>')
    return (f'<div class="bf-cols" style="grid-template-columns: 2fr 3fr; height: auto">'
            f'<div>{left}</div><div>{right}</div></div>')
