"""Page benchmark: each chapter page's own HTML weight, the time until all its charts are drawn, and the time until
the first chart is visible on a throttled phone, with scripts and with scripts blocked.

Serves the built book (`make book` first, or `--built DIR`) on loopback and opens each chapter page in the system
Chromium.

- Desktop: from navigation start to the moment the page's chart script reports every chart drawn; each page is
  loaded three times and the median reported.
- Phone: a 390 x 844 touch viewport with a mid-range phone's CPU (Chromium's CPU throttling, 4x) on a slow 4G
  connection (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, cache disabled: a first visit). "First chart" is
  the earlier of the first static chart image loaded and the first live
  chart drawn (`data-first-chart-ms`, set by briefing-charts.js); the image's time is when it finished loading
  (resource timing), a few milliseconds before it is painted. "blocked" is the same page with JavaScript disabled,
  where only the static image can appear ("none" if no chart is ever shown).

The shared Vega bundle is reported once, apart.

    .venv/bin/python benchmarks/pages.py [--built DIR] [--no-desktop] [--pages index blockade ...]
"""

from __future__ import annotations

import argparse
import contextlib
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
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
PHONE_TIMEOUT_MS = 60_000

# Milliseconds from navigation start to the first chart seen, or null: the first static chart image loaded
# (resource timing of the <img> the browser chose; synchronous, so it also works with scripts blocked) or the first
# live chart drawn, whichever came first.
FIRST_CHART_JS = """() => {
  const times = [];
  for (const img of document.querySelectorAll('figure.briefing-chart .briefing-chart-static img')) {
    if (!img.complete || !img.naturalWidth) continue;
    const entry = performance.getEntriesByName(img.currentSrc)[0];
    if (entry) times.push(entry.responseEnd);
  }
  const live = Number(document.documentElement.dataset.firstChartMs || document.documentElement.dataset.chartsDrawnMs);
  if (live) times.push(live);
  return times.length ? Math.min(...times) : null;
}"""
SHOWN_JS = """() => document.documentElement.dataset.firstChartMs || document.documentElement.dataset.chartsDrawnMs
  || document.querySelector('figure.briefing-chart[data-chart-state=error]')
  || [...document.querySelectorAll('figure.briefing-chart .briefing-chart-static img')].some(i => i.complete)"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def desktop_times(context, url: str) -> tuple[int, list[float]]:
    times, count = [], 0
    for _ in range(RUNS):
        page = context.new_page()
        page.goto(url, wait_until="load")
        count = page.locator("figure.briefing-chart").count()
        if count:
            page.wait_for_function("() => document.documentElement.dataset.chartsDrawnMs", timeout=30_000)
            times.append(float(page.evaluate("document.documentElement.dataset.chartsDrawnMs")))
        page.close()
    return count, times


def phone_first_chart(context, url: str, scripts: bool) -> float | None:
    """Milliseconds to the first visible chart on the throttled phone (None: no chart appeared)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="load", timeout=PHONE_TIMEOUT_MS)
    with contextlib.suppress(Exception):  # a page whose charts never show is reported as such
        page.wait_for_function(SHOWN_JS, timeout=PHONE_TIMEOUT_MS if scripts else 5_000)
    first = page.evaluate(FIRST_CHART_JS)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    page.close()
    return first


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--built", type=Path, default=BUILT, help="the built HTML book (default _build/html)")
    parser.add_argument("--no-desktop", action="store_true", help="skip the desktop all-charts-drawn timing")
    parser.add_argument("--pages", nargs="*", help="page stems to measure (default: every chapter page)")
    args = parser.parse_args()
    built = args.built
    if not (built / "chapters").is_dir():
        sys.exit("build the book first: make book")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sorted(p for p in (built / "chapters").glob("*.html") if not args.pages or p.stem in args.pages)
    bundle = built / "_static" / "briefing-vega.js"
    print(f"shared Vega bundle (loaded once, cached): {bundle.stat().st_size / 1024:.0f} KB")
    print(f"phone: 390x844 touch, CPU {CPU_SLOWDOWN}x slower, {SLOW_4G['latency']} ms RTT, "
          f"{SLOW_4G['downloadThroughput'] * 8 / 1e6:.1f} Mbit/s down, cache disabled")
    print(f"{'page':<24}{'own HTML KB':>12}{'charts':>8}{'drawn ms (median)':>19}"
          f"{'phone 1st chart ms':>20}{'blocked 1st ms':>16}{'within limits':>15}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        desktop = browser.new_context()
        phone = browser.new_context(**PHONE)
        blocked = browser.new_context(**PHONE, java_script_enabled=False)
        for page_path in pages:
            url = f"{base}/chapters/{page_path.name}"
            size_kb = page_path.stat().st_size / 1024
            count, times = (0, []) if args.no_desktop else desktop_times(desktop, url)
            if args.no_desktop:
                count = page_path.read_text(encoding="utf-8").count('<figure class="briefing-chart"')
            median = statistics.median(times) if times else 0.0
            first = phone_first_chart(phone, url, scripts=True) if count else None
            first_blocked = phone_first_chart(blocked, url, scripts=False) if count else None
            ok = size_kb <= LIMIT_KB and median <= LIMIT_MS
            shown = f"{median:.0f}" if times else "-"
            phone_shown = f"{first:.0f}" if first else ("-" if not count else "none")
            blocked_shown = f"{first_blocked:.0f}" if first_blocked else ("-" if not count else "none")
            print(f"{page_path.stem:<24}{size_kb:>12.0f}{count:>8}{shown:>19}{phone_shown:>20}{blocked_shown:>16}"
                  f"{'yes' if ok else 'NO':>15}", flush=True)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
