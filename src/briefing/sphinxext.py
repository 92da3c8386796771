"""Sphinx extension for the book.

- Validates the data package when the build starts, so bad data stops it before any chapter executes.
- Ships one copy of the Vega libraries in `_static/` for every chart on every page (no CDN).
- Records which tables each chapter read while it executed, and marks a chapter out of date when one of
  those tables (or the `briefing` package's code) has changed since, so exactly those chapters re-run.
- Reports a failing cell by chapter, cell number and line, and keeps a chapter that failed out of date, so
  that every later build reads it again (and fails again) until it runs cleanly.
"""

from __future__ import annotations

import json
import logging as logging_std
import os
import re
import shutil
import zipfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.logging import NAMESPACE as SPHINX_LOGGERS
from sphinx.util.logging import is_suppressed_warning

from briefing import __version__
from briefing.claimrole import ClaimRole
from briefing.data import ENV_READ_LOG, file_digest
from briefing.paths import ENV_CHART_DATA, data_dir

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
VEGA_BUNDLE = "briefing-vega.js"
DATA_ZIP = "briefing-data.zip"
ENV_EDITION = "BRIEFING_EDITION"  # "student": solutions hidden, no source downloads
PACKAGE_DIR = Path(__file__).resolve().parent


def package_digest() -> str:
    """One digest over every Python file of the `briefing` package: changes when its code changes."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# --- data validation -------------------------------------------------------------------------------------

def _validate_data(app: Sphinx, config) -> None:
    from briefing.validate import validate

    folder = data_dir(Path(app.srcdir))
    faults = validate(folder)
    if faults:
        lines = "\n".join(str(f) for f in faults)
        raise ExtensionError(f"the data package is invalid; no chapter was executed:\n{lines}")


# --- input tracking ------------------------------------------------------------------------------------

def _work_dir(app: Sphinx) -> Path:
    path = Path(app.doctreedir).parent / ".briefing"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _read_log(app: Sphinx, docname: str) -> Path:
    return _work_dir(app) / "reads" / (docname.replace("/", "__") + ".jsonl")


def _before_read(app: Sphinx, docname: str, source: list[str]) -> None:
    app.env.briefing_reading = docname
    log = _read_log(app, docname)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    os.environ[ENV_READ_LOG] = str(log)
    os.environ[ENV_CHART_DATA] = str(_work_dir(app) / "chart-data")


def _inputs_of(app: Sphinx, docname: str) -> dict | None:
    log = _read_log(app, docname)
    if not log.is_file():
        return None
    tables = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        tables[os.path.relpath(entry["path"], app.srcdir)] = entry["sha256"]
    return {"tables": tables, "package": app.env.briefing_package_digest}


def _after_read(app: Sphinx, doctree) -> None:
    env = app.env
    docname = env.docname
    os.environ.pop(ENV_READ_LOG, None)
    inputs = _inputs_of(app, docname)
    if inputs is not None:
        env.briefing_inputs[docname] = inputs
    else:
        env.briefing_inputs.pop(docname, None)
    exec_data = _exec_data(env, docname)
    if exec_data is not None:
        env.briefing_executed.add(docname)
        if not exec_data.get("succeeded", True):
            _report_failed_cell(app, docname, exec_data)


class _FailureRecorder(logging_std.Handler):
    """Marks the chapter being read as failed when a warning or error is logged while it is read.

    Sphinx holds warnings back until every chapter is read, so counting them per chapter needs a handler of
    its own. A chapter that failed (a raised cell, a missing glue key, a quotation that differs) stays out of
    date: every later build reads it again, and fails again, until it reads cleanly.
    """

    def __init__(self, app: Sphinx) -> None:
        super().__init__(level=logging_std.WARNING)
        self.app = app

    def emit(self, record: logging_std.LogRecord) -> None:
        env = self.app.env
        docname = getattr(env, "briefing_reading", None) if env is not None else None
        if docname is None:
            return
        suppressed = self.app.config.suppress_warnings
        if is_suppressed_warning(getattr(record, "type", ""), getattr(record, "subtype", ""), suppressed):
            return
        env.briefing_failed.add(docname)


def _watch_failures(app: Sphinx) -> None:
    recorder = _FailureRecorder(app)
    logging_std.getLogger(SPHINX_LOGGERS).addHandler(recorder)
    app.connect("build-finished", lambda app, exc: logging_std.getLogger(SPHINX_LOGGERS).removeHandler(recorder))


def _end_reading(app: Sphinx, env) -> None:
    env.briefing_reading = None


def _exec_data(env, docname: str) -> dict | None:
    from myst_nb.sphinx_ import NbMetadataCollector

    try:
        return NbMetadataCollector.get_exec_data(env, docname)
    except KeyError:
        return None


def _report_failed_cell(app: Sphinx, docname: str, exec_data: dict) -> None:
    """Name the chapter, the cell (its number among the code cells) and the line where it starts."""
    source_path = Path(app.env.doc2path(docname))
    text = source_path.read_text(encoding="utf-8")
    cells = [(m.start(), m.group(1)) for m in re.finditer(r"```\{code-cell\}[^\n]*\n(.*?)```", text, re.S)]
    trace = exec_data.get("traceback") or ""
    failing = None
    for number, (offset, body) in enumerate(cells, start=1):
        code = "\n".join(line for line in body.splitlines() if not line.startswith(":"))
        if code.strip() and code.strip() in trace:
            failing = (number, text.count("\n", 0, offset) + 1)
    last_line = [ln for ln in trace.strip().splitlines() if ln.strip()][-1:] or [exec_data.get("error") or "error"]
    error = re.sub(r"\x1b\[[0-9;]*m", "", last_line[0]).strip()
    rel = os.path.relpath(source_path, app.srcdir)
    where = f"code cell {failing[0]} (line {failing[1]})" if failing else "a code cell"
    logger.error(f"chapter {rel}: {where} failed: {error}", location=(docname, failing[1] if failing else None),
                 type="briefing", subtype="cell")


def _outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Chapters whose recorded tables or package code differ from what their last execution used."""
    env.briefing_package_digest = package_digest()
    failed = sorted(d for d in env.briefing_failed if d not in removed and d not in changed and d in env.all_docs)
    if failed:
        logger.info(f"[briefing] failed in the last build, read again: {', '.join(failed)}")
    stale = list(failed)
    for docname, inputs in list(env.briefing_inputs.items()):
        if docname in failed:
            continue
        if docname in removed or docname in changed:
            continue
        if inputs.get("package") != env.briefing_package_digest:
            stale.append(docname)
            continue
        for rel, digest in inputs["tables"].items():
            path = Path(app.srcdir) / rel
            if not path.is_file() or file_digest(path) != digest:
                stale.append(docname)
                break
    if stale:
        logger.info(f"[briefing] inputs changed for: {', '.join(sorted(stale))}")
    return stale


def _init_env(app: Sphinx) -> None:
    env = app.env
    if not hasattr(env, "briefing_inputs"):
        env.briefing_inputs = {}
    if not hasattr(env, "briefing_failed"):
        env.briefing_failed = set()
    env.briefing_reading = None
    env.briefing_executed = set()
    env.briefing_package_digest = package_digest()


def _purge(app: Sphinx, env, docname: str) -> None:
    env.briefing_inputs.pop(docname, None)
    env.briefing_failed.discard(docname)  # read again now (or removed): its new reading decides


def _merge(app: Sphinx, env, docnames, other) -> None:
    for docname in docnames:
        if docname in other.briefing_inputs:
            env.briefing_inputs[docname] = other.briefing_inputs[docname]
    env.briefing_executed |= other.briefing_executed
    env.briefing_failed |= other.briefing_failed & set(docnames)


# --- bibliography --------------------------------------------------------------------------------------

def _write_bibliography(app: Sphinx, config) -> None:
    """Write references.bib from the sources table and point sphinxcontrib-bibtex at it."""
    from briefing.bib import bibtex
    from briefing.data import load

    folder = data_dir(Path(app.srcdir))
    target = Path(app.doctreedir).parent / ".briefing" / "references.bib"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = bibtex(load("sources", folder))
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    config.bibtex_bibfiles = [os.path.relpath(target, app.srcdir)]


# --- static files -------------------------------------------------------------------------------------

def _add_static(app: Sphinx, config) -> None:
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))
    if _student():
        # Solutions are removed from the doctrees (see _remove_solutions), not with sphinx-exercise's
        # hide_solutions, which leaves gated solutions' end markers behind.
        config.html_copy_source = False
        config.html_theme_options = {**config.html_theme_options, "use_download_button": False}
        config.html_title = f"{config.html_title or config.project} (student edition)"
    # The theme's light/dark switch logs an error for an empty mode; the book is light.
    config.html_context = {**config.html_context, "default_mode": "light"}
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")


def _student() -> bool:
    return os.environ.get(ENV_EDITION) == "student"


def _remove_solutions(app: Sphinx, doctree) -> None:
    """Student edition: drop every solution (text, code and outputs) before the page is stored or indexed."""
    if not _student():
        return
    from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

    for kind in (solution_node, solution_start_node, solution_end_node):
        for node in list(doctree.findall(kind)):
            node.parent.remove(node)


def _clean_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Drop the theme's Thebe scripts (Thebe is off; they load from a CDN and declare a constant twice)."""
    kept, seen = [], set()
    for script in context.get("script_files", []):
        name = str(getattr(script, "filename", script) or "")
        body = (getattr(script, "attributes", None) or {}).get("body", "")
        if "thebe" in name.lower() or "THEBE_JS_URL" in body:
            continue
        key = (name, body)
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept
    # docutils wraps citations in role="list" but gives entries the deprecated role "doc-biblioentry",
    # which axe-core flags as a list without list items: make the entries list items.
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def _write_static(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "_static"
    out.mkdir(parents=True, exist_ok=True)
    bundle = out / VEGA_BUNDLE
    stamp = _work_dir(app) / "vega-bundle.version"
    import vl_convert

    version = f"{vl_convert.__version__}-{__version__}-iife"
    cached = _work_dir(app) / VEGA_BUNDLE
    if not cached.is_file() or not stamp.is_file() or stamp.read_text() != version:
        # Wrapped in a function: the bundle's top-level names (`_`, ...) would clash with Sphinx's globals.
        bundle_js = vl_convert.javascript_bundle()
        cached.write_text(f"(function () {{\n{bundle_js}\n}})();\n", encoding="utf-8")
        stamp.write_text(version)
    if not bundle.is_file() or bundle.stat().st_size != cached.stat().st_size:
        bundle.write_bytes(cached.read_bytes())
    charts_src = _work_dir(app) / "chart-data"
    if charts_src.is_dir():
        shutil.copytree(charts_src, out / "chart-data", dirs_exist_ok=True)
    _write_data_zip(data_dir(Path(app.srcdir)), out / DATA_ZIP)
    report = {"executed": sorted(app.env.briefing_executed)}
    (_work_dir(app) / "last-build.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    logger.info(f"[briefing] chapters executed in this build: {len(report['executed'])}")


def _write_data_zip(folder: Path, target: Path) -> None:
    """The whole data package as one zip, for readers to download (rewritten only when data changes)."""
    import hashlib

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


def setup(app: Sphinx) -> dict:
    """Register the extension's handlers and static files."""
    app.connect("config-inited", _validate_data, priority=100)
    app.connect("config-inited", _add_static)
    app.connect("config-inited", _write_bibliography, priority=200)
    app.connect("builder-inited", _init_env)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("source-read", _before_read)
    app.connect("doctree-read", _after_read)
    app.connect("env-updated", _end_reading)
    app.connect("builder-inited", _watch_failures)
    app.connect("doctree-read", _remove_solutions)
    app.connect("build-finished", _write_static)
    app.connect("html-page-context", _clean_scripts)
    app.add_role("claim", ClaimRole())
    app.add_js_file(VEGA_BUNDLE, loading_method="defer")
    app.add_js_file("briefing-charts.js", loading_method="defer")
    app.add_css_file("briefing.css")
    return {"version": __version__, "parallel_read_safe": False, "parallel_write_safe": True,
            "env_version": 1}
