"""The package's layout: no import cycle among its modules, and no module that nothing reaches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from briefing.sphinx.tracking import imports_of, modules_used
from tests.helpers import ROOT

SRC = ROOT / "src"


def modules() -> dict[str, Path]:
    """Every module of the package, by dotted name (a package by its own name)."""
    out = {}
    for path in sorted((SRC / "briefing").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def graph() -> dict[str, set[str]]:
    """Which modules each module imports (anywhere in it, functions included); `from briefing.x import y`
    counts as importing briefing.x.y where that is a module, else briefing.x."""
    known = modules()
    edges = {}
    for name, path in known.items():
        found = set()
        for imported in imports_of(path.read_text(encoding="utf-8")):
            while imported not in known and "." in imported:
                imported = imported.rsplit(".", 1)[0]
            if imported in known and imported != name:
                found.add(imported)
        edges[name] = found
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def entry_points() -> set[str]:
    """Where the package is entered from outside: the console script, the Sphinx extensions of _config.yml, the
    modules the Makefile runs with `python -m`, and what the chapters' code cells import."""
    found = {"briefing"}
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found |= set(re.findall(r'= "(briefing[\w.]*):', pyproject))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    found |= {ext for ext in config["sphinx"]["extra_extensions"] if ext.startswith("briefing")}
    found |= set(re.findall(r"python -m (briefing[\w.]*)", (ROOT / "Makefile").read_text(encoding="utf-8")))
    for chapter in [*ROOT.glob("chapters/*.md"), *ROOT.glob("*.md")]:
        found |= modules_used(chapter.read_text(encoding="utf-8"))
    return found


def test_no_import_cycle():
    assert cycles(graph()) == []


def test_every_module_is_reached():
    """Each module is reached from an entry point; a package whose __init__ discovers its modules (the chart
    registry, by pkgutil) reaches all of them."""
    known, edges = modules(), graph()
    todo = [name for name in entry_points() if name in known]
    assert "briefing.cli" in todo and "briefing.sphinx" in todo, todo
    seen = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += edges[name]
        todo += [parent for parent in (name.rsplit(".", 1)[0],) if "." in name]
        path = known[name]
        if path.name == "__init__.py" and "pkgutil" in path.read_text(encoding="utf-8"):
            todo += [other for other in known if other.startswith(name + ".")]
    assert sorted(set(known) - seen) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


DATA_LAYER = ("briefing.data", "briefing.derive", "briefing.lookup", "briefing.phases", "briefing.validate",
              "briefing.rules", "briefing.faults", "briefing.tables", "briefing.ingest")


def test_the_data_layer_draws_nothing():
    """Loading, checking and deriving data never pulls in the chart theme or Altair (phase labels live with the
    data: briefing.phases)."""
    known, edges = modules(), graph()
    for start in DATA_LAYER:
        reached, todo = set(), [start]
        while todo:
            name = todo.pop()
            if name not in reached:
                reached.add(name)
                todo += edges[name]
        assert not {"briefing.theme", "briefing.charts", "briefing.render"} & reached, (start, sorted(reached))
        for name in reached:
            text = known[name].read_text(encoding="utf-8")
            assert not re.search(r"^\s*(import altair|from altair)", text, re.M), name


def test_phase_labels_cover_the_events_phase_enum_in_order():
    import json

    from briefing.phases import PHASE_LABELS

    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in package["resources"] if r["name"] == "events")
    enum = next(f for f in events["schema"]["fields"] if f["name"] == "phase")["constraints"]["enum"]
    assert list(PHASE_LABELS) == enum


def test_chart_modules_match_chapters():
    """Each chart module of `briefing.charts` is named for a page of the book and registers that page's charts
    only; every page that draws charts imports its own module (a page may also import another page's module to
    repeat one of its charts, as the opening page does the corridor's map). Building blocks shared by several
    chapters live in the modules the registry names as shared, which register nothing."""
    from briefing import charts
    from briefing.toc import all_pages

    pages = set(all_pages())
    chart_dir = SRC / "briefing" / "charts"
    stems = {p.stem for p in chart_dir.glob("*.py")} - {"__init__"}
    chapter_modules = stems - charts.SHARED_MODULES
    assert chapter_modules <= pages, f"chart modules not named for a page: {sorted(chapter_modules - pages)}"
    homes = {charts.get(name).chapter for name in charts.names()}
    assert homes == chapter_modules, "a chart module that registers no chart, or a chart outside its chapter's"
    for name in charts.names():
        chart = charts.get(name)
        assert chart.build.__module__ == f"briefing.charts.{chart.chapter}", name
    for page in sorted(homes):
        code = (ROOT / "chapters" / f"{page}.md").read_text(encoding="utf-8")
        assert re.search(rf"^from briefing\.charts import {page}\b", code, re.M), f"{page}.md"
    with pytest.raises(ValueError, match="module named for their chapter"):
        charts.register("a-stray-chart")(_stray_builder)


def _stray_builder():  # a builder outside briefing.charts: register refuses it
    raise AssertionError("never built")
