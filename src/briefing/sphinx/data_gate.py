"""Validate the data package when the build starts: bad data stops it before any chapter executes."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from briefing.paths import data_dir


def validate_data(app: Sphinx, config) -> None:
    """Refuse to build on invalid data, with one line per fault."""
    from briefing.validate import validate

    faults = validate(data_dir(Path(app.srcdir)))
    if faults:
        lines = "\n".join(str(f) for f in faults)
        raise ExtensionError(f"the data package is invalid; no chapter was executed:\n{lines}")


def setup(app: Sphinx) -> None:
    """Validate first, before any other configuration step."""
    app.connect("config-inited", validate_data, priority=100)
