"""Trình chiếu (briefing mode): slides for the big screen of the weekly meeting, full screen, on
a timer. URL: /briefing?interval=SECONDS (default 20) &compare=YYYY-MM-DD (default seven days
before the as-of day) and the shared filters (as_of, from, to, agency_kind, agency, lang).
Locality and field are not applied: the meeting pack's figures (pack_data) are per agency.

How it keeps running all day on a wall screen:
* Timer. Only the slide is a fragment with `run_every=interval`: each tick reruns that function,
  not the page, and the data comes from briefing_queries' TTL cache (keys without the clock), so
  a cycle adds nothing to the server's memory. A tick advances the slide only if the last change
  (by the timer or by a person) is at least half an interval old, so a click on "next" just
  before a tick is not followed by a second jump. Paused, the fragment has no timer at all.
* Buttons and keys. Prev / pause / next are ordinary buttons outside the fragment (a click reruns
  the page, which redraws the pause label and re-registers the fragment with or without its
  timer). The keys ←, →, PageUp, PageDown (presenter remotes) and space click those buttons
  through a small script; the listener is replaced, not added again, on every run.
* Reconnect. The slide index and "paused" live in st.session_state. When the network drops,
  Streamlit's client keeps retrying and reconnects to the same server session (kept for
  server.disconnectedSessionTTL), so the show continues at the same slide; after a server
  restart it starts again at slide 1, playing — the right default for a wall screen. A
  <meta http-equiv="refresh"> fallback was rejected: a reload makes a new session (slide and
  pause lost), and a reload while the server is down leaves the browser's own error page on the
  screen, which never retries, whereas Streamlit's client does.
"""
from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from dashboard import briefing_queries as bq
from dashboard import briefing_slides as bs
from dashboard import components, queries
from dashboard.briefing_text import parse_compare, parse_interval, tb
from dashboard.filters import Filters
from dashboard.i18n import fmt_date, t

SLIDE, PAUSED, CHANGED = "_briefing_slide", "_briefing_paused", "_briefing_changed"
N = len(bs.SLIDES)

interval = parse_interval(st.query_params.get("interval"))


def _context() -> tuple[Filters, dt.date]:
    """The filters and the comparison day. Read again on every tick, not once per page run: a
    screen left alone all day never reruns the page, and without an as_of in the URL the as-of
    day must follow a newer import (latest snapshot, cached with the TTL)."""
    params = st.query_params.to_dict()
    f = Filters.from_query(params, components.default_as_of())
    f = Filters(f.as_of, f.date_from, f.date_to, f.agency_kind, f.agency, lang=f.lang)  # no locality, field
    return f, parse_compare(params.get("compare"), f.as_of)


filters, _ = _context()
lang = filters.lang

# Plain values only: one int, one bool, one float per session, overwritten, never appended to.
st.session_state.setdefault(SLIDE, 0)
st.session_state.setdefault(PAUSED, False)
st.session_state.setdefault(CHANGED, time.monotonic())


def _go(step: int) -> None:
    st.session_state[SLIDE] = (st.session_state[SLIDE] + step) % N
    st.session_state[CHANGED] = time.monotonic()


def _toggle() -> None:
    st.session_state[PAUSED] = not st.session_state[PAUSED]
    st.session_state[CHANGED] = time.monotonic()


def _scope_text(filters: Filters) -> str:
    lang, parts = filters.lang, []
    if filters.agency:
        parts.append(queries.agency_names().get(filters.agency, filters.agency))
    elif filters.agency_kind:
        parts.append(t(f"level_{filters.agency_kind}", lang))
    else:
        parts.append(tb("whole_city", lang))
    if filters.date_from or filters.date_to:
        parts.append(t("ctx_period", lang, start=fmt_date(filters.date_from or filters.as_of),
                       end=fmt_date(filters.end)))
    return " · ".join(parts)


def _slide(name: str, filters: Filters, compare: dt.date) -> tuple[str, str]:
    """(title, body HTML) of a slide, from the cached meeting-pack data."""
    lang = filters.lang
    if name in ("targets", "procedures"):
        df = bq.targets(filters)
        if name == "targets":
            return tb("t_targets", lang), bs.targets_body(df, lang)
        return tb("t_procedures", lang), bs.procedures_body(df, lang)
    if name.startswith("worst_"):
        kind = name.removeprefix("worst_")
        return tb("t_worst", lang, kind=t(f"kind_{kind}", lang)), bs.worst_body(bq.worst(kind, filters), kind, lang)
    if name == "changes":
        return (tb("t_changes", lang, date=fmt_date(compare)),
                bs.changes_body(bq.changes(filters, compare), compare, filters.as_of, lang))
    if name == "praise":
        return tb("t_praise", lang), bs.praise_body({k: bq.praise(k, filters) for k in bs.WORK_KINDS}, lang)
    return tb("t_petitions", lang), bs.petitions_body(*bq.transfers(filters), lang)


def show() -> None:
    """The current slide; on a timer tick, first move on (see the module docstring)."""
    if not st.session_state[PAUSED] and time.monotonic() - st.session_state[CHANGED] >= interval / 2:
        _go(+1)
    i = st.session_state[SLIDE] % N
    filters, compare = _context()
    title, body = _slide(bs.SLIDES[i], filters, compare)
    imported_at, snapshot = bq.freshness()
    st.html(bs.frame(title=title, body=body, index=i, count=N, as_of=filters.as_of, scope_text=_scope_text(filters),
                     lang=filters.lang, imported_at=imported_at, snapshot=snapshot, demo=queries.is_demo(),
                     paused=st.session_state[PAUSED]))


st.html(bs.CSS)
st.fragment(show, run_every=None if st.session_state[PAUSED] else interval)()

c_prev, c_pause, c_next, c_help, c_exit = st.columns([1, 1.3, 1, 5, 0.8], vertical_alignment="center")
c_prev.button(tb("prev", lang), key="brief_prev", on_click=_go, args=(-1,), width="stretch")
c_pause.button(tb("play" if st.session_state[PAUSED] else "pause", lang), key="brief_pause", on_click=_toggle,
               width="stretch")
c_next.button(tb("next", lang), key="brief_next", on_click=_go, args=(+1,), width="stretch")
c_help.caption(tb("keys", lang, n=f"{interval:g}"))
components.page_link("overview.py", tb("exit", lang), filters.to_query(), container=c_exit)

# Keyboard: clicks the buttons above. st.html runs it in the page itself (not an iframe), so it
# sees the keys wherever the focus is; the previous listener is removed first (no pile-up over a
# day of reruns), and it does nothing once another page is shown (no briefing buttons there).
st.html("""<script>
(() => {
  const w = window, d = document;
  if (w.__briefingKeys) d.removeEventListener('keydown', w.__briefingKeys, true);
  const map = {ArrowRight: 'brief_next', PageDown: 'brief_next', ArrowLeft: 'brief_prev', PageUp: 'brief_prev',
               ' ': 'brief_pause'};
  w.__briefingKeys = (e) => {
    const key = map[e.key];
    const b = key && d.querySelector('.st-key-' + key + ' button');
    if (!b || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault(); e.stopPropagation();
    b.click();
    if (d.activeElement && d.activeElement.blur) d.activeElement.blur();  // space must not press a focused button again
  };
  d.addEventListener('keydown', w.__briefingKeys, true);
})();
</script>""", unsafe_allow_javascript=True)
