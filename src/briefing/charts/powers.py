"""The outside powers chapter's charts: the powers' roles as the sources present them, and who armed whom
(SIPRI trend-indicator values of deliveries to Armenia and Azerbaijan)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.charts import finish, register
from briefing.data import load
from briefing.theme import ACTOR_COLOURS, OTHER, actor_colour

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


@register("powers-roles")
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


ARMS_SOURCE = "SIPRI Arms Transfers Database (register, data generated 3 Jan. 2025); TIV in millions"


TOP = 5


def by_supplier(transfers: pd.DataFrame | None = None, top: int = TOP) -> pd.DataFrame:
    """TIV delivered by supplier and recipient; suppliers outside the top few (overall) grouped as 'Others'."""
    transfers = load("arms_transfers") if transfers is None else transfers
    totals = transfers.groupby("supplier")["tiv_delivered_millions"].sum().sort_values(ascending=False)
    leading = list(totals.index[:top])
    frame = transfers.assign(supplier=transfers["supplier"].astype(str).where(transfers["supplier"].isin(leading),
                                                                         "Others"))
    out = (frame.groupby(["recipient", "supplier"], observed=True)["tiv_delivered_millions"].sum()
           .reset_index().rename(columns={"tiv_delivered_millions": "tiv_millions"}))
    out["recipient"] = out["recipient"].astype(str)
    out["share"] = out["tiv_millions"] / out.groupby("recipient")["tiv_millions"].transform("sum")
    return out


@register("arms-suppliers")
def suppliers(transfers: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Bars per recipient: TIV delivered by each leading supplier, labelled with its share."""
    frame = by_supplier(transfers)
    order = (frame.groupby("supplier")["tiv_millions"].sum().sort_values(ascending=False).index.tolist())
    order = [s for s in order if s != "Others"] + ["Others"]
    frame["text"] = [f"{v:,.0f} ({s:.0%})" for v, s in zip(frame["tiv_millions"], frame["share"], strict=True)]
    base = alt.Chart(frame).encode(
        y=alt.Y("supplier:N", sort=order, title=None),
        x=alt.X("tiv_millions:Q", title="TIV delivered (millions)",
                scale=alt.Scale(domain=[0, float(frame["tiv_millions"].max()) * 1.45])))
    bars = base.mark_bar().encode(
        color=alt.Color("supplier:N", legend=None,
                        scale=alt.Scale(domain=order, range=[actor_colour(s) for s in order])),
        tooltip=[alt.Tooltip("recipient:N", title="Recipient"), alt.Tooltip("supplier:N", title="Supplier"),
                 alt.Tooltip("tiv_millions:Q", title="TIV (millions)", format=",.0f"),
                 alt.Tooltip("share:Q", title="Share of recipient's total", format=".0%")])
    labels = base.mark_text(align="left", dx=4).encode(text="text:N")
    chart = (bars + labels).properties(width=300, height=190).facet(
        column=alt.Column("recipient:N", title=None, header=alt.Header(labelFontSize=15, labelFontWeight="bold")))
    total = frame.groupby("recipient")["tiv_millions"].sum()
    return finish(
        chart,
        title="Azerbaijan drew on Russia and Israel; Armenia almost only on Russia",
        subtitle=(f"Deliveries 2000-2023: Azerbaijan {total.get('Azerbaijan', 0):,.0f} million TIV, "
                  f"Armenia {total.get('Armenia', 0):,.0f} million. TIV measures capability, not money"),
        source=ARMS_SOURCE,
        description=("Two panels of bars, one per recipient, show SIPRI trend-indicator values of arms "
                     "delivered since 2000 by each leading supplier, with each supplier's share. Azerbaijan's "
                     "panel is dominated by Russia and Israel, with Türkiye further down; Armenia's by Russia."))


@register("arms-over-time")
def over_time(transfers: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Stacked bars per delivery year and recipient, by leading supplier."""
    transfers = load("arms_transfers") if transfers is None else transfers
    leading = by_supplier(transfers)["supplier"].unique().tolist()
    frame = transfers.assign(supplier=transfers["supplier"].astype(str).where(transfers["supplier"].isin(leading),
                                                                         "Others"))
    frame = (frame.groupby(["recipient", "delivery_year", "supplier"], observed=True)["tiv_delivered_millions"]
             .sum().reset_index())
    frame["recipient"] = frame["recipient"].astype(str)
    frame["delivery_year"] = frame["delivery_year"].astype(int)
    order = [s for s in leading if s != "Others"] + ["Others"]
    years = list(range(int(frame["delivery_year"].min()), int(frame["delivery_year"].max()) + 1))
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X("delivery_year:O", title="Year of delivery", scale=alt.Scale(domain=years),
                axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("sum(tiv_delivered_millions):Q", title="TIV (m)", axis=alt.Axis(tickCount=2)),
        color=alt.Color("supplier:N", legend=None, sort=order,
                        scale=alt.Scale(domain=order, range=[actor_colour(s) for s in order])),
        tooltip=[alt.Tooltip("recipient:N", title="Recipient"), alt.Tooltip("delivery_year:O", title="Year"),
                 alt.Tooltip("supplier:N", title="Supplier"),
                 alt.Tooltip("sum(tiv_delivered_millions):Q", title="TIV (millions)", format=",.0f")],
    ).properties(width=250, height=55).facet(
        row=alt.Row("supplier:N", title=None, sort=order, header=alt.Header(labelAngle=0, labelAlign="left")),
        column=alt.Column("recipient:N", title=None, header=alt.Header(labelFontWeight="bold", labelFontSize=14)))
    return finish(
        chart,
        title="Azerbaijan's arms imports peaked in the years before 2020",
        subtitle="One row per supplier; the register has few deliveries recorded after 2020",
        source=ARMS_SOURCE,
        description=("Small bar charts, one row per supplier and one column per recipient, show arms deliveries "
                     "by year. Azerbaijan's deliveries are far larger in most years, from Russia and Israel above "
                     "all. SIPRI records few deliveries after 2020, so recent years are incomplete."))
