"""Browser test of the briefing page (issue 4 acceptance): /briefing at 1920×1080 in Debian's
Chromium shows no sidebar nor header, changes slide by itself, follows the keys (space pauses,
→ and ← move), every slide fits the screen (nothing cut) at wall-screen font sizes, and a
screenshot of each slide is saved as artifacts/screenshots/briefing_<n>_<name>.png.

The server, database and browser are the session fixtures of conftest.py (one of each for all
browser tests: two Playwright instances in one process fail). Waiting is on the slide's own attributes, never a blind sleep.
"""
from __future__ import annotations

import socket
import threading

import pytest

from dashboard import briefing_slides as bs

from .harness import SHOTS, SNAPSHOT, assert_no_error_box, wait_for_run

INTERVAL = 4
N = len(bs.SLIDES)
_SLIDE = '[data-testid="stMain"] .bf-slide'


def _index(page) -> int:
    return int(page.locator(_SLIDE).first.get_attribute("data-slide"))


def _wait_index(page, expected: int, timeout_ms: int) -> None:
    page.wait_for_function(
        """i => { const s = document.querySelector('[data-testid="stMain"] .bf-slide');
                  return s && s.getAttribute('data-slide') === String(i); }""", arg=expected, timeout=timeout_ms)


def test_briefing_runs_full_screen_and_cycles(server, page):
    page.goto(f"{server}/briefing?interval={INTERVAL}&as_of={SNAPSHOT.isoformat()}")
    wait_for_run(page)
    assert_no_error_box(page, "briefing")
    for testid in ("stSidebar", "stSidebarCollapsedControl", "stHeader", "stToolbar", "stSidebarNav"):
        loc = page.locator(f'[data-testid="{testid}"]')
        assert all(not loc.nth(i).is_visible() for i in range(loc.count())), f"{testid} is visible"
    assert page.locator('[data-testid="stAlertContentWarning"]').count() == 0, "the big demo banner is shown"
    assert f"Số liệu tính đến {SNAPSHOT:%d/%m/%Y}" in page.locator(_SLIDE).inner_text()

    # By itself: the next slide within two intervals (a tick, plus the run), no sleep.
    start = _index(page)
    title = page.locator("#bf-title").inner_text()
    _wait_index(page, (start + 1) % N, timeout_ms=2 * INTERVAL * 1000 + 5_000)
    assert page.locator("#bf-title").inner_text() != title

    # Space pauses (the timer stops), then → and ← move one slide each.
    page.keyboard.press(" ")
    page.locator(".bf-paused").wait_for(timeout=15_000)
    wait_for_run(page)
    here = _index(page)
    page.keyboard.press("ArrowRight")
    _wait_index(page, (here + 1) % N, timeout_ms=15_000)
    page.keyboard.press("ArrowLeft")
    _wait_index(page, here, timeout_ms=15_000)

    # Every slide, paused: fits the screen, big type, a screenshot each.
    SHOTS.mkdir(parents=True, exist_ok=True)
    for _ in range(N):
        wait_for_run(page)
        i = _index(page)
        slide = page.locator(_SLIDE).first
        assert f"Số liệu tính đến {SNAPSHOT:%d/%m/%Y}" in slide.inner_text(), bs.SLIDES[i]
        assert_no_error_box(page, f"briefing slide {bs.SLIDES[i]}")
        cut = page.evaluate("""() => {
            const b = document.querySelector('[data-testid="stMain"] .bf-body');
            const s = document.querySelector('[data-testid="stMain"] .bf-slide').getBoundingClientRect();
            return {over: b.scrollHeight - b.clientHeight, bottom: s.bottom, wide: b.scrollWidth - b.clientWidth}; }""")
        assert cut["over"] <= 1 and cut["wide"] <= 1, f"slide {bs.SLIDES[i]} is cut: {cut}"
        assert cut["bottom"] <= 1080, f"slide {bs.SLIDES[i]} runs off the screen: {cut}"
        smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll(
            '[data-testid="stMain"] .bf-slide *')].filter(e => e.childNodes.length && [...e.childNodes].some(
            n => n.nodeType === 3 && n.textContent.trim())).map(e => parseFloat(getComputedStyle(e).fontSize)))""")
        assert smallest >= 24, f"text under 24 px on slide {bs.SLIDES[i]}: {smallest}"
        values = page.locator('[data-testid="stMain"] .bf-value')
        for k in range(values.count()):
            assert float(values.nth(k).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 72
        page.screenshot(path=str(SHOTS / f"briefing_{i + 1}_{bs.SLIDES[i]}.png"))
        page.keyboard.press("ArrowRight")
        _wait_index(page, (i + 1) % N, timeout_ms=15_000)
    # still paused after a whole round: the timer did not move anything by itself
    assert page.locator(".bf-paused").count() == 1

    # "Thoát" leads to the overview, whose navigation menu is back (hidden on the briefing only).
    page.locator('[data-testid="stPageLink"] a').filter(has_text="Thoát").click()
    page.wait_for_url(lambda u: "/briefing" not in u, timeout=30_000)
    wait_for_run(page)
    page.locator('[data-testid="stSidebarNav"]').wait_for(state="visible", timeout=30_000)
    assert page.locator(_SLIDE).count() == 0



class CutProxy:
    """A TCP relay in front of the server that can cut the line: `cut()` drops every open
    connection and answers new ones by closing them (a network outage as the browser sees
    it), `restore()` lets them through again. Threads, stopped with `close()`."""

    def __init__(self, port: int):
        self.target, self.down = port, False
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if self.down:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target))
            with self.lock:
                self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        self.down = True
        with self.lock:
            conns, self.conns = self.conns, []
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
                c.close()
            except OSError:
                pass

    def restore(self) -> None:
        self.down = False

    def close(self) -> None:
        self.cut()
        self.listener.close()


def test_briefing_recovers_after_the_connection_drops(server, page):
    """The line to the server is cut for a few seconds, then back: Streamlit's client retries by
    itself, reconnects to the same server session, the slide number carries on from where it was
    (not from slide 1) and the timer turns slides again."""
    proxy = CutProxy(int(server.rsplit(":", 1)[1]))
    try:
        page.goto(f"http://127.0.0.1:{proxy.port}/briefing?interval={INTERVAL}&as_of={SNAPSHOT.isoformat()}")
        wait_for_run(page)
        _wait_index(page, 2, timeout_ms=3 * INTERVAL * 1000 + 5_000)  # a new session would start at 0
        proxy.cut()
        page.wait_for_selector('[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"])',
                               timeout=30_000)
        before = _index(page)
        page.wait_for_timeout(INTERVAL * 1000)  # the outage itself: nothing to wait for but time
        assert _index(page) == before  # no server, no tick
        proxy.restore()
        page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=90_000)
        page.wait_for_selector('[data-testid="stMain"] .bf-slide', timeout=30_000)
        assert _index(page) in (before, (before + 1) % N), "the show started again instead of carrying on"
        _wait_index(page, (before + 1) % N, timeout_ms=3 * INTERVAL * 1000 + 10_000)
        assert_no_error_box(page, "briefing after reconnect")
    finally:
        proxy.close()
