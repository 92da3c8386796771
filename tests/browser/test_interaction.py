"""The book in real Chromium: the timeline filters, search finds "Lachin", every internal link resolves."""

from __future__ import annotations

import html.parser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from tests.browser.test_pages import PAGES

pytestmark = pytest.mark.browser
TIMELINE = "figure[data-chart-name='timeline']"
MARKS = f"{TIMELINE} .briefing-chart-view svg g.mark-symbol path"


def drawn(page, url: str):
    page.goto(url, wait_until="load")
    page.wait_for_function("() => document.documentElement.dataset.chartsDrawn !== undefined", timeout=15_000)
    return page


def test_timeline_filters_by_phase_and_by_actor(browser, book_server: str):
    page = drawn(browser.new_page(), f"{book_server}/chapters/index.html")
    total = page.locator(MARKS).count()
    assert total > 40
    selects = page.locator(f"{TIMELINE} .vega-bindings select")
    assert selects.count() == 2
    phase = selects.filter(has=page.locator("option", has_text="All phases"))
    actor = selects.filter(has=page.locator("option", has_text="All actors"))
    phase.select_option(label="Blockade")
    page.wait_for_timeout(300)
    blockade = page.locator(MARKS).count()
    assert 0 < blockade < total
    phase.select_option(label="All phases")
    actor.select_option(label="Iran")
    page.wait_for_timeout(300)
    iran = page.locator(MARKS).count()
    assert 0 < iran < total and iran != blockade
    actor.select_option(label="All actors")
    page.wait_for_timeout(300)
    assert page.locator(MARKS).count() == total
    page.close()


def test_tooltip_shows_the_event_and_its_source(browser, book_server: str):
    page = drawn(browser.new_page(), f"{book_server}/chapters/index.html")
    page.locator(MARKS).first.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.inner_text()
    assert "Source" in text and "Event" in text
    page.close()


def test_search_finds_lachin(browser, book_server: str):
    page = browser.new_page()
    page.goto(f"{book_server}/search.html?q=Lachin", wait_until="load")
    page.wait_for_function("() => document.querySelectorAll('#search-results ul.search li').length > 0",
                           timeout=15_000)
    results = page.locator("#search-results ul.search li").count()
    assert results >= 5
    page.close()


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_every_internal_link_resolves(built_book: Path):
    parsed = {page: parse(built_book / page) for page in PAGES}
    broken = []
    checked = 0
    for page, links in parsed.items():
        for href in links.hrefs:
            url = urlparse(href)
            if url.scheme or href.startswith(("mailto:", "javascript:")) or not (url.path or url.fragment):
                continue
            target = urljoin(page, unquote(url.path)) if url.path else page
            path = built_book / target
            if path.is_dir():
                path = path / "index.html"
            checked += 1
            if not path.exists():
                broken.append(f"{page}: {href} (no file)")
            elif url.fragment and path.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(path).ids
                if url.fragment not in ids:
                    broken.append(f"{page}: {href} (no anchor)")
    assert checked > 100
    assert broken == []


def test_every_chart_offers_its_data_as_csv(browser, book_server: str, built_book: Path):
    checked = 0
    for name in ("index", "blockade", "powers", "offensive"):
        page = drawn(browser.new_page(), f"{book_server}/chapters/{name}.html")
        hrefs = page.eval_on_selector_all("figure.briefing-chart a[data-csv]", "as => as.map(a => a.href)")
        assert len(hrefs) == page.locator("figure.briefing-chart").count()
        for href in hrefs:
            response = page.request.get(href)
            assert response.status == 200, href
            header = response.text().splitlines()[0]
            assert "," in header, f"{href} is not a CSV"
            checked += 1
        page.close()
    assert checked >= 8
    archive = built_book / "_static" / "briefing-data.zip"
    import zipfile

    with zipfile.ZipFile(archive) as zipped:
        assert "data/datapackage.json" in zipped.namelist()
        assert "data/events.csv" in zipped.namelist()
