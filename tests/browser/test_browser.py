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

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("OVERSIGHT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SNAPSHOT = dt.date(2026, 11, 15)
# url path → page file (the entry point lists only pages whose file exists)
PAGES = {"overview": "overview.py", "tasks": "tasks.py", "dossiers": "dossiers.py", "petitions": "petitions.py",
         "consultations": "consultations.py", "agency": "agency.py", "data": "data.py"}
VIEWPORTS = [(1920, 1080), (1024, 768)]
ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"]'
RUN_TIMEOUT_MS = 90_000  # a cold first run computes every cached query


def _need_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    msg = (f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium); "
           "the browser tests never download a browser.")
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(msg)
    pytest.skip(msg)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)  # polling a port, not waiting for a page
    raise RuntimeError(f"streamlit did not answer at {url} within {timeout} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    from data_loaders.db import make_engine
    from data_loaders.demo import build_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'demo.db'}"
    engine = make_engine(url)
    build_demo(engine, scale=0.05, until=SNAPSHOT)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def server(demo_db, tmp_path_factory):
    """The app, served headless on a free port against the demo database; stopped at the end."""
    _need_chromium()
    if not (REPO / "dashboard" / "app.py").exists():
        pytest.skip("dashboard/app.py does not exist yet")
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = dict(os.environ, OVERSIGHT_DATABASE_URL=demo_db, OVERSIGHT_DEMO_ON_EMPTY="0")
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_http(f"{base}/_stcore/health", proc, log)
        yield base
    finally:
        # Its own process group (start_new_session): stop exactly the server we started.
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    pg = context.new_page()
    yield pg
    context.close()


# ---------------------------------------------------------------------- waiting helpers
_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
_RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'


def wait_for_run(page, timeout: int = RUN_TIMEOUT_MS) -> None:
    """Until the script run is over and stays over.

    Before the websocket connects the app root may already say "notRunning", so first wait for
    the connection and for the page's title (every page draws one); then for the end of the run,
    and for the end of any run that starts right after it (writing the filters to the URL, or
    switch_page, starts another one).
    """
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)
    page.wait_for_selector(_DONE, timeout=timeout)
    for _ in range(3):
        try:
            page.wait_for_selector(_RUNNING, timeout=1_000)
        except Exception:  # noqa: BLE001 - no new run started within 1 s: settled
            return
        page.wait_for_selector(_DONE, timeout=timeout)


# Every plotly chart has been plotted: plotly sets `_fullLayout` and `_fullData` on the graph div
# when it has laid out and drawn the figure (shapes of any trace type: bars, heat-map images,
# map polygons; an empty figure counts as drawn too).
_CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => {
    const gd = c.querySelector('.js-plotly-plot');
    return gd && gd._fullLayout && gd._fullData && c.querySelector('.main-svg'); })"""


def wait_for_charts(page, timeout: int = 30_000) -> int:
    """Until every plotly chart on the page is drawn; returns how many there are."""
    n = page.locator('[data-testid="stPlotlyChart"]').count()
    if n:
        page.wait_for_function(
            """n => document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg').length >= n""",
            arg=n, timeout=timeout)
        page.wait_for_function(_CHARTS_DRAWN, timeout=timeout)
    return n


def open_page(page, base: str, path: str, query: str = "") -> None:
    page.goto(f"{base}/{path}{query}")
    page.wait_for_selector('[data-testid="stApp"]', timeout=RUN_TIMEOUT_MS)
    wait_for_run(page)
    wait_for_charts(page)


def assert_no_error_box(page, where: str) -> None:
    boxes = page.locator(ERROR_BOXES)
    if boxes.count():
        texts = [boxes.nth(i).inner_text()[:500] for i in range(min(boxes.count(), 3))]
        pytest.fail(f"error box on {where}: {texts}")
    # st.navigation answers an unknown URL path with a dialog and runs the main page instead
    lost = page.locator('[role="dialog"]').filter(has_text="Page not found")
    if lost.count():
        pytest.fail(f"'Page not found' dialog on {where} (url {page.url})")


def screenshot(page, name: str) -> None:
    """The viewport as a user sees it, and the whole page (the main area is what scrolls)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    w, h = page.viewport_size["width"], page.viewport_size["height"]
    page.screenshot(path=str(SHOTS / f"{name}_{w}x{h}.png"))
    full = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]')
                              || document.querySelector('section.main');
                   return m ? m.scrollHeight : document.body.scrollHeight; }""")
    if full and full > h:
        page.set_viewport_size({"width": w, "height": min(int(full) + 40, 12_000)})
        wait_for_charts(page)  # plotly redraws at the new size
        page.screenshot(path=str(SHOTS / f"{name}_{w}x{h}_full.png"))
        page.set_viewport_size({"width": w, "height": h})


def _page_file(path: str) -> Path:
    return REPO / "pages" / PAGES[path]


def url_of(path: str) -> str:
    """The URL path of a page. st.navigation serves its default page (the first existing page, in
    the order of dashboard/app.py, i.e. of PAGES) at the root URL only: its url_path 404s."""
    default = next(p for p in PAGES if _page_file(p).exists())
    return "" if path == default else path


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
    assert charts.count() > 0, "the overview shows no chart"
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
