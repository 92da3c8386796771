"""The blockade chapter's charts: its phases, the competing definitions of its length, the supply
shortfall."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import derive
from briefing.charts import finish, register
from briefing.charts.parts import LABEL_LINES, source_names
from briefing.prose import words
from briefing.theme import ACTOR_COLOURS, PHASE_COLOURS, phase_scale

BLOCKADE_PHASES = ["blockade", "checkpoint", "closure", "offensive"]


@register("blockade-phases")
def phase_bars(events: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Gantt bars: each phase from its opening event to the next, labelled with its day count."""
    frame = derive.phases(events)
    frame = frame[frame["phase"].isin(BLOCKADE_PHASES)].copy()
    frame["days_label"] = frame["days"].map(lambda d: f"{d} days")
    frame["start_text"] = frame["start"].dt.strftime("%d %b %Y")
    frame["source"] = [source_names([s])[0] for s in frame["source_id"]]
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=list(frame["label"]), title=None, axis=alt.Axis(labelLimit=220)))
    bars = base.mark_bar(height=26).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)), x2="end:T",
        color=alt.Color("label:N", scale=phase_scale(BLOCKADE_PHASES), legend=None),
        tooltip=[alt.Tooltip("label:N", title="Phase"), alt.Tooltip("start_text:N", title="From"),
                 alt.Tooltip("days:Q", title="Days"), alt.Tooltip("opened_by:N", title="Opening event"),
                 alt.Tooltip("source:N", title="Source")])
    labels = base.mark_text(align="left", dx=4, fontWeight="bold").encode(x="end:T", text="days_label:N")
    # The count runs to the offensive's first day, as the book's 'until the offensive' definition does.
    before = frame[frame["phase"] != "offensive"]
    total = int(before["days"].sum())
    spans = "; ".join(f"{row.label}, from {row.start:%-d %B %Y}, {row.days} days" for row in frame.itertuples())
    return finish(
        (bars + labels).properties(width=520, height=170),
        title=f"{total} days from the protest to the offensive, in {words(len(before))} phases",
        subtitle="Each phase runs from its opening event to the next one's; the offensive, shown last, is not "
                 "counted",
        source="dates of the opening events: " + "; ".join(source_names(frame["source_id"])),
        description=(f"Horizontal bars on a time axis show {words(len(frame))} consecutive phases, each labelled "
                     f"with its length in days: {spans}."))


@register("blockade-definitions")
def definitions(lengths: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Bars: days of blockade under each source's definition, labelled with the source."""
    frame = derive.blockade_lengths() if lengths is None else lengths.copy()
    frame["days_label"] = frame["days"].map(lambda d: f"{d} days")
    frame["by"] = [source_names([s])[0] for s in frame["source_id"]]
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320, labelExpr=LABEL_LINES)),
        x=alt.X("days:Q", title="Days", scale=alt.Scale(domain=[0, float(frame["days"].max()) * 1.2])))
    bars = base.mark_bar(color=PHASE_COLOURS["blockade"], stroke="#555555").encode(
        tooltip=[alt.Tooltip("label:N", title="Definition"), alt.Tooltip("days:Q", title="Days (computed)"),
                 alt.Tooltip("stated_days:Q", title="Days (as the source states)"),
                 alt.Tooltip("what_counts:N", title="What counts"), alt.Tooltip("by:N", title="Source")])
    labels = base.mark_text(align="left", dx=4, fontWeight="bold").encode(text="days_label:N")
    longest, shortest = frame.loc[frame["days"].idxmax()], frame.loc[frame["days"].idxmin()]
    return finish(
        (bars + labels).properties(width=460, height=210),
        title="One blockade, three lengths: it depends on what counts",
        subtitle="Days computed from the dates of each definition's start and end events",
        source="each definition's source: " + "; ".join(source_names(frame["source_id"])),
        description=(f"{words(len(frame)).capitalize()} bars compare the length of the blockade under each definition: "
                     + "; ".join(f"{row.label}, {row.days} days ({by})"
                                 for row, by in zip(frame.itertuples(), frame["by"], strict=True))
                     + f". The longest is {longest['days'] / shortest['days']:.1f} times the shortest."))


@register("supply-shortfall")
def shortfall(lengths: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Bars: tonnes that the stated daily rate would have brought over each definition's length."""
    frame = derive.supply_shortfall(lengths)
    daily = float(frame["baseline_tonnes_per_day"].iloc[0])
    frame["kilotonnes"] = frame["tonnes_not_delivered_estimate"] / 1000
    frame["text"] = frame["kilotonnes"].map(lambda v: f"roughly {v:,.0f} thousand tons")
    frame["ceiling_rounded"] = frame["tonnes_not_delivered_estimate"].round(-3)
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320, labelExpr=LABEL_LINES)),
        x=alt.X("kilotonnes:Q", title="Thousand tons, the source's unit (estimate)",
                scale=alt.Scale(domain=[0, float(frame["kilotonnes"].max()) * 1.9])))
    bars = base.mark_bar(color=ACTOR_COLOURS["armenia"], opacity=0.75, stroke="#555555", strokeDash=[4, 2]).encode(
        tooltip=[alt.Tooltip("label:N", title="Definition"), alt.Tooltip("days:Q", title="Days"),
                 alt.Tooltip("baseline_tonnes_per_day:Q", title="Stated baseline (tons a day)"),
                 alt.Tooltip("ceiling_rounded:Q", title="Ceiling (tons, to the nearest thousand)", format=",.0f")])
    labels = base.mark_text(align="left", dx=4).encode(text="text:N")
    return finish(
        (bars + labels).properties(width=440, height=210),
        title="At the pre-blockade rate, tens of thousands of tons would have crossed",
        subtitle=(f"A ceiling, not a count: the stated {daily:,.0f} tons a day before the blockade, times each "
                  "definition's days; ICRC and peacekeeper convoys that did pass are not subtracted"),
        source="daily supply: Responsible Statecraft, Jan 2023 (in its unit, tons); definitions: "
               + "; ".join(source_names(frame["source_id"])),
        description=(f"Dashed bars give, for each definition of the blockade, the tons that would have arrived "
                     f"at the stated pre-blockade rate of {daily:,.0f} tons a day: "
                     + "; ".join(f"{row.label}, roughly {row.kilotonnes:,.0f} thousand tons"
                                 for row in frame.itertuples())
                     + ". They are a ceiling on the shortfall, since humanitarian convoys still crossed."))
