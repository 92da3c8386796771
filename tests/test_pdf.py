"""The printed book: the instructor and student PDFs, a handout, and the charts in Chromium's print layout.

Each edition is printed once per session from the built book (`built_book`, `student_edition`), through the
`briefing pdf` command; the tests read the PDFs with pypdf.
"""

from __future__ import annotations

import http.server
import re
import subprocess
import sys
import threading
import unicodedata
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

from briefing import pdf as printing
from briefing import toc
from briefing.chromium import chromium_path
from briefing.screen_hints import text_without_hints
from tests.helpers import ROOT, run
from tests.test_seminar import solution_lines

pytestmark = [pytest.mark.build, pytest.mark.browser]
TOPIC_CHAPTERS = toc.topic_chapters(ROOT)
LOOPBACK = re.compile(r"127\.0\.0\.1|localhost|\[::1\]", re.I)
BRIEFING = str(Path(sys.executable).parent / "briefing")
# Words that only a screen gives a meaning to (the pointer and the page's controls).
SCREEN_WORDS = re.compile(r"\b(hover\w*|click\w*|tap|tapping|mouse|drag|zoom|scroll\w*|menus?|drop-downs?)\b", re.I)
# ... where the print keeps them: the website's download menu, a double click on the reader's own machine.
PRINTED_SCREEN_WORDS = re.compile(r"download menu|double click", re.I)
# Exactly the sentences of the built pages the print leaves out, as screen-only hints.
SCREEN_HINT_SENTENCES = [
    ("chapters/checkpoint", "Hover over a mark in the chart, or tap it, for the event and its source."),
    ("chapters/index", "Menus filter the marks by phase and by actor."),
    ("chapters/index", "Use the menus to show one phase or one actor."),
    ("chapters/powers", "Hover over a mark, or tap it, to read the summary and its source."),
]


def squeeze(text: str) -> str:
    """Text without whitespace, ligatures undone ("ﬁ" to "fi"), dashes and quotes as typed: for matching."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def spaced(text: str) -> str:
    """Text with ligatures undone and every run of whitespace one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@dataclass
class Printed:
    path: Path
    pages: list[str]  # each page's text
    outline: list[tuple[int, str, int]]  # (depth, title, page from 1)
    uris: list[str]  # every link annotation's address
    internal_links: int  # link annotations that go to a place in the document

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def read_pdf(path: Path) -> Printed:
    from pypdf import PdfReader

    reader = PdfReader(path)
    outline: list[tuple[int, str, int]] = []

    def walk(items, depth=0):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                outline.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline)
    uris, internal = [], 0
    for sheet in reader.pages:
        for annot in sheet.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
            elif annot.get("/Subtype") == "/Link":
                internal += 1
    return Printed(path, [sheet.extract_text() or "" for sheet in reader.pages], outline, uris, internal)


def print_book(html_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """`briefing pdf` on a built book, with this project's _toc.yml."""
    result = run([BRIEFING, "pdf", "--html", str(html_dir), "--root", str(ROOT), *extra], cwd=ROOT, timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return result


def print_edition(html: Path, folder: Path, name: str) -> Printed:
    """One edition printed once through the CLI, and read back."""
    if not chromium_path():
        pytest.skip("no system Chromium")
    out = folder / name
    print_book(html, "--out", str(out))
    return read_pdf(out)


@pytest.fixture(scope="session")
def instructor_pdf(built_book: Path, tmp_path_factory) -> Printed:
    return print_edition(built_book, tmp_path_factory.mktemp("pdf"), "book.pdf")


@pytest.fixture(scope="session")
def student_pdf(student_edition: Path, tmp_path_factory) -> Printed:
    return print_edition(student_edition, tmp_path_factory.mktemp("pdf"), "student.pdf")


def chapter_titles(html_dir: Path) -> dict[str, str]:
    """Every page of _toc.yml and its title (the h1, without its number)."""
    titles = {}
    for name in printing.toc_pages(ROOT):
        html = (html_dir / f"{name}.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
        h1 = re.sub(r'<span class="section-number">[^<]*</span>|<a class="headerlink".*?</a>', "", h1)
        titles[name] = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", h1))).strip()
    return titles


@pytest.fixture(params=["instructor", "student"])
def printed(request) -> Printed:
    return request.getfixturevalue(f"{request.param}_pdf")


def test_every_page_has_its_number_and_the_count_is_sane(printed: Printed):
    total = len(printed.pages)
    assert 60 <= total <= 600, f"{printed.path.name}: {total} pages"
    for number, text in enumerate(printed.pages, start=1):
        assert f"Page {number} of {total}" in text, f"{printed.path.name}: page {number} has no page number"
    assert "could not be drawn" not in printed.text


def test_outline_has_every_chapter_once_with_its_sections(printed: Printed, built_book: Path):
    chapters = [(title, page) for depth, title, page in printed.outline if depth == 0]
    for name, title in chapter_titles(built_book).items():
        found = [(t, p) for t, p in chapters if squeeze(t).endswith(squeeze(title))]
        assert found, f"no bookmark for {name} ({title!r})"
        entry = found[-1][0]
        assert squeeze(entry).count(squeeze(title)) == 1, f"bookmark named twice: {entry!r}"
    doubled = [title for _, title, _ in printed.outline if re.match(r"(\d[\d.]*\.?) \1", title)]
    assert doubled == [], f"bookmarks named twice: {doubled[:3]}"
    sections = [title for depth, title, _ in printed.outline if depth == 1]
    assert len(sections) >= 5 * len(TOPIC_CHAPTERS), "sections missing from the bookmarks"
    pages = [page for depth, _, page in printed.outline if depth == 0]
    assert pages == sorted(pages), "bookmarks out of order"


def test_nothing_points_at_the_print_server(printed: Printed):
    assert printed.uris, "no outside links at all"
    bad = [uri for uri in printed.uris if LOOPBACK.search(uri) or not uri.startswith(("https://", "http://",
                                                                                       "mailto:"))]
    assert bad == [], bad[:5]
    assert not LOOPBACK.search(printed.text)
    assert printed.internal_links > 50, "links between chapters are gone"


def test_contents_give_each_chapters_first_page(instructor_pdf: Printed, built_book: Path):
    contents = next(i for i, text in enumerate(instructor_pdf.pages) if text.lstrip().startswith("Contents"))
    listing = spaced("\n".join(instructor_pdf.pages[contents:contents + 6]))
    starts = {squeeze(title): page for depth, title, page in instructor_pdf.outline if depth == 0}
    for title in chapter_titles(built_book).values():
        page = next(p for t, p in starts.items() if t.endswith(squeeze(title)))
        assert re.search(re.escape(spaced(title)) + rf" ?{page}(?!\d)", listing), \
            f"contents: {title!r} without its page {page}"


def test_links_between_chapters_name_the_chapter_and_its_page(instructor_pdf: Printed):
    refs = re.findall(r"\(chapter\s*(\d+),\s*p\.\s*(\d+)\)", unicodedata.normalize("NFKC", instructor_pdf.text))
    assert len(refs) >= 10, "links between chapters do not say where they lead"
    starts = sorted((page, re.match(r"(\d+)\.", title)) for depth, title, page in instructor_pdf.outline
                    if depth == 0)
    first = {int(m.group(1)): page for page, m in starts if m}
    assert len(first) >= 8
    for chapter, page in refs:
        number, page = int(chapter), int(page)
        following = [p for n, p in first.items() if n > number]
        assert first[number] <= page <= (min(following) if following else len(instructor_pdf.pages)), \
            f"chapter {number}, p. {page} lies outside chapter {number}"


def test_title_page_has_the_as_of_date_licence_and_edition(instructor_pdf: Printed, student_pdf: Printed):
    import json
    from datetime import date

    as_of = date.fromisoformat(json.loads((ROOT / "data" / "datapackage.json").read_text())["as_of"])
    for printed, edition in ((instructor_pdf, "Instructor edition"), (student_pdf, "Student edition")):
        cover = squeeze(printed.pages[0])
        assert squeeze(f"as of {as_of:%-d %B %Y}") in cover
        assert "CCBY4.0" in cover and "Licence" in cover
        assert squeeze(edition) in cover


def test_student_pdf_has_no_solution_and_the_instructor_pdf_has_them(instructor_pdf: Printed,
                                                                      student_pdf: Printed):
    full, student = squeeze(instructor_pdf.text), squeeze(student_pdf.text)
    assert "Solutionto" in full and "Solutionto" not in student
    for name in TOPIC_CHAPTERS:
        lines = solution_lines(name)
        assert lines, f"{name}: no solution code in the source"
        for line in lines:
            assert squeeze(line) in full, f"{name}: solution code not printed whole in the instructor PDF: {line}"
            assert squeeze(line) not in student, f"{name}: solution survives in the student PDF: {line}"


def chart_descriptions(html_dir: Path) -> list[tuple[str, str]]:
    found = []
    for name in printing.toc_pages(ROOT):
        html = (html_dir / f"{name}.html").read_text(encoding="utf-8")
        for chart, desc in re.findall(r'data-chart-name="([^"]+)".*?<p id="[^"]*-desc">(.*?)</p>', html, re.S):
            found.append((f"{name}:{chart}", unescape(re.sub(r"<[^>]+>", "", desc))))
    return found


def test_every_chart_description_is_printed(printed: Printed, built_book: Path):
    text = squeeze(printed.text)
    descriptions = chart_descriptions(built_book)
    assert len(descriptions) >= 12
    missing = [chart for chart, desc in descriptions if squeeze(text_without_hints(desc))[:160] not in text]
    assert missing == [], f"chart descriptions not printed: {missing}"
    assert not re.search(r"hover a mark|Hover for", printed.text, re.I), "a hover hint is printed"
    # No word that only a screen gives a meaning to, but in the few sentences that name the website's download
    # menu or a double click on the reader's own machine (PRINTED_SCREEN_WORDS).
    words = [m.group(0) for m in SCREEN_WORDS.finditer(spaced(printed.text))
             if not PRINTED_SCREEN_WORDS.search(spaced(printed.text)[max(0, m.start() - 30):m.end() + 30])]
    assert words == [], f"screen-only words printed: {words}"


def article_sentences(article) -> list[str]:
    """The sentences with a screen word in an article's text (code, scripts and the print's own notes left
    out): each block of text (paragraph, list item, caption) that has one, cut into sentences."""
    skip, notes = {"pre", "code", "script", "style"}, {"print-url", "print-ref"}
    blocks = []
    for node in article.find_all(string=SCREEN_WORDS):
        if any(parent.name in skip for parent in node.parents):
            continue
        block = node.find_parent(["p", "li", "dd", "dt", "td", "th", "figcaption", "h1", "h2", "h3", "h4"])
        if block is not None and all(block is not b for b in blocks):
            blocks.append(block)
    sentences = []
    for block in blocks:
        strings = [str(n) for n in block.find_all(string=True)
                   if not any(notes & set(parent.get("class") or []) for parent in n.parents if parent is not block)]
        text = re.sub(r"\s+", " ", " ".join(strings))
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if SCREEN_WORDS.search(s)]
    return sentences


def test_print_leaves_out_exactly_the_screen_hints(built_book: Path):
    """The print (briefing.screen_hints, the filter the slides use too) leaves out of the built pages' text
    exactly the sentences in SCREEN_HINT_SENTENCES, and every other sentence with a screen word is kept."""
    from bs4 import BeautifulSoup

    _, chapters = printing.load_book(built_book, ROOT)
    factory = BeautifulSoup("", "html.parser")
    removed, kept = [], []
    for name, chapter in chapters.items():
        before = article_sentences(chapter.article)
        printing.rewrite_for_print(chapter, chapters, factory)
        after = article_sentences(chapter.article)
        removed += [(name, s) for s in before if s not in after]
        kept += [(name, s) for s in after if not PRINTED_SCREEN_WORDS.search(s)]
    assert sorted(set(removed)) == sorted(SCREEN_HINT_SENTENCES)
    assert kept == [], f"screen words left in print: {kept}"


def test_handout_is_one_chapter_with_its_bookmarks(student_edition: Path, tmp_path: Path):
    if not chromium_path():
        pytest.skip("no system Chromium")
    result = print_book(student_edition, "--per-chapter", str(tmp_path), "--chapters", "blockade")
    files = sorted(tmp_path.glob("*.pdf"))
    assert [f.name for f in files] == [f"{printing.toc_pages(ROOT).index('chapters/blockade'):02d}-blockade.pdf"]
    assert result.stdout.strip() == str(files[0])
    handout = read_pdf(files[0])
    assert 4 <= len(handout.pages) <= 60
    title = chapter_titles(student_edition)["chapters/blockade"]
    assert [t for d, t, _ in handout.outline if d == 0 and squeeze(t).endswith(squeeze(title))]
    assert all(f"Page {n} of {len(handout.pages)}" in page for n, page in enumerate(handout.pages, start=1))
    assert squeeze(f"Chapter 3: {title}") in squeeze(handout.pages[1])  # the running head
    assert not LOOPBACK.search(handout.text) and not any(LOOPBACK.search(u) for u in handout.uris)
    assert "Solutionto" not in squeeze(handout.text)


def test_charts_fit_the_printed_column(built_book: Path, browser):
    """In Chromium's print emulation at the A4 column's width, every chart is drawn within its column."""
    document = printing.print_document(built_book, ROOT)
    handler = printing._handler(built_book, {printing.PRINT_PATH: document.encode("utf-8")})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page(viewport={"width": printing.COLUMN_PX, "height": printing.PAGE_HEIGHT_PX})
    try:
        printing.open_print_document(page, f"http://127.0.0.1:{server.server_address[1]}")
        assert page.evaluate("() => matchMedia('print').matches")
        charts = page.evaluate("""() => [...document.querySelectorAll('figure.briefing-chart')].map(f => {
            // The chart as drawn: the live view's svg or canvas, else the static image made at build time.
            const drawn = [...f.querySelectorAll('.briefing-chart-view svg.marks, .briefing-chart-view canvas, '
                                                + '.briefing-chart-static img')]
                .find(e => e.getBoundingClientRect().width > 0);
            const box = drawn ? drawn.getBoundingClientRect() : null;
            const column = f.closest('article').getBoundingClientRect();
            const desc = f.querySelector('[id$="-desc"]');
            return {name: f.dataset.chartName, state: f.dataset.chartState, left: box && box.left,
                    right: box && box.right, width: box && box.width, colLeft: column.left,
                    colRight: column.right, descShown: !!desc && desc.getClientRects().length > 0,
                    inputs: f.querySelectorAll('.vega-bindings input, .vega-bindings select').length,
                    inputsShown: [...f.querySelectorAll('.vega-bindings')].some(b => b.getClientRects().length)};
        })""")
    finally:
        page.close()
        server.shutdown()
        server.server_close()
    assert len(charts) >= 12
    for chart in charts:
        assert chart["state"] == "drawn", chart
        assert chart["width"] and chart["width"] > 200, chart
        assert chart["left"] >= chart["colLeft"] - 0.5 and chart["right"] <= chart["colRight"] + 0.5, \
            f"{chart['name']}: drawn {chart['width']:.0f} px wide, beyond its column ({chart})"
        assert chart["colRight"] - chart["colLeft"] <= printing.COLUMN_PX + 0.5
        assert chart["descShown"], f"{chart['name']}: text description not shown in print"
        assert not chart["inputsShown"], f"{chart['name']}: chart menus printed"

