"""Render Altair charts with no network, wherever they are shown.

Inside the book build (the Sphinx extension sets $BRIEFING_BOOK_BUILD while chapters execute) a chart is HTML that
draws with the book's own copy of Vega. Anywhere else (JupyterLab, Notebook 7, VS Code, nbconvert) it is the
standard MIME bundle those front ends render themselves: the Vega-Lite 5 spec, a static SVG drawn by vl-convert as
the fallback every front end shows, and the chart's description as plain text.
"""

from __future__ import annotations

import copy
import csv
import html
import itertools
import json
import math
import os
import re
from pathlib import Path

from briefing.paths import ENV_BOOK_BUILD

RENDERER = "briefing"
# JupyterLab 4 and Notebook 7 render Vega-Lite up to v5; Altair writes v6 specs, which v5 draws (tested).
VEGA_LITE_MIME = "application/vnd.vegalite.v5+json"
VEGA_LITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
VEGA_LITE_V5 = "5.20"  # the Vega-Lite version the notebook spec is checked against (vl-convert's name for it)
_counter = itertools.count(1)

# Fitting a chart to a width (the same rule as fitSpec() in static/briefing-charts.js, which applies it in the page).
NARROW = 560  # below this width a chart reflows: facet columns become rows, legends one column, text marks capped
MIN_VIEW = 60  # no plot narrower than this (px)
TRIES = 4  # re-measures after the first two, at most
TITLE_EM = {"title": (18, 0.74), "subtitle": (14, 0.6), "source": (12, 0.6)}  # font px, mean glyph width (em)
AXIS_TITLE_EM = 0.66  # axis titles are bold
LEGEND_COLUMN_PX = 240  # a legend entry with its label takes up to this much
LEGEND_SYMBOL_PX = 30  # a legend entry's symbol and the gaps beside it
WRAP_MAX = 80  # never more characters a line than the desktop layout had
STATIC_WIDTHS = {"narrow": 340, "wide": 680}  # the static SVGs: phones, and tablets, the desktop and print column
STATIC_NARROW_MEDIA = "(max-width: 719px)"  # where the narrow static SVG is shown


class ChartMetadataMissing(ValueError):
    """A chart reached the page without a name, title, source line or description."""


def safe_json(spec: dict) -> str:
    """JSON that can sit inside a <script> element: no character of it can close the element."""
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart_meta(spec: dict) -> dict:
    """The book's metadata of a chart spec (name, description, source), checked to be complete."""
    meta = (spec.get("usermeta") or {}).get("briefing") or {}
    missing = [key for key in ("name", "description", "source") if not meta.get(key)]
    if missing or not spec.get("title"):
        raise ChartMetadataMissing(
            f"chart {meta.get('name', '(unnamed)')!r} lacks {', '.join(missing) or 'a title'}: "
            "build it with briefing.charts.finish()")
    return meta


def chart_rows(spec: dict) -> list[dict]:
    """The chart's main table: its largest dataset of flat records (geographic shapes are left out)."""
    best: list[dict] = []
    for values in (spec.get("datasets") or {}).values():
        flat = [row for row in values if isinstance(row, dict)
                and not any(isinstance(v, dict | list) for v in row.values())]
        if len(flat) == len(values) and len(flat) > len(best):
            best = flat
    return best


def write_chart_csv(spec: dict, folder: Path) -> Path | None:
    """Write the chart's main table as `<name>.csv` in `folder`."""
    rows = chart_rows(spec)
    if not rows:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    fields = list(dict.fromkeys(key for row in rows for key in row))
    target = folder / f"{chart_meta(spec)['name']}.csv"
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


def wrap_words(text: str, chars: int) -> list[str]:
    """Greedy word wrap to at most `chars` characters a line (a longer word gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _joined(text: str | list[str]) -> str:
    return text if isinstance(text, str) else " ".join(text)


def _per_line(kind: str, width: int) -> int:
    size, em = TITLE_EM[kind]
    return max(12, min(WRAP_MAX, int(width / (size * em))))


def _round(value: float) -> int:
    """Half up, as JavaScript's Math.round (Python's round() rounds halves to even)."""
    return math.floor(value + 0.5)


def _walk(node, visit) -> None:
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            _walk(value, visit)


def fit_spec(spec: dict, width: int, scale: float = 1.0, reflow: bool | None = None) -> dict:
    """The chart re-laid out for `width` px with its plots `scale` times their designed width: titles, subtitles
    and source lines re-wrapped, axis and legend labels capped, and below NARROW facet columns turned into rows,
    legends in one column and text marks capped (`reflow`, by default below NARROW; fit_to_width also reflows a
    chart that cannot shrink enough otherwise). Text keeps its size: fitting never shrinks type."""
    out = copy.deepcopy(spec)
    narrow = width < NARROW if reflow is None else reflow
    variant = ((out.get("usermeta") or {}).get("briefing") or {}).get("narrow")
    if narrow and isinstance(variant, dict) and out.get("vconcat"):
        out["vconcat"][0] = copy.deepcopy(variant)  # the builder's layout for narrow screens
    title = out.get("title")
    if isinstance(title, dict):
        title["text"] = wrap_words(_joined(title["text"]), _per_line("title", width))
        if title.get("subtitle"):
            title["subtitle"] = wrap_words(_joined(title["subtitle"]), _per_line("subtitle", width))
    inner = (out.get("vconcat") or [{}])[0]
    if isinstance(inner.get("title"), dict):
        inner["title"]["text"] = wrap_words(_joined(inner["title"]["text"]), _per_line("source", width))
    maps = "projection" in json.dumps(out)
    axis_cap = max(60, _round(width * 0.38))
    title_cap = _round(width * 0.5)
    title_px = ((out.get("config") or {}).get("axis") or {}).get("titleFontSize") or 11
    title_chars = max(8, int(title_cap / (title_px * AXIS_TITLE_EM)))
    legend_room = width - axis_cap - 40  # legends stand under the plot, right of the axis labels
    legend_cap = max(80, legend_room)
    legend_columns = max(1, legend_room // LEGEND_COLUMN_PX)

    def visit(node: dict) -> None:
        if isinstance(node.get("width"), int | float) and not isinstance(node.get("width"), bool):
            node["width"] = max(MIN_VIEW, _round(node["width"] * scale))
            if maps and isinstance(node.get("height"), int | float):
                node["height"] = max(MIN_VIEW, _round(node["height"] * scale))
        if maps and isinstance(node.get("projection"), dict):
            proj = node["projection"]
            if isinstance(proj.get("scale"), int | float):
                proj["scale"] = proj["scale"] * scale
            if isinstance(proj.get("translate"), list):
                proj["translate"] = [v * scale for v in proj["translate"]]
        axis = node.get("axis")
        if isinstance(axis, dict):
            axis["labelLimit"] = min(axis.get("labelLimit") or 10_000, axis_cap)  # 0 means no limit
            axis["titleLimit"] = min(axis.get("titleLimit") or 10_000, title_cap)
            if narrow and axis.get("labelAngle") not in (None, 0):
                axis["labelAngle"] = -90
        encoding = node.get("encoding")
        for channel in ("x", "y"):
            chan = encoding.get(channel) if isinstance(encoding, dict) else None
            axis_title = chan.get("title") if isinstance(chan, dict) else None
            if isinstance(axis_title, str | list) and len(_joined(axis_title)) > title_chars:
                # A long axis title wraps onto lines within the title limit rather than being cut.
                encoding[channel]["title"] = wrap_words(_joined(axis_title), title_chars)
        legend = node.get("legend")
        if isinstance(legend, dict):
            legend["labelLimit"] = min(legend.get("labelLimit") or 10_000, legend_cap)
            if legend.get("columns"):
                legend["columns"] = min(legend["columns"], legend_columns)
                # Each column's labels share the room: the legend stays as wide as the room beside the axis.
                legend["labelLimit"] = min(legend["labelLimit"],
                                           max(80, legend_room // legend["columns"] - LEGEND_SYMBOL_PX))
            if narrow:
                legend["direction"] = "vertical"
        header = node.get("header")
        if isinstance(header, dict):
            header["labelLimit"] = min(header.get("labelLimit") or 10_000, max(60, width - axis_cap - 30))
        mark = node.get("mark")
        if narrow and isinstance(mark, dict) and mark.get("type") == "text":
            mark["limit"] = min(mark.get("limit") or 10_000, _round(width * 0.3))
        facet = node.get("facet")
        if narrow and isinstance(facet, dict) and "column" in facet and "row" not in facet:
            facet["row"] = facet.pop("column")
        if narrow and isinstance(facet, dict) and isinstance(facet.get("row"), dict) and "column" in facet:
            # Beside a grid of small multiples, row headers turn upright: they take a line's height, not a name's.
            header = facet["row"].setdefault("header", {})
            header.update(labelAngle=-90, labelAlign="center", labelLimit=min(header.get("labelLimit") or 10_000,
                                                                                120))
        if narrow and isinstance(facet, dict) and isinstance(facet.get("row"), dict) and "column" not in facet:
            # Row headers above their plots, from the left edge, rather than beside them.
            header = facet["row"].setdefault("header", {})
            header.update(labelAngle=0, labelAlign="left", labelOrient="top", labelAnchor="start")
            header["labelLimit"] = min(header.get("labelLimit") or 10_000, width - 20)

    _walk(out, visit)
    legend = out.setdefault("config", {}).setdefault("legend", {})
    legend["labelLimit"] = min(legend.get("labelLimit") or 10_000, legend_cap)
    out["config"].setdefault("axis", {})["labelLimit"] = min(out["config"]["axis"].get("labelLimit") or 10_000,
                                                             axis_cap)
    # Several legends under a chart stack instead of standing side by side.
    legend["layout"] = {"bottom": {"anchor": "start", "direction": "vertical"}}
    if narrow:
        legend["direction"] = "vertical"
        legend["columns"] = 1
        out["config"]["axis"]["labelOverlap"] = True  # crowded labels thin out rather than overprint
    return out


def _svg_width(svg: str) -> float:
    match = re.search(r'<svg[^>]*?\swidth="([\d.]+)"', svg)
    return float(match.group(1)) if match else 0.0


def fit_to_width(spec: dict, width: int, measure=None) -> tuple[dict, str]:
    """Fit the chart into `width` px (see fit_spec): measure the drawn width at the designed plot widths and, if too
    wide, at half of them, then scale the plots by the straight line through the two (TRIES times at most more);
    a chart still too wide is reflowed and fitted again. Returns the fitted spec and its SVG. `measure` draws a
    spec to SVG (vl-convert by default)."""
    fitted, svg = _fit_pass(spec, width, measure or chart_svg, width < NARROW)
    if _svg_width(svg) > width and width >= NARROW:
        fitted, svg = _fit_pass(spec, width, measure or chart_svg, True)
    return fitted, svg


def _fit_pass(spec: dict, width: int, draw, reflow: bool) -> tuple[dict, str]:
    scale = 1.0
    fitted = fit_spec(spec, width, scale, reflow)
    svg = draw(fitted)
    full = _svg_width(svg)
    if full <= width:
        return fitted, svg
    half_svg = draw(fit_spec(spec, width, 0.5, reflow))
    slope = max(1.0, (full - _svg_width(half_svg)) / 0.5)
    total = full
    for _ in range(TRIES):
        scale = max(0.05, scale - (total - width + 2) / slope)  # 2 px to spare: rounding
        fitted = fit_spec(spec, width, scale, reflow)
        svg = draw(fitted)
        before, total = total, _svg_width(svg)
        if total <= width or before - total < 1:  # fits, or the plots are at their narrowest
            break
    return fitted, svg


def static_svg_name(name: str, size: str) -> str:
    return f"{name}-{size}.svg"


_pool = None
_jobs: list = []


def _static_key(spec: dict) -> str:
    import hashlib

    import vl_convert

    # This module's own text too: a change to the fitting rule redraws every static chart.
    rule = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    text = json.dumps([spec, STATIC_WIDTHS, NARROW, MIN_VIEW, TITLE_EM, vl_convert.__version__, rule], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def queue_chart_svgs(spec: dict, folder: Path) -> None:
    """Draw the chart's static SVGs in a worker process (the build goes on reading chapters meanwhile); skipped
    when the files for this very spec are already there. `wait_chart_svgs()` collects them."""
    global _pool
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    key_file = folder.parent / "chart-svg-keys" / chart_meta(spec)["name"]
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = _static_key(spec)
    paths = [folder / static_svg_name(chart_meta(spec)["name"], size) for size in STATIC_WIDTHS]
    if key_file.is_file() and key_file.read_text() == key and all(p.is_file() for p in paths):
        return
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
    _jobs.append((_pool.submit(write_chart_svgs, spec, folder), key_file, key))


def wait_chart_svgs() -> None:
    """Wait for every queued static SVG (raising the first failure) and stop the worker."""
    global _pool
    try:
        for job, key_file, key in _jobs:
            job.result()
            key_file.write_text(key)
    finally:
        _jobs.clear()
        if _pool is not None:
            _pool.shutdown()
            _pool = None


def write_chart_svgs(spec: dict, folder: Path) -> list[Path]:
    """The chart drawn at build time as static SVGs, one for each of STATIC_WIDTHS, beside its CSV in `folder`."""
    meta = chart_meta(spec)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for size, width in STATIC_WIDTHS.items():
        _, svg = fit_to_width(spec, width)
        target = folder / static_svg_name(meta["name"], size)
        target.write_text(svg, encoding="utf-8")
        written.append(target)
    return written


def chart_html(spec: dict) -> str:
    """The HTML for one chart: a figure with a static image drawn at build time (shown until the live chart is
    drawn, and kept with scripts off), a text description, and its spec as inert JSON."""
    meta = chart_meta(spec)
    ident = f"chart-{meta['name']}-{next(_counter)}"
    desc = html.escape(meta["description"])
    source = html.escape(meta["source"])
    name = html.escape(meta["name"])
    heading = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    title = html.escape(heading if isinstance(heading, str) else " ".join(heading))
    csv_link = ""
    if chart_rows(spec):
        csv_link = (f'<p class="briefing-chart-csv"><a data-csv="{name}.csv" download="{name}.csv">'
                    f"Download this chart's data (CSV)</a></p>")
    static = "../_static/chart-data/"  # every chart page is in chapters/
    narrow, wide = (static + html.escape(static_svg_name(meta["name"], size)) for size in STATIC_WIDTHS)
    picture = (
        f'<div class="briefing-chart-static"><picture>'
        f'<source media="{STATIC_NARROW_MEDIA}" srcset="{narrow}">'
        f'<img src="{wide}" alt="Chart: {title}" aria-describedby="{ident}-desc"'
        f' decoding="async"></picture></div>')
    return (
        f'<figure class="briefing-chart" id="{ident}" data-chart-name="{name}" data-chart-state="pending">'
        f"{picture}"
        f'<div class="briefing-chart-view" data-desc-id="{ident}-desc" data-title="{title}"></div>'
        f'<div class="briefing-chart-datum" aria-live="polite" hidden></div>'
        f'<figcaption class="briefing-chart-caption">'
        f'<details><summary>Text description of this chart</summary>'
        f'<p id="{ident}-desc">{desc}</p><p class="briefing-chart-source">{source}</p>{csv_link}</details>'
        f"</figcaption>"
        f'<script type="application/json" class="briefing-chart-spec">{safe_json(spec)}</script>'
        f"</figure>"
    )


def chart_specs_in_html(text: str) -> list[dict]:
    """The chart specs embedded in the book's HTML by `chart_html` (for the build, which writes their data)."""
    marker = '<script type="application/json" class="briefing-chart-spec">'
    specs = []
    for chunk in text.split(marker)[1:]:
        specs.append(json.loads(chunk.split("</script>", 1)[0]))
    return specs


def notebook_spec(spec: dict) -> dict:
    """The spec as a notebook's Vega-Lite 5 renderer takes it (the same chart, its schema named as v5)."""
    return {**spec, "$schema": VEGA_LITE_V5_SCHEMA}


def chart_svg(spec: dict) -> str:
    """The chart drawn as a static SVG by vl-convert (no browser, no network)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec)


def in_book_build() -> bool:
    """True while the book build executes a chapter."""
    return bool(os.environ.get(ENV_BOOK_BUILD))


def notebook_bundle(spec: dict) -> dict:
    """The MIME bundle for notebook front ends: Vega-Lite 5, a static SVG fallback, and the description."""
    meta = chart_meta(spec)
    return {VEGA_LITE_MIME: notebook_spec(spec), "image/svg+xml": chart_svg(spec),
            "text/plain": f"{_title(spec)}. {meta['description']} {meta['source']}"}


def _title(spec: dict) -> str:
    heading = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    return heading if isinstance(heading, str) else " ".join(heading)


def renderer(spec: dict, **_: object) -> dict:
    """Altair renderer: the book's HTML inside the book build, the standard MIME bundle everywhere else."""
    meta = chart_meta(spec)
    if not in_book_build():
        return notebook_bundle(spec)
    return {"text/html": chart_html(spec), "text/plain": f"<chart {meta['name']}: {meta['description']}>"}


def enable() -> None:
    """Register the renderer with Altair and make it the active one."""
    import altair as alt

    alt.renderers.register(RENDERER, renderer)
    alt.renderers.enable(RENDERER)
