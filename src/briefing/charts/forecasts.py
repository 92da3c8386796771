"""The 2023 forecasts against what happened: each forecast by the document that made it and the editors' verdict."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.charts import finish, register
from briefing.data import load
from briefing.prose import date as fmt_date

# The editors' verdicts in order, each with a label, a colour (Paul Tol's colour-blind-safe set) and a shape:
# colour is never the only carrier of the verdict, which also has its own column and shape.
VERDICTS: dict[str, tuple[str, str, str]] = {
    "borne_out": ("Borne out", "#117733", "circle"),
    "partly": ("Partly", "#DDAA33", "diamond"),
    "not_borne_out": ("Not borne out", "#BB5566", "cross"),
    "still_open": ("Still open", "#8C8C8C", "square"),
}
VERDICT_LABELS = {key: label for key, (label, _, _) in VERDICTS.items()}
TOPIC_LABELS = {"peacekeepers": "The Russian peacekeepers", "russia_azerbaijan": "Baku and Moscow",
                "armenia_russia": "Yerevan and Moscow", "syunik_route": "A route through Syunik",
                "exodus": "The people of Nagorno-Karabakh", "western_policy": "Washington and Brussels",
                "peace_process": "War, talks and trade", "regional_powers": "Russia, Iran and the region"}


def document_label(row: pd.Series) -> str:
    """A document as a reader knows it: 'Dersimonian, Responsible Statecraft' or 'Regional analysis'."""
    short = str(row["short_name"])
    publisher = str(row["publisher"]).split(",")[0].split(" (")[0]
    if publisher.startswith("not named") or short in publisher:
        return short
    return f"{short}, {publisher}"


def forecast_rows(forecasts: pd.DataFrame | None = None, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per forecast, joined to its document and its outcome source, with display fields."""
    forecasts = load("forecasts") if forecasts is None else forecasts
    sources = load("sources") if sources is None else sources
    by_id = sources.set_index("source_id")
    rows = forecasts.copy()
    for column in ("forecast_id", "source_id", "outcome_source_id", "verdict", "topic"):
        rows[column] = rows[column].astype(str)
    rows["written"] = rows["source_id"].map(by_id["published"])
    rows["document"] = rows["source_id"].map(by_id.apply(document_label, axis=1))
    rows["written_text"] = rows["written"].map(lambda d: fmt_date(d, "month"))
    rows["document_label"] = rows["document"] + " (" + rows["written_text"] + ")"
    rows["outcome_by"] = rows["outcome_source_id"].map(by_id["publisher"]).astype(str)
    short = by_id["short_name"].fillna(by_id["publisher"]) if "short_name" in by_id else by_id["publisher"]
    rows["outcome_by_short"] = rows["outcome_source_id"].map(short).astype(str)
    rows["outcome_when"] = rows["outcome_date"].map(fmt_date)
    rows["verdict_label"] = rows["verdict"].map(VERDICT_LABELS)
    rows["topic_label"] = rows["topic"].map(TOPIC_LABELS)
    rows["months_to_outcome"] = ((rows["outcome_date"] - rows["written"]).dt.days / 30.44).round().astype(int)
    rows = rows.sort_values(["written", "source_id", "verdict", "forecast_id"], kind="stable")
    rows["slot"] = rows.groupby(["source_id", "verdict"]).cumcount()
    return rows.reset_index(drop=True)


def verdict_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Forecasts per document and verdict, documents in order of writing, verdicts in the book's order."""
    table = pd.crosstab(rows["document_label"], rows["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    order = rows.drop_duplicates("document_label")["document_label"]
    return table.reindex(order)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def describe(rows: pd.DataFrame) -> str:
    """The chart's text description, computed from the rows: per document, how many forecasts and verdicts."""
    counts = verdict_counts(rows)
    parts = []
    for document, row in counts.iterrows():
        verdicts = ", ".join(f"{int(row[key])} {VERDICT_LABELS[key].lower()}" for key in VERDICTS if row[key])
        parts.append(f"{document}: {_plural(int(row.sum()), 'forecast')} ({verdicts})")
    return (f"A grid of {_plural(len(rows), 'mark')}, one per forecast, with the five documents as rows in order "
            "of writing and the editors' verdicts as columns; circles mark forecasts borne out, diamonds partly, "
            "crosses not borne out and squares still open. " + "; ".join(parts) + ".")


def title_text(rows: pd.DataFrame) -> str:
    """The chart's title, counted from the verdicts: how many borne out in full, in part, not at all, still open."""
    counts = rows["verdict"].value_counts()
    parts = [f"{counts.get('partly', 0)} in part", f"{counts.get('not_borne_out', 0)} not at all"]
    if counts.get("still_open", 0):
        parts.append(f"{counts.get('still_open', 0)} still open")
    return (f"{counts.get('borne_out', 0)} of {len(rows)} forecasts were borne out in full, "
            + ", ".join(parts[:-1]) + " and " + parts[-1])


def source_line(rows: pd.DataFrame, sources: pd.DataFrame | None = None) -> str:
    """Publications and dates: the five documents, the outside sources for the outcomes, the editors."""
    sources = load("sources") if sources is None else sources
    firsts = rows.drop_duplicates("source_id")
    documents = (firsts["document"] + ", " + firsts["written_text"]).tolist()
    used = rows["outcome_by_short"].value_counts()
    first = list(used.index[:3])
    outside = sources.set_index("source_id").loc[rows["outcome_source_id"].unique(), "published"]
    span = f"{outside.min().year}–{outside.max().year}"
    others = len(used) - len(first)
    return (f"forecasts from the five documents ({'; '.join(documents)}); outcomes from {', '.join(first)} "
            f"and {others} other publications outside the five documents, {span}; verdicts by the editors")


@register("forecasts-verdicts")
def verdicts_chart(forecasts: pd.DataFrame | None = None, sources: pd.DataFrame | None = None) -> alt.VConcatChart:
    """A dot grid: each forecast as a mark in its document's row and its verdict's column."""
    rows = forecast_rows(forecasts, sources)
    order = rows.drop_duplicates("document_label")["document_label"].tolist()
    keys = list(VERDICTS)
    labels = [VERDICT_LABELS[k] for k in keys]
    shown = rows[["forecast_id", "document_label", "verdict_label", "slot", "expected", "outcome", "outcome_when",
                  "outcome_by", "reasoning"]]
    chart = alt.Chart(shown).mark_point(filled=True, size=170, opacity=0.95, stroke="#222222", strokeWidth=0.6).encode(
        x=alt.X("verdict_label:N", title=None, sort=labels, axis=alt.Axis(orient="top", labelAngle=0)),
        xOffset=alt.XOffset("slot:O", scale=alt.Scale(paddingOuter=0.3)),
        y=alt.Y("document_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=340)),
        color=alt.Color("verdict_label:N", title="Verdict", sort=labels,
                        scale=alt.Scale(domain=labels, range=[VERDICTS[k][1] for k in keys])),
        shape=alt.Shape("verdict_label:N", title="Verdict", sort=labels,
                        scale=alt.Scale(domain=labels, range=[VERDICTS[k][2] for k in keys])),
        tooltip=[alt.Tooltip("document_label:N", title="Document"), alt.Tooltip("expected:N", title="Expected"),
                 alt.Tooltip("outcome:N", title="What happened"), alt.Tooltip("outcome_when:N", title="When"),
                 alt.Tooltip("outcome_by:N", title="Outcome source"),
                 alt.Tooltip("verdict_label:N", title="Verdict"), alt.Tooltip("reasoning:N", title="Why")],
    ).properties(width=520, height=alt.Step(46))
    as_of = fmt_date(rows["outcome_date"].max(), "month")
    return finish(
        chart, title=title_text(rows),
        subtitle=(f"Each mark is one forecast, in the row of the document that made it (month of writing), "
                  f"under the editors' verdict as of {as_of}; hover a mark for the forecast and what happened"),
        source=source_line(rows, sources), description=describe(rows))
