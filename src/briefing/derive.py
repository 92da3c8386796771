"""Figures derived from the tables in code (never stored): phases, blockade lengths, shortfall, mandate dates."""

from __future__ import annotations

import pandas as pd

from briefing.data import descriptor, load
from briefing.lookup import row
from briefing.phases import PHASE_LABELS


def figure_value(figure_id: str, figures: pd.DataFrame | None = None) -> float:
    """The value of one stated figure, by key."""
    figures = load("figures") if figures is None else figures
    return float(row(figures, "figures", "figure_id", figure_id)["value"])


def event_date(event_id: str, events: pd.DataFrame | None = None) -> pd.Timestamp:
    """The date of one event, by key."""
    events = load("events") if events is None else events
    return pd.Timestamp(row(events, "events", "event_id", event_id)["date"])


def phases(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each phase with its start (its opening event's date), end (the next phase's start) and length in days.

    The last phase ends at the last dated event.
    """
    events = load("events") if events is None else events
    openers = events[events["starts_phase"].fillna(False)].sort_values("date")
    frame = pd.DataFrame({
        "phase": openers["phase"].astype(str).to_numpy(),
        "start": openers["date"].to_numpy(),
        "opened_by": openers["event_id"].to_numpy(),
        "source_id": openers["source_id"].astype(str).to_numpy(),
    })
    frame["end"] = frame["start"].shift(-1).fillna(events["date"].max())
    frame["days"] = (frame["end"] - frame["start"]).dt.days
    frame["label"] = frame["phase"].map(PHASE_LABELS)
    return frame


def blockade_lengths(definitions: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                     figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each definition of the blockade with its start, end and days (end minus start), beside any stated figure."""
    definitions = load("blockade_definitions") if definitions is None else definitions
    events = load("events") if events is None else events
    figures = load("figures") if figures is None else figures
    dates = events.set_index("event_id")["date"]
    out = definitions.copy()
    out["start"] = out["start_event"].map(dates)
    out["end"] = out["end_event"].map(dates)
    out["days"] = (out["end"] - out["start"]).dt.days
    stated = figures.set_index("figure_id")["value"]
    out["stated_days"] = out["stated_figure"].map(stated)
    return out


def supply_shortfall(lengths: pd.DataFrame | None = None, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tonnes that would have crossed at the stated pre-blockade daily rate over each definition's length.

    An estimate from a stated baseline: it is the shortfall only if nothing else crossed, which the sources
    say was not quite so (ICRC and Russian peacekeeper convoys continued for part of the time).
    """
    lengths = blockade_lengths(figures=figures) if lengths is None else lengths
    daily = figure_value("daily_supply_tonnes", figures)
    out = lengths[["definition_id", "label", "days", "source_id"]].copy()
    out["baseline_tonnes_per_day"] = daily
    out["tonnes_not_delivered_estimate"] = out["days"] * daily
    return out


def per_person_kg_per_day(figures: pd.DataFrame | None = None) -> float:
    """The stated daily supply divided among the stated population, in kilograms per person per day."""
    return figure_value("daily_supply_tonnes", figures) * 1000 / figure_value("population_nk_rs", figures)


def mandate(events: pd.DataFrame | None = None, figures: pd.DataFrame | None = None) -> dict[str, pd.Timestamp]:
    """The peacekeeping mandate's key dates: start, the veto deadline before renewal, and expiry."""
    start = event_date("trilateral_statement_2020", events)
    expiry = start + pd.DateOffset(years=int(figure_value("mandate_years", figures)))
    veto_deadline = expiry - pd.DateOffset(months=int(figure_value("veto_notice_months", figures)))
    return {"start": start, "veto_deadline": veto_deadline, "expiry": expiry}


def as_of() -> pd.Timestamp:
    """The date up to which the editors searched for events after the five documents (the package's `as_of`)."""
    return pd.Timestamp(descriptor()["as_of"])


def latest_event(events: pd.DataFrame | None = None) -> pd.Timestamp:
    """The date of the latest event the book covers."""
    events = load("events") if events is None else events
    return pd.Timestamp(events["date"].max())
