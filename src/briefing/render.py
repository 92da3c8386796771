"""Render Altair charts with no network, wherever they are shown.

Inside the book build (the Sphinx extension sets $BRIEFING_BOOK_BUILD while chapters execute) a chart is HTML that
draws with the book's own copy of Vega. Anywhere else (JupyterLab, Notebook 7, VS Code, nbconvert) it is the
standard MIME bundle those front ends render themselves: the Vega-Lite 5 spec, a static SVG drawn by vl-convert as
the fallback every front end shows, and the chart's description as plain text.
"""

from __future__ import annotations

import csv
import html
import itertools
import json
import os
from pathlib import Path

from briefing.paths import ENV_BOOK_BUILD

RENDERER = "briefing"
# JupyterLab 4 and Notebook 7 render Vega-Lite up to v5; Altair writes v6 specs, which v5 draws (tested).
VEGA_LITE_MIME = "application/vnd.vegalite.v5+json"
VEGA_LITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
VEGA_LITE_V5 = "5.20"  # the Vega-Lite version the notebook spec is checked against (vl-convert's name for it)
_counter = itertools.count(1)


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


def chart_html(spec: dict) -> str:
    """The HTML for one chart: a figure with a text description, and its spec as inert JSON."""
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
    return (
        f'<figure class="briefing-chart" id="{ident}" data-chart-name="{name}" data-chart-state="pending">'
        f'<div class="briefing-chart-view" data-desc-id="{ident}-desc" data-title="{title}"></div>'
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
