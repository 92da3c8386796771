"""The military balance page's charts: the official 2022 budgets the sources quote, beside SIPRI's
estimates."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.charts import finish, register
from briefing.charts.parts import LABEL_LINES
from briefing.data import load
from briefing.lookup import row
from briefing.theme import (
    actor_scale,
)

PARTIES = ["Armenia", "Azerbaijan"]


SIPRI_SOURCE = "SIPRI Military Expenditure Database (2026 release), constant 2024 US dollars"


def official_budgets(spending: pd.DataFrame | None = None) -> pd.DataFrame:
    """The official budgets quoted in the sources, in US$ billions."""
    spending = load("military_spending") if spending is None else spending
    rows = spending[spending["measure"] == "official_budget"].copy()
    for party in PARTIES:
        row(rows, "military_spending", "country", party, hint="the chapter needs each party's official budget")
    rows["usd_billions"] = rows["value_usd"] / 1e9
    return rows


def sipri_series(spending: pd.DataFrame | None = None, countries: list[str] | None = None) -> pd.DataFrame:
    """SIPRI's expenditure series for the given countries, in constant-2024 US$ billions."""
    spending = load("military_spending") if spending is None else spending
    rows = spending[(spending["measure"] == "sipri_expenditure")
                    & spending["country"].isin(countries or PARTIES)].copy()
    rows["usd_billions"] = rows["value_usd"] / 1e9
    return rows


def ratio_by_year(spending: pd.DataFrame | None = None) -> pd.DataFrame:
    """Azerbaijan's SIPRI-estimated spending as a multiple of Armenia's, year by year."""
    wide = sipri_series(spending).pivot_table(index="year", columns="country", values="value_usd",
                                              observed=True)
    return (wide["Azerbaijan"] / wide["Armenia"]).rename("ratio").reset_index()


@register("budgets-official-2022")
def official_vs_sipri(spending: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Bars: each party's official 2022 budget next to SIPRI's estimate for the same year."""
    spending = load("military_spending") if spending is None else spending
    official = official_budgets(spending).assign(measure_label="Official budget (US$, current prices assumed)")
    year = int(official["year"].max())
    sipri = sipri_series(spending)
    sipri = sipri[sipri["year"] == year].assign(measure_label="SIPRI estimate (constant 2024 US$)")
    frame = pd.concat([official, sipri])[["country", "year", "measure_label", "usd_billions"]]
    frame["country"] = frame["country"].astype(str)
    frame["label"] = frame["usd_billions"].map(lambda v: f"${v:.2f}bn")
    base = alt.Chart(frame).encode(
        y=alt.Y("measure_label:N", title=None, axis=alt.Axis(labelLimit=0, labelExpr=LABEL_LINES)),
        x=alt.X("usd_billions:Q", title="US$ billions"),
    )
    base = base.encode(x=alt.X("usd_billions:Q", title="US$ billions",
                               scale=alt.Scale(domain=[0, float(frame["usd_billions"].max()) * 1.25])))
    bars = base.mark_bar().encode(
        color=alt.Color("country:N", scale=actor_scale(PARTIES), legend=None),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("measure_label:N", title="Measure"),
                 alt.Tooltip("year:O", title="Year"), alt.Tooltip("usd_billions:Q", title="US$ bn", format=".2f")],
    )
    labels = base.mark_text(align="left", dx=4).encode(text="label:N")
    chart = (bars + labels).properties(width=380, height=90).facet(
        row=alt.Row("country:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left",
                                                                 labelFontWeight="bold"))
    )
    return finish(
        chart,
        title=f"Azerbaijan outspends Armenia on either measure ({year})",
        subtitle="Two different measures: never compare across the two bars' price bases",
        source=f"official budgets as quoted in the regional analysis (Sept. 2023); {SIPRI_SOURCE}",
        description=(f"For {year}, horizontal bars compare each country's official military budget, as quoted "
                     "in one source document, with SIPRI's estimate of its military expenditure. Azerbaijan's "
                     "bars are several times longer than Armenia's on both measures."),
    )


@register("budgets-sipri-series")
def sipri_gap(spending: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Lines: SIPRI's series for both parties, with the yearly ratio beneath."""
    series = sipri_series(spending)
    series["country"] = series["country"].astype(str)
    first, last = int(series["year"].min()), int(series["year"].max())
    lines = alt.Chart(series).mark_line(point=True).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, values=list(range(first, last + 1, 5)))),
        y=alt.Y("usd_billions:Q", title="US$ billions (constant 2024)"),
        color=alt.Color("country:N", scale=actor_scale(PARTIES), title="Country"),
        strokeDash=alt.StrokeDash("country:N", title="Country"),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("year:O", title="Year"),
                 alt.Tooltip("usd_billions:Q", title="US$ bn (2024 prices)", format=".2f")],
    ).properties(width=560, height=260)
    ends = series[series["year"] == last]
    end_labels = alt.Chart(ends).mark_text(align="left", dx=6, fontWeight="bold").encode(
        x="year:O", y="usd_billions:Q", text="country:N",
        color=alt.Color("country:N", scale=actor_scale(PARTIES), legend=None))
    ratio = ratio_by_year(spending)
    ratio_chart = alt.Chart(ratio).mark_bar(color="#777777").encode(
        x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0, values=list(range(first, last + 1, 5)))),
        y=alt.Y("ratio:Q", title="Azerbaijan ÷ Armenia"),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("ratio:Q", title="Ratio", format=".1f")],
    ).properties(width=560, height=110)
    return finish(
        alt.vconcat(lines + end_labels, ratio_chart),
        title=f"Azerbaijan has outspent Armenia every year since {first}",
        subtitle="SIPRI estimates, constant 2024 US dollars; lower panel: how many times Armenia's spending",
        source=SIPRI_SOURCE,
        description=(f"Two lines show SIPRI's estimates of military expenditure for Armenia and Azerbaijan "
                     f"from {first} to {last}; Azerbaijan's line stays above Armenia's throughout. Bars beneath "
                     "give Azerbaijan's spending as a multiple of Armenia's for each year."),
    )
