"""Every page of the built book in real Chromium: charts drawn, no request to another host, no console error."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from tests.helpers import BUILT

ALL_HTML = sorted(p.relative_to(BUILT).as_posix() for p in BUILT.rglob("*.html")
                  if "_static" not in p.parts and "reports" not in p.parts) if BUILT.is_dir() else []
REDIRECT = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)"', re.I)


def redirect_target(page: str) -> str | None:
    """Where a redirect stub (the root index.html) points, or None for a real page."""
    match = REDIRECT.search((BUILT / page).read_text(encoding="utf-8"))
    return match.group(1) if match else None


PAGES = [p for p in ALL_HTML if redirect_target(p) is None]
REDIRECTS = [p for p in ALL_HTML if redirect_target(p) is not None]
CHART_TIMEOUT_MS = 15_000


def visit(browser, url: str, own: str) -> dict:
    """Open a page; record console errors, failed or foreign requests, HTTP errors and chart states."""
    page = browser.new_page()
    seen = {"errors": [], "foreign": [], "failed": []}

    def on_request(request):
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob", "about"):
            return
        if own == "file" and parsed.scheme != "file" or own != "file" and parsed.netloc != own:
            seen["foreign"].append(request.url)

    page.on("request", on_request)
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(f"uncaught: {e}"))
    page.on("requestfailed", lambda r: seen["failed"].append(r.url))
    page.on("response", lambda r: seen["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    count = page.locator("figure.briefing-chart").count()
    if count:
        page.wait_for_function(
            "() => [...document.querySelectorAll('figure.briefing-chart')]"
            ".every(f => f.dataset.chartState !== 'pending')", timeout=CHART_TIMEOUT_MS)
    seen["states"] = page.eval_on_selector_all("figure.briefing-chart", "fs => fs.map(f => f.dataset.chartState)")
    seen["svg"] = page.locator("figure.briefing-chart .briefing-chart-view svg.marks").count()
    page.close()
    return seen


def check(seen: dict) -> None:
    assert seen["foreign"] == [], f"requests to other hosts: {seen['foreign']}"
    assert seen["failed"] == [], f"failed requests: {seen['failed']}"
    assert seen["errors"] == [], f"console errors: {seen['errors']}"
    assert all(state == "drawn" for state in seen["states"]), f"charts not drawn: {seen['states']}"
    assert seen["svg"] == len(seen["states"])


def test_the_book_has_pages_and_charts(built_book: Path):
    assert "chapters/index.html" in PAGES
    assert any("briefing-chart" in (built_book / p).read_text(encoding="utf-8") for p in PAGES)
    assert (built_book / "_static" / "briefing-vega.js").stat().st_size > 100_000


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_page_over_http(browser, book_server: str, page: str):
    check(visit(browser, f"{book_server}/{page}", urlparse(book_server).netloc))


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_page_from_file(browser, built_book: Path, page: str):
    check(visit(browser, (built_book / page).as_uri(), "file"))


def test_redirect_stubs_point_at_real_pages():
    assert "index.html" in REDIRECTS
    for stub in REDIRECTS:
        target = urljoin(stub, redirect_target(stub))
        assert target in PAGES, f"{stub} redirects to {target}, which is not a page of the book"
