"""Who armed whom: SIPRI trend-indicator values (TIV) of deliveries to Armenia and Azerbaijan."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.charts import finish, register
from briefing.data import load
from briefing.theme import actor_colour

SOURCE = "SIPRI Arms Transfers Database (register, data generated 3 Jan. 2025); TIV in millions"
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


@register("arms-suppliers", chapter="powers")
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
        source=SOURCE,
        description=("Two panels of bars, one per recipient, show SIPRI trend-indicator values of arms "
                     "delivered since 2000 by each leading supplier, with each supplier's share. Azerbaijan's "
                     "panel is dominated by Russia and Israel, with Türkiye further down; Armenia's by Russia."))


@register("arms-over-time", chapter="powers")
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
        source=SOURCE,
        description=("Small bar charts, one row per supplier and one column per recipient, show arms deliveries "
                     "by year. Azerbaijan's deliveries are far larger in most years, from Russia and Israel above "
                     "all. SIPRI records few deliveries after 2020, so recent years are incomplete."))
