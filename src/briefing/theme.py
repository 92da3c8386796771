"""One Altair theme and one palette for the whole book: each actor always the same colour."""

from __future__ import annotations

import altair as alt

from briefing.phases import PHASE_LABELS

THEME_NAME = "briefing"
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
INK = "#222222"
MUTED = "#595959"  # 7:1 on white: for source lines and axis titles
OTHER = "#8C8C8C"

# Okabe-Ito for the parties and main powers, Paul Tol's "muted" set for the rest: colour-blind safe.
# Colour is never the only carrier of meaning: charts label actors directly or on an axis as well.
ACTOR_COLOURS: dict[str, str] = {
    "armenia": "#E69F00",
    "nk_authorities": "#F2C46D",
    "azerbaijan": "#0072B2",
    "russia": "#D55E00",
    "turkiye": "#CC79A7",
    "iran": "#009E73",
    "united_states": "#56B4E9",
    "european_union": "#332288",
    "france": "#AA4499",
    "india": "#DDCC77",
    "israel": "#882255",
    "pakistan": "#999933",
    "georgia": "#44AA99",
    "other": OTHER,
}

# Country names as the data spells them, mapped to actor keys (SIPRI writes "Turkey"/"Turkiye").
NAME_TO_ACTOR: dict[str, str] = {
    "Armenia": "armenia", "Azerbaijan": "azerbaijan", "Russia": "russia", "Türkiye": "turkiye",
    "Turkiye": "turkiye", "Turkey": "turkiye", "Iran": "iran", "United States": "united_states",
    "European Union": "european_union", "France": "france", "India": "india", "Israel": "israel",
    "Pakistan": "pakistan", "Georgia": "georgia",
}

# Phases of the crisis, in order, each with its own colour (sequential where order matters).
PHASE_COLOURS: dict[str, str] = {
    "war_2020": "#444444",
    "corridor_regime": "#88CCEE",
    "blockade": "#DDCC77",
    "checkpoint": "#CC6677",
    "closure": "#882255",
    "offensive": "#332288",
    "exodus_and_after": "#999999",
    "withdrawal_2024": "#117733",
    "settlement_2025": "#44AA99",
}


def actor_colour(name_or_id: str) -> str:
    """The book's colour for an actor, by key or by name; grey for anyone else."""
    key = NAME_TO_ACTOR.get(name_or_id, name_or_id)
    return ACTOR_COLOURS.get(key, OTHER)


def actor_scale(names: list[str]) -> alt.Scale:
    """A colour scale that gives each listed actor (key or name) its book colour."""
    return alt.Scale(domain=list(names), range=[actor_colour(n) for n in names])


def phase_scale(phases: list[str] | None = None, labelled: bool = True) -> alt.Scale:
    """A colour scale over phases (by label when `labelled`), in the book's phase colours."""
    keys = phases or list(PHASE_COLOURS)
    domain = [PHASE_LABELS[k] for k in keys] if labelled else keys
    return alt.Scale(domain=domain, range=[PHASE_COLOURS[k] for k in keys])


def theme_config() -> dict:
    """The Vega-Lite config of the book's theme: large type for projectors, quiet axes."""
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 320},
            "title": {"fontSize": 18, "fontWeight": "bold", "color": INK, "anchor": "start",
                      "subtitleFontSize": 14, "subtitleColor": MUTED, "offset": 12},
            "axis": {"labelFontSize": 13, "titleFontSize": 13, "titleColor": MUTED, "labelColor": INK,
                     "gridColor": "#E6E6E6", "domainColor": "#888888", "tickColor": "#888888"},
            "legend": {"labelFontSize": 13, "titleFontSize": 13, "titleColor": MUTED, "orient": "bottom",
                       "direction": "horizontal"},
            "header": {"labelFontSize": 13, "titleFontSize": 13},
            "text": {"fontSize": 13, "color": INK},
            "range": {"category": [ACTOR_COLOURS[k] for k in
                                   ("azerbaijan", "armenia", "russia", "iran", "turkiye", "united_states",
                                    "european_union", "israel", "india", "pakistan")]},
            "mark": {"color": ACTOR_COLOURS["azerbaijan"]},
        }
    }


def enable() -> None:
    """Register the theme with Altair and make it the active one."""
    alt.theme.register(THEME_NAME, enable=True)(theme_config)
