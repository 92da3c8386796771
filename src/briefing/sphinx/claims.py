"""The `{claim}` role: a quotation written out in the chapter source and checked against the claims table.

In a chapter, ``{claim}`the quoted words <claim_id>``` renders the words in quotation marks. The build fails,
naming chapter, line and claim, when the words differ from the `quote` of that row of `claims` (runs of white
space count as one space, so a quotation may be wrapped), or when no such claim exists.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from briefing.paths import data_dir

logger = logging.getLogger(__name__)
_SYNTAX = re.compile(r"^(?P<words>.*\S)\s*<(?P<claim>[a-z0-9][a-z0-9_]*)>$", re.S)


def normalised(text: str) -> str:
    """The text with every run of white space as one space and no space at either end."""
    return " ".join(str(text).split())


def check(words: str, claim_id: str, quotes: dict[str, str]) -> str | None:
    """Why the words cannot stand for that claim, or None when they are its quotation word for word."""
    if claim_id not in quotes:
        return f"no claim {claim_id!r} in the claims table"
    expected = normalised(quotes[claim_id])
    if normalised(words) != expected:
        return f"the quotation differs from the claims table, which has: “{expected}”"
    return None


class ClaimRole(SphinxRole):
    """``{claim}`words <claim_id>```: the words, in quotation marks, checked against `claims`."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        match = _SYNTAX.match(self.text)
        where = self._where()
        if not match:
            logger.error(f"{where}: a claim must read {{claim}}`the quoted words <claim_id>`, not {self.text!r}",
                         location=self.get_location(), type="briefing", subtype="claim")
            return [nodes.inline(self.rawtext, self.text)], []
        words, claim_id = normalised(match["words"]), match["claim"]
        problem = check(words, claim_id, _quotes(self.env))
        if problem:
            logger.error(f"{where}: claim {claim_id}: {problem}", location=self.get_location(),
                         type="briefing", subtype="claim")
        node = nodes.inline(self.rawtext, f"“{words}”", classes=["claim"], ids=[])
        return [node], []

    def _where(self) -> str:
        rel = os.path.relpath(self.env.doc2path(self.env.docname), self.env.srcdir)
        return f"chapter {rel}: line {self.lineno}"


def _quotes(env) -> dict[str, str]:
    """claim_id -> quote, read through the loader (so the chapter's reading of `claims` is tracked)."""
    from briefing.data import load

    claims = load("claims", data_dir(Path(env.srcdir)))
    return dict(zip(claims["claim_id"].astype(str), claims["quote"].astype(str), strict=True))


def setup(app: Sphinx) -> None:
    """Register the `{claim}` role."""
    app.add_role("claim", ClaimRole())
