"""Rules across tables that a Frictionless schema cannot state."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from briefing.data import descriptor, load, resource, table_names
from briefing.faults import Fault, display_path

# Tables whose rows carry an `outside_documents` flag that must agree with the sources table.
FLAGGED = ("events", "figures", "people")


def _line(index: int) -> int:
    return int(index) + 2  # header is line 1


def _party_fields(shown: str, index: int, row: pd.Series) -> list[Fault]:
    """A claim gives a party's position (voice and role filled) exactly when its party is not none."""
    if "party" not in row.index:
        return []
    analysis = str(row["party"]) == "none"
    return [Fault(shown, _line(index), field,
                  "must be empty when party is none (the document's own analysis)" if analysis
                  else f"is required when party is {row['party']!r}")
            for field in ("voice", "role") if pd.isna(row.get(field)) != analysis] + _also_parties(shown, index, row)


def _also_parties(shown: str, index: int, row: pd.Series) -> list[Fault]:
    """`also_parties` (party:role pairs, for the role cards) names other parties than the row's own, and only
    when the row gives a party's case at all."""
    also = row.get("also_parties")
    if also is None or pd.isna(also):
        return []
    parties = [pair.split(":", 1)[0] for pair in str(also).split(";")]
    if str(row["party"]) == "none":
        return [Fault(shown, _line(index), "also_parties", "must be empty when party is none (the document's own "
                      "analysis)")]
    if str(row["party"]) in parties or len(set(parties)) != len(parties):
        return [Fault(shown, _line(index), "also_parties", "names each party once, not the row's own party")]
    return []


def check_rules(folder: Path) -> list[Fault]:
    """Faults in cross-table rules; assumes the package already passed schema validation."""
    names = set(table_names(folder))
    faults: list[Fault] = []
    sources = load("sources", folder).set_index("source_id")
    in_five = sources["in_five_documents"].to_dict()
    for name in FLAGGED:
        if name not in names:
            continue
        table = load(name, folder)
        shown = display_path(folder / resource(name, folder)["path"])
        for index, row in table.iterrows():
            expected = not in_five.get(row["source_id"], False)
            if bool(row["outside_documents"]) != expected:
                faults.append(Fault(shown, _line(index), "outside_documents",
                                    f"must be {str(expected).lower()}: source {row['source_id']!r} is "
                                    f"{'not ' if expected else ''}one of the five documents"))
    if "claims" in names:
        claims = load("claims", folder)
        shown = display_path(folder / resource("claims", folder)["path"])
        for index, row in claims.iterrows():
            if not in_five.get(row["source_id"], False):
                faults.append(Fault(shown, _line(index), "source_id",
                                    f"quotations come from the five documents; {row['source_id']!r} is not one"))
            faults += _party_fields(shown, index, row)
    package_as_of = descriptor(folder).get("as_of")
    if "events" in names and package_as_of:
        events = load("events", folder)
        shown = display_path(folder / resource("events", folder)["path"])
        for index, row in events[events["date"] > pd.Timestamp(package_as_of)].iterrows():
            faults.append(Fault(shown, _line(index), "date",
                                f"{row['date']:%Y-%m-%d} is after the package's as_of date {package_as_of}"))
    if "forecasts" in names:
        forecasts = load("forecasts", folder)
        shown = display_path(folder / resource("forecasts", folder)["path"])
        for index, row in forecasts.iterrows():
            if not in_five.get(row["source_id"], False):
                faults.append(Fault(shown, _line(index), "source_id",
                                    f"forecasts come from the five documents; {row['source_id']!r} is not one"))
            if in_five.get(row["outcome_source_id"], False):
                faults.append(Fault(shown, _line(index), "outcome_source_id",
                                    f"an outcome needs a source outside the five documents; "
                                    f"{row['outcome_source_id']!r} is one of them"))
    if "events" in names and "actors" in names:
        actors = set(load("actors", folder)["actor_id"])
        events = load("events", folder)
        shown = display_path(folder / resource("events", folder)["path"])
        for index, row in events.iterrows():
            for actor in str(row["actors"]).split(";"):
                if actor not in actors:
                    faults.append(Fault(shown, _line(index), "actors", f"unknown actor {actor!r} (not in actors)"))
        starts = events[events["starts_phase"].fillna(False)]
        for phase in events["phase"].cat.categories:
            count = int((starts["phase"] == phase).sum())
            used = bool((events["phase"] == phase).any())
            if used and count != 1:
                where = _line(starts.index[starts["phase"] == phase][1]) if count > 1 else 1
                faults.append(Fault(shown, where, "starts_phase",
                                    f"phase {phase!r} needs exactly one opening event, has {count}"))
    faults += _official_budget_faults(folder, names)
    faults += _label_name_faults(folder)
    return faults


_YEAR_AT_END = re.compile(r"\b(?:1[89]|20)\d\d$")


def _label_name_faults(folder: Path) -> list[Fault]:
    """The names the bibliography's labels start with: no year of their own (the label adds the date, so
    'Crisis Group 2020' would print [Crisis Group 2020 2020]), and one spelling for each name."""
    from briefing.bib import label_name

    sources = load("sources", folder)
    shown = display_path(folder / resource("sources", folder)["path"])
    faults, spellings = [], {}
    for index, row in sources.iterrows():
        name = label_name(row)
        if _YEAR_AT_END.search(name):
            faults.append(Fault(shown, _line(index), "short_name",
                                f"{name!r} ends in a year; the label adds the source's date itself"))
        first = spellings.setdefault(re.sub(r"[^0-9a-z]", "", name.casefold()), name)
        if first != name:
            faults.append(Fault(shown, _line(index), "short_name",
                                f"{name!r} is spelled {first!r} elsewhere; labels keep one spelling for a name"))
    return faults


def _official_budget_faults(folder: Path, names: set[str]) -> list[Fault]:
    """The official budgets (one per party) are for one year that SIPRI's series covers, with the year after
    (the military-balance chapter sets them beside SIPRI's estimates for that year and the next)."""
    if "military_spending" not in names:
        return []
    spending = load("military_spending", folder)
    shown = display_path(folder / resource("military_spending", folder)["path"])
    official = spending[spending["measure"] == "official_budget"]
    sipri = spending[spending["measure"] == "sipri_expenditure"]
    faults = []
    for index, row in official.iterrows():
        years = set(sipri.loc[sipri["country"] == row["country"], "year"].dropna().astype(int))
        year = int(row["year"])
        if not {year, year + 1} <= years:
            faults.append(Fault(shown, _line(index), "year",
                                f"an official budget's year needs SIPRI's estimate for it and the year after; "
                                f"{row['country']} has none for {year if year not in years else year + 1}"))
    if official["year"].nunique() > 1:
        faults.append(Fault(shown, _line(official.index[-1]), "year",
                            "the official budgets must all be for the same year, as the source gives them"))
    return faults
