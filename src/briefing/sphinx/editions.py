"""Static assets and editions: the offline Vega copy, each chart's data, the data zip, the student edition."""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from briefing import __version__
from briefing.data import file_digest
from briefing.notebooks import INSTRUCTOR_CLASS
from briefing.paths import data_dir
from briefing.sphinx.workdir import work_dir

STATIC = Path(__file__).resolve().parents[1] / "static"
VEGA_BUNDLE = "briefing-vega.js"
DATA_ZIP = "briefing-data.zip"
ENV_EDITION = "BRIEFING_EDITION"  # "student": solutions and instructor notes hidden, no source downloads
# Admonitions of class INSTRUCTOR_CLASS (instructor notes, model answers) are for the instructor edition only.
# The edition's Sphinx tag, for `{only}` directives: ```{only} instructor``` or ```{only} student```.
STUDENT_TAG, INSTRUCTOR_TAG = "student", "instructor"


def student() -> bool:
    """True when building the student edition."""
    return os.environ.get(ENV_EDITION) == "student"


def configure(app: Sphinx, config) -> None:
    """The book's static folder, the student edition's settings, light mode and the favicon."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))
    if student():
        # Solutions are removed from the doctrees (see remove_solutions), not with sphinx-exercise's
        # hide_solutions, which leaves gated solutions' end markers behind.
        config.html_copy_source = False
        config.html_theme_options = {**config.html_theme_options, "use_download_button": False}
        config.html_title = f"{config.html_title or config.project} (student edition)"
    app.tags.add(STUDENT_TAG if student() else INSTRUCTOR_TAG)
    # The theme's light/dark switch logs an error for an empty mode; the book is light.
    config.html_context = {**config.html_context, "default_mode": "light"}
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")


def remove_solutions(app: Sphinx, doctree) -> None:
    """Resolve the edition's `{only}` blocks; in the student edition, drop every solution (text, code and
    outputs) and every instructor note, before the page is stored or indexed."""
    from sphinx import addnodes

    for node in list(doctree.findall(addnodes.only)):
        if app.tags.eval_condition(node["expr"]):
            node.replace_self(node.children)
        else:
            node.parent.remove(node)
    if not student():
        return
    from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

    for kind in (solution_node, solution_start_node, solution_end_node):
        for node in list(doctree.findall(kind)):
            node.parent.remove(node)
    for node in list(doctree.findall(nodes.Element)):
        if INSTRUCTOR_CLASS in node["classes"] and node.parent is not None:
            node.parent.remove(node)


def write_static(app: Sphinx, exception) -> None:
    """After an HTML build: the Vega bundle, the charts' CSV files and the data zip in `_static/`."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "_static"
    out.mkdir(parents=True, exist_ok=True)
    _write_vega_bundle(app, out / VEGA_BUNDLE)
    charts_src = work_dir(app) / "chart-data"
    if charts_src.is_dir():
        shutil.copytree(charts_src, out / "chart-data", dirs_exist_ok=True)
    write_data_zip(data_dir(Path(app.srcdir)), out / DATA_ZIP)


def _write_vega_bundle(app: Sphinx, bundle: Path) -> None:
    import vl_convert

    stamp = work_dir(app) / "vega-bundle.version"
    version = f"{vl_convert.__version__}-{__version__}-iife"
    cached = work_dir(app) / VEGA_BUNDLE
    if not cached.is_file() or not stamp.is_file() or stamp.read_text() != version:
        # Wrapped in a function: the bundle's top-level names (`_`, ...) would clash with Sphinx's globals.
        bundle_js = vl_convert.javascript_bundle()
        cached.write_text(f"(function () {{\n{bundle_js}\n}})();\n", encoding="utf-8")
        stamp.write_text(version)
    if not bundle.is_file() or bundle.stat().st_size != cached.stat().st_size:
        bundle.write_bytes(cached.read_bytes())


def write_data_zip(folder: Path, target: Path) -> None:
    """The whole data package as one zip, for readers to download (rewritten only when data changes)."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    stamp = hashlib.sha256("".join(f"{p.name}:{file_digest(p)}" for p in files).encode()).hexdigest().encode()
    if target.is_file():
        with zipfile.ZipFile(target) as existing:
            if existing.comment == stamp:
                return
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = stamp
        for path in files:
            archive.write(path, f"data/{path.name}")


def setup(app: Sphinx) -> None:
    """Configure the static folder and edition; write the assets when the build is done."""
    app.connect("config-inited", configure)
    app.connect("doctree-read", remove_solutions)
    app.connect("build-finished", write_static)
    app.add_js_file(VEGA_BUNDLE, loading_method="defer")
    app.add_js_file("briefing-charts.js", loading_method="defer")
    app.add_css_file("briefing.css")
    app.add_css_file("briefing-print.css")  # the printed page (briefing pdf, and a browser's print)
