"""The build's own working folder (`_build/.briefing`), beside Sphinx's doctrees."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


def work_dir(app: Sphinx) -> Path:
    """`<build>/.briefing`, created on first use."""
    path = Path(app.doctreedir).parent / ".briefing"
    path.mkdir(parents=True, exist_ok=True)
    return path


def fresh_chapter_log(app: Sphinx, kind: str, docname: str) -> Path:
    """An empty per-chapter log, `<build>/.briefing/<kind>/<chapter>.jsonl` (any earlier one removed)."""
    log = chapter_log(app, kind, docname)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    return log


def chapter_log(app: Sphinx, kind: str, docname: str) -> Path:
    """Where the build logs what one chapter did while it executed (tables read, values glued)."""
    return work_dir(app) / kind / (docname.replace("/", "__") + ".jsonl")
