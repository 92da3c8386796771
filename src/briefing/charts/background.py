"""Charts of the background chapter (1988-2020)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import prose
from briefing.charts import finish, register
from briefing.charts.parts import source_names
from briefing.data import load
from briefing.theme import ACTOR_COLOURS

DISPLACED = {"displaced_az_idps_2001": "Azerbaijanis displaced from Karabakh and the districts",
             "displaced_az_from_armenia_2001": "Azerbaijanis from Armenia, in Azerbaijan",
             "displaced_arm_from_azerbaijan_2001": "Armenians from Azerbaijan, in Armenia",
             "displaced_arm_idps_2001": "People displaced within Armenia"}


@register("displaced-2001")
def displaced_2001(figures: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Bars: the people still displaced or living as refugees at the end of 2001, on both sides."""
    figures = load("figures") if figures is None else figures
    rows = figures[figures["figure_id"].isin(DISPLACED)].copy()
    rows["group"] = rows["figure_id"].map(DISPLACED)
    rows["community"] = rows["figure_id"].str.split("_").str[1].map({"az": "Azerbaijanis", "arm": "Armenians"})
    rows["count"] = [prose.figure_text(f, figures) for f in rows["figure_id"]]
    rows["source"] = source_names(rows["source_id"], unique=False)
    bars = alt.Chart(rows[["group", "community", "value", "count", "label", "source"]]).mark_bar().encode(
        x=alt.X("value:Q", title="People, end of 2001", axis=alt.Axis(format=",d"),
                scale=alt.Scale(domain=[0, float(rows["value"].max()) * 1.35])),
        y=alt.Y("group:N", title=None, sort=list(DISPLACED.values()), axis=alt.Axis(labelLimit=360)),
        color=alt.Color("community:N", title=None, scale=alt.Scale(
            domain=["Azerbaijanis", "Armenians"], range=[ACTOR_COLOURS["azerbaijan"], ACTOR_COLOURS["armenia"]])),
        tooltip=[alt.Tooltip("label:N", title="Who"), alt.Tooltip("count:N", title="How many"),
                 alt.Tooltip("source:N", title="Source")])
    counts = alt.Chart(rows[["group", "community", "value", "count"]]).mark_text(
        align="left", dx=4, fontSize=12).encode(
        x="value:Q", y=alt.Y("group:N", sort=list(DISPLACED.values())),
        text=alt.Text("community:N"), detail="count:N")
    bars = bars + counts
    listed = "; ".join(f"{g}: {c}" for g, c in zip(rows["group"], rows["count"], strict=True))
    return finish(bars.properties(width=520, height=160),
                  title="Displaced on both sides: the counts for the end of 2001",
                  subtitle="People still displaced or living as refugees; not the number who fled",
                  source="U.S. Committee for Refugees, World Refugee Survey 2002 (Azerbaijan; Armenia), June 2002; "
                         "outside the five documents",
                  description=f"Horizontal bars, one per group, coloured by community: {listed}.")
