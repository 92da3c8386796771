"""Building blocks that several chapters' charts share: multi-line axis labels, readable source names, and a
phase's events as a labelled strip. Registers no chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import derive
from briefing.charts import finish, origin_labels, origin_shape, publications
from briefing.data import load
from briefing.prose import date as fmt_date
from briefing.theme import PHASE_COLOURS, PHASE_LABELS

# A definition's label on several lines: the name, then its bracket broken after each semicolon.
LABEL_LINES = "split(replace(replace(datum.label, ' (', '|('), '; ', ';|'), '|')"


SHORT_NAMES = {"icg_2023": "Crisis Group", "au_sis_2023": "American University article",
               "rs_2023": "Responsible Statecraft", "regional_2023": "the regional analysis",
               "baku_moscow_2023": "the Baku-Moscow analysis",
               "armenian_media_2023_06": "Artsakhpress and Mediamax (Armenian-side media)",
               "evn_report_2022": "EVN Report", "briefing_editors": "the book's editors"}


def source_names(source_ids, sources: pd.DataFrame | None = None) -> list[str]:
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


def phase_days(phase: str, events: pd.DataFrame | None) -> str:
    row = derive.phases(events).set_index("phase").loc[phase]
    return f"{int(row['days'])} days"


def phase_events_chart(phases: list[str], title: str, description: str,
                        events: pd.DataFrame | None = None) -> alt.VConcatChart:
    events = load("events") if events is None else events
    rows = events[events["phase"].astype(str).isin(phases)].sort_values("date").copy()
    rows["phase_label"] = rows["phase"].astype(str).map(PHASE_LABELS)
    rows["when"] = [fmt_date(d, p) for d, p in zip(rows["date"], rows["date_precision"].astype(str), strict=True)]
    rows["origin"] = origin_labels(rows["outside_documents"])
    for col in ("title", "description", "source_id", "attributed_to"):
        rows[col] = rows[col].fillna("").astype(str)
    rows["lane"] = range(len(rows))
    base = alt.Chart(rows[["date", "when", "phase_label", "title", "description", "source_id", "attributed_to",
                           "origin", "lane"]]).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%d %b %Y", labelAngle=0, tickCount=6)),
        y=alt.Y("lane:O", axis=None))
    dots = base.mark_point(filled=True, size=110, color=PHASE_COLOURS[phases[0]]).encode(
        shape=origin_shape(),
        tooltip=[alt.Tooltip("when:N", title="Date"), alt.Tooltip("title:N", title="Event"),
                 alt.Tooltip("description:N", title="What happened"),
                 alt.Tooltip("attributed_to:N", title="Claim by"), alt.Tooltip("source_id:N", title="Source")])
    labels = base.mark_text(align="left", dx=9, fontSize=12).encode(text="title:N")
    chart = (dots + labels).properties(width=420, height=alt.Step(24))
    return finish(chart, title=title,
                  subtitle=("Hover a mark for what happened and the source; triangles come from outside the "
                            "five documents"),
                  source=publications(rows["source_id"]), description=description)
