"""Charts that fit every screen: every page with charts at a phone (390 x 844, touch) and a tablet (768 x 1024),
with scripts and without, and a tap on a timeline mark.

One browser context per viewport, each page opened once per context."""

from __future__ import annotations

import csv

import pytest

from tests.helpers import BUILT, DATA

CHART_PAGES = sorted(p.relative_to(BUILT).as_posix() for p in BUILT.rglob("*.html")
                     if "_static" not in p.parts and 'class="briefing-chart"' in p.read_text(encoding="utf-8")
                     ) if BUILT.is_dir() else []
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TABLET = {"viewport": {"width": 768, "height": 1024}, "has_touch": True}
VIEWPORTS = {"phone": PHONE, "tablet": TABLET}
MIN_TEXT_PX = 10
DRAWN_MS = 30_000

# Per chart: its drawn width (as laid out, and as shown), its container's content box, and its smallest text as
# rendered on screen (font size times every scale above it).
MEASURE = """() => [...document.querySelectorAll('figure.briefing-chart')].map(f => {
  const svg = f.querySelector('.briefing-chart-view svg.marks');
  if (!svg) return {name: f.dataset.chartName, state: f.dataset.chartState, svg: false};
  const box = svg.getBoundingClientRect();
  const view = f.querySelector('.briefing-chart-view'), style = getComputedStyle(view);
  const outer = view.getBoundingClientRect(), px = k => parseFloat(style[k]);
  const inner = {left: outer.left + px('paddingLeft') + px('borderLeftWidth'),
                 right: outer.right - px('paddingRight') - px('borderRightWidth')};
  let smallest = Infinity, smallestText = '';
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim() || t.getClientRects().length === 0) continue;
    const scale = t.getScreenCTM() ? Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b) : 1;
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (px < smallest) { smallest = px; smallestText = t.textContent; }
  }
  return {name: f.dataset.chartName, state: f.dataset.chartState, svg: true, left: box.left, right: box.right,
          width: box.width, laidOut: parseFloat(svg.getAttribute('width')), boxLeft: inner.left, boxRight: inner.right,
          smallest, smallestText};
})"""


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def viewport_context(request, browser):
    context = browser.new_context(**VIEWPORTS[request.param])
    yield request.param, context
    context.close()


@pytest.fixture(scope="module")
def no_script_context(browser):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    yield context
    context.close()


def _layout_width(page) -> int:
    """The width the page is laid out at. A mobile browser (is_mobile) widens its layout viewport to the content
    when something overflows and zooms out, so `innerWidth` grows with the overflow: a page is fitted only if
    this equals the device's width."""
    return page.evaluate("innerWidth")


def _all_drawn(page) -> None:
    page.wait_for_function("() => [...document.querySelectorAll('figure.briefing-chart')]"
                           ".every(f => f.dataset.chartState !== 'pending')", timeout=DRAWN_MS)


def test_there_are_chart_pages():
    assert "chapters/index.html" in CHART_PAGES and len(CHART_PAGES) >= 8


@pytest.mark.browser
@pytest.mark.parametrize("page_path", CHART_PAGES)
def test_charts_fit_the_screen(viewport_context, book_server: str, page_path: str):
    name, context = viewport_context
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{book_server}/{page_path}", wait_until="load")
    _all_drawn(page)
    width = VIEWPORTS[name]["viewport"]["width"]  # the device's width: see _layout_width
    layout = _layout_width(page)
    charts = page.evaluate(MEASURE)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert layout == width, f"{name} {page_path}: the page is laid out {layout} px wide on a {width} px screen"
    assert errors == []
    assert charts, "no chart on a chart page"
    for chart in charts:
        label = f"{name} {page_path} {chart['name']}"
        assert chart["state"] == "drawn" and chart["svg"], f"{label}: not drawn ({chart['state']})"
        assert chart["left"] >= 0 and chart["right"] <= width, f"{label}: {chart['left']}..{chart['right']} of {width}"
        # Fitted exactly: laid out no wider than its container, so that nothing scales it down to fit.
        room = chart["boxRight"] - chart["boxLeft"]
        assert chart["laidOut"] <= room, f"{label}: drawn {chart['laidOut']} px wide in a {room:.0f} px container"
        assert abs(chart["width"] - chart["laidOut"]) < 0.5, f"{label}: {chart['laidOut']} px, shown {chart['width']}"
        assert chart["left"] >= chart["boxLeft"] - 0.5 and chart["right"] <= chart["boxRight"] + 0.5, label
        assert chart["smallest"] >= MIN_TEXT_PX, f"{label}: text {chart['smallestText']!r} at {chart['smallest']} px"
    assert scroll <= width, f"{name} {page_path}: the page scrolls sideways ({scroll} > {width})"


@pytest.mark.browser
@pytest.mark.parametrize("page_path", CHART_PAGES)
def test_charts_show_without_scripts(no_script_context, book_server: str, page_path: str):
    page = no_script_context.new_page()
    page.goto(f"{book_server}/{page_path}", wait_until="load")
    page.wait_for_function("() => [...document.querySelectorAll('figure.briefing-chart img')].every(i => i.complete)")
    figures = page.evaluate("""() => [...document.querySelectorAll('figure.briefing-chart')].map(f => {
      const img = f.querySelector('.briefing-chart-static img');
      const desc = img && document.getElementById(img.getAttribute('aria-describedby') || '');
      const box = img ? img.getBoundingClientRect() : null;
      return {name: f.dataset.chartName, img: !!img, loaded: !!img && img.complete && img.naturalWidth > 0,
              shown: !!box && box.width > 100 && box.height > 50, right: box ? box.right : 0,
              alt: img ? img.alt : '', desc: desc ? desc.textContent : '',
              summary: (f.querySelector('details > summary') || {}).textContent || '',
              summaryShown: !!f.querySelector('details > summary') &&
                            f.querySelector('details > summary').getClientRects().length > 0};
    })""")
    width = PHONE["viewport"]["width"]
    layout = _layout_width(page)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert layout == width, f"{page_path}: the page is laid out {layout} px wide on a {width} px screen"
    assert figures
    for fig in figures:
        label = f"{page_path} {fig['name']}"
        assert fig["img"] and fig["loaded"] and fig["shown"], f"{label}: no static chart image shown ({fig})"
        assert fig["right"] <= width, f"{label}: the image is wider than the screen"
        assert fig["alt"].startswith("Chart: ") and len(fig["alt"]) > 12, label
        assert len(fig["desc"]) > 40, f"{label}: the image is not described"
        assert fig["summaryShown"] and "description" in fig["summary"], f"{label}: the description is not reachable"
    assert scroll <= width


ALL_PAGES = sorted(p.relative_to(BUILT).as_posix() for p in BUILT.rglob("*.html")
                   if "_static" not in p.parts and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8").lower()
                   ) if BUILT.is_dir() else []  # a redirect page (the root index.html) is the page it names


@pytest.mark.browser
def test_no_page_scrolls_sideways_on_a_phone(browser, book_server: str):
    """Every page of the book, charts or not, is laid out at the phone's width (a footnote cited many times once
    widened the checkpoint and powers pages to 698 and 754 px with its run of back-references)."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    wide = {}
    for page_path in ALL_PAGES:
        page.goto(f"{book_server}/{page_path}", wait_until="networkidle")
        layout, scroll = _layout_width(page), page.evaluate("document.documentElement.scrollWidth")
        if max(layout, scroll) > PHONE["viewport"]["width"]:
            wide[page_path] = max(layout, scroll)
    context.close()
    assert len(ALL_PAGES) >= 15
    assert wide == {}, f"pages wider than the phone: {wide}"


def _events() -> dict[str, dict]:
    with open(DATA / "events.csv", encoding="utf-8", newline="") as handle:
        return {row["title"]: row for row in csv.DictReader(handle)}


@pytest.mark.browser
def test_a_tap_on_a_timeline_mark_shows_its_row_and_source(browser, book_server: str):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{book_server}/chapters/index.html", wait_until="load")
    _all_drawn(page)
    figure = page.locator("figure[data-chart-name=timeline]")
    panel = figure.locator(".briefing-chart-datum")
    assert panel.is_hidden()
    mark = figure.locator("svg.marks g.mark-symbol path").nth(3)
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    panel.wait_for(state="visible", timeout=5_000)
    shown = dict(zip(panel.locator("dt").all_inner_texts(), panel.locator("dd").all_inner_texts(), strict=True))
    context.close()
    events = _events()
    assert shown.get("Event") in events, f"the panel shows no event row of the data: {shown}"
    row = events[shown["Event"]]
    # The source as its publication and date ("Crisis Group, 22 May 2023"), never its table id.
    from briefing.charts.parts import source_names

    assert shown.get("Source") == source_names([row["source_id"]])[0] != row["source_id"], shown
    with open(DATA / "sources.csv", encoding="utf-8", newline="") as handle:
        published = next(s for s in csv.DictReader(handle) if s["source_id"] == row["source_id"])["published"]
    assert published[:4] in shown["Source"] or row["source_id"] == "briefing_editors", shown  # dated, at least by year
    assert shown.get("What happened") == row["description"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [304, 700])
def test_the_page_fits_charts_by_the_same_rule_as_the_build(browser, book_server: str, width: int):
    """briefing-charts.js's fitSpec and briefing.render.fit_spec (which draws the static SVGs) agree."""
    from briefing import charts
    from briefing.render import fit_spec

    page = browser.new_page()
    page.goto(f"{book_server}/chapters/index.html", wait_until="load")
    for name in charts.names():
        spec = charts.build(name).to_dict()
        spec.pop("datasets", None)  # the data is not fitted; it only makes the comparison slow
        in_page = page.evaluate("([spec, width]) => window.briefingFitSpec(spec, width, 0.6)", [spec, width])
        assert in_page == fit_spec(spec, width, 0.6), f"{name} at {width} px: the page and the build differ"
    page.close()


@pytest.mark.browser
def test_on_a_phone_the_timeline_runs_down_the_page_and_its_menus_work_by_touch(browser, book_server: str):
    """At 390 px the timeline turns upright (time down the page, an actor a column), its phase labels do not overlap,
    and its menus, inside the screen, are tapped and filter the marks."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{book_server}/chapters/index.html", wait_until="load")
    _all_drawn(page)
    figure = page.locator("figure[data-chart-name=timeline]")
    shape = figure.evaluate("""f => {
      const svg = f.querySelector('.briefing-chart-view svg.marks'), box = svg.getBoundingClientRect();
      const labels = [...svg.querySelectorAll('g.mark-text.role-mark text')].map(t => t.getBoundingClientRect())
        .filter(r => r.width > 0);
      let overlaps = 0;
      labels.forEach((a, i) => labels.slice(i + 1).forEach(b => {
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps += 1;
      }));
      const menus = [...f.querySelectorAll('.vega-bindings select')].map(s => s.getBoundingClientRect().right);
      const years = [...svg.querySelectorAll('g.role-axis-label text')].filter(t => /^\\d{4}$/.test(t.textContent))
        .map(t => t.getBoundingClientRect()).map(r => [Math.round(r.left + r.width / 2), Math.round(r.top)]);
      return {width: box.width, height: box.height, labels: labels.length, overlaps, menus, years};
    }""")
    assert shape["height"] > 2 * shape["width"], f"the timeline is not upright on a phone: {shape}"
    # Time runs down the page: the years stand one under another, each lower than the one before.
    years = shape["years"]
    assert len(years) >= 4 and max(x for x, _ in years) - min(x for x, _ in years) <= 4, years
    assert [y for _, y in years] == sorted({y for _, y in years}), years
    assert shape["labels"] >= 6 and shape["overlaps"] == 0, f"phase labels overlap: {shape}"
    assert len(shape["menus"]) == 2 and max(shape["menus"]) <= PHONE["viewport"]["width"], shape
    marks = figure.locator("svg.marks g.mark-symbol path")
    total = marks.count()
    phase = figure.locator(".vega-bindings select").filter(has=page.locator("option", has_text="All phases"))
    phase.tap()
    phase.select_option(label="Blockade")
    page.wait_for_timeout(300)
    blockade = marks.count()
    actor = figure.locator(".vega-bindings select").filter(has=page.locator("option", has_text="All actors"))
    actor.tap()
    actor.select_option(label="Iran")
    page.wait_for_timeout(300)
    both = marks.count()
    context.close()
    assert 0 < both < blockade < total, (total, blockade, both)
