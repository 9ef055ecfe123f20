"""Browser test of the briefing page (issue 4 acceptance): /briefing at 1920×1080 in Debian's
Chromium shows no sidebar nor header, changes slide by itself, follows the keys (space pauses,
→ and ← move), every slide fits the screen (nothing cut) at wall-screen font sizes, and a
screenshot of each slide is saved as artifacts/screenshots/briefing_<n>_<name>.png.

The server, database and browser are the fixtures of test_browser.py (imported, so this file
runs alone too). Waiting is on the slide's own attributes, never a blind sleep.
"""
from __future__ import annotations

import pytest

from dashboard import briefing_slides as bs

from .test_browser import (SHOTS, SNAPSHOT, assert_no_error_box, browser, demo_db, server,  # noqa: F401 - fixtures
                           wait_for_run)

INTERVAL = 4
N = len(bs.SLIDES)
_SLIDE = '[data-testid="stMain"] .bf-slide'


def _index(page) -> int:
    return int(page.locator(_SLIDE).first.get_attribute("data-slide"))


def _wait_index(page, expected: int, timeout_ms: int) -> None:
    page.wait_for_function(
        """i => { const s = document.querySelector('[data-testid="stMain"] .bf-slide');
                  return s && s.getAttribute('data-slide') === String(i); }""", arg=expected, timeout=timeout_ms)


@pytest.fixture
def wall(browser):  # noqa: F811 - the imported fixture
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    pg = context.new_page()
    yield pg
    context.close()


def test_briefing_runs_full_screen_and_cycles(server, wall):  # noqa: F811
    page = wall
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
