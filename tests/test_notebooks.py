"""Charts as notebooks show them, the student notebook's conversion, and `make lab`'s configuration (no build)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing import lab, render
from briefing.charts import build, names
from briefing.notebooks import Resolver, UnresolvedRole, student_notebook
from briefing.paths import ENV_BOOK_BUILD

CHAPTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A chapter

**In brief.** It lasted {glue:text}`days` days{footcite}`icg_2023`. In its words,
{claim}`a quoted
phrase <claim_x>`; see {doc}`other` and {ref}`the table <tbl>`.

```{code-cell} ipython3
:tags: [remove-cell]
from briefing import prose
prose.glue("days", "137")
```

(tbl)=
```{admonition} What happened next (as of November 2026)
:class: hindsight
Later, {glue:text}`days` more.
```

## Exercises

```{exercise}
:label: ex-one

Compute it.
```

```{solution-start} ex-one
:class: dropdown
```

The answer is secret.

```{code-cell} ipython3
secret_solution = 1
```

```{solution-end}
```

:::{footbibliography}
:::
"""


def test_outside_the_book_a_chart_is_a_vega_lite_5_bundle_with_an_svg(monkeypatch):
    monkeypatch.delenv(ENV_BOOK_BUILD, raising=False)
    bundle = render.renderer(build("blockade-phases").to_dict())
    assert set(bundle) == {render.VEGA_LITE_MIME, "image/svg+xml", "text/plain"}
    assert bundle[render.VEGA_LITE_MIME]["$schema"].endswith("/v5.json")
    assert bundle["image/svg+xml"].lstrip().startswith("<svg")
    assert "Source:" in bundle["text/plain"] and "\n" not in bundle["text/plain"]


def test_inside_the_book_build_a_chart_is_the_books_html(monkeypatch):
    monkeypatch.setenv(ENV_BOOK_BUILD, "1")
    spec = build("blockade-phases").to_dict()
    bundle = render.renderer(spec)
    assert set(bundle) == {"text/html", "text/plain"}
    assert render.chart_specs_in_html(bundle["text/html"]) == [json.loads(json.dumps(spec))]


@pytest.mark.parametrize("name", names())
def test_every_chart_compiles_in_vega_lite_5(name):
    """JupyterLab 4 and Notebook 7 draw Vega-Lite 5: each chart's spec must compile there as it does in v6."""
    import vl_convert

    spec = render.notebook_spec(build(name).to_dict())
    assert vl_convert.vegalite_to_svg(spec, vl_version=render.VEGA_LITE_V5).lstrip().startswith("<svg")


def test_student_notebook_resolves_roles_and_drops_solutions(tmp_path: Path):
    chapter = tmp_path / "chapter.md"
    chapter.write_text(CHAPTER, encoding="utf-8")
    labels = {"icg_2023": "Crisis Group 2023"}
    notebook = student_notebook(chapter, {"days": "137"}, labels, {"other": "Another chapter"})
    text = "\n".join(cell.source for cell in notebook.cells)
    prose = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "lasted 137 days (Crisis Group 2023)." in prose
    assert "“a quoted phrase”; see *Another chapter* and the table." in prose
    assert "> **What happened next (as of November 2026)**" in prose and "> Later, 137 more." in prose
    assert "### Exercise 1" in prose and "Compute it." in prose
    assert "- Crisis Group 2023" in prose
    for gone in ("{glue", "{footcite", "{claim", "{doc", "{ref", "```{", ":::{", "secret", "(tbl)=", ":label:"):
        assert gone not in text, gone
    setup = next(cell for cell in notebook.cells if "prose.glue" in cell.source)
    assert setup.metadata["jupyter"]["source_hidden"] and setup.metadata["jupyter"]["outputs_hidden"]
    exercise = next(i for i, cell in enumerate(notebook.cells) if "### Exercise 1" in cell.source)
    answer = notebook.cells[exercise + 1]
    assert answer.cell_type == "code" and "answer" in answer.metadata["tags"]
    with pytest.raises(UnresolvedRole):
        student_notebook(chapter, {}, labels, {})


def test_lab_opens_markdown_as_notebooks_and_stays_on_loopback(tmp_path: Path):
    target = lab.configure(tmp_path)
    settings = json.loads(target.read_text(encoding="utf-8"))
    assert settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["markdown"] == lab.VIEWER
    command = lab.command(tmp_path)
    assert "--ServerApp.ip=127.0.0.1" in command and "--LabApp.news_url=None" in command


def test_a_chart_reference_becomes_its_figure_number_in_the_student_notebook():
    resolve = Resolver({}, {}, {"fig-demo": "Figure 4.1"})
    assert resolve("as {numref}`fig-demo` shows") == "as Figure 4.1 shows"
    assert resolve("({numref}`chart {number} <fig-demo>`)") == "(chart 4.1)"
    with pytest.raises(UnresolvedRole):
        resolve("{numref}`fig-missing`")
