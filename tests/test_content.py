"""What a reader must be able to trust: sources linked, corrections published, the story told to its as-of date,
forecasts recorded with their outcomes, hindsight kept apart from the 2023 chapters, quotations readable."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from briefing import derive, prose, toc
from briefing.data import load
from tests.helpers import DATA, ROOT

FIVE = ["icg_2023", "au_sis_2023", "rs_2023", "regional_2023", "baku_moscow_2023"]
NO_COPY = re.compile(r"no public copy", re.I)
# The 2023 chapters that report what a 2023 source expected (review S1-S11) and must carry a dated note.
HINDSIGHT_PAGES = ["corridor", "blockade", "checkpoint", "offensive", "powers", "glossary"]


def text_of(html: str) -> str:
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def page(built: Path, name: str) -> str:
    return (built / "chapters" / f"{name}.html").read_text(encoding="utf-8")


def test_every_source_has_a_url_or_says_no_public_copy_was_found(built_book: Path):
    sources = load("sources", DATA)
    shown = page(built_book, "sources")
    for row in sources.itertuples(index=False):
        if row.source_id == "briefing_editors":  # the book's own construction: nothing to link
            continue
        if pd.notna(row.url):
            assert unescape(str(row.url)) in unescape(shown), f"{row.source_id}: its URL is not on the sources page"
        else:
            note = str(row.url_note) if pd.notna(row.url_note) else ""
            assert NO_COPY.search(note), f"{row.source_id}: no URL and no 'no public copy found' note"
    assert len(sources) >= 20


def test_outside_events_and_figures_cite_a_source_with_a_url():
    sources = load("sources", DATA).set_index("source_id")
    for name in ("events", "figures"):
        frame = load(name, DATA)
        outside = frame[frame["outside_documents"]]
        missing = [k for k, s in zip(outside.iloc[:, 0], outside["source_id"], strict=True)
                   if pd.isna(sources.loc[s, "url"]) and s != "briefing_editors"]
        assert missing == [], f"{name}: outside rows whose source has no URL: {missing}"


def test_the_corrections_page_lists_every_correction(built_book: Path):
    corrections = load("corrections", DATA)
    assert len(corrections) >= 17, "the review's fixed errors are not all in the corrections table"
    html = page(built_book, "corrections")
    table = re.search(r'<table class="briefing-table">.*?</table>', html, re.S)
    assert table, "no corrections table on the page"
    assert table.group(0).count("<tr>") == len(corrections) + 1
    shown = text_of(table.group(0))
    for said in corrections["said"]:
        assert " ".join(str(said).split())[:60] in shown


def test_the_background_chapter_and_the_whos_who_are_built(built_book: Path):
    assert "1994" in text_of(page(built_book, "background"))
    people = load("people", DATA)
    assert len(people) >= 20
    glossary = text_of(page(built_book, "glossary"))
    for name in people["name"]:
        assert str(name) in glossary, f"{name} missing from the who's who"


def test_the_story_runs_past_the_sources_with_outside_events():
    events = load("events", DATA)
    latest_document = load("sources", DATA).set_index("source_id").loc[FIVE, "published"].max()
    after = events[events["date"] > latest_document + pd.Timedelta(days=31)]
    assert len(after) >= 25
    assert after["outside_documents"].all()
    assert set(after["phase"].astype(str)) >= {"withdrawal_2024", "settlement_2025"}
    assert derive.latest_event(events) <= derive.as_of()


def test_the_opening_page_says_up_to_which_date_it_covers(built_book: Path):
    shown = text_of(page(built_book, "index"))
    assert prose.date(derive.as_of()) in shown
    assert prose.date(derive.latest_event()) in shown


def test_forecasts_come_from_four_documents_and_each_outcome_from_an_outside_source():
    forecasts = load("forecasts", DATA)
    sources = load("sources", DATA).set_index("source_id")
    assert len(forecasts) >= 12
    assert forecasts["source_id"].nunique() >= 4
    assert forecasts["source_id"].isin(FIVE).all()
    outcome = sources.loc[forecasts["outcome_source_id"]]
    assert not outcome["in_five_documents"].any()
    assert outcome["url"].notna().all(), "an outcome source has no URL"
    assert set(forecasts["verdict"].astype(str)) >= {"borne_out", "not_borne_out"}


@pytest.mark.parametrize("name", HINDSIGHT_PAGES)
def test_2023_pages_set_later_events_apart_in_dated_notes(name: str, built_book: Path):
    html = page(built_book, name)
    notes = re.findall(r'<div class="(?=[^"]*\bhindsight\b)(?=[^"]*\badmonition\b)[^"]*">(.*?)</div>', html, re.S)
    assert notes, f"{name}: no 'What happened next' note"
    for note in notes:
        assert "What happened next" in note
        assert "after_sources.html" in note, f"{name}: a hindsight note does not link to the new chapter"


@pytest.mark.parametrize("name", toc.all_pages(ROOT))
def test_no_quotation_stands_in_a_chapter_only_as_a_glue_key(name: str):
    text = (ROOT / "chapters" / f"{name}.md").read_text(encoding="utf-8")
    assert not re.search(r"\{glue:text\}`q_", text), f"{name}: a quotation glued by key"
    assert "glue_quotes(" not in text


def test_quotations_render_as_claims(built_book: Path):
    html = page(built_book, "corridor")
    claims = load("claims", DATA).set_index("claim_id")["quote"]
    rendered = re.findall(r'<span class="claim">“(.*?)”</span>', html, re.S)
    assert len(rendered) >= 5
    assert all(unescape(" ".join(q.split())) in {" ".join(str(c).split()) for c in claims} for q in rendered)
