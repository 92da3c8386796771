"""The opening page's chart: the interactive timeline of every event by actor and date."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import derive
from briefing.charts import finish, origin_labels, origin_shape, publications, register
from briefing.data import load
from briefing.prose import date as fmt_date
from briefing.theme import PHASE_LABELS, phase_scale

SHOWN_ACTORS = ["azerbaijan", "armenia", "nk_authorities", "russia", "russian_peacekeepers", "turkiye", "iran",
                "united_states", "european_union", "france", "india", "icj", "un"]


def event_rows(events: pd.DataFrame | None = None, actors: pd.DataFrame | None = None,
               start: str = "2020-11-01") -> pd.DataFrame:
    """One row per event and actor (an event with three actors gives three rows), with display fields."""
    events = load("events") if events is None else events
    actors = load("actors") if actors is None else actors
    names = actors.set_index("actor_id")["name"].astype(str).str.replace(r" \(.*\)$", "", regex=True).to_dict()
    rows = events[events["date"] >= pd.Timestamp(start)].copy()
    rows["actor_id"] = rows["actors"].astype(str).str.split(";")
    rows = rows.explode("actor_id")
    rows = rows[rows["actor_id"].isin(SHOWN_ACTORS)]
    rows["actor"] = rows["actor_id"].map(names)
    rows["phase_label"] = rows["phase"].astype(str).map(PHASE_LABELS)
    rows["when"] = [fmt_date(d, p) for d, p in zip(rows["date"], rows["date_precision"].astype(str), strict=True)]
    rows["origin"] = origin_labels(rows["outside_documents"])
    rows["claim_by"] = rows["attributed_to"].fillna("").astype(str)
    keep = ["event_id", "date", "when", "phase_label", "actor", "title", "description", "claim_by",
            "source_id", "origin"]
    out = rows[keep].copy()
    for col in keep:
        if col != "date":
            out[col] = out[col].astype(str)
    return out.reset_index(drop=True)


@register("timeline")
def timeline(events: pd.DataFrame | None = None, actors: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Events as marks on actor rows over time, phases as labelled bands; menus filter by phase and actor."""
    rows = event_rows(events, actors)
    all_events = load("events") if events is None else events
    events_used = all_events[all_events["event_id"].isin(rows["event_id"])]
    phases = derive.phases(events)
    phases = phases[phases["start"] >= rows["date"].min()].copy()
    phases["phase_label"] = phases["label"]
    phases["tier"] = [(-44, -30, -16)[i % 3] for i in range(len(phases))]
    phase_keys = [p for p in PHASE_LABELS if p in set(phases["phase"])]
    order = [a for a in pd.unique(rows.sort_values("date")["actor"])]
    phase_pick = alt.selection_point(
        name="phase", fields=["phase_label"],
        bind=alt.binding_select(options=[None, *[PHASE_LABELS[p] for p in phase_keys]],
                                labels=["All phases", *[PHASE_LABELS[p] for p in phase_keys]], name="Phase: "))
    actor_pick = alt.selection_point(
        name="actor", fields=["actor"],
        bind=alt.binding_select(options=[None, *sorted(order)], labels=["All actors", *sorted(order)],
                                name="Actor: "))
    bands = alt.Chart(phases).mark_rect(opacity=0.18).encode(
        x=alt.X("start:T"), x2="end:T",
        color=alt.Color("phase_label:N", scale=phase_scale(phase_keys),
                        legend=alt.Legend(title="Phase", columns=3, symbolOpacity=1, labelLimit=260)))
    band_labels = alt.Chart(phases).mark_text(align="left", baseline="middle", dx=2, fontSize=11).encode(
        x="start:T", y=alt.Y("tier:Q", scale=None), text="phase_label:N")
    ticks = alt.Chart(phases).mark_rule(color="#999999", strokeDash=[2, 2]).encode(
        x="start:T", y=alt.Y("tier:Q", scale=None), y2=alt.value(0))
    marks = alt.Chart(rows).mark_point(size=90, filled=True, opacity=0.9).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=8)),
        y=alt.Y("actor:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
        color=alt.Color("phase_label:N", scale=phase_scale(phase_keys), legend=None),
        shape=origin_shape(),
        tooltip=[alt.Tooltip("when:N", title="Date"), alt.Tooltip("title:N", title="Event"),
                 alt.Tooltip("description:N", title="What happened"), alt.Tooltip("claim_by:N", title="Claim by"),
                 alt.Tooltip("phase_label:N", title="Phase"), alt.Tooltip("source_id:N", title="Source"),
                 alt.Tooltip("origin:N", title="Origin")],
    ).add_params(phase_pick, actor_pick).transform_filter(phase_pick).transform_filter(actor_pick)
    chart = alt.layer(bands, ticks, band_labels, marks).properties(width=700, height=380)
    return finish(
        chart,
        title="Who did what, and when: the crisis event by event",
        subtitle="Choose a phase or an actor in the menus below the chart; hover a mark for the event and its source",
        source=publications(events_used["source_id"]) + " (triangles)",
        description=(f"A timeline from {rows['date'].min():%B %Y} to {rows['date'].max():%B %Y} with "
                     f"{rows['event_id'].nunique()} events. Each row is an "
                     "actor; each mark is an event the actor took part in, coloured by phase, on shaded and "
                     "labelled phase bands. Triangles mark events from outside the five source documents. Menus "
                     "filter the marks by phase and by actor."))
