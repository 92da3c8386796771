"""A real JupyterLab in the system Chromium, on loopback only: each topic chapter opened through `make lab`'s route
(the .md opens as a notebook through jupytext) and each downloaded student notebook; all cells run, every chart
is drawn, no cell raises, no request leaves the machine, and the student notebooks show no role text and no
solution."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from urllib.parse import urlparse

import nbformat
import pytest

from briefing import lab
from briefing.toc import topic_chapters
from tests.helpers import ROOT, copy_book
from tests.test_student_notebooks import NOTEBOOKS, RAW, solution_code

pytestmark = pytest.mark.browser
EXECUTED = NOTEBOOKS.parents[2] / "jupyter_execute" / "chapters"  # beside the HTML of that build
CHART_MIME = "application/vnd.vegalite.v5+json"
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}

RUN_ALL = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const ok = await app.commands.execute('notebook:run-all-cells');
  const cells = panel.content.model.cells;
  let errors = [], charts = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    for (const output of cell.outputs.toJSON()) {
      if (output.output_type === 'error') errors.push(`${output.ename}: ${output.evalue}`);
      if (output.data && output.data['CHART_MIME']) charts += 1;
    }
  }
  const kind = panel.node.classList.contains('jp-NotebookPanel') ? 'NotebookPanel' : panel.node.className;
  return {ok, errors, charts, kind, text: panel.content.node.textContent};
}""".replace("CHART_MIME", CHART_MIME)
DRAWN = """() => Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedVegaLite'))
  .filter(n => { const g = n.querySelector('svg, canvas');
                 return g && (g.tagName === 'canvas' ? g.width : parseFloat(g.getAttribute('width'))) > 0; }).length"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory, browser):
    """JupyterLab serving a copy of the book and the downloaded student notebooks, as `make lab` starts it."""
    if not NOTEBOOKS.is_dir():
        pytest.fail("no student notebooks: build the book first (`make book`)")
    tmp = tmp_path_factory.mktemp("lab")
    root = copy_book(tmp / "book")
    shutil.copytree(NOTEBOOKS, root / "student", ignore=shutil.ignore_patterns("*.zip"))
    prefix = tmp / "env"
    lab.configure(prefix)  # the setting `make lab` writes, here into a private config path
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env.update(JUPYTER_CONFIG_PATH=str(prefix / "etc" / "jupyter"), JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_DATA_DIR=str(tmp / "data"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"))
    port = free_port()
    extra = ["--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
             "--IdentityProvider.token=", "--ServerApp.password=", "--LabApp.expose_app_in_browser=True"]
    log = open(tmp / "lab.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(lab.command(root, extra), cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status", timeout=2)
                break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start")
        if process.poll() is not None:
            pytest.fail(f"JupyterLab stopped: {(tmp / 'lab.log').read_text()[-2000:]}")
        yield base, root
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def lab_page(lab_server, browser):
    base, _ = lab_server
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    foreign: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
            return route.continue_()
        foreign.append(route.request.url)
        return route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    yield page, base, foreign
    context.close()


def run_notebook(page, base: str, path: str) -> dict:
    page.goto(f"{base}/lab/tree/{path}?reset", wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext", timeout=60_000)
    result = page.evaluate(RUN_ALL)
    if result["charts"]:
        page.wait_for_function(f"() => ({DRAWN})() >= {result['charts']}", timeout=30_000)
    result["drawn"] = page.evaluate(DRAWN)
    return result


def book_charts(chapter: str) -> int:
    """How many charts the book's executed notebook of the chapter drew."""
    notebook = json.loads((EXECUTED / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    return sum('class="briefing-chart"' in "".join(out.get("data", {}).get("text/html", ""))
               for cell in notebook["cells"] for out in cell.get("outputs", []))


@pytest.mark.parametrize("chapter", topic_chapters(ROOT))
def test_topic_chapter_runs_in_jupyterlab_with_every_chart_drawn(lab_page, chapter):
    page, base, foreign = lab_page
    result = run_notebook(page, base, f"chapters/{chapter}.md")
    assert result["kind"] == "NotebookPanel", "the chapter should open as a notebook (jupytext)"
    assert result["errors"] == [] and result["ok"], result["errors"]
    assert result["charts"] == book_charts(chapter)
    assert result["drawn"] == result["charts"]
    assert foreign == []


def student_notebooks() -> list[str]:
    return sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) if NOTEBOOKS.is_dir() else []


@pytest.mark.parametrize("chapter", student_notebooks())
def test_student_notebook_runs_in_jupyterlab_without_roles_or_solutions(lab_page, chapter):
    page, base, foreign = lab_page
    result = run_notebook(page, base, f"student/{chapter}.ipynb")
    assert result["errors"] == [] and result["ok"], result["errors"]
    assert result["drawn"] == result["charts"]
    if book_charts(chapter):
        assert result["charts"] >= 1
    assert not RAW.search(result["text"]), RAW.search(result["text"]).group()
    code = [c.source.strip() for c in nbformat.read(NOTEBOOKS / f"{chapter}.ipynb", 4).cells if c.cell_type == "code"]
    assert not [s for s in solution_code(chapter) if s in code]
    assert "solution-start" not in result["text"]
    assert foreign == []
