"""Look up the one row a chapter needs by its key; a missing row is one line naming the table and the key."""

from __future__ import annotations

import pandas as pd

from briefing.paths import chapter_source


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
    """The chapter being executed, if any (`briefing.paths.chapter_source`, which the glue check reads too)."""
    source = chapter_source()
    return source.stem if source else None


def row(frame: pd.DataFrame, table: str, column: str, key: object, hint: str = "") -> pd.Series:
    """The first row of `frame` (the table `table`) whose `column` equals `key`, or MissingRow."""
    found = frame.loc[frame[column] == key]
    if found.empty:
        raise MissingRow(table, column, key, hint)
    return found.iloc[0]


def indexed_table(tb) -> tuple[str, object, object] | None:
    """The table, indexed frame and requested key behind a failed `.loc`/`.at` lookup, from the traceback (its
    outermost pandas indexer): `briefing.data.load` tags every frame with its table's name (`attrs["table"]`,
    which pandas carries through `set_index`, filtering and selection)."""
    while tb is not None:
        local = tb.tb_frame.f_locals
        frame = getattr(local.get("self"), "obj", None)
        if isinstance(frame, (pd.DataFrame, pd.Series)) and frame.attrs.get("table"):
            return frame.attrs["table"], frame, local.get("key")
        tb = tb.tb_next
    return None


def key_error_line(error: KeyError, tb) -> str | None:
    """One line for a KeyError raised while a chapter looked a row up in one of the book's tables, else None."""
    if isinstance(error, MissingRow):
        return f"MissingRow: {error}"
    found = indexed_table(tb)
    if found is None or not error.args:
        return None
    table, frame, requested = found
    key = error.args[0]
    if (isinstance(frame, pd.DataFrame) and isinstance(requested, tuple) and len(requested) == 2
            and _present(requested[0], frame.index) and not _present(key, frame.index)):
        return f"MissingRow: data/{table}.csv has no column {key!r}" + _where()
    column = frame.index.name or "key"
    return f"MissingRow: {MissingRow(table, column, key)}"


def _present(key: object, index: pd.Index) -> bool:
    try:
        return bool(key in index)
    except TypeError:
        return False


def _where() -> str:
    chapter = current_chapter()
    return f" (needed by the chapter {chapter!r})" if chapter else ""


def _kernel_handler(shell, etype, value, tb, tb_offset=None):
    # IPython discards what a custom handler returns (run_code), so the handler shows the error itself.
    line = key_error_line(value, tb)
    if line is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return []
    shell._showtraceback(MissingRow, line.removeprefix("MissingRow: "), [line])
    return [line]


def install_kernel_hook() -> None:
    """In a Jupyter kernel (the book build, JupyterLab, nbclient), show a KeyError from a lookup in one of the
    book's tables as the one line MissingRow gives, naming the table, the key and the chapter."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or getattr(shell, "_briefing_key_errors", False):
        return
    shell.set_custom_exc((KeyError,), _kernel_handler)
    shell._briefing_key_errors = True
