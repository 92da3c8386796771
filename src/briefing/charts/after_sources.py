"""The chapter after the sources: the events from November 2023 on, one row per topic, on the phases that
follow."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import derive
from briefing.charts import finish, register
from briefing.data import load
from briefing.prose import date as fmt_date
from briefing.theme import INK, PHASE_LABELS, phase_scale

START = "2023-11-01"  # the day after the latest of the five documents' months (October 2023)


# Each topic of the chapter and the event keys (by their start) that belong to it, in the chapter's order.
TOPICS: dict[str, tuple[str, ...]] = {
    "Russian peacekeepers": ("peacekeepers_",),
    "End of the de facto republic": ("dissolution_", "pashinyan_warns_exile", "armenia_dissolution_view",
                                     "exile_building"),
    "Lachin and Khankendi": ("lachin_", "khankendi_", "hakari_"),
    "Trials in Baku": ("trial", "karabakh_leaders_sentenced", "vardanyan_sentenced"),
    "Refugees in Armenia": ("refugees_",),
    "Border": ("border_",),
    "Peace treaty": ("treaty_", "washington_summit", "baku_treaty", "armenia_denies", "aliyev_constitution",
                     "pashinyan_constitution", "pashinyan_preamble", "referendum_", "election_"),
    "Syunik route": ("tripp_", "zangezur_", "velayati_tripp", "iran_concerns"),
    "Prisoners and trade": ("prisoner_", "transit_ban", "fuel_"),
    "Mediation and outside powers": ("minsk_", "russia_welcomes", "lavrov_", "section_907"),
    "Armenia turns from Moscow": ("csto_", "armenia_icc", "russian_border_guards", "armenia_eu", "euma_"),
    "Baku and Moscow fall out": ("azal_", "putin_azal", "yekaterinburg", "sputnik_"),
    "Court cases": ("icj_",),
}


OTHER_TOPIC = "Other"


CLAIM_LABELS = ["Reported as fact", "One side's claim"]


# Facts and claims differ in shape and fill (solid circle, open diamond), never in an actor's colour.
CLAIM_FILLS = [INK, "#FFFFFF"]


def topic_of(event_id: str) -> str:
    """The chapter's topic for an event key, or 'Other'."""
    for topic, starts in TOPICS.items():
        if event_id.startswith(starts):
            return topic
    return OTHER_TOPIC


def after_rows(events: pd.DataFrame | None = None, sources: pd.DataFrame | None = None,
               start: str = START) -> pd.DataFrame:
    """Every event from `start` on, with its topic, its date in words, who claims it and the publication."""
    events = load("events") if events is None else events
    sources = load("sources") if sources is None else sources
    rows = events[events["date"] >= pd.Timestamp(start)].sort_values("date").copy()
    src = sources.set_index("source_id")
    rows["topic"] = rows["event_id"].astype(str).map(topic_of)
    rows["when"] = [fmt_date(d, p) for d, p in zip(rows["date"], rows["date_precision"].astype(str), strict=True)]
    rows["claim_by"] = rows["attributed_to"].fillna("").astype(str)
    rows["claim"] = [CLAIM_LABELS[1] if c else CLAIM_LABELS[0] for c in rows["claim_by"]]
    publisher = src["short_name"].fillna(src["publisher"]).astype(str)
    published = src["published"]
    rows["publication"] = [
        f"{publisher.get(s, s)}, {fmt_date(published[s])}" if pd.notna(published.get(s)) else publisher.get(s, s)
        for s in rows["source_id"].astype(str)]
    keep = ["event_id", "date", "when", "topic", "title", "description", "claim", "claim_by", "publication"]
    out = rows[keep].copy()
    for col in keep:
        if col != "date":
            out[col] = out[col].astype(str)
    return out.reset_index(drop=True)


def _publications(rows: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame, top: int = 6) -> str:
    """The publications that supply most of the shown events, most frequent first."""
    ids = events[events["event_id"].isin(rows["event_id"])]["source_id"].astype(str)
    src = sources.set_index("source_id")
    names = src["short_name"].fillna(src["publisher"]).astype(str)
    counts = ids.map(names).value_counts()
    return ", ".join(counts.index[:top])


@register("events-after")
def after_timeline(events: pd.DataFrame | None = None, sources: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Events from November 2023 as marks on topic rows over time, on the labelled phases that follow the exodus."""
    events = load("events") if events is None else events
    sources = load("sources") if sources is None else sources
    rows = after_rows(events, sources)
    first, last = rows["date"].min(), rows["date"].max()
    phases = derive.phases(events)
    phases = phases[phases["end"] > first].copy()
    phases["start"] = phases["start"].clip(lower=first)
    phases["phase_label"] = phases["label"]
    phases["tier"] = -14
    phase_keys = [p for p in PHASE_LABELS if p in set(phases["phase"])]
    order = [t for t in [*TOPICS, OTHER_TOPIC] if t in set(rows["topic"])]
    bands = alt.Chart(phases).mark_rect(opacity=0.16).encode(
        x=alt.X("start:T"), x2="end:T",
        color=alt.Color("phase_label:N", scale=phase_scale(phase_keys),
                        legend=alt.Legend(title="Phase", symbolOpacity=1, labelLimit=260)))
    band_labels = alt.Chart(phases).mark_text(align="left", baseline="middle", dx=3, fontSize=11).encode(
        x="start:T", y=alt.Y("tier:Q", scale=None), text="phase_label:N")
    marks = alt.Chart(rows).mark_point(size=80, filled=True, opacity=0.9, stroke=INK, strokeWidth=1.2).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=8)),
        y=alt.Y("topic:N", sort=order, title=None, axis=alt.Axis(labelLimit=240)),
        color=alt.Color("claim:N", title="Event", scale=alt.Scale(domain=CLAIM_LABELS, range=CLAIM_FILLS),
                        legend=alt.Legend(labelLimit=260, symbolStrokeColor=INK, symbolStrokeWidth=1.2)),
        shape=alt.Shape("claim:N", title="Event", scale=alt.Scale(domain=CLAIM_LABELS, range=["circle", "diamond"])),
        tooltip=[alt.Tooltip("when:N", title="Date"), alt.Tooltip("title:N", title="Event"),
                 alt.Tooltip("description:N", title="What happened"), alt.Tooltip("claim_by:N", title="Claim by"),
                 alt.Tooltip("publication:N", title="Source")])
    chart = alt.layer(bands, band_labels, marks).resolve_scale(color="independent", shape="independent").properties(
        width=640, height=alt.Step(26))
    dates = events.set_index("event_id")["date"]
    left = dates.get("peacekeepers_withdrawal_complete_2024", first).year
    agreed = dates.get("treaty_text_agreed_2025", first).year
    unsigned = dates.get("treaty_unsigned_2026", last).year
    title = f"The peacekeepers left in {left}; the peace text agreed in {agreed} was still unsigned in {unsigned}"
    bands_text = "; ".join(
        f"{row.label}, already under way when the timeline starts" if row.start <= first
        else f"{row.label} from {fmt_date(row.start, 'month')}" for row in phases.itertuples())
    return finish(
        chart, title=title,
        subtitle="Each mark is an event, on its topic's row; open diamonds are one side's claims. Hover for the source",
        source=(f"Source: news reports and official statements outside the five documents, "
                f"{fmt_date(first, 'month')} to {fmt_date(last, 'month')} "
                f"(most often {_publications(rows, events, sources)})"),
        description=(f"A timeline of {len(rows)} events from {fmt_date(first, 'month')} to "
                     f"{fmt_date(last, 'month')}, one row per topic: {', '.join(order)}. Shaded bands mark the "
                     f"book's phases: {bands_text}. Solid circles are events reported as fact; open diamonds are "
                     "claims of one side, attributed in the tooltip."))
