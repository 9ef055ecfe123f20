"""Entry point: `python -m streamlit run dashboard/app.py` from the repository root.

Page config, demo data on an empty database (with its progress shown), the demo banner, then
`st.navigation` over the pages in pages/. A page whose file does not exist yet is simply not
listed, so the app runs while pages are being written. Each page draws the shared filters
itself (components.sidebar_filters), which also lets a test run one page file on its own.
"""
from __future__ import annotations

import threading

import streamlit as st

from dashboard import components, queries, settings
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
)


@st.cache_resource(show_spinner=False)
def _demo_lock() -> threading.Lock:
    # One lock per server process: two first visitors must not both build the demo data.
    return threading.Lock()


def ensure_data(lang: str) -> None:
    """Build the demo data when the database holds no records (unless turned off)."""
    from data_loaders.db import is_empty

    if not settings.demo_on_empty():
        return
    engine = queries.engine()
    if not is_empty(engine):
        return
    with _demo_lock():
        if not is_empty(engine):  # built meanwhile by another session
            queries.clear()
            return
        from data_loaders.demo import build_demo

        with st.status(t("demo_building", lang), expanded=True) as status:
            bar = st.progress(0.0, text=t("demo_building", lang))

            def progress(message: str, fraction: float) -> None:
                bar.progress(min(max(float(fraction), 0.0), 1.0), text=message)

            try:
                build_demo(engine, scale=settings.demo_scale(), progress=progress)
            except Exception as exc:  # noqa: BLE001 - shown to the user, the app still opens
                status.update(label=t("demo_failed", lang, error=exc), state="error")
                return
            status.update(label=t("demo_built", lang), state="complete", expanded=False)
        queries.clear()


def navigation(lang: str):
    pages = []
    for url_path, file, title, icon in PAGES:
        path = settings.PAGES_DIR / file
        if path.exists():
            pages.append(st.Page(path, title=t(title, lang), icon=icon, url_path=url_path,
                                 default=not pages))
    return st.navigation(pages, position="sidebar") if pages else None


def main() -> None:
    st.set_page_config(page_title=t("app_title", "vi"), page_icon="🏛️", layout="wide")
    lang = components.current_lang()
    ensure_data(lang)
    page = navigation(lang)
    components.demo_banner(lang)
    if page is None:
        st.info(t("no_data", lang))
        return
    page.run()


main()
