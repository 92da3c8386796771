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
REGISTER = "sipri_arms_2025"  # the one source outside the five documents that the roles table draws on
SUPPLIER = {"russia": "Russia", "turkiye": "Turkiye", "iran": "Iran", "united_states": "United States",
            "france": "France", "india": "India", "israel": "Israel", "pakistan": "Pakistan"}
RECIPIENT = {"armenia": "Armenia", "azerbaijan": "Azerbaijan"}
ROLE_LABELS = {"arms": "Arms", "mediation": "Mediation", "exercises": "Exercises", "energy": "Energy",
               "zangezur": "Zangezur corridor", "peacekeeping": "Peacekeeping and monitoring",
               "diplomatic_stance": "Diplomatic stance", "alliance": "Alliance"}


def register_share(actor_id: str, leaning: str, transfers: pd.DataFrame) -> str:
    """What the SIPRI register says about one power's arms for the side a role favours, computed from the data."""
    supplier, recipient = SUPPLIER.get(actor_id), RECIPIENT.get(leaning)
    to_side = transfers[transfers["recipient"] == recipient]
    if supplier is None or to_side.empty:
        return ""
    share = to_side.loc[to_side["supplier"] == supplier, "tiv_delivered_millions"].sum() / to_side[
        "tiv_delivered_millions"].sum()
    years = to_side["delivery_year"].astype(int)
    return (f" In the register, {share:.0%} of the arms (by trend-indicator value) delivered to {recipient} "
            f"in {years.min()}-{years.max()} came from {supplier}.")


def role_matrix(roles: pd.DataFrame | None = None, actors: pd.DataFrame | None = None,
                transfers: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per power, kind of role and leaning, with how many sourced rows support it."""
    roles = load("actor_roles") if roles is None else roles
    actors = load("actors") if actors is None else actors
    names = actors.set_index("actor_id")["name"].astype(str).to_dict()
    rows = roles[roles["actor_id"].isin(POWERS)].copy()
    from_register = (rows["source_id"].astype(str) == REGISTER) & (rows["role"].astype(str) == "arms")
    if from_register.any():
        transfers = load("arms_transfers") if transfers is None else transfers
        rows.loc[from_register, "summary"] = rows[from_register].apply(
            lambda row: str(row["summary"]) + register_share(str(row["actor_id"]), str(row["leaning"]), transfers),
            axis=1)
    sources = load("sources").set_index("source_id")
    cited = sources["short_name"].fillna(sources["publisher"]).astype(str) + " " + sources["published"].dt.year.map(
        lambda year: "" if pd.isna(year) else str(int(year)))
    rows["source_id"] = rows["source_id"].astype(str).map(lambda key: cited.get(key, key).strip())
    rows["power"] = rows["actor_id"].map(names)
    rows["role_label"] = rows["role"].astype(str).map(ROLE_LABELS)
    rows["leaning_label"] = rows["leaning"].astype(str).map(LEANING)
    grouped = (rows.groupby(["power", "role_label", "leaning_label"], observed=True)
               .agg(rows=("role_id", "count"), summary=("summary", lambda s: " | ".join(s.astype(str))),
                    sources=("source_id", lambda s: ", ".join(sorted(set(s.astype(str))))))
               .reset_index())
    return grouped


@register("powers-roles", chapter="powers")
def roles_chart(roles: pd.DataFrame | None = None, actors: pd.DataFrame | None = None) -> alt.VConcatChart:
    """A grid of powers by kind of role; each mark's shape and colour say whom the role favours."""
    frame = role_matrix(roles, actors)
    actors = load("actors") if actors is None else actors
    names = actors.set_index("actor_id")["name"].astype(str)
    power_order = [names[p] for p in POWERS if p in names.index]
    leaning_order = list(LEANING_STYLE)
    chart = alt.Chart(frame).mark_point(filled=True, opacity=0.9).encode(
        x=alt.X("role_label:N", title=None, sort=list(ROLE_LABELS.values()),
                axis=alt.Axis(labelAngle=-30, orient="top", labelLimit=0)),
        y=alt.Y("power:N", title=None, sort=power_order),
        xOffset=alt.XOffset("leaning_label:N", sort=leaning_order),
        size=alt.Size("rows:Q", title="Roles coded", scale=alt.Scale(domain=[1, max(3, int(frame["rows"].max()))],
                                                                       range=[90, 400]),
                      legend=alt.Legend(values=list(range(1, max(3, int(frame["rows"].max())) + 1)),
                                        format="d", symbolType="circle", symbolFillColor="#777777")),
        color=alt.Color("leaning_label:N", title="Favours", sort=leaning_order, scale=alt.Scale(
            domain=leaning_order, range=[LEANING_STYLE[k][0] for k in leaning_order])),
        shape=alt.Shape("leaning_label:N", title="Favours", sort=leaning_order, scale=alt.Scale(
            domain=leaning_order, range=[LEANING_STYLE[k][1] for k in leaning_order])),
        tooltip=[alt.Tooltip("power:N", title="Power"), alt.Tooltip("role_label:N", title="Role"),
                 alt.Tooltip("leaning_label:N", title="Favours"), alt.Tooltip("summary:N", title="What"),
                 alt.Tooltip("sources:N", title="Sources")],
    ).properties(width=560, height=330)
    return finish(
        chart,
        title="In the documents' telling, Türkiye and Israel back Baku; Russia appears on both sides",
        subtitle=("Roles coded by the book's editors from the documents (Russia's arms for Armenia from the SIPRI "
                  "register). Each mark is a kind of role; shape and colour give whom it favours, as the source "
                  "presents it; size, how many roles were coded"),
        source=("Crisis Group (May 2023), Responsible Statecraft (Jan. 2023), American University (Oct. 2023), "
                "regional analysis (Sept. 2023) and Baku-Moscow analysis (Sept.-Oct. 2023); SIPRI Arms Transfers "
                "Database (2025), outside the five documents; coding by the editors"),
        description=("A grid with the outside powers as rows and kinds of role (arms, mediation, exercises, "
                     "energy, the Zangezur corridor, peacekeeping and monitoring, diplomatic stance, alliance) "
                     "as columns. Left-pointing triangles mark roles favouring Armenia, right-pointing triangles roles "
                     "favouring Azerbaijan, diamonds both sides and circles neither; a larger mark stands for "
                     "more coded roles of that kind and leaning."))
