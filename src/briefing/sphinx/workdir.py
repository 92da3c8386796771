"""The build's own working folder (`_build/.briefing`), beside Sphinx's doctrees."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


def work_dir(app: Sphinx) -> Path:
    """`<build>/.briefing`, created on first use."""
    path = Path(app.doctreedir).parent / ".briefing"
    path.mkdir(parents=True, exist_ok=True)
    return path
