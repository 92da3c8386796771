"""The book's chapters: all listed and built, each with charts, no number typed into the prose."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from briefing import derive, toc
from briefing.data import load
from briefing.prose_check import MONTHS, prose_lines, typed_numbers
from tests.helpers import DATA, ROOT

TOPIC_CHAPTERS = toc.topic_chapters(ROOT)
PAGES = ["index", "disagreements", "sources", "glossary", "bibliography", "military_balance"]


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [entry["file"] for entry in part.get("chapters", [])]
    return files


def chapter_paths() -> list[Path]:
    return [ROOT / f"{name}.md" for name in toc_files()]


def test_toc_lists_the_five_chapters_and_the_pages():
    listed = {Path(f).name for f in toc_files()}
    assert set(TOPIC_CHAPTERS) | set(PAGES) <= listed


@pytest.mark.parametrize("name", TOPIC_CHAPTERS + ["index", "disagreements", "military_balance"])
def test_chapter_page_has_drawn_charts_in_the_build(name: str, built_book: Path):
    html = (built_book / "chapters" / f"{name}.html").read_text(encoding="utf-8")
    assert html.count('class="briefing-chart"') >= 1, f"{name} has no chart"


def _chart_cells(path: Path) -> list[tuple[str, list[str]]]:
    """Each code cell of a chapter with its tags, as (code, tags)."""
    cells = []
    for head, body in re.findall(r"```\{code-cell\}[^\n]*\n((?::[^\n]*\n)*)(.*?)```", path.read_text(encoding="utf-8"),
                                 re.S):
        tags = re.findall(r"[\w-]+", (re.search(r":tags:\s*\[([^\]]*)\]", head) or [None, ""])[1])
        cells.append((body, tags))
    return cells


@pytest.mark.parametrize("path", chapter_paths(), ids=lambda p: p.stem)
def test_every_chart_a_chapter_calls_is_on_its_built_page_and_its_cell_folded(path: Path, built_book: Path):
    """Each registered chart a chapter's code builds is drawn on the built page (its figure is there by name), and
    a cell that only draws a chart shows the chart with its one-line call folded (`hide-input`)."""
    from briefing import slides

    code = "\n".join(body for body, _ in _chart_cells(path))
    calls, aliases = slides.chart_calls(), slides.module_aliases(code)
    wanted = slides.charts_called(code, calls, aliases)
    html = (built_book / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8")
    for name in wanted:
        assert f'data-chart-name="{name}"' in html, f"{path.stem}: chart {name!r} is called but not on the page"
    for body, tags in _chart_cells(path):
        lines = [line for line in body.strip().splitlines() if line.strip()]
        if len(lines) == 1 and slides.charts_called(lines[0], calls, aliases):
            assert "hide-input" in tags, f"{path.stem}: the cell `{lines[0]}` shows its call (tag it hide-input)"


@pytest.mark.parametrize("path", chapter_paths(), ids=lambda p: p.stem)
def test_no_number_is_typed_into_prose(path: Path):
    assert typed_numbers(path.read_text(encoding="utf-8")) == []


def headline_figures() -> dict[str, float]:
    """The book's headline figures, from the data and from code that derives them."""
    figures = load("figures", DATA).set_index("figure_id")["value"]
    heads = {f"figure {k}": float(v) for k, v in figures.items() if float(v) >= 10}
    for row in derive.blockade_lengths().itertuples():
        heads[f"days {row.definition_id}"] = float(row.days)
    spending = load("military_spending", DATA)
    for row in spending[spending["measure"] == "official_budget"].itertuples():
        heads[f"budget {row.iso3}"] = float(row.value_usd)
    return heads


def spellings(value: float) -> list[str]:
    """Ways a figure could be typed: 120000, 120,000, 120 000; 754 million; 2.6 billion."""
    out = []
    if value >= 1e9:
        out.append(f"{value / 1e9:g} billion")
    elif value >= 1e6:
        out.append(f"{value / 1e6:g} million")
    else:
        whole = f"{value:g}"
        out += [whole, f"{value:,.0f}", f"{value:,.0f}".replace(",", " ")]
    return out


def typed_headlines(text: str, heads: dict[str, float]) -> list[str]:
    """Headline figures typed in prose; the day of a written date ("10 November 2020") is not a figure."""
    prose = "\n".join(line for _, line in prose_lines(text))
    hits = []
    for label, value in heads.items():
        for spelled in spellings(value):
            pattern = rf"(?<![\d.,]){re.escape(spelled)}(?![\d,]|\.\d| (?:{MONTHS})\b)"
            if re.search(pattern, prose):
                hits.append(f"{label}: {spelled!r}")
    return hits


@pytest.mark.parametrize("path", chapter_paths(), ids=lambda p: p.stem)
def test_no_headline_figure_is_typed(path: Path):
    assert typed_headlines(path.read_text(encoding="utf-8"), headline_figures()) == []


def test_the_headline_check_catches_a_typed_figure():
    heads = headline_figures()
    planted = "The blockade lasted 137 days and some 120,000 people lived there; Baku spent $2.6 billion.\n"
    hits = typed_headlines(planted, heads)
    assert any("blockade_days_au" in h or "protest_camp" in h for h in hits)
    assert any("population_nk" in h for h in hits)
    assert any("budget AZE" in h for h in hits)
    assert typed_numbers(planted)
    glued = "The blockade lasted {glue:text}`days` days, from 12 December 2022.\n"
    assert typed_headlines(glued, heads) == [] and typed_numbers(glued) == []


ATTRIBUTION = re.compile(r"\b(says?|said|claims?|according|reports?|reported|calls?|view|reading|argu\w*|cites?|"
                         r"gives|puts|rejects|denounces|dates|terms?|insists?|maintains|den(y|ies)|source|article|"
                         r"outlets|critics)\b", re.I)


def test_contested_events_are_attributed_in_their_own_words():
    events = load("events", DATA)
    contested = events[events["attributed_to"].notna()]
    assert len(contested) >= 10
    unattributed = [row.event_id for row in contested.itertuples() if not ATTRIBUTION.search(row.description)]
    assert unattributed == []


def test_disagreements_page_shows_each_side(built_book: Path):
    html = re.sub(r"<[^>]+>", " ", (built_book / "chapters" / "disagreements.html").read_text(encoding="utf-8"))
    text = re.sub(r"\s+", " ", html)
    lengths = derive.blockade_lengths()
    for row in lengths.itertuples():
        assert f"{row.days}" in text, f"the {row.definition_id} length is not shown"
    figures = load("figures", DATA).set_index("figure_id")["value"]
    for fid in ("offensive_hours_au", "offensive_hours_outside"):
        assert f"{figures[fid]:g}" in text
    assert "why" in text.lower()


def test_a_law_section_is_a_name_not_a_number():
    assert typed_numbers("the waiver of Section 907 of the act, which 907 people signed\n") == [(1, "907")]


def test_every_chart_is_a_numbered_figure_prose_can_refer_to(built_book: Path):
    """Each chart on a page sits in a figure labelled fig-<chart name> with a number ("Figure 4.1"); the chapters
    refer to charts by number, and every such reference resolves."""
    referenced = 0
    for page in sorted((built_book / "chapters").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        for name in dict.fromkeys(re.findall(r'data-chart-name="([^"]+)"', html)):
            label = rf"fig-{re.escape(name)}(?:-in-{page.stem})?"
            figure = re.search(rf'<figure class="[^"]*briefing-chart-figure[^"]*" id="{label}">(.*?)'
                               r"</figcaption>\s*</figure>", html, re.S)
            assert figure, f"{page.name}: chart {name} is not a labelled figure"
            assert re.search(r'<span class="caption-number">Figure [0-9.]+ </span>', figure.group(1)), name
        for number in re.findall(r'href="[^"]*#fig-[^"]+"><span class="std std-numref">([^<]+)</span>', html):
            assert re.fullmatch(r"Figure [0-9.]+", number), (page.name, number)
            referenced += 1
    assert referenced >= 3, "fewer than three references to a chart by its number"
