"""Failures: name a failing cell by chapter, cell and line; keep a chapter that failed out of date.

A chapter that failed (a raised cell, a missing glue key, a quotation that differs: any warning or error while
it was read) is read again by every later build, and so fails again, until it reads cleanly. Sphinx holds
warnings back until every chapter is read, so the warnings are counted per chapter by a handler of our own.
"""

from __future__ import annotations

import logging as logging_std
import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.logging import NAMESPACE as SPHINX_LOGGERS
from sphinx.util.logging import is_suppressed_warning

from briefing.sphinx.tracking import exec_data

logger = logging.getLogger(__name__)


class FailureRecorder(logging_std.Handler):
    """Marks the chapter being read as failed when a warning or error (not suppressed) is logged."""

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


def report_failed_cell(app: Sphinx, docname: str, data: dict) -> None:
    """Name the chapter, the cell (its number among the code cells) and the line where it starts."""
    source_path = Path(app.env.doc2path(docname))
    text = source_path.read_text(encoding="utf-8")
    cells = [(m.start(), m.group(1)) for m in re.finditer(r"```\{code-cell\}[^\n]*\n(.*?)```", text, re.S)]
    trace = data.get("traceback") or ""
    failing = None
    for number, (offset, body) in enumerate(cells, start=1):
        code = "\n".join(line for line in body.splitlines() if not line.startswith(":"))
        if code.strip() and code.strip() in trace:
            failing = (number, text.count("\n", 0, offset) + 1)
    last_line = [ln for ln in trace.strip().splitlines() if ln.strip()][-1:] or [data.get("error") or "error"]
    error = re.sub(r"\x1b\[[0-9;]*m", "", last_line[0]).strip()
    rel = os.path.relpath(source_path, app.srcdir)
    where = f"code cell {failing[0]} (line {failing[1]})" if failing else "a code cell"
    logger.error(f"chapter {rel}: {where} failed: {error}", location=(docname, failing[1] if failing else None),
                 type="briefing", subtype="cell")


def start_reading(app: Sphinx, docname: str, source: list[str]) -> None:
    app.env.briefing_reading = docname


def after_read(app: Sphinx, doctree) -> None:
    data = exec_data(app.env, app.env.docname)
    if data is not None and not data.get("succeeded", True):
        report_failed_cell(app, app.env.docname, data)


def end_reading(app: Sphinx, env) -> None:
    env.briefing_reading = None


def failed_last_time(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Every chapter that failed in the last build is out of date."""
    failed = sorted(d for d in env.briefing_failed if d not in removed and d not in changed and d in env.all_docs)
    if failed:
        logger.info(f"[briefing] failed in the last build, read again: {', '.join(failed)}")
    return failed


def init_env(app: Sphinx) -> None:
    if not hasattr(app.env, "briefing_failed"):
        app.env.briefing_failed = set()
    app.env.briefing_reading = None
    recorder = FailureRecorder(app)
    logging_std.getLogger(SPHINX_LOGGERS).addHandler(recorder)
    app.connect("build-finished", lambda app, exc: logging_std.getLogger(SPHINX_LOGGERS).removeHandler(recorder))


def purge(app: Sphinx, env, docname: str) -> None:
    env.briefing_failed.discard(docname)  # read again now (or removed): its new reading decides


def merge(app: Sphinx, env, docnames, other) -> None:
    env.briefing_failed |= other.briefing_failed & set(docnames)


def setup(app: Sphinx) -> None:
    """Watch for failures while chapters are read; re-read the chapters that failed."""
    app.connect("builder-inited", init_env)
    app.connect("source-read", start_reading)
    app.connect("doctree-read", after_read)
    app.connect("env-updated", end_reading)
    app.connect("env-get-outdated", failed_last_time)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
