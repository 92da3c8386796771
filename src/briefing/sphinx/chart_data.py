"""Each chart's data as a CSV file, written from the chart specs on the page when a chapter is read.

The renderer only renders; the build finds every chart the chapter drew in the doctree's raw HTML and writes
the chart's main table to `<build>/.briefing/chart-data/<name>.csv`, and its static SVGs (one per width in
`briefing.render.STATIC_WIDTHS`) beside it, which `editions` copies into `_static/`.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from briefing.sphinx.workdir import work_dir

SPEC_CLASS = "briefing-chart-spec"


def write_chart_data(app: Sphinx, doctree: nodes.document) -> None:
    """Write the data of every chart in the chapter just read."""
    from briefing.render import chart_specs_in_html, queue_chart_svgs, write_chart_csv

    folder = work_dir(app) / "chart-data"
    for node in doctree.findall(nodes.raw):
        text = node.astext()
        if node.get("format") == "html" and SPEC_CLASS in text:
            for spec in chart_specs_in_html(text):
                write_chart_csv(spec, folder)
                queue_chart_svgs(spec, folder)  # the static SVGs, drawn beside the build


def collect_chart_svgs(app: Sphinx, exception) -> None:
    """Before `editions` copies chart-data into _static/: wait for the static SVGs."""
    from briefing.render import wait_chart_svgs

    wait_chart_svgs()


def setup(app: Sphinx) -> None:
    """Write chart data as each chapter is read."""
    app.connect("doctree-read", write_chart_data)
    app.connect("build-finished", collect_chart_svgs, priority=100)
