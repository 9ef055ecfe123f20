"""plotly figures → PNG for the PDF, through kaleido (>= 1.0) driving Debian's Chromium.

One renderer per report: the Chromium process starts once (about 2 s) and each chart then
takes a fraction of a second. When the renderer cannot start or a chart fails (no Chromium on
the machine), `png` returns None and `error` says why: the pack is still produced, with a note
in place of each chart (the tables beside them carry the same numbers), and the CLI prints the
reason as a warning. We chose this one path over a matplotlib fallback so that the charts in the
pack are the charts of the pages, and tested it.
"""
from __future__ import annotations

import os
import shutil
import warnings


class ChartRenderer:
    def __init__(self):
        self.error: str | None = None
        self._started = False

    def __enter__(self) -> "ChartRenderer":
        browser = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
        if browser:
            os.environ.setdefault("BROWSER_PATH", browser)
        try:
            import kaleido

            kaleido.start_sync_server(silence_warnings=True)
            self._started = True
        except Exception as exc:  # noqa: BLE001 - any failure: charts become notes, tables remain
            self.error = f"chart renderer did not start: {exc.__class__.__name__}: {exc}".splitlines()[0]
        return self

    def png(self, fig, width: int = 1000, height: int | None = None, scale: float = 2) -> bytes | None:
        if self.error and not self._started:
            return None
        import plotly.io as pio

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "kopts ignored if using a server": expected
                return pio.to_image(fig, format="png", width=width, height=height or fig.layout.height or 450,
                                    scale=scale)
        except Exception as exc:  # noqa: BLE001
            self.error = f"chart not rendered: {exc.__class__.__name__}: {exc}".splitlines()[0]
            return None

    def __exit__(self, *exc) -> None:
        if self._started:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            self._started = False
