"""`briefing role-cards`: one printable card per party, built from the claims, events, figures and sources tables;
the claims table voices each party's case at comparable depth. Fast: no book build. (Every quotation on the
cards is found word for word in its document by tests/test_sources_fidelity.py.)"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
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
    its date and topic, and Stepanakert's September 2023 ceasefire and dissolution stand apart under "Later", as
    Baku's operation of that month does on Baku's card."""
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
    stepanakert_later = {line.claim_id for line in cards["stepanakert"].later}
    assert {"offensive_relinquish", "glossary_nk_dissolve"} <= stepanakert_later <= stepanakert
    assert "offensive_ato" in {line.claim_id for line in cards["baku"].later}
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


def test_lines_are_dated_by_the_event_the_document_dates_else_marked_reported(cards):
    """A line the document dates (Galuzin's remarks of 9 October, Shoigu's visit of 19 September, Pashinyan's
    interview of 2 September 2023) shows that date; a line it does not date carries the document's own date, at the
    precision the sources table gives it (no day for an approximate document), shown as "reported"."""
    sources = load("sources", DATA)
    dates = rolecards.document_dates(sources)
    approximate = {key for key, value in dates.items() if len(value) < 10}
    assert {"au_sis_2023", "baku_moscow_2023", "regional_2023"} <= approximate
    claims = load("claims", DATA).set_index("claim_id")
    published = sources.set_index("source_id")["published"]
    for claim_id, row in claims.iterrows():
        if row["source_id"] in approximate:
            assert str(row["dated"]) != pd.Timestamp(published[row["source_id"]]).strftime("%Y-%m-%d"), (
                claim_id, "dated to the day of a document whose date is approximate")
    expected = {"offensive_galuzin_tass": "2023-10-09", "offensive_galuzin_new_reasons": "2023-10-09",
                "offensive_galuzin_refugees": "2023-10-09", "offensive_galuzin_delimit": "2023-10-09",
                "powers_shoigu_tehran": "2023-09-19", "powers_strategic_mistake": "2023-09-02"}
    for claim_id, dated in expected.items():
        assert claims.loc[claim_id, "dated"] == dated, claim_id
    for key, card in cards.items():
        for line in card.lines():
            lead = rolecards._lead(line)
            assert not line.reported or line.dated == dates[line.source_id], (key, line.claim_id)
            word = "reported" if line.voice else "written"  # a party's line, or the document's own analysis
            assert lead.startswith(f"({word} {rolecards.show_date(line.dated)}") == line.reported, (key, lead)
            assert not lead.startswith(("(reported", "(written")) or line.reported, (key, lead)
    galuzin = next(line for line in cards["moscow"].later if line.claim_id == "offensive_galuzin_tass")
    assert rolecards._lead(galuzin).startswith("(9 October 2023, ") and not galuzin.reported
    xray = next(line for line in cards["baku"].proposals if line.claim_id == "checkpoint_xray_offer")
    scan = next(line for line in cards["baku"].proposals if line.claim_id == "checkpoint_scan_suspicious")
    assert rolecards._lead(xray).startswith("(reported 22 May 2023, ")
    assert rolecards._lead(scan).startswith("(written 22 May 2023, ")
    # what the American University article places in the blockade before April 2023 is not "later" knowledge
    stepanakert_context = {line.claim_id for line in cards["stepanakert"].context}
    assert {"blockade_rations", "corridor_no_air", "corridor_survival_single_road"} <= stepanakert_context
    assert "blockade_only_russia_icrc" in {line.claim_id for line in cards["icrc"].context}


def test_card_text_names_speakers_not_source_keys_and_labels_others_words(cards):
    """A speaker is named in words, not by a source key; another party's quoted words on a card (the ICJ's on the
    ICRC's, members of the European Parliament on the mediator's) are the speaker's own words, not the party's."""
    keys = set(load("sources", DATA)["source_id"])
    for key, card in cards.items():
        for line in card.lines():
            assert not any(source_id in line.speaker for source_id in keys), (key, line.claim_id, line.speaker)
        for line in [*card.context, *card.legislators, *card.proposals]:
            assert "the party's own words" not in rolecards._md_line(line), (key, line.claim_id)
        for lines in card.sections.values():
            for line in lines:
                if line.voice == "quoted":
                    assert "the party's own words" in rolecards._md_line(line), (key, line.claim_id)
    icj = next(line for line in cards["icrc"].context if line.claim_id == "blockade_icj_order")
    assert "the speaker's own words" in rolecards._md_line(icj)


def test_dated_basis_says_where_each_date_comes_from_and_the_cards_mark_it(cards):
    """Column `dated_basis` is filled on every row and agrees with `dated`: `document` only where `dated` is the
    document's own date. A date the editors infer from the passage's context shows as "about" (Russia's and
    Armenia's answer to Aliyev's February speech, the American University article's rations and road, the
    dissolution of the Karabakh authority); a date of the document's own month that the text gives ("this month")
    shows unmarked; a line its document does not date shows as reported."""
    claims = load("claims", DATA)
    dates = rolecards.document_dates(load("sources", DATA))
    assert claims["dated_basis"].notna().all()
    for _, row in claims.iterrows():
        if row["dated_basis"] == "document":
            assert row["dated"] == dates[row["source_id"]], row["claim_id"]
    inferred = {"checkpoint_russia_armenia_opposition", "corridor_not_delimited", "blockade_rations",
                "blockade_only_russia_icrc", "corridor_no_air", "corridor_survival_single_road",
                "glossary_nk_dissolve", "checkpoint_armenia_warnings",
                # one passage of Crisis Group's: the answers to Aliyev's February speech (a third reader's point)
                "checkpoint_stepanakert_warned", "checkpoint_armenia_rejected_proposal",
                # a month with no year, "this month" in an approximately dated text, "two days before" an invasion
                "powers_pashinyan_reconsider", "powers_pashinyan_not_ally", "powers_summon_ambassador",
                "powers_same_positions"}
    assert set(claims.loc[claims["dated_basis"] == "inferred", "claim_id"]) == inferred
    leads = {(key, line.claim_id): rolecards._lead(line) for key, card in cards.items() for line in card.lines()}
    for (key, claim_id), lead in leads.items():
        assert lead.startswith("(about ") == (claim_id in inferred), (key, lead)
    assert leads["yerevan", "checkpoint_russia_armenia_opposition"].startswith("(about February 2023, ")
    assert leads["moscow", "checkpoint_russia_armenia_opposition"].startswith("(about February 2023, ")
    assert leads["stepanakert", "blockade_rations"].startswith("(about 2023, ")
    assert leads["stepanakert", "glossary_nk_dissolve"].startswith("(about September 2023, ")
    assert leads["moscow", "powers_summon_ambassador"].startswith("(about September 2023, ")
    assert leads["stepanakert", "checkpoint_stepanakert_warned"].startswith("(about February 2023, ")
    assert leads["baku", "offensive_amnesty"].startswith("(reported November 2023, ")
    # the blockade lines stay in play, among the Stepanakert card's context and the ICRC's
    assert {"blockade_rations", "corridor_no_air"} <= {line.claim_id for line in cards["stepanakert"].context}
    assert "blockade_only_russia_icrc" in {line.claim_id for line in cards["icrc"].context}
    assert all(rolecards.date_basis(row) == row["dated_basis"] for _, row in claims.iterrows())


def test_a_claim_without_its_date_basis_stops_at_validation(tmp_path):
    """`dated_basis` is required: a row without it is one fault naming the file, the row and the field."""
    import shutil

    from briefing.validate import validate
    from tests.helpers import read_rows, write_rows

    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    rows = read_rows(folder / "claims.csv")
    rows[4]["dated_basis"] = ""
    write_rows(folder / "claims.csv", rows)
    faults = [str(f) for f in validate(folder)]
    assert faults == [f"{folder / 'claims.csv'}:6: dated_basis: a value is required"], faults


def test_the_fear_of_ethnic_cleansing_comes_with_crisis_groups_next_sentence(cards):
    """On Stepanakert's card the Armenians' fear that the checkpoint could be the precursor to ethnic cleansing is
    followed at once by Crisis Group's next sentence: a checkpoint is well short of a pogrom."""
    ids = [line.claim_id for line in cards["stepanakert"].context]
    assert ids[ids.index("checkpoint_precursor") + 1] == "checkpoint_pogrom"


def test_topic_labels_do_not_name_the_syunik_route_in_the_books_own_voice(cards):
    """The cards' topic for the route through Syunik says whose name "Zangezur corridor" is."""
    for key, card in cards.items():
        for line in card.lines():
            if "Zangezur" in line.topic:
                assert "Baku calls the Zangezur corridor" in line.topic or "who uses the name" in line.topic, (
                    key, line.topic)
