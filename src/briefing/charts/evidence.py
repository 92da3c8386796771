"""The evidence behind the book: where the sources disagree, and what each source contributes."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import derive
from briefing.charts import finish, origin_fill, origin_labels, register
from briefing.data import load
from briefing.theme import ACTOR_COLOURS


def disagreement_rows(figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """The figures on which sources differ, one row per source's figure, grouped by question."""
    figures = load("figures") if figures is None else figures
    lengths = derive.blockade_lengths(figures=figures)
    in_five = load("sources").set_index("source_id")["in_five_documents"]
    rows = [{"question": "Blockade length (days)", "by": r.label.split(" (")[0] + f" [{r.source_id}]",
             "value": float(r.days), "qualifier": "computed from event dates",
             "outside": not bool(in_five[r.source_id])}
            for r in lengths.itertuples()]
    picks = [("Fighting in September 2023 (hours)", "offensive_hours_au"),
             ("Fighting in September 2023 (hours)", "offensive_hours_outside"),
             ("People: population before, arrivals after (thousands)", "population_nk"),
             ("People: population before, arrivals after (thousands)", "arrivals_armenia_gov"),
             ("People: population before, arrivals after (thousands)", "arrivals_unhcr")]
    table = figures.set_index("figure_id")
    for question, fid in picks:
        row = table.loc[fid]
        value = float(row["value"]) / (1000 if row["unit"] == "people" else 1)
        rows.append({"question": question, "by": f"{row['label']} [{row['source_id']}]", "value": value,
                     "qualifier": str(row["qualifier"]), "outside": bool(row["outside_documents"])})
    out = pd.DataFrame(rows)
    out["origin"] = origin_labels(out["outside"])
    out["text"] = out["value"].map(lambda v: f"{v:,.1f}".replace(".0", ""))
    return out


@register("sources-disagree", chapter="disagreements", title="Where the sources give different numbers")
def disagreements(figures: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Small multiples: for each question, the figure each source gives."""
    frame = disagreement_rows(figures)
    base = alt.Chart(frame).encode(
        y=alt.Y("by:N", title=None, axis=alt.Axis(labelLimit=330)),
        x=alt.X("value:Q", title=None))
    bars = base.mark_bar(stroke="#222222", strokeWidth=1).encode(
        **origin_fill(ACTOR_COLOURS["azerbaijan"]),
        tooltip=[alt.Tooltip("question:N", title="Question"), alt.Tooltip("by:N", title="Figure [source]"),
                 alt.Tooltip("value:Q", title="Value", format=",.1f"), alt.Tooltip("qualifier:N", title="Qualifier"),
                 alt.Tooltip("origin:N", title="Origin")])
    labels = base.mark_text(align="left", dx=4).encode(text="text:N")
    chart = (bars + labels).properties(width=200, height=alt.Step(24)).facet(
        row=alt.Row("question:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left",
                                                                labelFontWeight="bold", labelOrient="top")),
    ).resolve_scale(x="independent", y="independent")
    return finish(
        chart, name="sources-disagree",
        title="Three questions, different answers: length, duration and numbers",
        subtitle="Each bar is one source's figure; bars in grey come from outside the five documents",
        source="figures, events and blockade_definitions tables",
        description=("Three panels. Blockade length in days under three definitions; the length of the "
                     "September 2023 fighting as one source document and outside media reports give it; and the "
                     "population of Nagorno-Karabakh beside the number of arrivals in Armenia reported by the "
                     "Armenian government and by UNHCR."))


@register("evidence-by-source", chapter="sources", title="What each source contributes to the book's data")
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
    base = alt.Chart(counts).encode(
        x=alt.X("table:N", title=None, sort=list(tables), axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("source_id:N", title=None, sort=alt.EncodingSortField("rows", op="sum", order="descending")))
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("rows:Q", title="Rows", scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("source_id:N", title="Source"), alt.Tooltip("table:N", title="Table"),
                 alt.Tooltip("rows:Q", title="Rows")])
    text = base.mark_text(fontSize=12).encode(
        text="rows:Q", color=alt.condition("datum.rows > 12", alt.value("white"), alt.value("black")))
    return finish(
        (cells + text).properties(width=360, height=alt.Step(22)), name="evidence-by-source",
        title="Every row has a source: how the tables draw on each",
        subtitle="Number of rows each source supports in four of the tables",
        source="events, claims, figures and actor_roles tables",
        description=("A grid with sources as rows and four tables as columns; each cell gives the number of rows "
                     "of that table the source supports. The five documents supply most rows; outside sources "
                     "supply a handful of dated events and figures."))


@register("exodus-share", chapter="offensive", title="How many left: population before, arrivals after")
def exodus(figures: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Bars: the stated population beside the arrival counts, with arrivals as a share of the population."""
    figures = load("figures") if figures is None else figures
    table = figures.set_index("figure_id")
    population = float(table.loc["population_nk", "value"])
    picks = ["population_nk", "arrivals_armenia_gov", "arrivals_unhcr"]
    frame = pd.DataFrame([{
        "figure": f"{table.loc[f, 'label']}", "by": str(table.loc[f, "attributed_to"] if pd.notna(
            table.loc[f, "attributed_to"]) else table.loc[f, "source_id"]),
        "value": float(table.loc[f, "value"]), "qualifier": str(table.loc[f, "qualifier"]),
        "source_id": str(table.loc[f, "source_id"]),
        "outside": bool(table.loc[f, "outside_documents"]),
    } for f in picks])
    frame["origin"] = origin_labels(frame.pop("outside"))
    frame["row"] = frame["figure"] + " (" + frame["by"] + ")"
    frame["share"] = frame["value"] / population
    # A count's qualifier stays with it, and a lower bound ("more than") gives a share that is a lower bound too.
    stated = {"about": "about ", "more_than": "more than ", "at_least": "at least "}
    bound = {"more_than": "at least ", "at_least": "at least "}
    frame["text"] = [stated.get(q, "") + f"{v:,.0f}" + ("" if i == 0 else
                     f" ≈ {bound.get(q, '')}{s:.0%} of Crisis Group's estimate")
                     for i, (v, s, q) in enumerate(zip(frame["value"], frame["share"], frame["qualifier"],
                                                       strict=True))]
    base = alt.Chart(frame).encode(
        y=alt.Y("row:N", sort=None, title=None, axis=alt.Axis(labelLimit=420)),
        x=alt.X("value:Q", title="People", scale=alt.Scale(domain=[0, population * 1.7])))
    bars = base.mark_bar(stroke="#222222", strokeWidth=1).encode(
        **origin_fill(ACTOR_COLOURS["armenia"]),
        tooltip=[alt.Tooltip("figure:N", title="Figure"), alt.Tooltip("by:N", title="Given by"),
                 alt.Tooltip("value:Q", title="People", format=","), alt.Tooltip("qualifier:N", title="Qualifier"),
                 alt.Tooltip("source_id:N", title="Source")])
    labels = base.mark_text(align="left", dx=4).encode(text="text:N")
    low, high = (float(table.loc[f"remaining_armenians_un_{end}", "value"]) for end in ("low", "high"))
    return finish(
        (bars + labels).properties(width=380, height=alt.Step(34)), name="exodus-share",
        title="By the end of September 2023, most of the population had left",
        subtitle=("Shares are the editors' division by Crisis Group's rounded May 2023 estimate, not a count of "
                  "those who stayed"),
        source=("Crisis Group, May 2023; Government of Armenia and UNHCR, about 30 September 2023, and the UN "
                "spokesperson, 2 October 2023 (outside the five documents)"),
        description=("Three bars: the population of Nagorno-Karabakh as Crisis Group gave it in May 2023, and the "
                     "number of people who had arrived in Armenia by about 30 September 2023 according to the "
                     "Armenian government and to UNHCR. Each arrival count is labelled with its share of Crisis "
                     "Group's estimate, a division made by the book's editors; a UN team was told on 1 October "
                     f"2023 that between {low:,.0f} and {high:,.0f} ethnic Armenians remained."))
