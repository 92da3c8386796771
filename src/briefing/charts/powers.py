"""The outside powers' roles: who does what, and whom it favours, as the sources present it."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.charts import finish, register
from briefing.data import load
from briefing.theme import ACTOR_COLOURS, OTHER

POWERS = ["russia", "turkiye", "iran", "united_states", "european_union", "france", "india", "israel", "pakistan"]
LEANING = {"armenia": "Favours Armenia", "azerbaijan": "Favours Azerbaijan", "both": "Both sides",
           "neither": "Neither side"}
LEANING_STYLE = {"Favours Armenia": (ACTOR_COLOURS["armenia"], "triangle-left"),
                 "Favours Azerbaijan": (ACTOR_COLOURS["azerbaijan"], "triangle-right"),
                 "Both sides": ("#6B4C9A", "diamond"), "Neither side": (OTHER, "circle")}
ROLE_LABELS = {"arms": "Arms", "mediation": "Mediation", "exercises": "Exercises", "energy": "Energy",
               "zangezur": "Zangezur corridor", "peacekeeping": "Peacekeeping",
               "diplomatic_stance": "Diplomatic stance", "alliance": "Alliance"}


def role_matrix(roles: pd.DataFrame | None = None, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per power, kind of role and leaning, with how many sourced rows support it."""
    roles = load("actor_roles") if roles is None else roles
    actors = load("actors") if actors is None else actors
    names = actors.set_index("actor_id")["name"].astype(str).to_dict()
    rows = roles[roles["actor_id"].isin(POWERS)].copy()
    rows["power"] = rows["actor_id"].map(names)
    rows["role_label"] = rows["role"].astype(str).map(ROLE_LABELS)
    rows["leaning_label"] = rows["leaning"].astype(str).map(LEANING)
    grouped = (rows.groupby(["power", "role_label", "leaning_label"], observed=True)
               .agg(rows=("role_id", "count"), summary=("summary", lambda s: " | ".join(s.astype(str))),
                    sources=("source_id", lambda s: ", ".join(sorted(set(s.astype(str))))))
               .reset_index())
    return grouped


@register("powers-roles", chapter="powers", title="The outside powers' roles, and whom each favours")
def roles_chart(roles: pd.DataFrame | None = None, actors: pd.DataFrame | None = None) -> alt.VConcatChart:
    """A grid of powers by kind of role; each mark's shape and colour say whom the role favours."""
    frame = role_matrix(roles, actors)
    actors = load("actors") if actors is None else actors
    names = actors.set_index("actor_id")["name"].astype(str)
    power_order = [names[p] for p in POWERS if p in names.index]
    leaning_order = list(LEANING_STYLE)
    chart = alt.Chart(frame).mark_point(filled=True, opacity=0.9).encode(
        x=alt.X("role_label:N", title=None, sort=list(ROLE_LABELS.values()),
                axis=alt.Axis(labelAngle=-30, orient="top")),
        y=alt.Y("power:N", title=None, sort=power_order),
        xOffset=alt.XOffset("leaning_label:N", sort=leaning_order),
        size=alt.Size("rows:Q", title="Sourced rows", scale=alt.Scale(range=[90, 400]), legend=None),
        color=alt.Color("leaning_label:N", title="Favours", sort=leaning_order, scale=alt.Scale(
            domain=leaning_order, range=[LEANING_STYLE[k][0] for k in leaning_order])),
        shape=alt.Shape("leaning_label:N", title="Favours", sort=leaning_order, scale=alt.Scale(
            domain=leaning_order, range=[LEANING_STYLE[k][1] for k in leaning_order])),
        tooltip=[alt.Tooltip("power:N", title="Power"), alt.Tooltip("role_label:N", title="Role"),
                 alt.Tooltip("leaning_label:N", title="Favours"), alt.Tooltip("summary:N", title="What"),
                 alt.Tooltip("sources:N", title="Sources")],
    ).properties(width=560, height=330)
    return finish(
        chart, name="powers-roles",
        title="In the documents' telling, Türkiye and Israel back Baku; Russia appears on both sides",
        subtitle=("Roles coded by the book's editors from the documents. Each mark is a kind of role; shape and "
                  "colour give whom it favours, as the document presents it"),
        source=("Crisis Group (May 2023), Responsible Statecraft (Jan. 2023), American University (Oct. 2023), "
                "regional analysis (Sept. 2023) and Baku-Moscow analysis (Oct. 2023); coding by the editors"),
        description=("A grid with the outside powers as rows and kinds of role (arms, mediation, exercises, "
                     "energy, the Zangezur corridor, peacekeeping, diplomatic stance, alliance) as columns. "
                     "Left-pointing triangles mark roles favouring Armenia, right-pointing triangles roles "
                     "favouring Azerbaijan, diamonds both sides and circles neither."))
