"""Tables shown to readers whole: every cell's full text, escaped, in a plain HTML table (no truncation)."""

from __future__ import annotations

import html

import pandas as pd


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value.day} {value:%B %Y}"
    return html.escape(str(value))


def html_table(frame: pd.DataFrame, columns: dict[str, str], caption: str = "") -> str:
    """The frame's `columns` (name -> heading) as an HTML table, every cell escaped and shown in full."""
    head = "".join(f"<th scope=\"col\">{html.escape(heading)}</th>" for heading in columns.values())
    rows = "".join("<tr>" + "".join(f"<td>{_cell(row[name])}</td>" for name in columns) + "</tr>"
                   for _, row in frame.iterrows())
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f'<table class="briefing-table">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


class Table:
    """An HTML table that notebooks and the book display as HTML (and as plain text where HTML is not shown)."""

    def __init__(self, frame: pd.DataFrame, columns: dict[str, str], caption: str = "") -> None:
        self.frame, self.columns, self.caption = frame, columns, caption

    def _repr_html_(self) -> str:
        return html_table(self.frame, self.columns, self.caption)

    def __repr__(self) -> str:
        return self.frame[list(self.columns)].to_string(index=False)


def show(frame: pd.DataFrame, columns: dict[str, str], caption: str = "") -> Table:
    """Display `columns` of the frame (name -> heading) whole, for a reader: `tables.show(df, {...})`."""
    return Table(frame, columns, caption)
