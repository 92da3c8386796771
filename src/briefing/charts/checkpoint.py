"""The checkpoint chapter's chart: every event of the checkpoint phase, in order."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.charts import register
from briefing.charts.parts import phase_days, phase_events_chart
from briefing.data import load
from briefing.prose import date as fmt_date
from briefing.prose import words


@register("events-checkpoint")
def checkpoint_events(events: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Every event of the checkpoint phase, in order, labelled; the description lists them all, from the data."""

    events = load("events") if events is None else events
    rows = events[events["phase"].astype(str) == "checkpoint"].sort_values("date")
    listed = "; ".join(f"{fmt_date(row.date, str(row.date_precision))}: {row.title}" for row in rows.itertuples())
    return phase_events_chart(
        ["checkpoint"],
        "Between the checkpoint and the reported ban on aid: " + phase_days("checkpoint", events),
        f"All {words(len(rows))} events of the checkpoint phase, one per line in date order: {listed}.", events)
