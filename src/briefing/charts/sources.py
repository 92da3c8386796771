"""The sources page's chart: what each source contributes to the book's tables."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import bib
from briefing.charts import finish, register
from briefing.charts.parts import source_names
from briefing.data import load

# A source's label on two lines, the publication above its date ("Crisis Group," / "22 May 2023"), so that a narrow
# screen's label limit cuts neither.
NAME_DATE_LINES = ("indexof(datum.label, ', ') < 0 ? datum.label : [slice(datum.label, 0, lastindexof(datum.label, "
                   "', ') + 1), slice(datum.label, lastindexof(datum.label, ', ') + 2)]")


@register("evidence-by-source")
def by_source(events: pd.DataFrame | None = None, claims: pd.DataFrame | None = None,
              figures: pd.DataFrame | None = None, roles: pd.DataFrame | None = None) -> alt.VConcatChart:
    """A heat grid: rows of each table, by source."""
    tables = {"events": load("events") if events is None else events,
              "claims": load("claims") if claims is None else claims,
              "figures": load("figures") if figures is None else figures,
              "actor_roles": load("actor_roles") if roles is None else roles}
    counts = pd.concat([t.groupby("source_id", observed=True).size().rename("rows").reset_index().assign(table=name)
                        for name, t in tables.items()])
    counts["source_id"] = counts["source_id"].astype(str)
    sources = load("sources")
    ids = list(dict.fromkeys(counts["source_id"]))
    label = dict(zip(ids, source_names(ids, sources, unique=False), strict=True))
    # Two publications of one outlet in one month read alike: those rows also give the reference list's label.
    shared = pd.Series(label).duplicated(keep=False)
    cited = bib.labels(sources)
    label.update({s: f"{label[s]} ({cited[s]})" for s in shared[shared].index})
    counts["source"] = counts["source_id"].map(label)
    counts = counts.drop(columns="source_id")
    base = alt.Chart(counts).encode(
        x=alt.X("table:N", title=None, sort=list(tables), axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("source:N", title=None, sort=alt.EncodingSortField("rows", op="sum", order="descending"),
                axis=alt.Axis(labelLimit=0, labelExpr=NAME_DATE_LINES,
                              labelOffset=alt.ExprRef("indexof(datum.label, ', ') < 0 ? 0 : -8"))))
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("rows:Q", title="Rows", scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("source:N", title="Source"), alt.Tooltip("table:N", title="Table"),
                 alt.Tooltip("rows:Q", title="Rows")])
    text = base.mark_text(fontSize=12).encode(
        text="rows:Q", color=alt.condition("datum.rows > 12", alt.value("white"), alt.value("black")))
    return finish(
        (cells + text).properties(width=360, height=alt.Step(30)),
        title="Every row has a source: how the tables draw on each",
        subtitle="Number of rows each source supports in four of the tables",
        source=("the book's own tables of events, claims, figures and the powers' roles, each row cited to its "
                "publication (listed on the sources page)"),
        description=("A grid with sources as rows, each named by its publication and date, and four tables as "
                     "columns; each cell gives the number of rows of that table the source supports. The five "
                     "documents supply most rows; outside sources supply a handful of dated events and figures."))
