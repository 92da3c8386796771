"""Building blocks that several chapters' charts share: multi-line axis labels, readable source names, and a
phase's events as a labelled strip. Registers no chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import bib, derive
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
EDITORS = "briefing_editors"
# A source's date in a chart, as the axes and tooltips write dates: short month names, no more exact than the
# sources table allows (bib.precision).
CHART_DATES = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


def source_names(source_ids, sources: pd.DataFrame | None = None, *, unique: bool = True) -> list[str]:
    """What a reader sees for each source id: its publication (short name, else publisher) and its date at the
    precision the sources table gives ('Crisis Group, 22 May 2023', 'Asbarez, Oct 2023', 'SIPRI, 2026',
    'OC Media, undated'); the editors' own rows as "the book's editors". Never the id itself. In the order
    given; `unique` drops repeats (for a source line), otherwise one label per id (a column of a chart's rows)."""
    sources = load("sources") if sources is None else sources
    table = sources.set_index("source_id")
    given = [str(s) for s in source_ids]
    labels = {}
    for source_id in dict.fromkeys(given):
        if source_id not in table.index:
            raise KeyError(f"source {source_id!r} is not in the sources table")
        row = table.loc[source_id]
        who = SHORT_NAMES.get(source_id) or bib.label_name(row)
        if source_id == EDITORS:
            labels[source_id] = who
        elif pd.isna(row["published"]):
            labels[source_id] = f"{who}, undated"
        else:
            labels[source_id] = f"{who}, {pd.Timestamp(row['published']):{CHART_DATES[bib.precision(row)]}}"
    return [labels[s] for s in (dict.fromkeys(given) if unique else given)]


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
    rows["source"] = source_names(rows["source_id"], unique=False)
    rows["lane"] = range(len(rows))
    base = alt.Chart(rows[["date", "when", "phase_label", "title", "description", "source", "attributed_to",
                           "origin", "lane"]]).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%d %b %Y", labelAngle=0, tickCount=6)),
        y=alt.Y("lane:O", axis=None))
    dots = base.mark_point(filled=True, size=110, color=PHASE_COLOURS[phases[0]]).encode(
        shape=origin_shape(),
        tooltip=[alt.Tooltip("when:N", title="Date"), alt.Tooltip("title:N", title="Event"),
                 alt.Tooltip("description:N", title="What happened"),
                 alt.Tooltip("attributed_to:N", title="Claim by"), alt.Tooltip("source:N", title="Source")])
    labels = base.mark_text(align="left", dx=9, fontSize=12).encode(text="title:N")
    chart = (dots + labels).properties(width=420, height=alt.Step(24))
    return finish(chart, title=title,
                  subtitle=("Hover a mark for what happened and the source; triangles come from outside the "
                            "five documents"),
                  source=publications(rows["source_id"]), description=description)
