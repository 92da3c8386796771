"""Page benchmark: each chapter page's own HTML weight, and the time until all its charts are drawn.

Serves the built book (`make book` first) on loopback and opens each chapter page in the system Chromium.
The time is from navigation start to the moment the page's chart script reports every chart drawn; each page
is loaded three times and the median reported. The shared Vega bundle is reported once, apart.

    .venv/bin/python benchmarks/pages.py
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path

from briefing.chromium import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parents[1]
BUILT = ROOT / "_build" / "html"

RUNS = 3
LIMIT_KB = 400
LIMIT_MS = 1500


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    from playwright.sync_api import sync_playwright

    if not (BUILT / "chapters").is_dir():
        sys.exit("build the book first: make book")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(BUILT)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sorted((BUILT / "chapters").glob("*.html"))
    bundle = BUILT / "_static" / "briefing-vega.js"
    print(f"shared Vega bundle (loaded once, cached): {bundle.stat().st_size / 1024:.0f} KB")
    print(f"{'page':<24}{'own HTML KB':>12}{'charts':>8}{'drawn ms (median)':>19}{'within limits':>15}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context()
        for page_path in pages:
            size_kb = page_path.stat().st_size / 1024
            times, count = [], 0
            for _ in range(RUNS):
                page = context.new_page()
                page.goto(f"{base}/chapters/{page_path.name}", wait_until="load")
                count = page.locator("figure.briefing-chart").count()
                if count:
                    page.wait_for_function("() => document.documentElement.dataset.chartsDrawnMs", timeout=30_000)
                    times.append(float(page.evaluate("document.documentElement.dataset.chartsDrawnMs")))
                page.close()
            median = statistics.median(times) if times else 0.0
            ok = size_kb <= LIMIT_KB and median <= LIMIT_MS
            shown = f"{median:.0f}" if times else "-"
            print(f"{page_path.stem:<24}{size_kb:>12.0f}{count:>8}{shown:>19}{'yes' if ok else 'NO':>15}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
