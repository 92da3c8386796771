"""`briefing role-cards`: one printable card per party, built from the claims, events, figures and sources tables;
the claims table voices each party's case at comparable depth. Fast: no book build. (Every quotation on the
cards is found word for word in its document by tests/test_sources_fidelity.py.)"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from briefing import bib, derive, prose, rolecards
from briefing.cli import main
from briefing.data import load
from briefing.validate import validate
from tests.helpers import DATA, read_rows, write_rows


@pytest.fixture(scope="module")
def cards() -> dict[str, rolecards.Card]:
    return {key: rolecards.card(key, DATA) for key in rolecards.names()}


def test_one_card_per_party_written(tmp_path: Path, capsys):
    assert main(["role-cards", "--out", str(tmp_path), "--data", str(DATA)]) == 0
    expected = {f"{key}{suffix}" for key in ("baku", "yerevan", "stepanakert", "moscow", "mediator", "icrc")
                for suffix in (".html", ".md")}
    assert {p.name for p in tmp_path.iterdir()} == expected
    assert sorted(capsys.readouterr().out.split()) == sorted(str(tmp_path / name) for name in expected)
    for key in rolecards.names():
        page = (tmp_path / f"{key}.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and "size: A4" in page and "@page" in page
        assert f"<h1>{html.escape(rolecards.ROLES[key].title)}</h1>" in page
        assert not re.search(r"""(?:src|href)=["'](?!https?://)""", page), "a card must not load local files"
        assert "<script" not in page and "<link" not in page, "a card is self-contained"
        markdown = (tmp_path / f"{key}.md").read_text(encoding="utf-8")
        assert markdown.startswith(f"# {rolecards.ROLES[key].title}\n")


def test_named_parties_only(tmp_path: Path):
    assert main(["role-cards", "moscow", "icrc", "--out", str(tmp_path), "--data", str(DATA)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["icrc.html", "icrc.md", "moscow.html", "moscow.md"]


def test_unknown_party_is_one_line_and_exit_1(tmp_path: Path, capsys):
    assert main(["role-cards", "baku", "kyiv", "--out", str(tmp_path / "cards")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert "'kyiv'" in lines[0] and all(key in lines[0] for key in rolecards.names())
    assert not (tmp_path / "cards").exists(), "nothing is written when a name is unknown"


def test_each_card_carries_its_partys_rows_from_the_claims_table(cards):
    claims = load("claims", DATA)
    end = derive.phases(load("events", DATA)).set_index("phase").loc["checkpoint", "end"]
    for key, card in cards.items():
        role = rolecards.ROLES[key]
        theirs = claims[(claims["party"].astype(str).isin(role.parties) | claims["also_parties"].fillna("").map(
            lambda also, parties=role.parties: any(pair.split(":")[0] in parties for pair in also.split(";") if also)))
            & ~claims["claim_id"].isin(list(rolecards.OFF_CARD))].drop_duplicates("quote")
        shown = [line.claim_id for lines in card.sections.values() for line in lines]
        later = [line.claim_id for line in card.later]
        legislators = [line.claim_id for line in card.legislators]
        assert sorted(shown + [c for c in later if c in set(theirs["claim_id"])] + legislators) == sorted(
            theirs["claim_id"]), key
        for kind, _ in rolecards.SECTIONS:
            for line in card.sections[kind]:
                row = claims.set_index("claim_id").loc[line.claim_id]
                assert str(row["role"]) == kind if str(row["party"]) in role.parties else \
                    any(pair.split(":")[1] == kind for pair in str(row["also_parties"]).split(";")
                        if pair.split(":")[0] in role.parties), (key, line.claim_id)
        assert sum(len(lines) for lines in card.sections.values()) >= 1, f"{key}: no line of its own"
        for line in [*(x for lines in card.sections.values() for x in lines), *card.legislators]:
            assert rolecards.first_day(line.dated) <= end, (key, line.claim_id, "after the window, yet in play")
        for line in card.later:
            assert rolecards.first_day(line.dated) > end, (key, line.claim_id, "in the window, yet 'later'")
        quotes = claims.set_index("claim_id")
        assert len({line.quote for line in card.lines()}) == len(card.lines()), f"{key}: a quotation twice"
        for line in card.lines():
            assert line.quote == quotes.loc[line.claim_id, "quote"]
            assert line.speaker == quotes.loc[line.claim_id, "speaker"]


def test_cards_carry_source_citations(cards):
    sources = load("sources", DATA)
    labels, urls = bib.labels(sources), sources.set_index("source_id")["url"]
    for key, card in cards.items():
        page = rolecards.to_html(card)
        markdown = rolecards.to_markdown(card)
        for line in card.lines():
            assert line.citation == labels[line.source_id]
            assert line.url and line.url == urls[line.source_id], f"{key}/{line.claim_id}: no address"
            item = rolecards._html_line(line)
            assert item in page
            assert html.escape(line.citation) in item and html.escape(line.url) in item
            assert html.escape(line.speaker) in item and f"“{html.escape(line.quote)}”" in item
            assert rolecards._md_line(line) in markdown
        assert card.events, f"{key}: no event in the scenario"
        for day, title, citation, url in card.events:
            assert citation in labels.values() and url
            assert f"{html.escape(day)}: {html.escape(title)}" in page


def test_scenario_covers_the_checkpoints_first_weeks_from_the_events_table(cards):
    events = load("events", DATA)
    phases = derive.phases(events).set_index("phase")
    start, end = phases.loc["checkpoint", "start"], phases.loc["checkpoint", "end"]
    assert start == derive.event_date("checkpoint_opened_2023", events)
    assert start.month == 4 and end.month == 6, "the window runs from late April to mid-June 2023"
    inside = events[(events["date"] >= start) & (events["date"] <= end)]
    card = cards["baku"]
    assert [title for _, title, _, _ in card.events] == list(inside.sort_values(["date", "event_id"])["title"])
    assert all(other.events == card.events and other.scenario == card.scenario for other in cards.values())


def test_scenario_numbers_come_from_the_data(data_copy: Path):
    """Change the population figure and the blockade's first day: the card's brief follows."""
    figures = read_rows(data_copy / "figures.csv")
    row = next(r for r in figures if r["figure_id"] == "population_nk")
    row["value"] = str(int(row["value"]) + 4321)
    write_rows(data_copy / "figures.csv", figures)
    events = read_rows(data_copy / "events.csv")
    next(r for r in events if r["event_id"] == "blockade_begins_2022")["date"] = "2022-12-10"
    write_rows(data_copy / "events.csv", events)
    text = " ".join(rolecards.card("yerevan", data_copy).scenario)
    assert prose.integer(int(row["value"])) in text
    opened = derive.event_date("checkpoint_opened_2023", load("events", data_copy))
    assert f"{(opened - load('events', data_copy).set_index('event_id').loc['blockade_begins_2022', 'date']).days} " \
           "days earlier" in text
    assert "10 December 2022" in text


def test_each_partys_case_is_quoted_at_comparable_depth():
    claims = load("claims", DATA)
    counts = claims["party"].astype(str).value_counts()
    for party in ("baku", "yerevan", "moscow"):
        assert counts.get(party, 0) >= 8, f"{party}: {counts.get(party, 0)} quotations"
    assert counts.get("stepanakert", 0) >= 5
    main_three = [counts[p] for p in ("baku", "yerevan", "moscow")]
    assert min(main_three) * 2 >= max(main_three), f"uneven depth: {dict(counts)}"
    mediators = sum(counts.get(p, 0) for p in ("washington", "brussels", "paris"))
    assert mediators >= 8


def test_party_voice_and_role_agree(data_copy: Path):
    """The validator names a claim that gives a party without a role, or analysis with a voice."""
    assert validate(data_copy) == []
    rows = read_rows(data_copy / "claims.csv")
    party_row = next(i for i, r in enumerate(rows) if r["party"] == "baku")
    analysis_row = next(i for i, r in enumerate(rows) if r["party"] == "none")
    rows[party_row]["role"] = ""
    rows[analysis_row]["voice"] = "quoted"
    write_rows(data_copy / "claims.csv", rows)
    lines = [str(fault) for fault in validate(data_copy)]
    assert analysis_row < party_row
    assert [line.split("data/", 1)[1] for line in lines] == [
        f"claims.csv:{analysis_row + 2}: voice: must be empty when party is none (the document's own analysis)",
        f"claims.csv:{party_row + 2}: role: is required when party is 'baku'"], lines


@pytest.mark.build
def test_the_role_play_page_shows_every_card(built_book: Path):
    """The book's role-play page shows each card, built from the data with the book (cost: reads one page)."""
    page = (built_book / "chapters" / "role_play.html").read_text(encoding="utf-8")
    for key in rolecards.names():
        assert f'id="role-card-{key}"' in page, key
        assert html.escape(rolecards.ROLES[key].title) in page
    assert 'id="role-play-scenario"' in page and page.count('class="role-card"') == len(rolecards.names()) + 1
    assert "instructor-notes" in page


def test_lines_after_the_window_are_set_apart_with_their_dates(cards):
    """Nothing dated after the weeks played sits among a card's positions, aims and red lines; every line shows
    its date and topic, and the September 2023 outcomes are on no card."""
    end = derive.phases(load("events", DATA)).set_index("phase").loc["checkpoint", "end"]
    for key, card in cards.items():
        for lines in [*card.sections.values(), card.context, card.legislators, card.proposals]:
            assert not any(rolecards.after_window(line, end) for line in lines), key
        assert all(rolecards.after_window(line, end) for line in card.later), key
        page, markdown = rolecards.to_html(card), rolecards.to_markdown(card)
        for line in card.lines():
            assert line.dated and rolecards.show_date(line.dated) in rolecards._md_line(line)
            assert line.topic in rolecards._md_line(line)
        if card.later:
            assert rolecards.LATER_HEADING in page and rolecards.LATER_HEADING in markdown
        ids = {line.claim_id for line in card.lines()}
        assert not ids & set(rolecards.OFF_CARD), key
    stepanakert = {line.claim_id for line in cards["stepanakert"].lines()}
    assert not {"offensive_relinquish", "glossary_nk_dissolve"} & stepanakert
    moscow_now = {line.claim_id for lines in cards["moscow"].sections.values() for line in lines}
    assert "offensive_galuzin_tass" in {line.claim_id for line in cards["moscow"].later}
    assert {"corridor_armenia_russia_reading", "checkpoint_pressing_assurances"} <= moscow_now
    assert "checkpoint_stepanakert_illegal" in {line.claim_id for line in cards["yerevan"].sections["red_line"]}
    assert "powers_one_nation" not in {line.claim_id for line in cards["baku"].lines()}
    assert {line.claim_id for line in cards["mediator"].legislators} == {
        "checkpoint_mep_violation", "checkpoint_mep_icj", "powers_pelosi"}


def test_also_parties_is_checked(data_copy: Path):
    rows = read_rows(data_copy / "claims.csv")
    analysis_row = next(i for i, r in enumerate(rows) if r["party"] == "none")
    rows[analysis_row]["also_parties"] = "moscow:position"
    write_rows(data_copy / "claims.csv", rows)
    assert [str(fault).split("data/", 1)[1] for fault in validate(data_copy)] == [
        f"claims.csv:{analysis_row + 2}: also_parties: must be empty when party is none (the document's own "
        "analysis)"]
