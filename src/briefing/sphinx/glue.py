"""Glue keys: each value a chapter shows is glued once, near the code that computes it, and only if the text uses it.

While a chapter executes, `briefing.prose.glue` logs every key it glues (and the package's bulk gluers glue
only the keys the chapter's text uses). When the chapter has been read, a key glued twice, or glued by the
chapter's own code and never used in its text, is a warning, which fails the strict build and names chapter and
key. The logs stay in `_build/.briefing/glue/` for the test that no key is computed in two chapters.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from briefing.paths import ENV_CHAPTER_SOURCE, ENV_GLUE_LOG
from briefing.prose import keys_used
from briefing.sphinx.workdir import chapter_log, fresh_chapter_log

logger = logging.getLogger(__name__)


def before_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Start a fresh log of the keys this chapter glues, and name its source for the bulk gluers."""
    log = fresh_chapter_log(app, "glue", docname)
    os.environ[ENV_GLUE_LOG] = str(log)
    os.environ[ENV_CHAPTER_SOURCE] = str(app.env.doc2path(docname))


def problems(glued: list[dict], text: str) -> list[str]:
    """What is wrong with the keys a chapter glued, given its text: keys glued twice, keys its own code glued
    that the text never uses."""
    counts = Counter(entry["key"] for entry in glued)
    used = keys_used(text)
    out = [f"glue key {key!r} is glued {n} times: glue each value once" for key, n in sorted(counts.items())
           if n > 1]
    own = sorted({entry["key"] for entry in glued if not entry.get("bulk")})
    out += [f"glue key {key!r} is glued but the text never uses it: glue only what the chapter shows"
            for key in own if key not in used]
    return out


def after_read(app: Sphinx, doctree) -> None:
    docname = app.env.docname
    os.environ.pop(ENV_GLUE_LOG, None)
    os.environ.pop(ENV_CHAPTER_SOURCE, None)
    log = chapter_log(app, "glue", docname)
    if not log.is_file():
        return
    glued = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    text = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
    for problem in problems(glued, text):
        logger.warning(f"chapter {app.env.doc2path(docname, base=False)}: {problem}", location=docname)


def setup(app: Sphinx) -> None:
    app.connect("source-read", before_read)
    app.connect("doctree-read", after_read)
