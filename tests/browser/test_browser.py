"""Browser test (issue 3 acceptance): the running app in Debian's Chromium through Playwright.

A session fixture builds a small demo database, starts `python -m streamlit run dashboard/app.py`
on a free port against it, and stops it at the end. The tests open every page, check that no
error box is shown, click an agency in an overview chart and land on its page, and save
screenshots at 1920×1080 and 1024×768 into artifacts/screenshots/ (gitignored) for people to look at.

The browser is Debian's chromium package, never a downloaded one. Without it the tests skip with
a message, except in CI (CI=true), where a missing browser is a failure.

Waiting: never a blind sleep. A Streamlit run is over when the app root says
data-test-script-state="notRunning"; a plotly chart is drawn when its `.main-svg` exists (about
5 s after the page opens on this machine).
"""
from __future__ import annotations

import os
import re
import urllib.request

import pytest

from .harness import (
    PAGES,
    REPO,
    RUN_TIMEOUT_MS,
    VIEWPORTS,
    _page_file,
    assert_no_error_box,
    open_page,
    screenshot,
    url_of,
    wait_for_charts,
    wait_for_run,
)


# ---------------------------------------------------------------------- tests
@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("path", list(PAGES))
def test_page_opens_without_error(server, page, path, size):
    if not _page_file(path).exists():
        pytest.skip(f"pages/{PAGES[path]} does not exist yet: page '{path}' not tested")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(page, server, url_of(path))
    title = page.locator('[data-testid="stMainBlockContainer"] h1, [data-testid="stMain"] h1')
    assert title.count() >= 1, f"no page title on {path}"
    assert_no_error_box(page, path)
    screenshot(page, path)


def _agency_names() -> dict[str, str]:
    import sqlalchemy as sa

    url = os.environ.get("_BROWSER_DB")
    assert url
    eng = sa.create_engine(url)
    with eng.connect() as c:
        rows = c.execute(sa.text("select code, name from agency")).all()
    eng.dispose()
    return dict(rows)


def test_click_agency_in_overview_opens_its_page(server, page, demo_db, monkeypatch):
    for path in ("overview", "agency"):
        if not _page_file(path).exists():
            pytest.skip(f"pages/{PAGES[path]} does not exist yet: the drill-down cannot be tested")
    monkeypatch.setenv("_BROWSER_DB", demo_db)
    names = _agency_names()
    open_page(page, server, url_of("overview"))
    charts = page.locator('[data-testid="stPlotlyChart"]')
    charts.first.wait_for(timeout=RUN_TIMEOUT_MS)  # fails with a timeout if the overview draws no chart
    wait_for_charts(page)
    # Plotly listens on its drag layer over the bars, so click the bar's position, not its element.
    clicked = False
    for i in range(charts.count()):
        bars = charts.nth(i).locator(".barlayer .point path")
        if not bars.count():
            continue
        charts.nth(i).scroll_into_view_if_needed()
        box = bars.first.bounding_box()
        if not box or box["width"] < 1 or box["height"] < 1:
            continue
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            page.wait_for_url(re.compile(r"/agency\?.*agency="), timeout=20_000)
            clicked = True
            break
        except Exception:  # noqa: BLE001 - this chart is not an agency chart (e.g. a monthly trend)
            continue
    assert clicked, "clicking the bars of the overview charts never opened an agency page"
    wait_for_run(page)
    wait_for_charts(page)
    code = re.search(r"[?&]agency=([^&]+)", page.url).group(1)
    code = urllib.request.unquote(code)
    assert code in names, f"agency={code} is not a known agency"
    page.get_by_text(names[code], exact=False).first.wait_for(timeout=30_000)
    assert_no_error_box(page, f"agency page of {code}")
    screenshot(page, "agency_from_click")


def test_data_page_upload_preview(server, page):
    """The Data page's preview in a real browser: choose a file, see the mapping and the report.
    Nothing is imported (no button press), so the other tests see the same database."""
    if not _page_file("data").exists():
        pytest.skip("pages/data.py does not exist yet")
    fixture = REPO / "tests" / "fixtures" / "bad_values.csv"
    for w, h in VIEWPORTS:
        page.set_viewport_size({"width": w, "height": h})
        open_page(page, server, url_of("data"))
        page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(fixture))
        page.get_by_text("Báo cáo kiểm tra").first.wait_for(timeout=RUN_TIMEOUT_MS)
        wait_for_run(page)
        page.get_by_text("opencps").first.wait_for()
        assert_no_error_box(page, "data page preview")
        screenshot(page, "data_preview")
        # the other tabs, for the people looking at the screenshots
        for i, tab in enumerate(["Lịch sử nhập", "Độ mới dữ liệu", "Dòng bị loại, cảnh báo", "Định nghĩa chỉ số"]):
            page.get_by_role("tab", name=tab).click()
            wait_for_run(page)
            assert_no_error_box(page, f"data page, tab {tab}")
            screenshot(page, f"data_tab{i + 2}")
