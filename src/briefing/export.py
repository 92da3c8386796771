"""Save charts as PNG or SVG with vl-convert, for slides and handouts."""

from __future__ import annotations

from pathlib import Path

import vl_convert

from briefing import charts


def export(name: str, fmt: str, out: Path, scale: float = 2.0) -> Path:
    """Write one registered chart to `out/<name>.<fmt>` and return the path."""
    spec = charts.build(name).to_dict()
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.{fmt}"
    if fmt == "png":
        target.write_bytes(vl_convert.vegalite_to_png(spec, scale=scale))
    elif fmt == "svg":
        target.write_text(vl_convert.vegalite_to_svg(spec), encoding="utf-8")
    else:
        raise ValueError(f"unknown format {fmt!r}: png or svg")
    return target
