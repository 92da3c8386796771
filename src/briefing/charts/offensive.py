"""The offensive chapter's charts: the events from the offensive to the dissolution deadline, and the
exodus as a share of the population."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import derive
from briefing.charts import finish, origin_fill, origin_labels, register
from briefing.charts.parts import LABEL_LINES, phase_events_chart, source_names
from briefing.data import load
from briefing.prose import date as fmt_date
from briefing.prose import words
from briefing.theme import (
    ACTOR_COLOURS,
)


@register("events-offensive")
def offensive_events(events: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Every event from the offensive to the dissolution deadline, in order, labelled (later events belong to the
    chapter after the sources)."""

    shown = offensive_window(events)
    listed = "; ".join(f"{fmt_date(row.date, str(row.date_precision))}: {row.title}" for row in shown.itertuples())
    return phase_events_chart(
        ["offensive", "exodus_and_after"],
        "The offensive, the exodus and the end of the de facto authorities",
        f"All {words(len(shown))} events from the offensive of {fmt_date(shown['date'].min())} to the dissolution "
        f"deadline of {fmt_date(shown['date'].max())}, one per line in date order: {listed}.", shown)


def offensive_window(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events the offensive chapter's chart shows: its two phases, up to the dissolution deadline."""
    events = load("events") if events is None else events
    until = derive.event_date("dissolution_deadline_2024", events)
    shown = events[events["phase"].astype(str).isin(["offensive", "exodus_and_after"]) & (events["date"] <= until)]
    return shown.sort_values("date")


@register("exodus-share")
def exodus(figures: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Bars: the stated population beside the arrival counts, with arrivals as a share of the population."""
    figures = load("figures") if figures is None else figures
    table = figures.set_index("figure_id")
    population = float(table.loc["population_nk", "value"])
    picks = ["population_nk", "arrivals_armenia_gov", "arrivals_unhcr"]
    names = load("sources").set_index("source_id")["short_name"]
    frame = pd.DataFrame([{
        "figure": f"{table.loc[f, 'label']}", "by": str(table.loc[f, "attributed_to"] if pd.notna(
            table.loc[f, "attributed_to"]) else names.get(table.loc[f, "source_id"], table.loc[f, "source_id"])),
        "value": float(table.loc[f, "value"]), "qualifier": str(table.loc[f, "qualifier"]),
        "source": source_names([table.loc[f, "source_id"]])[0],
        "outside": bool(table.loc[f, "outside_documents"]),
    } for f in picks])
    frame["origin"] = origin_labels(frame.pop("outside"))
    frame["row"] = frame["figure"] + " (" + frame["by"] + ")"
    frame["share"] = frame["value"] / population
    # A count's qualifier stays with it, and a lower bound ("more than") gives a share that is a lower bound too.
    stated = {"about": "about ", "more_than": "more than ", "at_least": "at least "}
    bound = {"more_than": "at least ", "at_least": "at least "}
    frame["text"] = [stated.get(q, "") + f"{v:,.0f}" + ("" if i == 0 else
                     f" ≈ {bound.get(q, '')}{s:.0%} of Crisis Group's estimate")
                     for i, (v, s, q) in enumerate(zip(frame["value"], frame["share"], frame["qualifier"],
                                                       strict=True))]
    base = alt.Chart(frame).encode(
        y=alt.Y("row:N", sort=None, title=None, axis=alt.Axis(labelLimit=0, labelExpr=LABEL_LINES)),
        x=alt.X("value:Q", title="People", scale=alt.Scale(domain=[0, population * 1.7])))
    bars = base.mark_bar(stroke="#222222", strokeWidth=1).encode(
        **origin_fill(ACTOR_COLOURS["armenia"]),
        tooltip=[alt.Tooltip("figure:N", title="Figure"), alt.Tooltip("by:N", title="Given by"),
                 alt.Tooltip("value:Q", title="People", format=","), alt.Tooltip("qualifier:N", title="Qualifier"),
                 alt.Tooltip("source:N", title="Source")])
    labels = base.mark_text(align="left", dx=4).encode(text="text:N")
    low, high = (float(table.loc[f"remaining_armenians_un_{end}", "value"]) for end in ("low", "high"))
    return finish(
        (bars + labels).properties(width=380, height=alt.Step(34)),
        title="By the end of September 2023, most of the population had left",
        subtitle=("Shares are the editors' division by Crisis Group's rounded May 2023 estimate, not a count of "
                  "those who stayed"),
        source=("Crisis Group, May 2023; Government of Armenia and UNHCR, about 30 September 2023, and the UN "
                "spokesperson, 2 October 2023 (outside the five documents)"),
        description=("Three bars: the population of Nagorno-Karabakh as Crisis Group gave it in May 2023, and the "
                     "number of people who had arrived in Armenia by about 30 September 2023 according to the "
                     "Armenian government and to UNHCR. Each arrival count is labelled with its share of Crisis "
                     "Group's estimate, a division made by the book's editors; a UN team was told on 1 October "
                     f"2023 that between {low:,.0f} and {high:,.0f} ethnic Armenians remained."))
