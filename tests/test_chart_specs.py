"""Every chart: title, source line, description, and colour never the only carrier of meaning."""

from __future__ import annotations

import pytest

from briefing import charts
from briefing.render import chart_meta

OTHER_CHANNELS = {"x", "y", "shape", "strokeDash", "text", "row", "column", "facet", "xOffset", "yOffset", "size"}


def encodings(spec: dict) -> list[dict]:
    """Every encoding block in a (possibly nested) Vega-Lite spec."""
    found = []
    if isinstance(spec, dict):
        if isinstance(spec.get("encoding"), dict):
            found.append(spec["encoding"])
        if isinstance(spec.get("facet"), dict):
            found.append({k: v for k, v in spec["facet"].items() if isinstance(v, dict)} or
                         {"facet": spec["facet"]})
        for key in ("layer", "vconcat", "hconcat", "concat"):
            for child in spec.get(key, []) or []:
                found += encodings(child)
        if isinstance(spec.get("spec"), dict):
            found += encodings(spec["spec"])
    return found


def field_of(channel) -> str | None:
    if isinstance(channel, dict):
        return channel.get("field")
    return None


@pytest.mark.parametrize("name", charts.names())
def test_chart_has_title_source_and_description(name: str):
    spec = charts.build(name).to_dict()
    meta = chart_meta(spec)
    assert meta["name"] == name
    assert spec["title"]["text"]
    assert meta["source"].startswith("Source: ")
    assert len(meta["description"].split()) >= 15
    assert spec["description"].startswith(spec["title"]["text"])


@pytest.mark.parametrize("name", charts.names())
def test_colour_is_never_the_only_carrier_of_meaning(name: str):
    spec = charts.build(name).to_dict()
    blocks = encodings(spec)
    channels_by_field: dict[str, set[str]] = {}
    for block in blocks:
        for channel, value in block.items():
            for item in value if isinstance(value, list) else [value]:
                field = field_of(item)
                if field:
                    channels_by_field.setdefault(field, set()).add(channel)
    for block in blocks:
        colour = block.get("color")
        field = field_of(colour)
        if not field or colour.get("type") == "quantitative":
            continue
        others = channels_by_field[field] & OTHER_CHANNELS
        assert others, f"{name}: colour field {field!r} is carried by colour alone"
