"""Render Altair charts as HTML that draws with the book's own copy of Vega: no CDN, no network."""

from __future__ import annotations

import csv
import html
import itertools
import json
import os
from pathlib import Path

import altair as alt

from briefing.paths import ENV_CHART_DATA

RENDERER = "briefing"
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


def renderer(spec: dict, **_: object) -> dict:
    """Altair renderer: HTML for the book, with a plain-text fallback naming the chart."""
    meta = chart_meta(spec)
    folder = os.environ.get(ENV_CHART_DATA)
    if folder:
        write_chart_csv(spec, Path(folder))
    return {"text/html": chart_html(spec), "text/plain": f"<chart {meta['name']}: {meta['description']}>"}


def enable() -> None:
    """Register the renderer with Altair and make it the active one."""
    alt.renderers.register(RENDERER, renderer)
    alt.renderers.enable(RENDERER)
