"""Soak run of the briefing page: does the server's memory grow while slides turn all day?

    python benchmarks/soak_briefing.py [--minutes 30] [--interval 3] [--scale 0.05] [--db URL]

Builds a small demo database (or uses --db), starts `streamlit run dashboard/app.py` headless on
a free port (file watcher off, as on a wall-screen server), opens /briefing?interval=N in Debian's
Chromium through Playwright and lets it run. The server's resident memory (psutil when
installed, else VmRSS in /proc/<pid>/status) is sampled after a warm-up of two full rounds of
the slides (every slide's data then cached: the baseline), every minute, and at the end. Slide
changes are counted in the browser by polling the slide's data-slide attribute. Prints one
line per sample and a summary with the growth in percent; exits 1 when the growth is 10 % or
more, or when the slides stopped turning. Not a test: run it in the background for 30 minutes.
The server is stopped at the end (its own process group, nothing else).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = os.environ.get("OVERSIGHT_CHROMIUM", "/usr/bin/chromium")
AS_OF = dt.date(2026, 11, 15)
TARGET_GROWTH_PCT = 10.0


def rss_kib(pid: int) -> int:
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss // 1024
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def build_db(folder: Path, scale: float) -> str:
    from data_loaders.db import make_engine
    from data_loaders.demo import build_demo

    url = f"sqlite:///{folder / 'demo.db'}"
    eng = make_engine(url)
    build_demo(eng, scale=scale, until=AS_OF)
    eng.dispose()
    return url


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next((int(ln.split()[1]) // 1024 // 1024 for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), 0)
    import streamlit

    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPU, {mem} GiB RAM, "
            f"Python {platform.python_version()}, Streamlit {streamlit.__version__}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--interval", type=float, default=3)
    ap.add_argument("--scale", type=float, default=0.05, help="demo data size (1.0 ≈ 60,000 dossiers)")
    ap.add_argument("--db", help="use this database instead of building a demo one")
    args = ap.parse_args()
    # Stopped with kill or Ctrl-C (also when started in the background, where SIGINT is ignored):
    # leave through `finally`, which stops the server, instead of leaving it running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)

    from playwright.sync_api import sync_playwright

    from dashboard.briefing_slides import SLIDES
    from tests.browser.harness import CHROMIUM_ARGS, start_server, stop_server

    n = len(SLIDES)
    folder = Path(tempfile.mkdtemp(prefix="soak_briefing_"))
    t0 = time.monotonic()
    url = args.db or build_db(folder, args.scale)
    print(f"# machine: {machine()}", flush=True)
    print(f"# database: {'given' if args.db else f'demo, scale {args.scale}'} (built in {time.monotonic() - t0:.0f} s)",
          flush=True)
    # file watcher off, as on a wall-screen server
    proc, base = start_server(url, folder / "streamlit.log", "--server.fileWatcherType", "none")
    print(f"# server pid {proc.pid}, {base}, log {folder / 'streamlit.log'}", flush=True)
    changes, samples, last, errors = 0, [], None, 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
            page.goto(f"{base}/briefing?interval={args.interval:g}")
            page.wait_for_selector('[data-testid="stMain"] .bf-slide', timeout=120_000)

            def poll() -> None:
                nonlocal changes, last, errors
                try:
                    cur = page.evaluate("""() => { const s = document.querySelector(
                        '[data-testid="stMain"] .bf-slide'); return s ? s.getAttribute('data-slide') : null; }""")
                    errors = max(errors, page.locator('[data-testid="stException"]').count())
                except Exception:  # noqa: BLE001 - a page mid-update: next poll
                    return
                if cur is not None and cur != last:
                    if last is not None:
                        changes += 1
                    last = cur

            warm_until = 2 * n  # two full rounds: every slide's data is cached
            deadline = time.monotonic() + max(120.0, 4 * n * args.interval)
            while changes < warm_until and time.monotonic() < deadline:
                poll()
                page.wait_for_timeout(250)
            if changes < warm_until:
                print(f"! warm-up incomplete: {changes} slide changes", flush=True)
            changes = 0
            start = time.monotonic()
            samples.append((0.0, rss_kib(proc.pid)))
            print(f"t=  0.0 min  rss={samples[-1][1] / 1024:7.1f} MiB  (after warm-up)", flush=True)
            next_sample = start + 60
            end = start + args.minutes * 60
            while time.monotonic() < end:
                poll()
                page.wait_for_timeout(250)
                if time.monotonic() >= next_sample:
                    samples.append(((time.monotonic() - start) / 60, rss_kib(proc.pid)))
                    print(f"t={samples[-1][0]:5.1f} min  rss={samples[-1][1] / 1024:7.1f} MiB  "
                          f"slide changes={changes}", flush=True)
                    next_sample += 60
            samples.append(((time.monotonic() - start) / 60, rss_kib(proc.pid)))
            browser.close()
    finally:
        stop_server(proc)
    first, final = samples[0][1], samples[-1][1]
    growth = 100.0 * (final - first) / first
    minutes = samples[-1][0]
    expected = minutes * 60 / args.interval
    print(f"RESULT minutes={minutes:.1f} interval={args.interval:g}s start_rss={first / 1024:.1f}MiB "
          f"end_rss={final / 1024:.1f}MiB max_rss={max(s for _, s in samples) / 1024:.1f}MiB growth={growth:+.2f}% "
          f"slide_changes={changes} (expected ≈{expected:.0f}) rounds={changes / n:.1f} error_boxes={errors}",
          flush=True)
    ok = growth < TARGET_GROWTH_PCT and changes >= 0.8 * expected and errors == 0
    print("OK" if ok else "FAILED", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
