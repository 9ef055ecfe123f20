"""Shared harness of the browser tests: the demo database, the Streamlit server, the browser
(one of each per test session: the fixtures are registered once, in conftest.py) and helpers.
"""
from __future__ import annotations

import datetime as dt
import os
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


def start_server(db_url: str, log: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """`python -m streamlit run dashboard/app.py` headless on a free port against `db_url`, in a
    process group of its own; returns the process and its base URL once it answers (the soak
    script starts its server the same way)."""
    port = _free_port()
    env = dict(os.environ, OVERSIGHT_DATABASE_URL=db_url, OVERSIGHT_DEMO_ON_EMPTY="0")
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             *extra],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{base}/_stcore/health", proc, log)
    except BaseException:
        stop_server(proc)
        raise
    return proc, base


def stop_server(proc: subprocess.Popen) -> None:
    """Stop exactly the server start_server started: its own process group."""
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
def server(demo_db, tmp_path_factory):
    """The app, served headless on a free port against the demo database; stopped at the end."""
    _need_chromium()
    if not (REPO / "dashboard" / "app.py").exists():
        pytest.skip("dashboard/app.py does not exist yet")
    proc, base = start_server(demo_db, tmp_path_factory.mktemp("server") / "streamlit.log")
    try:
        yield base
    finally:
        stop_server(proc)


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


# Streamlit loads the code of some elements (plotly charts among them) lazily: until it has
# arrived, a Suspense placeholder with this test id stands where the element will be. Counting
# charts before it is gone finds none (seen in CI on a loaded machine).
_LAZY_LOADED = """() => !document.querySelector('[data-testid="stMain"] [data-testid="stSkeleton"]')"""


def wait_for_charts(page, timeout: int = 30_000) -> int:
    """Until every plotly chart on the page is drawn; returns how many there are."""
    page.wait_for_function(_LAZY_LOADED, timeout=timeout)
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


