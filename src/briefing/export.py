"""Save charts as PNG or SVG with vl-convert, for slides and handouts.

Two variants: `book`, the chart as the book draws it; and `slide`, the same chart drawn for a 16:9 slide: its
views stretched (taller or wider) until the whole drawing is close to 16:9 and then padded to it exactly, every
screen-only hint (hover, click, choose in a menu: `briefing.screen_hints`) left out of its subtitle, and no
interaction (it is a picture).
"""

from __future__ import annotations

import copy
import json
import math
import re
import struct
import textwrap
from pathlib import Path

import vl_convert

from briefing import charts
from briefing.screen_hints import subtitle_without_hints

MIN_PNG_WIDTH = 1200  # pixels: wide enough for a projected slide
SLIDE_SIZE = (1600, 900)  # pixels of a slide-variant PNG: 16:9
SLIDE_ASPECT = SLIDE_SIZE[0] / SLIDE_SIZE[1]
SLIDE_WRAP = 110  # characters per line of a slide chart's subtitle and source line
VARIANTS = ("book", "slide")
CONTAINER_WIDTH = 640  # a view sized to its container is drawn this wide when exported
SIZE_KEYS = {"width": 0, "height": 1}  # index into (width, height)


def spec_for(name: str, variant: str = "book") -> dict:
    """The Vega-Lite spec of a registered chart, in one of the two variants."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}: {' or '.join(VARIANTS)}")
    spec = _static_sizes(charts.build(name).to_dict())
    return slide_spec(spec) if variant == "slide" else spec


def export(name: str, fmt: str, out: Path, scale: float = 2.0, variant: str = "book") -> Path:
    """Write one registered chart to `out/<name>.<fmt>` and return the path."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown format {fmt!r}: png or svg")
    spec = spec_for(name, variant)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.{fmt}"
    if fmt == "svg":
        target.write_text(vl_convert.vegalite_to_svg(spec), encoding="utf-8")
        return target
    if variant == "slide":  # exactly SLIDE_SIZE: the drawing is 16:9 already
        width, _ = svg_size(vl_convert.vegalite_to_svg(spec))
        target.write_bytes(vl_convert.vegalite_to_png(spec, scale=SLIDE_SIZE[0] / width))
        return target
    png = vl_convert.vegalite_to_png(spec, scale=scale)
    width = struct.unpack(">I", png[16:20])[0]
    if width < MIN_PNG_WIDTH:  # narrow charts are scaled up so that every slide image is sharp
        png = vl_convert.vegalite_to_png(spec, scale=math.ceil(scale * MIN_PNG_WIDTH / width * 100) / 100)
    target.write_bytes(png)
    return target


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height of a drawing, from its root <svg> element."""
    match = re.search(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"', svg)
    if not match:
        raise ValueError("no width and height on the SVG root")
    return float(match.group(1)), float(match.group(2))


def _size(spec: dict) -> tuple[float, float]:
    return svg_size(vl_convert.vegalite_to_svg(spec))


def _static_sizes(spec: dict) -> dict:
    """A view sized to its container has no size outside a page: give it a fixed width."""

    def fix(node):
        if isinstance(node, dict):
            for key in ("width", "height"):
                if node.get(key) == "container":
                    node[key] = CONTAINER_WIDTH if key == "width" else CONTAINER_WIDTH * 9 // 16
            for value in node.values():
                fix(value)
        elif isinstance(node, list):
            for value in node:
                fix(value)
        return node

    return fix(copy.deepcopy(spec))


def without_interaction(lines: str | list[str] | None) -> list[str]:
    """A subtitle with every screen-only hint left out (`briefing.screen_hints`: hover, click, choose in a
    menu ...), rewrapped for a slide."""
    return textwrap.wrap(subtitle_without_hints(lines), SLIDE_WRAP)


def _scale_views(spec: dict, axis: str, factor: float) -> dict:
    """A copy of a finished chart with every view's height (or width) times `factor` (steps included)."""
    out = copy.deepcopy(spec)

    def walk(node):
        if isinstance(node, dict):
            value = node.get(axis)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                node[axis] = max(1, round(value * factor))
            elif isinstance(value, dict) and isinstance(value.get("step"), (int, float)):
                node[axis] = {**value, "step": max(1, round(value["step"] * factor, 1))}
            for key, child in node.items():
                if key not in ("data", "datasets", "encoding", "mark", "params", "transform", "scale", "usermeta"):
                    walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(out["vconcat"][0] if "vconcat" in out else out)
    return out


def _has_size(spec: dict, axis: str) -> bool:
    return _scale_views(spec, axis, 2.0) != spec


def slide_spec(spec: dict) -> dict:
    """The slide variant of a finished chart's spec: no hover hints, wider text lines, drawn at 16:9."""
    spec = copy.deepcopy(spec)
    title = spec.get("title")
    if isinstance(title, dict):
        title = dict(title)
        subtitle = without_interaction(title.get("subtitle"))
        title["subtitle"] = subtitle or ""
        spec["title"] = title
    source = (spec.get("usermeta", {}).get("briefing", {}) or {}).get("source")
    if source and "vconcat" in spec and isinstance(spec["vconcat"][0].get("title"), dict):
        spec["vconcat"][0]["title"] = {**spec["vconcat"][0]["title"], "text": textwrap.wrap(source, SLIDE_WRAP)}
    width, height = _size(spec)
    axis = "height" if width / height > SLIDE_ASPECT else "width"
    if _has_size(spec, axis) and not (axis == "width" and '"projection"' in json.dumps(spec)):
        # (a map is fitted to its view: a wider view would not draw more of it, so it is only padded)
        # The drawing grows linearly with its views' size: two drawings give the factor that makes it 16:9.
        index = SIZE_KEYS[axis]
        goal = width / SLIDE_ASPECT if axis == "height" else height * SLIDE_ASPECT
        first = (width, height)[index]
        second = _size(_scale_views(spec, axis, 1.5))[index]
        if second > first:
            factor = min(3.0, max(1.0, 1 + 0.5 * (goal - first) / (second - first)))
            spec = _scale_views(spec, axis, factor)
            width, height = _size(spec)
    return _pad_to_aspect(spec, width, height)


def _pad_to_aspect(spec: dict, width: float, height: float) -> dict:
    """Pad the drawing evenly on two sides until it is exactly 16:9."""
    base = spec.get("padding", spec.get("config", {}).get("padding", 5))
    pad = {"left": base, "right": base, "top": base, "bottom": base} if isinstance(base, (int, float)) else dict(base)
    if width / height > SLIDE_ASPECT:
        extra = width / SLIDE_ASPECT - height
        pad["top"] += extra / 2
        pad["bottom"] += extra / 2
    else:
        extra = height * SLIDE_ASPECT - width
        pad["left"] += extra / 2
        pad["right"] += extra / 2
    spec["padding"] = pad
    return spec
