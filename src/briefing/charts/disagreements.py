"""The disagreements chapter's chart: the figures on which the sources differ."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import derive, prose
from briefing.charts import finish, origin_fill, origin_labels, publications, register
from briefing.charts.parts import LABEL_LINES
from briefing.data import load
from briefing.theme import ACTOR_COLOURS


def disagreement_rows(figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """The figures on which sources differ, one row per source's figure, grouped by question."""
    figures = load("figures") if figures is None else figures
    lengths = derive.blockade_lengths(figures=figures)
    sources = load("sources").set_index("source_id")
    in_five = sources["in_five_documents"]
    name = sources["short_name"].fillna(sources["publisher"]).astype(str).to_dict()
    name["briefing_editors"] = "the editors' count"
    start = lengths.set_index("definition_id").loc["total_closure", "start"]
    short = {"total_closure": f"Aid halt from the ban reported {start.day} {start:%b}"}
    rows = [{"question": "Blockade length (days)",
             "by": short.get(r.definition_id, r.label.split(" (")[0]) + f" ({name[r.source_id]})",
             "value": float(r.days), "qualifier": "computed from event dates", "source_id": r.source_id,
             "outside": not bool(in_five[r.source_id])}
            for r in lengths.itertuples()]
    table = figures.set_index("figure_id")
    as_of = table["as_of"].map(lambda d: "" if pd.isna(d) else f", {d.day} {d:%b %Y}")
    fighting, people = "Fighting in September 2023 (hours)", "People: population before, arrivals after (thousands)"
    picks = [(fighting, "offensive_hours_au", "As the American University article states it"),
             (fighting, "offensive_hours_outside", "From launch to ceasefire, as Reuters reported it"),
             (people, "population_nk", "Population, Crisis Group's estimate of May 2023"),
             (people, "arrivals_armenia_gov",
              f"Arrivals in Armenia (Government of Armenia{as_of['arrivals_armenia_gov']})"),
             (people, "arrivals_unhcr", f"Arrivals in Armenia, a lower bound (UNHCR{as_of['arrivals_unhcr']})")]
    for question, fid, label in picks:
        row = table.loc[fid]
        value = float(row["value"]) / (1000 if row["unit"] == "people" else 1)
        rows.append({"question": question, "by": label, "value": value, "qualifier": str(row["qualifier"]),
                     "source_id": str(row["source_id"]), "outside": bool(row["outside_documents"])})
    out = pd.DataFrame(rows)
    out["origin"] = origin_labels(out["outside"])
    out["text"] = out["value"].map(lambda v: f"{v:,.1f}".replace(".0", ""))
    return out


@register("sources-disagree")
def disagreements(figures: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Small multiples: for each question, the figure each source gives."""
    frame = disagreement_rows(figures)
    hours = {fid: prose.figure_text(fid, figures) for fid in ("offensive_hours_au", "offensive_hours_outside")}
    ap, nk = (prose.figure_text(fid, figures) for fid in ("offensive_days_ap", "offensive_days_karabakh_2023"))
    two_days = f"both spoke of {ap} days" if ap == nk else f"spoke of {ap} and {nk} days"
    dates = load("events").set_index("event_id")["date"]
    halt = {key: f"{dates[eid].day} {dates[eid]:%B %Y}" for key, eid in
            [("ban", "traffic_halted_hakari_2023"), ("food", "icrc_food_deliveries_end_2023"),
             ("medical", "icrc_medical_items_end_2023")]}
    base = alt.Chart(frame).encode(
        y=alt.Y("by:N", title=None, axis=alt.Axis(labelLimit=0, labelExpr=LABEL_LINES)),
        x=alt.X("value:Q", title=None))
    bars = base.mark_bar(stroke="#222222", strokeWidth=1).encode(
        **origin_fill(ACTOR_COLOURS["azerbaijan"]),
        tooltip=[alt.Tooltip("question:N", title="Question"), alt.Tooltip("by:N", title="Figure (source)"),
                 alt.Tooltip("value:Q", title="Value", format=",.1f"), alt.Tooltip("qualifier:N", title="Qualifier"),
                 alt.Tooltip("origin:N", title="Origin")])
    labels = base.mark_text(align="left", dx=4).encode(text="text:N")
    chart = (bars + labels).properties(width=200, height=alt.Step(24)).facet(
        row=alt.Row("question:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left",
                                                                labelFontWeight="bold", labelOrient="top")),
    ).resolve_scale(x="independent", y="independent")
    return finish(
        chart,
        title="Three questions, different answers: length, duration and numbers",
        subtitle=("Each bar is a source's figure or a count of the editors'; grey bars do not come from the five "
                  "documents"),
        source=(publications(frame.loc[frame["source_id"] != "briefing_editors", "source_id"])
                + "; blockade lengths counted by the editors from the dates of events"),
        description=("Three panels. Blockade length in days under three definitions, counted by the editors from "
                     "the dates of events: the American University article's count and two counts of the "
                     "editors' own, the shorter of them the aid halt counted from the ban on humanitarian transport "
                     f"reported on {halt['ban']} (by the ICRC's account its food deliveries stopped on "
                     f"{halt['food']} and its medical deliveries after {halt['medical']}). The length of the September "
                     f"2023 fighting: {hours['offensive_hours_au']} hours as the American University article states "
                     f"it, and {hours['offensive_hours_outside']} hours from the launch of the offensive to the "
                     "ceasefire as Reuters reported it (outside the five documents); the Associated Press and the "
                     f"Karabakh authorities {two_days}, not drawn here. The population of "
                     "Nagorno-Karabakh as Crisis Group "
                     "estimated it, beside the number of arrivals in Armenia reported by the Armenian government "
                     "and by UNHCR (outside the five documents)."))
