"""Look up the one row a chapter needs by its key; a missing row is one line naming the table and the key."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd


class MissingRow(KeyError):
    """A row that a chapter needs is not in its table (renamed, removed, or never added)."""

    def __init__(self, table: str, column: str, key: object, hint: str = ""):
        super().__init__(table, column, key)
        self.table, self.column, self.key, self.hint = table, column, key, hint

    def __str__(self) -> str:
        chapter = current_chapter()
        where = f" (needed by the chapter {chapter!r})" if chapter else ""
        hint = f"; {self.hint}" if self.hint else ""
        return (f"data/{self.table}.csv has no row with {self.column} {self.key!r}{where}: was it renamed or "
                f"removed?{hint}")

    def _render_traceback_(self) -> list[str]:
        # IPython (and so a notebook) shows this one line instead of a traceback.
        return [f"MissingRow: {self}"]


def current_chapter() -> str | None:
    """The chapter the book build is executing, if any (from the read log it names for it)."""
    from briefing.data import ENV_READ_LOG

    log = os.environ.get(ENV_READ_LOG)
    return Path(log).stem.split("__")[-1] if log else None


def row(frame: pd.DataFrame, table: str, column: str, key: object, hint: str = "") -> pd.Series:
    """The first row of `frame` (the table `table`) whose `column` equals `key`, or MissingRow."""
    found = frame.loc[frame[column] == key]
    if found.empty:
        raise MissingRow(table, column, key, hint)
    return found.iloc[0]
