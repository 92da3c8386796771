"""Format numbers for prose and glue them into the page, so no figure is ever typed by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd


def integer(value: float) -> str:
    """A whole number with thousands separators: 120000 -> '120,000'."""
    return f"{round(float(value)):,}"


def decimal(value: float, places: int = 1) -> str:
    """A number to a fixed number of decimal places: 3.448 -> '3.4'."""
    return f"{float(value):,.{places}f}"


def usd(value: float) -> str:
    """A dollar amount in words of scale: 754e6 -> '$754 million', 2.6e9 -> '$2.6 billion'."""
    value = float(value)
    if abs(value) >= 1e9:
        return f"${value / 1e9:,.1f} billion".replace(".0 billion", " billion")
    if abs(value) >= 1e6:
        return f"${value / 1e6:,.0f} million"
    return f"${value:,.0f}"


def date(value: dt.date | pd.Timestamp, precision: str = "day") -> str:
    """A date in the house style: '12 December 2022', 'December 2022' or '2022' by precision."""
    stamp = pd.Timestamp(value)
    if precision == "year":
        return f"{stamp.year}"
    if precision in ("month", "approximate"):
        return f"{stamp:%B %Y}"
    return f"{stamp.day} {stamp:%B %Y}"


def glue(name: str, text: str) -> str:
    """Glue a pre-formatted string under `name` for `{glue:text}` in the prose; returns the string."""
    from myst_nb import glue as nb_glue

    nb_glue(name, text, display=False)
    return text
