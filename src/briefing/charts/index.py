"""The opening page's chart: the interactive timeline of every event by actor and date."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from briefing import derive
from briefing.charts import finish, origin_labels, origin_shape, publications, register
from briefing.charts.parts import source_names
from briefing.data import load
from briefing.prose import date as fmt_date
from briefing.render import wrap_words
from briefing.theme import PHASE_LABELS, phase_scale

# The narrow (phone) layout: time runs down the page, one column per actor, phase labels in a gutter on the right.
NARROW_HEIGHT = 820  # px from the first date to the last
NARROW_COLUMN = 16  # px per actor column, as designed (fitting narrows the plot)
LABEL_CHARS = 13  # characters per line of a phase label in the gutter
LABEL_LINE = 13  # px per line of a phase label (11 px type)
LABEL_GAP = 4  # px at least between two phase labels
LAST_WORD_BELOW = r"split(replace(datum.label, / (\S+)$/, '|$1'), '|')"  # a legend label on two lines

# Actor names short enough to stand unabridged above a phone's columns (the menu keeps the full names).
SHORT_ACTORS = {"nk_authorities": "NK authorities", "russian_peacekeepers": "RU peacekeepers", "icj": "ICJ",
                "european_union": "EU", "united_states": "United States", "united_nations": "UN", "un": "UN"}

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
    rows["source"] = source_names(rows["source_id"], unique=False)
    keep = ["event_id", "date", "when", "phase_label", "actor", "title", "description", "claim_by",
            "source", "origin"]
    out = rows[keep].copy()
    for col in keep:
        if col != "date":
            out[col] = out[col].astype(str)
    return out.reset_index(drop=True)


def label_positions(phases: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp,
                    height: int = NARROW_HEIGHT) -> pd.DataFrame:
    """Where the narrow layout puts each phase's label: its band's top (`band_px`, pixels down from the first date)
    and the label's own top (`label_px`), pushed down just enough not to overlap the label above it."""
    out = phases.copy()
    span = (last - first).total_seconds()
    out["band_px"] = [round((start - first).total_seconds() / span * height, 1) for start in out["start"]]
    out["label_lines"] = [wrap_words(label, LABEL_CHARS) for label in out["phase_label"]]
    tops, below = [], float("-inf")
    for band, lines in zip(out["band_px"], out["label_lines"], strict=True):
        top = max(band, below + LABEL_GAP)
        tops.append(top)
        below = top + len(lines) * LABEL_LINE
    out["label_px"] = tops
    out["label_text"] = ["|".join(lines) for lines in out["label_lines"]]
    return out.drop(columns="label_lines")


def upright_legend(shape: alt.Shape) -> alt.Shape:
    """The shape channel with its legend's entries one under another (side by side, they would set a floor under
    the chart's width on a tablet)."""
    shape.legend = alt.Legend(labelLimit=260, direction="vertical")
    return shape


@register("timeline")
def timeline(events: pd.DataFrame | None = None, actors: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Events as marks on actor rows over time, phases as labelled bands; menus filter by phase and actor."""
    rows = event_rows(events, actors)
    all_events = load("events") if events is None else events
    events_used = all_events[all_events["event_id"].isin(rows["event_id"])]
    phases = derive.phases(events)
    phases = phases[phases["start"] >= rows["date"].min()].copy()
    phases["phase_label"] = phases["label"]
    # Wide screens: each phase's label on a line of its own above the plot (a staircase, the first phase on top),
    # so that no two labels can overlap however narrow the plot is drawn; the later half's labels end at their
    # band's start rather than begin there, so that none runs far past the plot's right edge.
    phases["tier"] = [-LABEL_LINE * (len(phases) - i) - 2 for i in range(len(phases))]
    first = min(rows["date"].min(), phases["start"].min())
    last = max(rows["date"].max(), phases["end"].max())
    phases = label_positions(phases, first, last)
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
    middle = rows["date"].min() + (rows["date"].max() - rows["date"].min()) / 2
    band_labels = alt.layer(*[
        alt.Chart(part).mark_text(align=align, baseline="middle", dx=dx, fontSize=11).encode(
            x="start:T", y=alt.Y("tier:Q", scale=None), text="phase_label:N")
        for part, align, dx in ((phases[phases["start"] < middle], "left", 3),
                                (phases[phases["start"] >= middle], "right", -3))])
    ticks = alt.Chart(phases).mark_rule(color="#999999", strokeDash=[2, 2]).encode(
        x="start:T", y=alt.Y("tier:Q", scale=None), y2=alt.value(0))
    marks = alt.Chart(rows).mark_point(size=90, filled=True, opacity=0.9).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=8)),
        y=alt.Y("actor:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
        color=alt.Color("phase_label:N", scale=phase_scale(phase_keys), legend=None),
        shape=upright_legend(origin_shape()),
        tooltip=[alt.Tooltip("when:N", title="Date"), alt.Tooltip("title:N", title="Event"),
                 alt.Tooltip("description:N", title="What happened"), alt.Tooltip("claim_by:N", title="Claim by"),
                 alt.Tooltip("phase_label:N", title="Phase"), alt.Tooltip("source:N", title="Source"),
                 alt.Tooltip("origin:N", title="Origin")],
    ).add_params(phase_pick, actor_pick).transform_filter(phase_pick).transform_filter(actor_pick).properties(
        name="events")
    chart = alt.layer(bands, ticks, band_labels, marks).properties(width=700, height=380)
    # Narrow screens: the same marks, menus and tooltips, turned a quarter: time runs down the page, one column per
    # actor (named at the top), phases as horizontal bands labelled in a gutter on the right.
    down = alt.Scale(domain=[first.isoformat(), last.isoformat()], nice=False, reverse=True)
    when = alt.Y("date:T", title=None, scale=down, axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0))
    # The bands are labelled beside the plot, so the phase colours need no legend here.
    narrow_bands = alt.Chart(phases).mark_rect(opacity=0.18).encode(
        y=alt.Y("start:T", scale=down), y2="end:T",
        color=alt.Color("phase_label:N", scale=phase_scale(phase_keys), legend=None))
    leaders = alt.Chart(phases).mark_rule(color="#999999", x=alt.ExprRef("width"), x2=alt.ExprRef("width + 6")
                                          ).encode(y=alt.Y("band_px:Q", scale=None), y2="label_px:Q")
    gutter = alt.Chart(phases).mark_text(align="left", baseline="top", dx=8, fontSize=11, lineHeight=LABEL_LINE,
                                         lineBreak="|", x=alt.ExprRef("width")).encode(
        y=alt.Y("label_px:Q", scale=None), text="label_text:N")
    actor_names = (load("actors") if actors is None else actors).set_index("actor_id")["name"].astype(str)
    short = {name: SHORT_ACTORS[i] for i, name in actor_names.str.replace(r" \(.*\)$", "", regex=True).items()
             if i in SHORT_ACTORS}
    short_label = "".join(f"datum.label === {json.dumps(k)} ? {json.dumps(v)} : " for k, v in short.items())
    short_label += "datum.label"
    shape = origin_shape()
    shape.legend = alt.Legend(labelLimit=260, labelExpr=LAST_WORD_BELOW)
    across = marks.mark_point(size=60, filled=True, opacity=0.9).encode(
        x=alt.X("actor:N", sort=order, title=None,
                axis=alt.Axis(orient="top", labelAngle=-90, labelLimit=150, labelExpr=short_label,
                              labelFontSize=12, labelOverlap=False)),  # every actor named, however close
        y=when, shape=shape)
    narrow = alt.layer(narrow_bands, leaders, gutter, across).properties(
        width=NARROW_COLUMN * len(order), height=NARROW_HEIGHT)
    words = dict(
        title="Who did what, and when: the crisis event by event",
        subtitle="Choose a phase or an actor in the menus below the chart; hover or tap a mark for the event and its "
                 "source",
        source=publications(events_used["source_id"]) + " (triangles)",
        description=(f"A timeline from {rows['date'].min():%B %Y} to {rows['date'].max():%B %Y} with "
                     f"{rows['event_id'].nunique()} events. Each actor has its own line of marks: a row, with time "
                     "running left to right, on a wide screen; a column, with time running down the page, on a "
                     "narrow one. Each mark is an event the actor took part in, coloured by phase, on shaded and "
                     "labelled phase bands. Triangles mark events from outside the five source documents. Menus "
                     "filter the marks by phase and by actor."))
    wide = finish(chart, **words)
    tall = finish(narrow, **words).to_dict()
    assert tall["params"] == wide.to_dict()["params"], "the narrow layout's menus differ from the wide one's"
    # Chosen by the fitting rule (briefing.render.fit_spec, and fitSpec in the page) on narrow screens.
    wide.usermeta["briefing"]["narrow"] = tall["vconcat"][0]
    return wide
