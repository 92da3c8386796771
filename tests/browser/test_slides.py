"""The slide decks in real Chromium with the network cut: every slide shown, every chart drawn, nothing requested
from outside the deck's folder, no console error, no slide whose text overflows it, and a slide for each
discussion question of the chapter (counted on the chapter's source). And, on the decks' HTML: the figure numbers
the book prints, no screen-only hint, and the "where the sources differ" items in the columns the chapter marks."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from briefing import charts, slides
from briefing.toc import topic_chapters
from tests.helpers import ROOT
from tests.test_slides import UNEXPLAINED, differ_section

pytestmark = pytest.mark.browser
CHAPTERS = topic_chapters(ROOT)
FIGURE = re.compile(r"\bFigure \d+(?:\.\d+)?")
# Words that only a screen gives a meaning to (pointer and controls); a deck is a picture and a talk.
SCREEN_WORDS = re.compile(r"\b(hover\w*|click\w*|tap|tapping|mouse|drag|zoom|scroll\w*|menus?|drop-downs?)\b", re.I)


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


def deck_soup(decks: Path, chapter: str) -> BeautifulSoup:
    return BeautifulSoup((decks / chapter / "index.html").read_text(encoding="utf-8"), "html.parser")


def deck_text(soup: BeautifulSoup) -> str:
    """Everything a deck shows or says: slide bodies, speaker notes and the charts' text alternatives."""
    slides_part = soup.find(class_="slides")
    return " ".join([slides_part.get_text(" ")] + [img.get("alt", "") for img in slides_part.find_all("img")])


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_deck_figure_numbers_are_the_books(decks: Path, built_book: Path, chapter: str) -> None:
    """Every figure reference in a deck is the number the built book prints for it: the references to figures
    in the chapter's page ({numref}, as Sphinx writes them) and the deck's are the same numbers, and each is
    the caption number of the chart's figure on the page."""
    page = BeautifulSoup((built_book / "chapters" / f"{chapter}.html").read_text(encoding="utf-8"), "html.parser")
    captions = {figure["id"]: figure.find(class_="caption-number").get_text().strip()
                for figure in page.find_all("figure", id=re.compile("^fig-"))}
    referenced = {}
    for link in page.select("a.reference.internal[href^='#fig-'] .std-numref"):
        target = link.find_parent("a")["href"][1:]
        referenced[target] = link.get_text().strip()
        assert captions.get(target) == referenced[target], f"{chapter}: {target}"
    in_deck = set(FIGURE.findall(deck_text(deck_soup(decks, chapter))))
    assert in_deck == set(referenced.values())
    if chapter == "blockade":  # the chapter that refers to its figures by number
        assert referenced and in_deck


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_deck_has_no_screen_hint(decks: Path, chapter: str) -> None:
    """Nothing in a deck (slides, notes, the charts' text alternatives) tells anyone to hover, click or use a
    menu; the chapter's source did, where it had a chart with a hint beside it."""
    text = re.sub(r"\s+", " ", deck_text(deck_soup(decks, chapter)))
    assert SCREEN_WORDS.findall(text) == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_contrast_slides_have_the_marked_columns(decks: Path, chapter: str) -> None:
    """Each "where the sources differ" item is a slide with two non-empty columns, what the sources say and the
    explanation the chapter marks, or one column when the chapter gives no explanation (UNEXPLAINED)."""
    found, single = 0, set()
    for section in deck_soup(decks, chapter).select("section.slide-contrast"):
        found += 1
        sides = section.select(".sides > .side")
        headline = section.find("h2").get_text().removeprefix("Where the sources differ: ")
        assert [side.find("h3").get_text() for side in sides][:1] == ["What the sources say"], headline
        assert all(side.get_text(" ", strip=True) != side.find("h3").get_text() for side in sides), headline
        if len(sides) == 1:
            single.add((chapter, headline))
        else:
            assert [side.find("h3").get_text() for side in sides][1] == "Why they may differ", headline
        assert "<!--" not in str(section.select_one(".sides")) and "why -->" not in section.get_text()
    assert found == len(slides.differences(differ_section(chapter))) > 0
    assert single == {item for item in UNEXPLAINED if item[0] == chapter}
