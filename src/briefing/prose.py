"""Format numbers for prose and glue them into the page, so no figure is ever typed by hand."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from pathlib import Path

import pandas as pd


def integer(value: float) -> str:
    """A whole number with thousands separators: 120000 -> '120,000'."""
    return f"{round(float(value)):,}"


_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve")


def words(value: float) -> str:
    """A small count in words, as running text wants it: 3 -> 'three'; from 13 on, digits: 42 -> '42'."""
    number = round(float(value))
    if number != float(value):
        raise ValueError(f"words() takes a whole count, not {value!r}")
    return _WORDS[number] if 0 <= number < len(_WORDS) else integer(number)


def decimal(value: float, places: int = 1) -> str:
    """A number to a fixed number of decimal places: 3.448 -> '3.4'."""
    return f"{float(value):,.{places}f}"


def usd(value: float) -> str:
    """A dollar amount in words of scale: 754e6 -> '$754 million', 2.6e9 -> '$2.6 billion', 999.6e6 -> '$1 billion'.

    The scale is chosen after rounding, so a value that rounds up to the next scale is written in it.
    """
    value = float(value)
    sign = "-" if value < 0 else ""
    size = abs(value)
    if size >= 1e9 or round(size / 1e6) >= 1000:
        return f"{sign}${size / 1e9:,.1f} billion".replace(".0 billion", " billion")
    if round(size / 1e6) >= 1:
        return f"{sign}${size / 1e6:,.0f} million"
    return f"{sign}${size:,.0f}"


def date(value: dt.date | pd.Timestamp, precision: str = "day") -> str:
    """A date in the house style: '12 December 2022', 'December 2022' or '2022' by precision."""
    stamp = pd.Timestamp(value)
    if precision == "year":
        return f"{stamp.year}"
    if precision in ("month", "approximate"):
        return f"{stamp:%B %Y}"
    return f"{stamp.day} {stamp:%B %Y}"


_ON_OR_AFTER = re.compile(r"^(?:written )?(on or after .*\b(?:19|20)\d\d)$")
_MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WHEN = re.compile(rf"^(?:(?:early|mid|late|about) )?(?:(?:\d{{1,2}} )?{_MONTH}"
                   rf"(?: (?:or|to) (?:(?:early|mid|late) )?(?:\d{{1,2}} )?{_MONTH})? )?(?:19|20)\d\d$")


def source_date(source: pd.Series) -> str:
    """When a source was written, no more exactly than its date note allows: '22 May 2023',
    'on or after 6 September 2023', 'late September or October 2023 (approx.)'.

    A note that opens 'approximate: <when>, ...' gives <when>; without a usable <when>, the month of `published`.
    """
    published = source.get("published")
    if published is None or pd.isna(published):
        return "no date stated"
    note = "" if pd.isna(source.get("date_note")) else str(source.get("date_note") or "").strip()
    if not note.startswith("approximate"):
        return date(published, "day")
    head = re.split(r"[,;]|\.(?:\s|$)", note.removeprefix("approximate").lstrip(" :"), maxsplit=1)[0].strip()
    after = _ON_OR_AFTER.match(head)
    if after:
        return after.group(1)
    return f"{head if _WHEN.match(head) else date(published, 'month')} (approx.)"


GLUE_REFERENCE = re.compile(r"\{glue(?::[a-z]+)?\}`([^`]+)`|^[`:]{3,}\{glue(?::[a-z]+)?\}\s+(\S+)", re.M)


def keys_used(text: str) -> set[str]:
    """The glue keys a chapter's text refers to (`{glue:text}`key``, `{glue}`key``, glue directives)."""
    return {a or b for a, b in GLUE_REFERENCE.findall(text)}


def glue(name: str, text: str, *, bulk: bool = False) -> str:
    """Glue a pre-formatted string under `name` for `{glue:text}` in the prose; returns the string.

    Only the book build reads glued values: elsewhere (a notebook front end) nothing is displayed or imported.
    In the build each key is logged, so that a key glued twice, or glued by the chapter and never used, fails the
    chapter (briefing.sphinx.glue); `bulk` marks the package's own gluers below.
    """
    from briefing.paths import ENV_BOOK_BUILD, ENV_GLUE_LOG

    if os.environ.get(ENV_BOOK_BUILD):
        from myst_nb import glue as nb_glue

        nb_glue(name, text, display=False)
        if log := os.environ.get(ENV_GLUE_LOG):
            with open(log, "a", encoding="utf-8") as out:
                out.write(json.dumps({"key": name, "bulk": bulk}) + "\n")
    return text


def glue_each(values: dict[str, str]) -> int:
    """Glue a family of values computed together (one per row of a table, say), each under its key; in the book
    build only the keys the chapter's text uses. Returns how many were glued."""
    keys = _wanted(list(values))
    for key in keys:
        glue(key, values[key], bulk=True)
    return len(keys)


def _wanted(keys: list[str]) -> list[str]:
    """Of the keys a bulk gluer could glue, those the chapter being built uses (all of them outside a build)."""
    from briefing.paths import chapter_source

    source = chapter_source()
    if source is None or not source.is_file():
        return keys
    used = _keys_in_file(str(source), source.stat().st_mtime_ns)
    return [key for key in keys if key in used]


@functools.lru_cache(maxsize=8)
def _keys_in_file(path: str, mtime_ns: int) -> frozenset[str]:
    """The glue keys a chapter file uses, read once per version of the file (the bulk gluers each ask)."""
    return frozenset(keys_used(Path(path).read_text(encoding="utf-8")))


# Units whose small values read better as digits ("15 percent", "5 km") than as words.
_DIGIT_UNITS = {"percent", "km"}

_QUALIFIER = {"exact": "{}", "about": "about {}", "nearly": "nearly {}", "at_least": "at least {}",
              "more_than": "more than {}", "range_low": "{}", "range_high": "{}"}


def figure_text(figure_id: str, figures: pd.DataFrame | None = None) -> str:
    """A stated figure as prose, with its qualifier: 'about 120,000', 'at least 3', 'more than 100,000'."""
    from briefing.data import load
    from briefing.lookup import row

    figures = load("figures") if figures is None else figures
    found = row(figures, "figures", "figure_id", figure_id)
    value = float(found["value"])
    unit = str(found["unit"]) if "unit" in found else ""
    if value != round(value):
        text = decimal(value)
    elif unit in _DIGIT_UNITS:
        text = integer(value)
    else:
        text = words(value)
    return _QUALIFIER[str(found["qualifier"])].format(text)


def quote(claim_id: str, claims: pd.DataFrame | None = None) -> str:
    """The verbatim quotation of a claim, by key, in typographic quotation marks."""
    from briefing.data import load
    from briefing.lookup import row

    claims = load("claims") if claims is None else claims
    return f"“{row(claims, 'claims', 'claim_id', claim_id)['quote']}”"


def glue_figures(figures: pd.DataFrame | None = None, prefix: str = "f_") -> int:
    """Glue the stated figures as `f_<figure_id>`, with their qualifiers (in the book build, those the chapter
    uses); returns how many."""
    from briefing.data import load

    figures = load("figures") if figures is None else figures
    keys = _wanted([f"{prefix}{figure_id}" for figure_id in figures["figure_id"]])
    for key in keys:
        glue(key, figure_text(key.removeprefix(prefix), figures), bulk=True)
    return len(keys)


def glue_event_dates(events: pd.DataFrame | None = None, prefix: str = "d_") -> int:
    """Glue the events' dates in house style as `d_<event_id>`, and the local times the sources give as
    `t_<event_id>` (in the book build, those the chapter uses); returns how many."""
    from briefing.data import load

    events = load("events") if events is None else events
    values = {f"{prefix}{row.event_id}": date(row.date, str(row.date_precision))
              for row in events.itertuples(index=False)}
    if "time_local" in events.columns:
        timed = events[events["time_local"].notna() & (events["time_local"] != "")]
        values |= {f"t_{row.event_id}": str(row.time_local) for row in timed.itertuples(index=False)}
    return glue_each(values)
