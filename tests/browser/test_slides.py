"""The slide decks in real Chromium with the network cut: every slide shown, every chart drawn, nothing requested
from outside the deck's folder, no console error, no slide whose text overflows it, and a slide for each
discussion question of the chapter (counted on the chapter's source)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from briefing import charts, slides
from briefing.toc import topic_chapters
from tests.helpers import ROOT

pytestmark = pytest.mark.browser
CHAPTERS = topic_chapters(ROOT)


@pytest.fixture(scope="module")
def decks(built_book: Path, tmp_path_factory) -> Path:
    """Every topic chapter's deck, made once from the built book's glued values (as `make slides` does)."""
    out = tmp_path_factory.mktemp("slides")
    written = slides.write_all(out, built_book)
    assert sorted(p.parent.name for p in written) == sorted(CHAPTERS)
    return out


def discussion_questions(chapter: str) -> int:
    """How many questions the chapter's "Discussion questions" section lists, counted on its source."""
    text = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
    section = re.split(r"^## ", text, flags=re.M)
    body = next(part for part in section if part.startswith("Discussion questions"))
    body = re.split(r"^(?:```|:::)", body, flags=re.M)[0]
    return sum(1 for line in body.splitlines() if line.startswith("- "))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_deck_offline(browser, decks: Path, chapter: str) -> None:
    deck = decks / chapter / "index.html"
    assert deck.is_file()
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    outside, errors, failed = [], [], []

    def route(request_route) -> None:
        url = request_route.request.url
        if urlparse(url).scheme in ("file", "data", "blob", "about"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(deck.as_uri(), wait_until="load")
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=15_000)
    total = page.evaluate("Reveal.getTotalSlides()")
    kinds = page.eval_on_selector_all(".reveal .slides > section", "ss => ss.map(s => s.dataset.kind)")
    assert len(kinds) == total > 0
    problems = []
    for index in range(total):
        page.evaluate(f"Reveal.slide({index})")
        state = page.evaluate("""() => {
            const s = Reveal.getCurrentSlide();
            const imgs = [...s.querySelectorAll('img.chart')];
            return {kind: s.dataset.kind, label: s.getAttribute('aria-label'),
                    charts: imgs.map(i => i.complete && i.naturalWidth > 0),
                    overflow: s.scrollHeight > s.clientHeight + 1 && s.dataset.kind !== 'chart',
                    visible: s.classList.contains('present')};
        }""")
        if not state["visible"]:
            problems.append(f"slide {index} not shown")
        if state["kind"] == "chart" and len(state["charts"]) != 1:
            problems.append(f"slide {index}: a chart slide with {len(state['charts'])} charts")
        elif state["kind"] == "chart" and state["charts"] != [True]:
            page.wait_for_function("() => [...Reveal.getCurrentSlide().querySelectorAll('img.chart')]"
                                   ".every(i => i.complete && i.naturalWidth > 0)", timeout=5_000)
        if state["overflow"]:
            problems.append(f"slide {index} ({state['label']}): text overflows the slide")
    drawn = set(page.eval_on_selector_all("img.chart", "is => is.map(i => i.dataset.chart)"))
    context.close()
    assert drawn >= {name for name in charts.names() if charts.get(name).chapter == chapter} | {slides.MAP_CHART}
    assert outside == [], f"requests leaving the machine: {outside}"
    assert failed == [], f"failed requests: {failed}"
    assert errors == []
    assert problems == []
    assert "chart" in kinds and kinds.count("objectives") == 1 and kinds[0] == "title"
    assert kinds.count("question") >= discussion_questions(chapter) > 0
    assert kinds.count("contrast") >= 1 and kinds.count("exercise") >= 1
