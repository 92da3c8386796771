"""`briefing.data.load`: tables typed as the data package declares them."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from briefing.data import UnknownTable, load, load_json, table_names
from briefing.paths import ENV_READ_LOG
from tests.helpers import DATA


def test_every_declared_table_loads_with_its_declared_columns():
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in (r for r in package["resources"] if "schema" in r):
        frame = load(res["name"], DATA)
        assert list(frame.columns) == [f["name"] for f in res["schema"]["fields"]]
        assert len(frame) > 0, res["name"]


def test_types_follow_the_schema():
    events = load("events", DATA)
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert isinstance(events["phase"].dtype, pd.CategoricalDtype)
    assert list(events["phase"].cat.categories)[0] == "war_2020"
    assert events["outside_documents"].dtype == "boolean"
    spending = load("military_spending", DATA)
    assert str(spending["year"].dtype) == "Int64"
    assert spending["value_usd"].dtype == "float64"


def test_unknown_table_is_a_clear_error():
    with pytest.raises(UnknownTable, match="no table named 'nope'"):
        load("nope", DATA)
    with pytest.raises(UnknownTable, match="not a table"):
        load("country_outlines", DATA)


def test_json_resources_load_as_json():
    outlines = load_json("country_outlines", DATA)
    names = {f["properties"]["name"] for f in outlines["features"]}
    assert {"Armenia", "Azerbaijan"} <= names


def test_reads_are_logged_when_the_build_asks(tmp_path, monkeypatch):
    log = tmp_path / "reads.jsonl"
    monkeypatch.setenv(ENV_READ_LOG, str(log))
    load("places", DATA)
    load("sources", DATA)
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["table"] for e in entries] == ["places", "sources"]
    assert all(len(e["sha256"]) == 64 for e in entries)


def test_table_names_cover_the_package():
    assert {"sources", "military_spending", "places", "events", "claims"} <= set(table_names(DATA))
