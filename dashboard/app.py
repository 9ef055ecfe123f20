"""Entry point: `python -m streamlit run dashboard/app.py` from the repository root.

Page config, demo data on an empty database (with its progress shown), the demo banner, then
`st.navigation` over the pages in pages/. A page whose file does not exist yet is simply not
listed, so the app runs while pages are being written. Each page draws the shared filters
itself (components.sidebar_filters), which also lets a test run one page file on its own.
"""
from __future__ import annotations

import threading
import time

import streamlit as st

from dashboard import components, queries, settings
from dashboard.briefing_text import tb
from dashboard.i18n import t

# url path, file in pages/, title key, icon
PAGES = (
    ("overview", "overview.py", "page_overview", ":material/dashboard:"),
    ("tasks", "tasks.py", "page_tasks", ":material/assignment:"),
    ("dossiers", "dossiers.py", "page_dossiers", ":material/folder_open:"),
    ("petitions", "petitions.py", "page_petitions", ":material/campaign:"),
    ("consultations", "consultations.py", "page_consultations", ":material/forum:"),
    ("agency", "agency.py", "page_agency", ":material/account_balance:"),
    ("data", "data.py", "page_data", ":material/database:"),
    ("briefing", "briefing.py", "page_briefing", ":material/slideshow:"),
)


class DemoJob:
    """The demo build, run in a thread of its own so that closing the browser tab does not cut
    it off half-way (Streamlit stops a session's script when its tab goes away). Every
    session that opens meanwhile waits for the same build and shows its progress."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.message, self.fraction, self.error = "", 0.0, None

    def start(self, engine) -> None:
        with self.lock:
            if self.thread is not None and self.thread.is_alive():
                return
            self.message, self.fraction, self.error = "", 0.0, None
            self.thread = threading.Thread(target=self._run, args=(engine,), name="demo-build", daemon=True)
            self.thread.start()

    def _run(self, engine) -> None:
        from data_loaders.demo import build_demo, clear_demo, demo_state

        try:
            if demo_state(engine) == "incomplete":
                clear_demo(engine)  # an earlier build was cut off (e.g. the server stopped)
            build_demo(engine, scale=settings.demo_scale(), progress=self._progress)
        except Exception as exc:  # noqa: BLE001 - shown to every waiting session
            self.error = exc

    def _progress(self, message: str, fraction: float) -> None:
        self.message, self.fraction = message, min(max(float(fraction), 0.0), 1.0)

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()


@st.cache_resource(show_spinner=False)
def _demo_job() -> DemoJob:
    return DemoJob()  # one per server process


def _needs_demo(engine) -> bool:
    from data_loaders.db import is_empty
    from data_loaders.demo import demo_state

    return is_empty(engine) or demo_state(engine) == "incomplete"


def ensure_data(lang: str) -> None:
    """Build the demo data when the database holds no records (unless turned off)."""
    if not settings.demo_on_empty():
        return
    engine = queries.engine()
    job = _demo_job()
    if not job.running and not _needs_demo(engine):
        return
    job.start(engine)
    with st.status(t("demo_building", lang), expanded=True) as status:
        bar = st.progress(0.0, text=t("demo_building", lang))
        while job.running:
            bar.progress(job.fraction, text=job.message or t("demo_building", lang))
            time.sleep(0.25)
        if job.error is not None:
            status.update(label=t("demo_failed", lang, error=job.error), state="error")
            return
        bar.progress(1.0, text=job.message)
        status.update(label=t("demo_built", lang), state="complete", expanded=False)
    queries.clear()


def navigation(lang: str):
    pages = []
    for url_path, file, title, icon in PAGES:
        path = settings.PAGES_DIR / file
        if path.exists():
            pages.append(st.Page(path, title=tb(title, lang), icon=icon, url_path=url_path,
                                 default=not pages))
    # The briefing runs full screen: no navigation menu (its own CSS also hides the sidebar).
    on_briefing = (st.context.url or "").rstrip("/").endswith("/briefing")
    return st.navigation(pages, position="hidden" if on_briefing else "sidebar") if pages else None


def main() -> None:
    st.set_page_config(page_title=t("app_title", "vi"), page_icon="🏛️", layout="wide")
    lang = components.current_lang()
    components.base_style()
    ensure_data(lang)
    page = navigation(lang)
    if page is None or page.url_path != "briefing":  # the slides carry a small demo tag instead
        components.demo_banner(lang)
    if page is None:
        st.info(t("no_data", lang))
        return
    page.run()


main()
