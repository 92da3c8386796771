"""The blockade: its phases, the competing definitions of its length, the supply shortfall, the mandate."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import derive
from briefing.charts import finish, register
from briefing.data import load
from briefing.prose import words
from briefing.theme import ACTOR_COLOURS, MUTED, PHASE_COLOURS, phase_scale

BLOCKADE_PHASES = ["blockade", "checkpoint", "closure", "offensive"]
# A definition's label on several lines: the name, then its bracket broken after each semicolon.
LABEL_LINES = "split(replace(replace(datum.label, ' (', '|('), '; ', ';|'), '|')"


SHORT_NAMES = {"icg_2023": "Crisis Group", "au_sis_2023": "American University article",
               "rs_2023": "Responsible Statecraft", "regional_2023": "the regional analysis",
               "baku_moscow_2023": "the Baku-Moscow analysis",
               "armenian_media_2023_06": "Artsakhpress and Mediamax (Armenian-side media)",
               "evn_report_2022": "EVN Report", "briefing_editors": "the book's editors"}


def _source_names(source_ids, sources: pd.DataFrame | None = None) -> list[str]:
    """Readable names ('Crisis Group, May 2023') for source ids, in the order given, without repeats."""
    sources = load("sources") if sources is None else sources
    table = sources.set_index("source_id")
    names = []
    for source_id in dict.fromkeys(str(s) for s in source_ids):
        if source_id not in table.index:
            names.append(source_id)
            continue
        row = table.loc[source_id]
        who = SHORT_NAMES.get(source_id, str(row["publisher"]))
        when = pd.Timestamp(row["published"]) if pd.notna(row["published"]) else None
        names.append(f"{who}, {when:%b %Y}" if when is not None and source_id != "briefing_editors" else who)
    return names


@register("blockade-phases", chapter="blockade")
def phase_bars(events: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Gantt bars: each phase from its opening event to the next, labelled with its day count."""
    frame = derive.phases(events)
    frame = frame[frame["phase"].isin(BLOCKADE_PHASES)].copy()
    frame["days_label"] = frame["days"].map(lambda d: f"{d} days")
    frame["start_text"] = frame["start"].dt.strftime("%d %b %Y")
    frame["source"] = [_source_names([s])[0] for s in frame["source_id"]]
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
        source="dates of the opening events: " + "; ".join(_source_names(frame["source_id"])),
        description=(f"Horizontal bars on a time axis show {words(len(frame))} consecutive phases, each labelled "
                     f"with its length in days: {spans}."))


@register("blockade-definitions", chapter="blockade")
def definitions(lengths: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Bars: days of blockade under each source's definition, labelled with the source."""
    frame = derive.blockade_lengths() if lengths is None else lengths.copy()
    frame["days_label"] = frame["days"].map(lambda d: f"{d} days")
    frame["by"] = [_source_names([s])[0] for s in frame["source_id"]]
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
        source="each definition's source: " + "; ".join(_source_names(frame["source_id"])),
        description=(f"{words(len(frame)).capitalize()} bars compare the length of the blockade under each definition: "
                     + "; ".join(f"{row.label}, {row.days} days ({by})"
                                 for row, by in zip(frame.itertuples(), frame["by"], strict=True))
                     + f". The longest is {longest['days'] / shortest['days']:.1f} times the shortest."))


@register("supply-shortfall", chapter="blockade")
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
               + "; ".join(_source_names(frame["source_id"])),
        description=(f"Dashed bars give, for each definition of the blockade, the tons that would have arrived "
                     f"at the stated pre-blockade rate of {daily:,.0f} tons a day: "
                     + "; ".join(f"{row.label}, roughly {row.kilotonnes:,.0f} thousand tons"
                                 for row in frame.itertuples())
                     + ". They are a ceiling on the shortfall, since humanitarian convoys still crossed."))


@register("mandate-timeline", chapter="corridor")
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
    # Numbered diamonds, keyed in a legend with each event's whole title (rotated titles overlapped and were cut).
    marks = marks.sort_values("date")
    marks["number"] = [str(n) for n in range(1, len(marks) + 1)]
    marks["key"] = [f"{n}. {t} ({d:%b %Y})" for n, t, d in zip(marks["number"], marks["title"], marks["date"],
                                                               strict=True)]
    marks["source_id"] = marks["source_id"].astype(str)
    spans_chart = alt.Chart(spans).mark_bar(height=22).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", labelAngle=0, tickCount="year")),
        x2="end:T", y=alt.Y("row:N", title=None, sort=["Mandate", "Events"]),
        color=alt.Color("what:N", title=None, scale=alt.Scale(range=[ACTOR_COLOURS["russia"], "#222222"]),
                        legend=None),  # both spans are labelled on the chart
        tooltip=[alt.Tooltip("what:N", title="Span"), alt.Tooltip("start:T", title="From", format="%d %b %Y"),
                 alt.Tooltip("end:T", title="To", format="%d %b %Y")])
    span_labels = alt.Chart(spans.iloc[[0]]).mark_text(align="left", dx=6, dy=-18, fontSize=12).encode(
        x="start:T", y=alt.Y("row:N", sort=["Mandate", "Events"]), text="what:N")
    veto_label = alt.Chart(spans.iloc[[1]].assign(what="Veto deadline: renewal can be blocked until here")).mark_text(
        align="right", dx=-4, dy=24, fontSize=12, fontWeight="bold").encode(
        x="end:T", y=alt.Y("row:N", sort=["Mandate", "Events"]), text="what:N")
    points = alt.Chart(marks).mark_point(size=120, filled=True, opacity=1, color=MUTED).encode(
        x="date:T", y=alt.Y("row:N", sort=["Mandate", "Events"]),
        shape=alt.Shape("key:N", title="Events", scale=alt.Scale(domain=list(marks["key"]), range=["diamond"]),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0,
                                          symbolFillColor=MUTED, symbolStrokeColor=MUTED)),
        tooltip=[alt.Tooltip("title:N", title="Event"), alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                 alt.Tooltip("source_id:N", title="Source")])
    text = alt.Chart(marks).mark_text(dy=-16, fontSize=12, fontWeight="bold").encode(
        x="date:T", y=alt.Y("row:N", sort=["Mandate", "Events"]), text="number:N")
    # Diamonds whose dates come from outside the five documents, named with their publication and day.
    src = load("sources").set_index("source_id")
    flagged = marks["event_id"].map(events.set_index("event_id")["outside_documents"]).astype(bool)
    later = marks[flagged & (marks["event_id"] != "trilateral_statement_2020")].sort_values("date")
    outside = "; ".join(f"{row.title} ({src.loc[row.source_id, 'short_name']}, "
                        f"{src.loc[row.source_id, 'published']:%-d %b %Y})" for row in later.itertuples())
    inside = _source_names(marks.loc[~flagged, "source_id"])
    return finish(
        (spans_chart + span_labels + veto_label + points + text).properties(width=560, height=150),
        title=(f"The mandate was set to run to {dates['expiry']:%B %Y}; either side could block renewal by "
               f"{dates['veto_deadline']:%B %Y}"),
        subtitle="Five-year term from the statement of 10 November 2020; a veto six months before expiry",
        source=("Trilateral statement of 10 Nov. 2020, outside the five documents (term and notice period; the "
                "notice also in Crisis Group, May 2023, citing it); diamonds: " + " and ".join(inside)
                + f"; diamonds from outside the five documents: {outside}"),
        description=("A bar spans the Russian peacekeeping mandate from November 2020 to its expiry five years "
                     "later, with the point six months before expiry, when Armenia or Azerbaijan could veto "
                     "renewal, marked in black. Diamonds below mark the blockade, the checkpoint, the offensive "
                     "and the deadline the Nagorno-Karabakh authorities' decree set for the republic's dissolution, "
                     f"all well inside the mandate; from outside the five documents: {outside}."))
