"""Values several chapters show, computed and glued in one place; each chapter glues only those its text uses."""

from __future__ import annotations

import pandas as pd

from briefing import derive, prose

# The blockade's lengths under each definition, by the key the prose uses.
LENGTH_KEYS = {"protest_camp": "days_protest", "until_offensive": "days_until_offensive",
               "total_closure": "days_closure"}


def blockade_lengths(events: pd.DataFrame | None = None, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Glue the blockade's length under each definition, the ratio of the longest to the shortest, the
    offensive-bound count in months and the aid halt's start; returns the lengths table by definition."""
    lengths = derive.blockade_lengths(events=events, figures=figures).set_index("definition_id")
    values = {key: prose.integer(lengths.loc[definition, "days"]) for definition, key in LENGTH_KEYS.items()}
    values["days_ratio"] = prose.decimal(lengths["days"].max() / lengths["days"].min())
    values["months_until_offensive"] = prose.decimal(lengths.loc["until_offensive", "days"] / (365.25 / 12))
    values["halt_start"] = prose.date(lengths.loc["total_closure", "start"])
    values["n_definitions_word"] = prose.words(len(lengths))
    prose.glue_each(values)
    return lengths


def as_of() -> pd.Timestamp:
    """Glue the date up to which the editors searched for later events (`as_of`); returns it."""
    day = derive.as_of()
    prose.glue_each({"as_of": prose.date(day)})
    return day


def mandate(events: pd.DataFrame | None = None, figures: pd.DataFrame | None = None) -> dict[str, pd.Timestamp]:
    """Glue the peacekeeping mandate's dates (`mandate_start`, `mandate_veto_deadline`, `mandate_expiry`) and the
    veto deadline's year; returns the dates."""
    dates = derive.mandate(events, figures)
    values = {f"mandate_{key}": prose.date(day) for key, day in dates.items()}
    values["mandate_veto_year"] = str(dates["veto_deadline"].year)
    prose.glue_each(values)
    return dates


def offensive(events: pd.DataFrame | None = None) -> None:
    """Glue the days from the offensive's launch to the ceasefire (`days_offensive_to_ceasefire`)."""
    days = (derive.event_date("ceasefire_2023", events) - derive.event_date("offensive_launched_2023", events)).days
    prose.glue_each({"days_offensive_to_ceasefire": prose.words(days)})


def exodus(figures: pd.DataFrame | None = None) -> dict[str, float]:
    """Glue the arrivals in Armenia as shares of Crisis Group's population estimate (`share_gov`, `share_unhcr`:
    the book's own division), the date of the government's count (`arrivals_as_of`) and Responsible
    Statecraft's population figure (`population_rs`); returns the shares."""
    from briefing.lookup import row

    population = derive.figure_value("population_nk", figures)
    shares = {"gov": derive.figure_value("arrivals_armenia_gov", figures) / population,
              "unhcr": derive.figure_value("arrivals_unhcr", figures) / population}
    table = _figures(figures)
    prose.glue_each({"share_gov": f"{shares['gov']:.0%}", "share_unhcr": f"{shares['unhcr']:.0%}",
                     "arrivals_as_of": prose.date(row(table, "figures", "figure_id", "arrivals_armenia_gov")["as_of"]),
                     "population_rs": prose.integer(derive.figure_value("population_nk_rs", figures))})
    return shares


def _figures(figures: pd.DataFrame | None) -> pd.DataFrame:
    from briefing.data import load

    return load("figures") if figures is None else figures
