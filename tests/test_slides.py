"""Charts for slides and the slide decks' parts (fast: no book build).

Every registered chart is drawn by vl-convert in both variants (book and slide) as SVG: no label or legend cut
short with an ellipsis, a source line that names publications (no table id, no source key), and the slide
variant at 16:9. The deck's parsing of a chapter is checked on a chapter's own text.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import vl_convert

from briefing import charts, slides
from briefing import pdf as printing
from briefing.data import load
from briefing.export import SLIDE_ASPECT, SLIDE_SIZE, spec_for, svg_size, without_interaction
from briefing.screen_hints import subtitle_without_hints, text_without_hints
from briefing.toc import topic_chapters
from tests.helpers import DATA, ROOT

NAMES = charts.names()
TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
TABLES = [r["name"] for r in json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]]
SOURCE_IDS = sorted(set(load("sources")["source_id"].astype(str)))
INTERACTION = re.compile(r"\b(hover|click|choose|menus?)\b", re.I)
# Every word either of the two filters of old stripped a subtitle clause for (print: pdf.HOVER_HINT; slides:
# export.INTERACTION): none is left in a printed or slide subtitle.
OLD_VOCABULARY = re.compile(r"\b(hover|hovering|click|clicking|tap|mouse|drag|zoom|scroll|choose|select|menus?|"
                            r"drop-down|filter)\b", re.I)
# Exactly the charts whose subtitles carry screen-only hints, and how many clauses each loses: print and slides
# leave out these clauses, each with a word of the old filters' vocabulary, and nothing else.
SCREEN_HINTS = {"timeline": 2, "events-checkpoint": 1, "events-offensive": 1, "events-after": 1,
                "forecasts-verdicts": 1}


def texts(svg: str) -> list[str]:
    """Every text drawn in an SVG (tspans joined), entities unescaped."""
    import html

    return [html.unescape(re.sub(r"<[^>]+>", "", t)).strip() for t in TEXT.findall(svg)]


def id_in(line: str) -> list[str]:
    """Table ids ("events table", "actor_roles") and source keys ("icg_2023") named in a source line."""
    found = [f"{t} table" for t in TABLES if re.search(rf"\b{t} tables?\b", line)]
    found += [t for t in TABLES if "_" in t and re.search(rf"(?<![\w-]){t}(?![\w-])", line)]
    found += [s for s in SOURCE_IDS if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", line)]
    return found


@pytest.fixture(scope="module")
def drawn() -> dict[tuple[str, str], tuple[dict, str]]:
    """Every chart's spec and SVG, in both variants (drawn once for the module's tests)."""
    out = {}
    for name in NAMES:
        for variant in ("book", "slide"):
            spec = spec_for(name, variant)
            out[name, variant] = (spec, vl_convert.vegalite_to_svg(spec))
    return out


@pytest.mark.parametrize("variant", ["book", "slide"])
def test_no_label_cut_short(drawn, variant: str) -> None:
    cut = {name: [t for t in texts(drawn[name, variant][1]) if t.endswith(("…", "..."))] for name in NAMES}
    assert {name: found for name, found in cut.items() if found} == {}


@pytest.mark.parametrize("variant", ["book", "slide"])
def test_source_lines_name_publications(drawn, variant: str) -> None:
    named = {}
    for name in NAMES:
        spec, svg = drawn[name, variant]
        line = spec["usermeta"]["briefing"]["source"]
        assert line.startswith("Source: ") and len(line) > len("Source: ") + 10, name
        drawn_line = " ".join(t for t in texts(svg) if t)
        assert line.split()[1] in drawn_line, f"{name}: the source line is not drawn"
        if id_in(line):
            named[name] = id_in(line)
    assert named == {}


def test_id_check_catches_ids() -> None:
    assert id_in("Source: events table") == ["events table"]
    assert "actor_roles" in id_in("Source: events, claims and actor_roles tables")
    assert id_in(f"Source: Crisis Group ({SOURCE_IDS[0]})") == [SOURCE_IDS[0]]
    assert id_in("Source: Crisis Group, May 2023; GeoNames (CC BY 4.0)") == []


def test_slide_variant_is_16_9_without_hover_hints(drawn) -> None:
    for name in NAMES:
        spec, svg = drawn[name, "slide"]
        width, height = svg_size(svg)
        assert abs(width / height - SLIDE_ASPECT) / SLIDE_ASPECT < 0.02, f"{name}: {width}x{height}"
        subtitle = spec.get("title", {}).get("subtitle") or []
        subtitle = " ".join([subtitle] if isinstance(subtitle, str) else subtitle)
        assert not INTERACTION.search(subtitle), f"{name}: {subtitle}"


def test_book_variant_is_the_book_chart(drawn) -> None:
    """The default variant is the chart as the book builds it."""
    for name in NAMES:
        spec, built = drawn[name, "book"][0], charts.build(name).to_dict()
        assert (spec["title"], spec["usermeta"], spec.get("padding")) == (
            built["title"], built["usermeta"], built.get("padding")), name


def subtitle_of(spec: dict) -> str:
    """A spec's subtitle as one line ("" if none)."""
    subtitle = (spec.get("title") if isinstance(spec.get("title"), dict) else {}).get("subtitle") or ""
    return " ".join([subtitle] if isinstance(subtitle, str) else subtitle)


def test_print_and_slides_leave_out_exactly_the_screen_hints(drawn) -> None:
    """One filter (briefing.screen_hints) for print and slides: exactly the charts in SCREEN_HINTS lose subtitle
    clauses, as many as listed, each a hint (a word of the old filters' vocabulary); print and slide keep the same
    words, and no word of that vocabulary is left in them."""
    removed, kept_differs, left = {}, {}, {}
    for name in NAMES:
        book = drawn[name, "book"][0]  # the chart as the book builds it (test_book_variant_is_the_book_chart)
        original = subtitle_of(book)
        printed, slide = subtitle_of(printing.strip_screen_hints(book)), subtitle_of(drawn[name, "slide"][0])
        clauses = [c for c in re.split(r"(?<=[.;])\s+", original) if c.strip()]
        gone = [c for c in clauses if c.rstrip(";").lower() not in printed.lower()]
        if gone:
            removed[name] = len(gone)
        assert all(OLD_VOCABULARY.search(c) for c in gone), f"{name}: not a hint, but left out: {gone}"
        if printed != slide:
            kept_differs[name] = (printed, slide)
        if OLD_VOCABULARY.search(printed + " " + slide):
            left[name] = printed
    assert removed == SCREEN_HINTS
    assert kept_differs == {}
    assert left == {}


def test_without_interaction_keeps_the_rest() -> None:
    assert without_interaction(["Hover a mark for what happened and the source; triangles come from outside the",
                                "five documents"]) == ["Triangles come from outside the five documents"]
    assert without_interaction("Choose a phase in the menus below the chart; hover a mark for the event") == []
    assert without_interaction("Each mark is an event. Hover for the source") == ["Each mark is an event."]


def test_screen_hints_in_prose() -> None:
    """Whole hint sentences go (with one of the spaces around them); choosing words and controls named in
    passing stay."""
    assert text_without_hints("Triangles mark them. Use the menus to show one phase or one actor.") == (
        "Triangles mark them.")
    assert text_without_hints("steps. Hover over a mark in the chart, or tap it, for the event and\nits source. "
                              "Next.") == "steps. Next."
    assert text_without_hints("One.\n\nHover a mark. Two.") == "One.\n\nTwo."
    assert text_without_hints(" Menus filter the marks by phase and by actor.") == ""
    assert text_without_hints("A tooltip opens when you hover over a bar. B.") == "B."
    kept = ["Choose one verdict in the tables that you would change.", "Select the five rows, join the tables.",
            "the book does not choose between them.", "Filter the claims on the column, then count.",
            "from any chapter page's download menu (students: install it).",
            "opens as a notebook with a double click: jupytext reads it.", "Hover over a mark, or tap it"]
    assert [text_without_hints(text) for text in kept] == kept
    assert subtitle_without_hints("A; hover a mark for the forecast") == "A"
    assert subtitle_without_hints(["Choose a phase in the menus below;", "hover a mark"]) == ""


def test_export_charts_slide_png_is_1600_by_900(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "briefing.cli", "export-charts", "exodus-share", "--variant",
                             "slide", "--format", "png", "--out", str(tmp_path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    png = (tmp_path / "exodus-share.png").read_bytes()
    width, height = struct.unpack(">II", png[16:24])
    assert (width, abs(height - SLIDE_SIZE[1]) <= 1) == (SLIDE_SIZE[0], True)


CORRIDOR = ROOT / "chapters" / "corridor.md"


def section_items(path: Path, heading: str) -> int:
    """How many bullets a chapter's section has, counted on its source."""
    body = re.split(r"^## ", path.read_text(encoding="utf-8"), flags=re.M)
    section = next(part for part in body if part.startswith(heading))
    section = re.split(r"^(?:```|:::)", section, flags=re.M)[0]  # the list, not a directive under it
    return sum(1 for line in section.splitlines() if line.startswith("- "))


def test_differences_and_two_sides() -> None:
    body = ("**Who controlled it.** Crisis Group says one thing; the regional analysis another. <!-- why -->The "
            "difference is partly one of date.\n\n- **Second.** Baku says A (Crisis Group 2023). Yerevan says B.\n"
            "  It continues here.\n")
    items = slides.differences(body)
    assert [headline for headline, _ in items] == ["Who controlled it", "Second"]
    say, why = slides.two_sides(items[0][1])
    assert say == ["Crisis Group says one thing; the regional analysis another."]
    assert why == ["The difference is partly one of date."]
    assert items[1][1].endswith("It continues here.")
    assert slides.two_sides(items[1][1]) == ([items[1][1]], [])  # no explanation marked: one column
    # An explanation in the middle of an item: what comes after it is said by the sources again.
    middle = "A says x. B says y. <!-- why -->They differ in date. <!-- /why -->The outcome: z."
    assert slides.two_sides(middle) == (["A says x. B says y.", "The outcome: z."], ["They differ in date."])


# Items of "Where the sources differ" whose chapter gives no explanation, only what the sources (or the book)
# say: their slide has one column. Every other item marks its explanation with <!-- why -->.
UNEXPLAINED = {
    ("blockade", "Whether the road was blocked at all"),
    ("powers", "What the documents urge outsiders to do"),
    ("after_sources", "How many peacekeepers died"),
    ("after_sources", "When Armenia joined the ICC"),
    ("after_sources", "The fuel"),
    ("after_sources", "What the 2023 analysts expected"),
}


def differ_section(chapter: str) -> str:
    """The "Where the sources differ" section of a chapter's source, as written."""
    text = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
    return re.search(r"^## Where the sources differ\n(.*?)(?=^## |\Z)", text, re.M | re.S).group(1)


def test_every_difference_has_its_explanation_marked() -> None:
    """Every item of every topic chapter's "Where the sources differ" splits, by its markup, into two non-empty
    columns (or is one of UNEXPLAINED, with no mark); the marks are well formed, open no line (a line that opens
    with `<!--` would start an HTML block and split the paragraph in the book) and appear nowhere else."""
    unmarked, problems, count = set(), [], 0
    for chapter in topic_chapters(ROOT):
        section = differ_section(chapter)
        text = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
        outside = text.replace(section, "")
        if slides.WHY in outside or slides.END_WHY in outside:
            problems.append(f"{chapter}: a mark outside Where the sources differ")
        if re.search(r"^\s*<!--", section, re.M):
            problems.append(f"{chapter}: a mark opens a line")
        items = slides.differences(section)
        assert items, f"{chapter}: no item in Where the sources differ"
        for headline, item in items:
            count += 1
            if item.count(slides.WHY) > 1 or item.count(slides.END_WHY) > int(slides.WHY in item) or (
                    slides.END_WHY in item and item.index(slides.END_WHY) < item.index(slides.WHY)):
                problems.append(f"{chapter}: {headline}: marks out of order")
            say, why = slides.two_sides(item)
            if not why:
                unmarked.add((chapter, headline))
            elif not say:
                problems.append(f"{chapter}: {headline}: nothing left for what the sources say")
    assert problems == []
    assert unmarked == UNEXPLAINED, (f"mark where each item's explanation starts with {slides.WHY} (and, if the "
                                     f"item goes on after it, where it ends with {slides.END_WHY}), mid-line")
    assert count >= 40


def test_figure_numbers_come_from_the_built_page(tmp_path: Path) -> None:
    page = tmp_path / "chapters" / "blockade.html"
    page.parent.mkdir()
    page.write_text('<figure class="briefing-chart-figure" id="fig-blockade-phases"><div>chart</div><figcaption>'
                    '<p><span class="caption-number">Figure 3.2 </span><span class="caption-text">Phases</span>'
                    '</p></figcaption></figure><figure id="other"><figcaption><span class="caption-number">'
                    'Figure 3.9 </span></figcaption></figure>', encoding="utf-8")
    assert slides.figure_numbers(tmp_path, "blockade") == {"fig-blockade-phases": "Figure 3.2"}
    assert slides.figure_numbers(tmp_path, "corridor") == {}  # no built page: no numbers
    assert slides.figure_numbers(None, "blockade") == {}


def test_sections_and_questions_of_a_chapter() -> None:
    text = CORRIDOR.read_text(encoding="utf-8")
    title, opening, parts = slides.sections(re.sub(r"^---.*?---\n", "", text, flags=re.S))
    assert title.startswith("The corridor")
    assert opening.startswith("**In brief.**")
    headings = [heading for heading, _ in parts]
    assert {"Learning objectives", "Where the sources differ", "Discussion questions", "Exercises"} <= set(headings)
    questions = dict(parts)["Discussion questions"]
    assert len(slides._items(questions, "- ")) == section_items(CORRIDOR, "Discussion questions") > 0


def test_instructor_notes_go_with_their_questions() -> None:
    body = ("- First question?\n- Second question,\n  continued?\n\n> **Instructor notes**\n>\n"
            "> 1. *Question: First…* An answer.\n> 2. *Question: Second…* Another\n>    answer.\n")
    assert slides._items(body, "- ") == ["First question?", "Second question, continued?"]
    assert slides.instructor_notes(body) == ["*Question: First…* An answer.", "*Question: Second…* Another answer."]


def test_chart_calls_are_the_registered_builders() -> None:
    calls = slides.chart_calls()
    assert slides.charts_called("glues.exodus(figures)\noffensive.exodus(figures)", calls) == ["exodus-share"]
    assert slides.charts_called("corridor.corridor_map()", calls) == ["map-corridor"]
    own = slides.module_aliases("from briefing.charts import offensive as charts\n")  # as the chapters import
    assert slides.charts_called("charts.exodus(figures)", calls, own) == ["exodus-share"]
    aliases = slides.module_aliases("from briefing.charts import blockade, forecasts as fc\n")
    assert aliases == {"blockade": "blockade", "fc": "forecasts"}
    assert slides.charts_called("fc.verdicts_chart(rows)", calls, aliases) == ["forecasts-verdicts"]
    assert sorted(calls.values()) == sorted(NAMES)


def test_instructor_notes_of_a_chapter_match_its_questions() -> None:
    """The deck is the teacher's: the model answers under the questions become the questions' speaker notes."""
    notes = slides.raw_instructor_notes(CORRIDOR.read_text(encoding="utf-8"))
    if not notes:
        pytest.skip("the corridor chapter has no instructor notes under its questions")
    numbered = slides._items(notes, re.compile(r"\d+\. "))
    assert len(numbered) == section_items(CORRIDOR, "Discussion questions")
