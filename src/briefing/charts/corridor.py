"""The corridor chapter's charts: the map of the corridor and the region (places, the checkpoint,
Nakhchivan and Syunik), and the peacekeepers' mandate."""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import derive
from briefing.charts import finish, register
from briefing.charts.parts import source_names
from briefing.data import load, load_json
from briefing.theme import ACTOR_COLOURS, INK, MUTED

VIEW = {"lon": (44.0, 47.8), "lat": (38.7, 40.8)}


# Where each place's name sits beside its point (presentation only): (align, dx, dy).
LABEL_SIDE = {"stepanakert": ("left", 8, -6), "shusha": ("left", 8, 8), "lachin": ("left", 8, 0),
              "hakari_checkpoint": ("right", -8, -10), "kornidzor": ("right", -8, 4), "goris": ("right", -8, 16),
              "kapan": ("left", 8, 0), "meghri": ("left", 8, 0), "aghdam": ("left", 8, 0),
              "yerevan": ("right", -8, 0), "baku": ("right", -8, 0),
              "mincivan": ("left", 8, 0), "ordubad": ("right", -8, -8)}


# The Syunik route (TRIPP) as the sources describe it: across Syunik, from mainland Azerbaijan to Nakhchivan.
# No source gives its course; the line through Meghri, between a town on either side, is the editors' sketch.
SYUNIK_ROUTE = ["mincivan", "meghri", "ordubad"]


SYUNIK_ROUTE_LABEL = "Syunik route (TRIPP), approximate"


# Outside the five documents: the route's announcement and name, and the names of the 2023 checkpoint.
SYUNIK_ROUTE_EVENT = "tripp_named_2025"


HAKARI_NAME_SOURCE = "news_am_20230425"


LACHIN_NAME_SOURCE = "newsaz_2023_06_24"


SYUNIK_ROUTE_COLOUR = ACTOR_COLOURS["united_states"]


# The corridor's original course (to September 2022) as straight lines between its towns. The 2020 statement kept
# the corridor out of the city of Shusha, so the line runs past Shusha's point, not through it. The new road that
# replaced the course is not in the places table, so it is not drawn. The checkpoint's cross (opened in 2023, on the
# new road) is placed by the editors halfway between Kornidzor and Lachin, so it falls on this line (places.csv).
ROUTE = ["kornidzor", "lachin", "stepanakert"]


COUNTRY_FILL = {"Armenia": "#FBE3B5", "Azerbaijan": "#CFE3F2", "Georgia": "#EEEEEE", "Iran": "#EEEEEE",
                "Türkiye": "#EEEEEE"}


def _outside_notes(events: pd.DataFrame, sources: pd.DataFrame) -> tuple[str, str]:
    """The Syunik route's date and the map's note on its two outside facts (the route, the checkpoint's name)."""
    tripp = events.set_index("event_id").loc[SYUNIK_ROUTE_EVENT]
    summit = f"{pd.Timestamp(tripp['date']):%-d %B %Y}"
    route, hakari, lachin = source_names([tripp["source_id"], HAKARI_NAME_SOURCE, LACHIN_NAME_SOURCE], sources,
                                         unique=False)
    note = (f"outside the five documents: the Syunik route, announced at the Washington summit of {summit} and "
            f"named TRIPP ({route}), its course sketched by the editors (see After the sources); the checkpoint's "
            f"name, after the Hakari bridge ({hakari}; Baku's officials call it the Lachin border checkpoint, "
            f"{lachin})")
    return summit, note


def _polygon_centre(polygon: list) -> tuple[float, float]:
    ring = polygon[0]
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))


def region_labels(outlines: dict, places: pd.DataFrame) -> pd.DataFrame:
    """Label points computed from the data: Nakhchivan from Azerbaijan's exclave outline, Syunik from its towns."""
    labels = []
    for feature in outlines["features"]:
        name = feature["properties"]["name"]
        polygons = feature["geometry"]["coordinates"]
        largest = max(polygons, key=lambda poly: len(poly[0]))
        lon, lat = _polygon_centre(largest)
        if name == "Azerbaijan":
            western = [poly for poly in polygons if _polygon_centre(poly)[0] < 46.0]
            exclave = max(western, key=lambda poly: len(poly[0]))
            ex_lon, ex_lat = _polygon_centre(exclave)
            labels.append({"name": "NAKHCHIVAN (Azerbaijan)", "lon": ex_lon - 0.25, "lat": ex_lat + 0.05,
                           "kind": "region"})
        if VIEW["lon"][0] < lon < VIEW["lon"][1] and VIEW["lat"][0] < lat < VIEW["lat"][1]:
            labels.append({"name": name.upper(), "lon": lon, "lat": lat, "kind": "country"})
    syunik = places[places["admin_region"].astype(str) == "Syunik"]
    labels.append({"name": "SYUNIK", "lon": float(syunik["lon"].mean()) - 0.22,
                   "lat": float(syunik["lat"].mean()) - 0.12, "kind": "region"})
    return pd.DataFrame(labels)


@register("map-corridor")
def corridor_map(places: pd.DataFrame | None = None, outlines: dict | None = None) -> alt.VConcatChart:
    """Countries, the places of the crisis, the corridor's route through them, and the checkpoint."""
    places = load("places") if places is None else places
    summit, outside_note = _outside_notes(load("events"), load("sources"))
    outlines = load_json("country_outlines") if outlines is None else outlines
    pts = places.copy()
    for col in ("name", "kind", "note", "other_names", "source_id"):
        pts[col] = pts[col].fillna("").astype(str)
    pts["label"] = [f"{n} ({o})" if o else n for n, o in zip(pts["name"], pts["other_names"], strict=True)]
    pts["source"] = source_names(pts["source_id"], unique=False)
    pts = pts.drop(columns="source_id")
    pts["placed"] = pts["approximate"].map({True: "approximate position", False: "GeoNames point"})
    pts = pts[pts["lon"].between(*VIEW["lon"]) & pts["lat"].between(*VIEW["lat"])]
    side = pts["place_id"].map(LABEL_SIDE).apply(lambda v: v if isinstance(v, tuple) else ("left", 8, 0))
    pts["align"], pts["dx"], pts["dy"] = zip(*side, strict=True)
    route = pts.set_index("place_id").loc[ROUTE, ["lon", "lat", "name"]].reset_index()
    route["order"] = range(len(route))
    syunik = pts.set_index("place_id").reindex(SYUNIK_ROUTE)[["lon", "lat"]].dropna().reset_index()
    syunik["order"] = range(len(syunik))
    syunik["route"] = SYUNIK_ROUTE_LABEL
    syunik_label = syunik[syunik["place_id"] == "meghri"].assign(lat=lambda t: t["lat"] - 0.1)
    projection = {"type": "mercator", "center": [45.9, 39.75], "scale": 7000, "translate": [310, 240]}
    # Armenia and Azerbaijan are tinted; every country is also named by a label on the map.
    tint = " : ".join(f"datum.properties.name === '{name}' ? '{fill}'" for name, fill in COUNTRY_FILL.items())
    countries = alt.Chart(alt.Data(values=outlines["features"])).mark_geoshape(
        stroke="#777777", strokeWidth=0.8, clip=True, fill=alt.expr(f"{tint} : '#EEEEEE'")).encode(
        tooltip=[alt.Tooltip("properties.name:N", title="Country")]).project(**projection)
    road = alt.Chart(route).mark_line(color=ACTOR_COLOURS["russia"], strokeWidth=3, strokeDash=[6, 3]).encode(
        longitude="lon:Q", latitude="lat:Q", order="order:O").project(**projection)
    # Dotted, in another colour, and named "approximate" on the map itself.
    syunik_line = alt.Chart(syunik).mark_line(color=SYUNIK_ROUTE_COLOUR, strokeWidth=3, strokeDash=[2, 3]).encode(
        longitude="lon:Q", latitude="lat:Q", order="order:O",
        tooltip=[alt.Tooltip("route:N", title="Route")]).project(**projection)
    syunik_name = alt.Chart(syunik_label).mark_text(align="center", fontSize=11, fontStyle="italic", color=INK).encode(
        longitude="lon:Q", latitude="lat:Q", text="route:N").project(**projection)
    dots = alt.Chart(pts).mark_point(filled=True, size=70, color=INK).encode(
        longitude="lon:Q", latitude="lat:Q",
        shape=alt.Shape("kind:N", legend=None, scale=alt.Scale(
            domain=["capital", "city", "town", "village", "checkpoint"],
            range=["square", "circle", "circle", "circle", "cross"])),
        tooltip=[alt.Tooltip("label:N", title="Place"), alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("placed:N", title="Position"), alt.Tooltip("note:N", title="Note"),
                 alt.Tooltip("source:N", title="Source")]).project(**projection)
    names = [alt.Chart(group).mark_text(align=align, dx=dx, dy=dy, fontSize=12, color=INK).encode(
        longitude="lon:Q", latitude="lat:Q", text="label:N").project(**projection)
        for (align, dx, dy), group in pts.groupby(["align", "dx", "dy"])]
    regions = alt.Chart(region_labels(outlines, places)).mark_text(
        fontSize=12, fontWeight="bold", color=MUTED, opacity=0.9).encode(
        longitude="lon:Q", latitude="lat:Q", text="name:N").project(**projection)
    chart = alt.layer(countries, road, syunik_line, syunik_name, dots, *names, regions).properties(
        width=620, height=480)
    return finish(
        chart,
        title="One road from Armenia to Nagorno-Karabakh: the Lachin corridor",
        subtitle=("Dashed: the corridor's original course through Lachin town and past Shusha, used until September "
                  "2022, drawn as straight lines between towns (not the exact road); the new road is not drawn. "
                  "Cross: the 2023 checkpoint, placed by the editors on the line (it stood on the new road). "
                  f"Dotted: the Syunik route (TRIPP) announced on {summit}, course approximate"),
        source=("GeoNames (CC BY 4.0) for places; corridor from the trilateral statement of 10 November 2020 and "
                f"the {source_names(['au_sis_2023'])[0]}; checkpoint placed by the editors; "
                f"{outside_note}; outlines: Natural Earth"),
        description=("A map of Armenia, Azerbaijan and their neighbours. A dashed line runs from Kornidzor in "
                     "Armenia through Lachin and past Shusha to Stepanakert: the corridor's original route, used "
                     "until the corridor moved onto a new road in September 2022; the new road is not drawn. A "
                     "cross on the dashed line, halfway between Kornidzor and Lachin, stands for the Hakari bridge "
                     "checkpoint, opened in 2023 just over the border where the corridor began; its position is "
                     "the editors' approximation, and the checkpoint itself stood on the new road. Syunik, "
                     "Armenia's southern province, lies between mainland Azerbaijan and its Nakhchivan exclave, "
                     "which is labelled to the west. A dotted line labelled as approximate crosses southern Syunik "
                     "from Mincivan in Azerbaijan through Meghri to Ordubad in Nakhchivan: the route across Syunik "
                     f"announced on {summit}, after the five documents were written; no source gives its exact "
                     "course."))


@register("mandate-timeline")
def mandate_timeline(events: pd.DataFrame | None = None, figures: pd.DataFrame | None = None) -> alt.VConcatChart:
    """The mandate as a bar from start to expiry, the veto window shaded, with key events marked."""
    events = load("events") if events is None else events
    dates = derive.mandate(events, figures)
    spans = pd.DataFrame([
        {"row": "Mandate", "what": "Mandate (renews automatically)", "start": dates["start"], "end": dates["expiry"]},
        {"row": "Mandate", "what": "Veto window closes: renewal can be blocked until here",
         "start": dates["veto_deadline"] - pd.DateOffset(days=20), "end": dates["veto_deadline"]},
    ])
    key = ["trilateral_statement_2020", "blockade_begins_2022", "checkpoint_opened_2023",
           "offensive_launched_2023", "dissolution_deadline_2024"]
    marks = events[events["event_id"].isin(key)][["event_id", "date", "title", "source_id"]].copy()
    marks["row"] = "Events"
    # Numbered diamonds, keyed in a legend with each event's whole title (rotated titles overlapped and were cut).
    marks = marks.sort_values("date")
    marks["number"] = [str(n) for n in range(1, len(marks) + 1)]
    marks["key"] = [f"{n}. {t} ({d:%b %Y})" for n, t, d in zip(marks["number"], marks["title"], marks["date"],
                                                               strict=True)]
    marks["source_id"] = marks["source_id"].astype(str)
    marks["source"] = source_names(marks["source_id"], unique=False)
    spans_chart = alt.Chart(spans).mark_bar(height=22).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", labelAngle=0, tickCount="year")),
        x2="end:T", y=alt.Y("row:N", title=None, sort=["Mandate", "Events"]),
        color=alt.Color("what:N", title=None, scale=alt.Scale(range=[ACTOR_COLOURS["russia"], "#222222"]),
                        legend=None),  # both spans are labelled on the chart
        tooltip=[alt.Tooltip("what:N", title="Span"), alt.Tooltip("start:T", title="From", format="%d %b %Y"),
                 alt.Tooltip("end:T", title="To", format="%d %b %Y")])
    span_labels = alt.Chart(spans.iloc[[0]]).mark_text(align="left", dx=6, dy=-18, fontSize=12).encode(
        x="start:T", y=alt.Y("row:N", sort=["Mandate", "Events"]), text="what:N")
    veto_label = alt.Chart(spans.iloc[[1]].assign(what="Veto deadline: renewal can be blocked until here")).mark_text(
        align="right", dx=-4, dy=24, fontSize=12, fontWeight="bold").encode(
        x="end:T", y=alt.Y("row:N", sort=["Mandate", "Events"]), text="what:N")
    points = alt.Chart(marks).mark_point(size=120, filled=True, opacity=1, color=MUTED).encode(
        x="date:T", y=alt.Y("row:N", sort=["Mandate", "Events"]),
        shape=alt.Shape("key:N", title="Events", scale=alt.Scale(domain=list(marks["key"]), range=["diamond"]),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0,
                                          symbolFillColor=MUTED, symbolStrokeColor=MUTED)),
        tooltip=[alt.Tooltip("title:N", title="Event"), alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                 alt.Tooltip("source:N", title="Source")])
    text = alt.Chart(marks).mark_text(dy=-16, fontSize=12, fontWeight="bold").encode(
        x="date:T", y=alt.Y("row:N", sort=["Mandate", "Events"]), text="number:N")
    # Diamonds whose dates come from outside the five documents, named with their publication and date.
    flagged = marks["event_id"].map(events.set_index("event_id")["outside_documents"]).astype(bool)
    later = marks[flagged & (marks["event_id"] != "trilateral_statement_2020")].sort_values("date")
    outside = "; ".join(f"{row.title} ({row.source})" for row in later.itertuples())
    inside = source_names(marks.loc[~flagged, "source_id"])
    return finish(
        (spans_chart + span_labels + veto_label + points + text).properties(width=560, height=150),
        title=(f"The mandate was set to run to {dates['expiry']:%B %Y}; either side could block renewal by "
               f"{dates['veto_deadline']:%B %Y}"),
        subtitle="Five-year term from the statement of 10 November 2020; a veto six months before expiry",
        source=("Trilateral statement of 10 Nov. 2020, outside the five documents (term and notice period; the "
                "notice also in Crisis Group, May 2023, citing it); diamonds: " + " and ".join(inside)
                + f"; diamonds from outside the five documents: {outside}"),
        description=("A bar spans the Russian peacekeeping mandate from November 2020 to its expiry five years "
                     "later, with the point six months before expiry, when Armenia or Azerbaijan could veto "
                     "renewal, marked in black. Diamonds below mark the blockade, the checkpoint, the offensive "
                     "and the deadline the Nagorno-Karabakh authorities' decree set for the republic's dissolution, "
                     f"all well inside the mandate; from outside the five documents: {outside}."))
