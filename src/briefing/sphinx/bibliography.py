"""Write the bibliography (`references.bib`) from the sources table and point sphinxcontrib-bibtex at it."""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx

from briefing.paths import data_dir


def write_bibliography(app: Sphinx, config) -> None:
    """Rewrite references.bib when the sources table changed, and configure it as the bib file."""
    from briefing.bib import bibtex
    from briefing.data import load

    folder = data_dir(Path(app.srcdir))
    target = Path(app.doctreedir).parent / ".briefing" / "references.bib"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = bibtex(load("sources", folder))
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    config.bibtex_bibfiles = [os.path.relpath(target, app.srcdir)]


def setup(app: Sphinx) -> None:
    """After the data gate: the sources table is valid by then."""
    app.connect("config-inited", write_bibliography, priority=200)
