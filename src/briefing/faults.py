"""A fault in the data: one line, `data/<file>.csv:<row>: <field>: <message>`. Shared by the validator and the
cross-table rules."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HEADER = "(header)"
FILE = "(file)"


@dataclass(frozen=True, order=True)
class Fault:
    """One thing wrong with the data, located by file, row (the CSV line number) and field."""

    path: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{one_line(self.path)}:{self.row}: {one_line(self.field)}: {one_line(self.message)}"


def one_line(text: str) -> str:
    """Control characters (a newline in a header cell, say) shown escaped, so that a fault is one line."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(text))


def display_path(path: Path) -> str:
    """The path as shown in a fault: relative to the working folder when it is below it."""
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel
