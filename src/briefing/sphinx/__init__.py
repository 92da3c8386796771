"""The book's Sphinx extension, one module per job:

- `data_gate`: validates the data package when the build starts, so bad data stops it before any chapter runs;
- `tracking`: records the tables and package modules each chapter used, and marks a chapter out of date when
  one of them has changed since, so exactly those chapters re-run;
- `failures`: names a failing cell by chapter, cell and line, and keeps a chapter that failed out of date until
  it reads cleanly;
- `glue`: each value glued once, and only if the chapter's text uses it;
- `claims`: the `{claim}` role, a quotation written in the chapter and checked against the claims table;
- `bibliography`: writes the bibliography from the sources table;
- `chart_data`: each chart's data as a CSV file, from the chart specs on the page;
- `figures`: each chart a numbered figure labelled `fig-<chart name>`, so prose can refer to it;
- `notebooks`: the student notebook of each chapter (values and citations resolved, solutions removed) and a
  zip of all of them with the package and its data;
- `editions`: static assets (the offline Vega copy, chart data, the data zip) and the student edition;
- `html_fixes`: small repairs to the theme's HTML (no CDN scripts, list roles that axe-core accepts).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from briefing import __version__


def setup(app: Sphinx) -> dict:
    """Register every job's handlers."""
    from briefing.sphinx import (
        bibliography,
        chart_data,
        claims,
        data_gate,
        editions,
        failures,
        figures,
        glue,
        html_fixes,
        notebooks,
        tracking,
    )

    for module in (data_gate, bibliography, editions, tracking, failures, glue, claims, html_fixes, chart_data,
                   figures, notebooks):
        module.setup(app)
    return {"version": __version__, "parallel_read_safe": False, "parallel_write_safe": True,
            "env_version": 2}
