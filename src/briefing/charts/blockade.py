"""The blockade: its phases, the competing definitions of its length, the supply shortfall, the mandate."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import derive
from briefing.charts import finish, register
from briefing.data import load
from briefing.theme import ACTOR_COLOURS, MUTED, PHASE_COLOURS, phase_scale

BLOCKADE_PHASES = ["blockade", "checkpoint", "closure", "offensive"]


@register("blockade-phases", chapter="blockade", title="The phases of the blockade, with their lengths in days")
def phase_bars(events: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Gantt bars: each phase from its opening event to the next, labelled with its day count."""
    frame = derive.phases(events)
    frame = frame[frame["phase"].isin(BLOCKADE_PHASES)].copy()
    frame["days_label"] = frame["days"].map(lambda d: f"{d} days")
    frame["start_text"] = frame["start"].dt.strftime("%d %b %Y")
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=list(frame["label"]), title=None, axis=alt.Axis(labelLimit=220)))
    bars = base.mark_bar(height=26).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)), x2="end:T",
        color=alt.Color("label:N", scale=phase_scale(BLOCKADE_PHASES), legend=None),
        tooltip=[alt.Tooltip("label:N", title="Phase"), alt.Tooltip("start_text:N", title="From"),
                 alt.Tooltip("days:Q", title="Days"), alt.Tooltip("opened_by:N", title="Opening event"),
                 alt.Tooltip("source_id:N", title="Source")])
    labels = base.mark_text(align="left", dx=4, fontWeight="bold").encode(x="end:T", text="days_label:N")
    total = int(frame["days"].sum())
    return finish(
        (bars + labels).properties(width=520, height=170), name="blockade-phases",
        title=f"From protest camp to offensive: {total} days in four phases",
        subtitle="Each phase runs from the event that opened it to the next phase's opening event",
        source="events table (the five documents; Armenian-side reports for the total closure, outside them)",
        description=("Horizontal bars on a time axis show four consecutive phases: the blockade by protesters from "
                     "December 2022, the checkpoint from April 2023, the total closure from June 2023 and the "
                     "offensive of September 2023. Each bar is labelled with its length in days."))


@register("blockade-definitions", chapter="blockade", title="How long the blockade lasted, by each definition")
def definitions(lengths: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Bars: days of blockade under each source's definition, labelled with the source."""
    frame = derive.blockade_lengths() if lengths is None else lengths.copy()
    frame["days_label"] = frame["days"].map(lambda d: f"{d} days")
    frame["by"] = frame["source_id"].astype(str)
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("days:Q", title="Days", scale=alt.Scale(domain=[0, float(frame["days"].max()) * 1.2])))
    bars = base.mark_bar(color=PHASE_COLOURS["blockade"], stroke="#555555").encode(
        tooltip=[alt.Tooltip("label:N", title="Definition"), alt.Tooltip("days:Q", title="Days (computed)"),
                 alt.Tooltip("stated_days:Q", title="Days (as the source states)"),
                 alt.Tooltip("what_counts:N", title="What counts"), alt.Tooltip("by:N", title="Source")])
    labels = base.mark_text(align="left", dx=4, fontWeight="bold").encode(text="days_label:N")
    longest, shortest = frame.loc[frame["days"].idxmax()], frame.loc[frame["days"].idxmin()]
    return finish(
        (bars + labels).properties(width=460, height=150), name="blockade-definitions",
        title="One blockade, three lengths: it depends on what counts",
        subtitle="Days computed from the dates of each definition's start and end events",
        source="blockade_definitions and events tables (au_sis_2023; regional_2023; Armenian-side reports)",
        description=("Three bars compare the length of the blockade under three definitions: the protest camp "
                     "alone, every restriction until the offensive, and the total closure reported by Armenian "
                     f"media. The longest, {longest['label']}, is {longest['days'] / shortest['days']:.1f} times the "
                     f"shortest, {shortest['label']}."))


@register("supply-shortfall", chapter="blockade",
          title="Supplies that did not arrive: an estimate from the stated daily baseline")
def shortfall(lengths: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Bars: tonnes that the stated daily rate would have brought over each definition's length."""
    frame = derive.supply_shortfall(lengths)
    daily = float(frame["baseline_tonnes_per_day"].iloc[0])
    frame["kilotonnes"] = frame["tonnes_not_delivered_estimate"] / 1000
    frame["text"] = frame["kilotonnes"].map(lambda v: f"≈{v:,.1f} thousand t (estimate)")
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("kilotonnes:Q", title="Thousand tonnes (estimate)",
                scale=alt.Scale(domain=[0, float(frame["kilotonnes"].max()) * 1.9])))
    bars = base.mark_bar(color=ACTOR_COLOURS["armenia"], opacity=0.75, stroke="#555555", strokeDash=[4, 2]).encode(
        tooltip=[alt.Tooltip("label:N", title="Definition"), alt.Tooltip("days:Q", title="Days"),
                 alt.Tooltip("baseline_tonnes_per_day:Q", title="Stated baseline (t/day)"),
                 alt.Tooltip("tonnes_not_delivered_estimate:Q", title="Estimate (t)", format=",.0f")])
    labels = base.mark_text(align="left", dx=4).encode(text="text:N")
    return finish(
        (bars + labels).properties(width=440, height=150), name="supply-shortfall",
        title="Tens of thousands of tonnes of supplies did not arrive",
        subtitle=(f"Estimate: the stated {daily:,.0f} t a day before the blockade, times each definition's days; "
                  "ICRC and peacekeeper convoys that did pass are not counted"),
        source="figures table (daily supply: Responsible Statecraft, Jan. 2023); blockade_definitions",
        description=(f"Dashed bars give, for each definition of the blockade, the tonnes that would have arrived "
                     f"at the stated pre-blockade rate of {daily:,.0f} tonnes a day. They are an upper-bound "
                     "estimate of the shortfall, since a few humanitarian convoys still crossed."))


@register("mandate-timeline", chapter="corridor", title="The peacekeeping mandate: five years and a veto window")
def mandate_timeline(events: pd.DataFrame | None = None, figures: pd.DataFrame | None = None) -> alt.VConcatChart:
    """The mandate as a bar from start to expiry, the veto window shaded, with key events marked."""
    events = load("events") if events is None else events
    dates = derive.mandate(events, figures)
    spans = pd.DataFrame([
        {"row": "Mandate", "what": "Mandate (renews automatically)", "start": dates["start"], "end": dates["expiry"]},
        {"row": "Mandate", "what": "Veto window closes: renewal can be blocked until here",
         "start": dates["veto_deadline"] - pd.DateOffset(days=20), "end": dates["veto_deadline"]},
    ])
    key = ["trilateral_statement_2020", "blockade_begins_2022", "checkpoint_opened_2023",
           "offensive_launched_2023", "dissolution_deadline_2024"]
    marks = events[events["event_id"].isin(key)][["event_id", "date", "title", "source_id"]].copy()
    marks["row"] = "Events"
    marks["label"] = marks["title"].astype(str).str.slice(0, 34)
    marks["source_id"] = marks["source_id"].astype(str)
    spans_chart = alt.Chart(spans).mark_bar(height=22).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", labelAngle=0, tickCount="year")),
        x2="end:T", y=alt.Y("row:N", title=None, sort=["Mandate", "Events"]),
        color=alt.Color("what:N", title=None, scale=alt.Scale(range=[ACTOR_COLOURS["russia"], "#222222"])),
        tooltip=[alt.Tooltip("what:N", title="Span"), alt.Tooltip("start:T", title="From", format="%d %b %Y"),
                 alt.Tooltip("end:T", title="To", format="%d %b %Y")])
    span_labels = alt.Chart(spans.iloc[[0]]).mark_text(align="left", dx=6, dy=-18, fontSize=12).encode(
        x="start:T", y=alt.Y("row:N", sort=["Mandate", "Events"]), text="what:N")
    veto_label = alt.Chart(spans.iloc[[1]].assign(what="Veto deadline")).mark_text(
        align="right", dx=-4, dy=-18, fontSize=12, fontWeight="bold").encode(
        x="end:T", y=alt.Y("row:N", sort=["Mandate", "Events"]), text="what:N")
    points = alt.Chart(marks).mark_point(shape="diamond", size=120, filled=True, color=MUTED).encode(
        x="date:T", y=alt.Y("row:N", sort=["Mandate", "Events"]),
        tooltip=[alt.Tooltip("title:N", title="Event"), alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                 alt.Tooltip("source_id:N", title="Source")])
    text = alt.Chart(marks).mark_text(align="left", dx=6, dy=-10, angle=340, fontSize=11).encode(
        x="date:T", y=alt.Y("row:N", sort=["Mandate", "Events"]), text="label:N")
    return finish(
        (spans_chart + span_labels + veto_label + points + text).properties(width=560, height=150),
        name="mandate-timeline",
        title=(f"The mandate ran to {dates['expiry']:%B %Y}; either side could block renewal by "
               f"{dates['veto_deadline']:%B %Y}"),
        subtitle="Five-year term from the statement of 10 November 2020; a veto six months before expiry",
        source="figures table (term: trilateral statement of 10 Nov. 2020, outside the five documents; "
               "veto notice: Crisis Group, May 2023); events table",
        description=("A bar spans the Russian peacekeeping mandate from November 2020 to its expiry five years "
                     "later, with the point six months before expiry, when Armenia or Azerbaijan could veto "
                     "renewal, marked in black. Diamonds below mark the blockade, the checkpoint, the offensive "
                     "and the dissolution deadline, all well inside the mandate."))
