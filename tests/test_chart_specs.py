"""Every chart: title, source line, description, and colour never the only carrier of meaning."""

from __future__ import annotations

import functools
import html
import json
import re

import pytest

from briefing import charts
from briefing.render import chart_meta

TITLE_MAX_CHARS = 90
OTHER_CHANNELS = {"x", "y", "shape", "strokeDash", "text", "row", "column", "facet", "xOffset", "yOffset", "size"}


def encodings(spec: dict) -> list[dict]:
    """Every encoding block in a (possibly nested) Vega-Lite spec (a facet's row/column fields as one block)."""
    found = []
    for node in _nodes(spec):
        if isinstance(node.get("encoding"), dict):
            found.append(node["encoding"])
        if isinstance(node.get("facet"), dict):
            found.append({k: v for k, v in node["facet"].items() if isinstance(v, dict)} or {"facet": node["facet"]})
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
    # A title a phone can take: at most four lines at 390 px (CONTRIBUTING gives the same limit).
    assert len(spec["title"]["text"]) <= TITLE_MAX_CHARS, f"{name}: title of {len(spec['title']['text'])} characters"
    # The plot is sized (the page narrows it to fit, never widens it): an unsized chart draws crowded bars.
    sizes = [node.get("width") for node in _nodes(spec) if isinstance(node.get("width"), int | float | dict)]
    assert sizes, f"{name}: no plot in it is given a width"


def _nodes(spec: dict) -> list[dict]:
    """Every view in a (possibly nested) Vega-Lite spec."""
    found = [spec]
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key, []) or []:
            found += _nodes(child)
    if isinstance(spec.get("spec"), dict):
        found += _nodes(spec["spec"])
    return found


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


def _entries(spec, stop: frozenset[str] = frozenset()):
    """Every (key, value) of every mapping in a JSON tree, in document order; the values of keys in `stop` are
    yielded but not walked into."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            yield key, value
            if key not in stop:
                yield from _entries(value, stop)
    elif isinstance(spec, list):
        for value in spec:
            yield from _entries(value, stop)


def _font_sizes(spec) -> list:
    """Every font size a spec sets (fontSize, labelFontSize, titleFontSize, ...), in document order."""
    return [(key, value) for key, value in _entries(spec)
            if key.lower().endswith("fontsize") and isinstance(value, int | float)]


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
    from briefing.render import NARROW, WRAP_MAX, fit_spec

    spec = json.loads(_spec_text(name))
    fitted = fit_spec(spec, width, 0.5)
    # Below NARROW a chart whose builder gives a layout for narrow screens is drawn in that layout, at its sizes.
    designed = json.loads(_spec_text(name))
    variant = designed["usermeta"]["briefing"].get("narrow")
    if variant and width < NARROW:
        designed["vconcat"][0] = variant
        assert fitted["vconcat"][0].get("height") == variant.get("height") != spec["vconcat"][0].get("height")
    assert _font_sizes(fitted) == _font_sizes(designed), "fitting changed a font size"
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


@functools.cache
def _source_ids() -> frozenset[str]:
    from briefing.data import load

    return frozenset(load("sources")["source_id"].astype(str))


LEGEND_CHANNELS = {"color", "fill", "stroke", "shape", "strokeDash", "size", "opacity"}


def _shown_fields(spec) -> list[tuple[str, str]]:
    """(channel, field) for every field a reader sees as text: each tooltip field, each nominal or ordinal axis's
    or legend's labels, each text mark's text, in a (possibly nested) spec."""
    shown = []
    for block in encodings(spec):
        for channel, value in block.items():
            for item in value if isinstance(value, list) else [value]:
                field = field_of(item)
                if not field:
                    continue
                named = item.get("type") in ("nominal", "ordinal")
                axis_labels = channel in ("x", "y") and named and item.get("axis", {}) is not None
                legend_labels = channel in LEGEND_CHANNELS and named and item.get("legend", {}) is not None
                if channel in ("tooltip", "text") or axis_labels or legend_labels:
                    shown.append((channel, field))
    return shown


def _inline_rows(spec) -> list[dict]:
    """Every row of inline data in a spec: its top-level datasets and any `data.values`, however nested."""
    rows = []
    for key, value in _entries(spec, stop=frozenset({"datasets", "values"})):
        if key in ("datasets", "values") and isinstance(value, dict | list):
            tables = value.values() if isinstance(value, dict) else [value]
            rows += [row for table in tables if isinstance(table, list) for row in table if isinstance(row, dict)]
    return rows


@pytest.mark.parametrize("name", charts.names())
def test_no_tooltip_or_axis_label_shows_a_source_id(name: str):
    """Readers see publications and dates ('Crisis Group, 22 May 2023'), never a table id: no tooltip reads a
    source id column, and no value shown in a tooltip, as a mark's text or as an axis or legend label is a source
    id."""
    spec = json.loads(_spec_text(name))
    shown = _shown_fields(spec)
    tooltip_fields = {field for channel, field in shown if channel == "tooltip"}
    assert not {f for f in tooltip_fields if f == "source_id" or f.endswith("_source_id")}, \
        f"{name}: a tooltip shows a source id column"
    rows = _inline_rows(spec)
    ids = _source_ids()
    fields = {field for _, field in shown}
    # A value, or any item of a list joined with commas or semicolons ("icg_2023, rs_2023").
    leaked = sorted({f"{field}={row[field]}" for row in rows for field in fields if field in row
                     and ids & {str(row[field]).strip(), *(p.strip() for p in re.split(r"[;,]", str(row[field])))}})
    assert rows, f"{name}: no inline data found"
    assert not leaked, f"{name}: source ids shown to readers: {leaked[:5]}"


def _axis_titles(fitted: dict) -> list[tuple[str, int | None]]:
    """Each line of each axis title a fitted spec draws, with the title limit in effect for it."""
    config = (fitted.get("config") or {}).get("axis") or {}
    found = []
    for block in encodings(fitted):
        for channel in ("x", "y"):
            chan = block.get(channel)
            if not isinstance(chan, dict) or not chan.get("title") or "axis" in chan and chan["axis"] is None:
                continue
            limit = (chan.get("axis") or {}).get("titleLimit") or config.get("titleLimit")
            found += [(line, limit) for line in (chan["title"] if isinstance(chan["title"], list) else [chan["title"]])]
    return found


def test_no_axis_title_is_cut_on_a_phone():
    """Fitted to a phone's 304 px column, no chart's axis title is cut ("...unit (esti..."): a long one wraps onto
    lines within its limit. Vega itself judges: every title line of every chart is drawn (vl-convert, one drawing)
    as bold text at the axis title size under its title limit, and none may end in an ellipsis; and the chart that
    was cut is drawn whole, to tie the judgement to a real axis."""
    from briefing.render import chart_svg, fit_spec

    lines, font = [], None
    for name in charts.names():
        fitted = fit_spec(json.loads(_spec_text(name)), 304, 0.5)
        size = fitted["config"]["axis"].get("titleFontSize", 11)
        font = fitted["config"].get("font")
        lines += [(name, line, limit, size) for line, limit in _axis_titles(fitted)]
    assert any(name == "supply-shortfall" for name, *_ in lines)
    layers = [{"mark": {"type": "text", "text": line, "fontSize": size, "fontWeight": "bold", "font": font,
                        "align": "left", "baseline": "top", "x": 0, "y": 20 * i, **({"limit": limit} if limit else {})}}
              for i, (_, line, limit, size) in enumerate(lines)]
    svg = chart_svg({"data": {"values": [{}]}, "layer": layers, "width": 400, "height": 20 * len(lines)})
    drawn = [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"<text[^>]*>.*?</text>", svg, flags=re.S)]
    assert len(drawn) == len(lines)
    cut = [f"{name}: {line!r} (limit {limit})" for (name, line, limit, _), text in zip(lines, drawn, strict=True)
           if "\u2026" in text]
    assert not cut, f"axis titles cut at 304 px: {cut}"
    spec = json.loads(_spec_text("supply-shortfall"))
    spec.pop("datasets")  # the axes are drawn all the same, and the drawing takes a blink
    titles = re.findall(r'<g class="mark-text role-axis-title"[^>]*>(.*?)</g>', chart_svg(fit_spec(spec, 304, 0.5)),
                        flags=re.S)
    whole = " ".join(re.sub(r"<[^>]+>", " ", t) for t in titles)
    assert titles and "\u2026" not in whole and "(estimate)" in whole, whole


def test_the_timeline_turns_upright_below_the_narrow_width():
    """The timeline's builder gives a layout for narrow screens: below NARROW the fitting rule draws it (time runs
    down the page, an actor a column), above it the wide one (time across, an actor a row); the marks, their menus
    and their tooltips are the same in both, and the narrow layout's phase labels are spaced not to overlap."""
    from briefing.charts.index import LABEL_GAP, LABEL_LINE
    from briefing.render import NARROW, fit_spec

    spec = json.loads(_spec_text("timeline"))

    def events(fitted: dict) -> dict:
        return next(layer for layer in fitted["vconcat"][0]["layer"] if layer.get("name") == "events")

    wide, narrow = events(fit_spec(spec, NARROW + 100)), events(fit_spec(spec, NARROW - 100))
    assert wide["encoding"]["x"]["field"] == "date" and wide["encoding"]["y"]["field"] == "actor"
    assert narrow["encoding"]["y"]["field"] == "date" and narrow["encoding"]["x"]["field"] == "actor"
    assert narrow["encoding"]["y"]["scale"]["reverse"] is True  # the earliest at the top
    assert narrow["encoding"]["tooltip"] == wide["encoding"]["tooltip"]
    assert narrow.get("transform") == wide.get("transform")
    phases = next(rows for rows in spec["datasets"].values() if rows and "label_px" in rows[0])
    for above, below in zip(phases, phases[1:], strict=False):
        assert below["label_px"] >= above["label_px"] + above["label_text"].count("|") * LABEL_LINE + LABEL_LINE + \
            LABEL_GAP - 1e-9, (above, below)
        assert below["label_px"] >= below["band_px"]
