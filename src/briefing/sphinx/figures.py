"""Charts as numbered figures: each chart a chapter draws becomes a figure, numbered by Sphinx and labelled
`fig-<chart name>` in its own chapter, so the prose can refer to it ({numref}`fig-blockade-phases` reads
"Figure 3.1").

The renderer writes each chart as raw HTML with its spec; this transform runs while a chapter is read, before
Sphinx collects labels, and wraps each chart's raw node in a figure whose caption is the chart's own title (one
title, given once, in the chart module).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

SPEC_CLASS = "briefing-chart-spec"
LABEL_PREFIX = "fig-"


def chart_title(spec: dict) -> str:
    """The chart's title as one line."""
    title = spec.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    return " ".join(text) if isinstance(text, list) else str(text or "")


class ChartFigures(SphinxTransform):
    """Wrap every chart in a numbered, labelled figure captioned with the chart's title."""

    default_priority = 500  # before SphinxDomains (850), which collects the labels

    def apply(self, **kwargs) -> None:
        from briefing.charts import figure_label
        from briefing.render import chart_specs_in_html

        for raw in list(self.document.findall(nodes.raw)):
            text = raw.astext()
            if raw.get("format") != "html" or SPEC_CLASS not in text:
                continue
            specs = chart_specs_in_html(text)
            if len(specs) != 1:
                continue
            spec = specs[0]
            name = ((spec.get("usermeta") or {}).get("briefing") or {}).get("name")
            if not name:
                continue
            label = figure_label(name, self.env.docname.rsplit("/", 1)[-1])
            if label in self.document.nameids:  # the same chart drawn twice on a page: the first is the figure
                continue
            figure = nodes.figure(classes=["briefing-chart-figure"])
            caption = nodes.caption(chart_title(spec), chart_title(spec))
            raw.replace_self(figure)
            figure += raw
            figure += caption
            figure["names"].append(label)
            self.document.note_explicit_target(figure, figure)


def setup(app: Sphinx) -> None:
    """Number the charts as figures."""
    app.add_transform(ChartFigures)


def figure_numbers(app: Sphinx) -> dict[str, str]:
    """Each chart figure's label and how the book numbers it ("fig-blockade-phases" -> "Figure 4.1"), once the
    build has assigned numbers (for the student notebooks, which write cross-references out as text)."""
    form = app.config.numfig_format.get("figure", "Fig. %s")
    out = {}
    for kinds in app.env.toc_fignumbers.values():
        for ident, number in kinds.get("figure", {}).items():
            if ident.startswith(LABEL_PREFIX):
                out[ident] = form % ".".join(str(part) for part in number)
    return out
