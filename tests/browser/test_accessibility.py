"""Accessibility in Chromium with axe-core: no serious or critical violation; charts described to readers."""

from __future__ import annotations

import pytest

from tests.browser.test_pages import PAGES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("page_name", PAGES)
def test_no_serious_or_critical_violation(browser, book_server: str, axe, page_name: str):
    page = browser.new_page()
    page.goto(f"{book_server}/{page_name}", wait_until="load")
    if page.locator("figure.briefing-chart").count():
        page.wait_for_function("() => document.documentElement.dataset.chartsDrawn !== undefined",
                               timeout=15_000)
    results = axe.run(page)
    bad = [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    page.close()
    assert bad == []


@pytest.mark.parametrize("page_name", [p for p in PAGES if p.startswith("chapters/")])
def test_every_chart_is_described_to_screen_readers(browser, book_server: str, page_name: str):
    page = browser.new_page()
    page.goto(f"{book_server}/{page_name}", wait_until="load")
    if not page.locator("figure.briefing-chart").count():
        page.close()
        pytest.skip("no chart on this page")
    page.wait_for_function("() => document.documentElement.dataset.chartsDrawn !== undefined", timeout=15_000)
    facts = page.eval_on_selector_all("figure.briefing-chart", """figs => figs.map(f => {
        const view = f.querySelector('.briefing-chart-view');
        const svg = view.querySelector('svg.marks');
        const desc = svg ? document.getElementById(svg.getAttribute('aria-describedby')) : null;
        return {role: svg ? svg.getAttribute('role') : null, desc: desc ? desc.textContent.trim() : '',
                svgLabel: svg ? (svg.getAttribute('aria-label') || '') : ''};
    })""")
    page.close()
    for fact in facts:
        assert fact["role"] == "img"
        assert len(fact["desc"].split()) >= 15, fact
        assert fact["svgLabel"].startswith("Chart: "), "the drawn SVG has no accessible name"
