"""Every chart: title, source line, description, and colour never the only carrier of meaning."""

from __future__ import annotations

import functools
import json
import re

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


def _font_sizes(spec) -> list:
    """Every font size a spec sets (fontSize, labelFontSize, titleFontSize, ...), in document order."""
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key.lower().endswith("fontsize") and isinstance(value, int | float):
                found.append((key, value))
            else:
                found += _font_sizes(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _font_sizes(value)
    return found


def _facets(spec) -> list[dict]:
    if isinstance(spec, dict):
        found = [spec["facet"]] if isinstance(spec.get("facet"), dict) else []
        return found + [f for value in spec.values() for f in _facets(value)]
    if isinstance(spec, list):
        return [f for value in spec for f in _facets(value)]
    return []


@functools.cache
def _spec_text(name: str) -> str:
    return json.dumps(charts.build(name).to_dict())


@pytest.mark.parametrize("name", charts.names())
@pytest.mark.parametrize("width", [340, 680])
def test_fitting_re_lays_out_and_never_shrinks_type(name: str, width: int):
    from briefing.render import WRAP_MAX, fit_spec

    spec = json.loads(_spec_text(name))
    fitted = fit_spec(spec, width, 0.5)
    assert _font_sizes(fitted) == _font_sizes(spec), "fitting changed a font size"
    title = fitted["title"]
    assert " ".join(title["text"]) == spec["title"]["text"]
    lines = title["text"] + list(title.get("subtitle") or []) + fitted["vconcat"][0]["title"]["text"]
    assert all(len(line) <= WRAP_MAX or " " not in line for line in lines)
    assert max(len(line) for line in title["text"]) <= max(width // 11, max(map(len, spec["title"]["text"].split())))
    source = " ".join(fitted["vconcat"][0]["title"]["text"])
    assert source == chart_meta(spec)["source"], "the source line lost or changed words"
    text = json.dumps(fitted)
    facets = [set(block) for block in _facets(fitted)]
    assert width >= 560 or {"column"} not in facets, "a narrow chart kept its facet columns"
    for limit in re.findall(r'"labelLimit": (\d+)', text):
        assert 0 < int(limit) <= width


def test_a_chart_fits_a_phone_by_re_layout():
    """vl-convert draws the fitted chart no wider than the phone's column, its type at the designed sizes."""
    from briefing.render import fit_to_width

    spec = charts.build("blockade-phases").to_dict()
    fitted, svg = fit_to_width(spec, 340)
    width = float(re.search(r'<svg[^>]*?\swidth="([\d.]+)"', svg).group(1))
    assert width <= 340
    sizes = {float(s) for s in re.findall(r'font-size="([\d.]+)px"', svg) +
             re.findall(r'font-size:\s*([\d.]+)px', svg)}
    assert sizes and min(sizes) >= 10


def test_each_chart_has_its_name_and_title_given_once():
    """The name is given once (to `register`), the title once (to `finish`): no builder repeats either, and every
    built chart carries its registered name."""
    import re
    from pathlib import Path

    from briefing import charts as package

    for module in Path(package.__file__).parent.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert not re.search(r"@register\([^)]*title=", text), module.name
        for name in re.findall(r'@register\("([^"]+)"', text):
            assert text.count(f'"{name}"') == 1, f"{module.name}: {name!r} written more than once"
    for name in package.names():
        assert package.build(name).to_dict()["usermeta"]["briefing"]["name"] == name
