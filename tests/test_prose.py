"""The prose formatters and the derivations behind the book's numbers, edge cases included."""

from __future__ import annotations

import pandas as pd
import pytest

from briefing import derive, prose

USD = [(754e6, "$754 million"), (2.6e9, "$2.6 billion"), (1e9, "$1 billion"), (999.4e6, "$999 million"),
       (999.6e6, "$1 billion"), (999_999, "$1 million"), (500_000, "$500,000"), (0, "$0"), (-2.6e9, "-$2.6 billion"),
       (1.96e9, "$2 billion"), (12.34e9, "$12.3 billion")]


@pytest.mark.parametrize(("value", "text"), USD)
def test_usd(value: float, text: str):
    assert prose.usd(value) == text


@pytest.mark.parametrize(("value", "text"), [(0, "zero"), (3, "three"), (12, "twelve"), (13, "13"), (1960, "1,960")])
def test_words_spells_small_counts(value: int, text: str):
    assert prose.words(value) == text


def test_words_refuses_a_fraction():
    with pytest.raises(ValueError):
        prose.words(2.5)


@pytest.mark.parametrize(("value", "text"), [(120000, "120,000"), (0.4, "0"), (2.5, "2"), (3.5, "4")])
def test_integer(value: float, text: str):
    assert prose.integer(value) == text


def test_decimal():
    assert prose.decimal(3.448) == "3.4"
    assert prose.decimal(1234.5, 2) == "1,234.50"


@pytest.mark.parametrize(("precision", "text"), [("day", "1 February 2024"), ("month", "February 2024"),
                                                 ("approximate", "February 2024"), ("year", "2024")])
def test_date_by_precision(precision: str, text: str):
    assert prose.date(pd.Timestamp("2024-02-01"), precision) == text


def figures_frame(rows: list[tuple[str, float, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["figure_id", "value", "unit", "qualifier"])


def test_figure_text_words_digits_and_qualifiers():
    frame = figures_frame([("a", 3, "deaths", "at_least"), ("b", 15, "percent", "range_low"),
                           ("c", 5, "km", "exact"), ("d", 120000, "people", "about"), ("e", 2.5, "hours", "more_than"),
                           ("f", 10, "months", "nearly")])
    assert prose.figure_text("a", frame) == "at least three"
    assert prose.figure_text("b", frame) == "15"
    assert prose.figure_text("c", frame) == "5"
    assert prose.figure_text("d", frame) == "about 120,000"
    assert prose.figure_text("e", frame) == "more than 2.5"
    assert prose.figure_text("f", frame) == "nearly ten"
    with pytest.raises(KeyError):
        prose.figure_text("missing", frame)


def test_mandate_dates_from_term_and_notice():
    events = pd.DataFrame({"event_id": ["trilateral_statement_2020"], "date": [pd.Timestamp("2020-11-10")]})
    figures = figures_frame([("mandate_years", 5, "years", "exact"), ("veto_notice_months", 6, "months", "exact")])
    dates = derive.mandate(events, figures)
    assert dates == {"start": pd.Timestamp("2020-11-10"), "veto_deadline": pd.Timestamp("2025-05-10"),
                     "expiry": pd.Timestamp("2025-11-10")}


def test_mandate_notice_from_the_end_of_a_month():
    events = pd.DataFrame({"event_id": ["trilateral_statement_2020"], "date": [pd.Timestamp("2020-08-31")]})
    figures = figures_frame([("mandate_years", 1, "years", "exact"), ("veto_notice_months", 6, "months", "exact")])
    assert derive.mandate(events, figures)["veto_deadline"] == pd.Timestamp("2021-02-28")


def test_blockade_lengths_are_end_minus_start_beside_the_stated_figure():
    definitions = pd.DataFrame({"definition_id": ["d"], "label": ["D"], "start_event": ["s"], "end_event": ["e"],
                                "source_id": ["x"], "stated_figure": ["f"]})
    events = pd.DataFrame({"event_id": ["s", "e"], "date": pd.to_datetime(["2022-12-12", "2023-04-28"])})
    figures = figures_frame([("f", 137, "days", "exact")])
    lengths = derive.blockade_lengths(definitions, events, figures)
    assert int(lengths.loc[0, "days"]) == 137 and float(lengths.loc[0, "stated_days"]) == 137


def test_per_person_supply():
    figures = figures_frame([("daily_supply_tonnes", 400, "tonnes_per_day", "exact"),
                             ("population_nk_rs", 120000, "people", "about")])
    assert derive.per_person_kg_per_day(figures) == pytest.approx(3.333, abs=1e-3)


def test_phases_run_from_opener_to_next_opener():
    events = pd.DataFrame({
        "event_id": ["a", "b", "c"], "date": pd.to_datetime(["2020-01-01", "2020-01-11", "2020-01-31"]),
        "phase": ["war_2020", "blockade", "blockade"], "starts_phase": [True, True, False],
        "source_id": ["s", "s", "s"]})
    frame = derive.phases(events)
    assert list(frame["days"]) == [10, 20]
    assert list(frame["phase"]) == ["war_2020", "blockade"]


def test_failed_lookup_names_table_and_key():
    """A KeyError from `.loc` on a table the book loaded reads as one line naming the table and the key."""
    from briefing.data import load
    from briefing.lookup import key_error_line

    figures = load("figures").set_index("figure_id")
    try:
        figures.loc["no_such_figure", "value"]
    except KeyError as error:
        line = key_error_line(error, error.__traceback__)
    assert line == ("MissingRow: data/figures.csv has no row with figure_id 'no_such_figure': "
                    "was it renamed or removed?")
    try:
        figures.loc["population_nk", "no_such_column"]
    except KeyError as error:
        line = key_error_line(error, error.__traceback__)
    assert line == "MissingRow: data/figures.csv has no column 'no_such_column'"


def test_a_failed_lookup_names_the_chapter_being_executed(monkeypatch, tmp_path):
    """The chapter named in a MissingRow line is the one `briefing.paths.chapter_source` names, the same setting
    the bulk gluers read; outside a build no chapter is named."""
    from briefing.lookup import MissingRow
    from briefing.paths import ENV_CHAPTER_SOURCE

    monkeypatch.delenv(ENV_CHAPTER_SOURCE, raising=False)
    assert "needed by" not in str(MissingRow("figures", "figure_id", "x"))
    monkeypatch.setenv(ENV_CHAPTER_SOURCE, str(tmp_path / "chapters" / "blockade.md"))
    assert str(MissingRow("figures", "figure_id", "x")) == (
        "data/figures.csv has no row with figure_id 'x' (needed by the chapter 'blockade'): was it renamed or "
        "removed?")


@pytest.mark.parametrize(("published", "note", "text"), [
    ("2023-05-22", "published 22 May 2023, the date under which a reprint gives it", "22 May 2023"),
    ("2023-05-22", None, "22 May 2023"),
    ("2023-09-06", "approximate: written on or after 6 September 2023, the latest date the text cites",
     "on or after 6 September 2023"),
    ("2023-10-01", "approximate: late September or October 2023. The latest date the text gives is 25 September",
     "late September or October 2023 (approx.)"),
    ("2023-10-01", "approximate: October 2023. The text knows of later events", "October 2023 (approx.)"),
    ("2024-02-01", "approximate: the stored copy shows no date; it reports 1 February 2024", "February 2024 (approx.)"),
    (None, "approximate: no date", "no date stated")])
def test_source_date_is_no_more_exact_than_its_note(published: str | None, note: str | None, text: str):
    row = pd.Series({"published": pd.Timestamp(published) if published else pd.NaT, "date_note": note})
    assert prose.source_date(row) == text
