"""Save charts as PNG or SVG with vl-convert, for slides and handouts."""

from __future__ import annotations

import math
import struct
from pathlib import Path

import vl_convert

from briefing import charts

MIN_PNG_WIDTH = 1200  # pixels: wide enough for a projected slide


def export(name: str, fmt: str, out: Path, scale: float = 2.0) -> Path:
    """Write one registered chart to `out/<name>.<fmt>` and return the path."""
    spec = charts.build(name).to_dict()
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.{fmt}"
    if fmt == "png":
        png = vl_convert.vegalite_to_png(spec, scale=scale)
        width = struct.unpack(">I", png[16:20])[0]
        if width < MIN_PNG_WIDTH:  # narrow charts are scaled up so that every slide image is sharp
            png = vl_convert.vegalite_to_png(spec, scale=math.ceil(scale * MIN_PNG_WIDTH / width * 100) / 100)
        target.write_bytes(png)
    elif fmt == "svg":
        target.write_text(vl_convert.vegalite_to_svg(spec), encoding="utf-8")
    else:
        raise ValueError(f"unknown format {fmt!r}: png or svg")
    return target
