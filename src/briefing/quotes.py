"""Check that a quotation stands word for word in its source document (`briefing check-quotes`)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

# A line break may split a word with a hyphen ("Azer-\nbaijani") in the PDF-extracted document.
_BREAK = r"(?:-[ \t]*\r?\n[ \t]*)?"


def pattern(quote: str) -> re.Pattern:
    """A regex matching the quote in a source text: any run of whitespace for a space, and between two
    letters an optional hyphen-and-line-break, so that words split across lines still match."""
    parts = []
    for index, char in enumerate(quote):
        if char.isspace():
            if parts and parts[-1] != r"\s+":
                parts.append(r"\s+")
            continue
        parts.append(re.escape(char))
        nxt = quote[index + 1] if index + 1 < len(quote) else ""
        if char.isalpha() and nxt.isalpha():
            parts.append(_BREAK)
        elif char == "-":
            parts.append(r"(?:[ \t]*\r?\n[ \t]*)?")
    return re.compile("".join(parts))


@cache
def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def found_in(quote: str, source_file: Path) -> bool:
    """True when the quote appears word for word in the source file."""
    return bool(pattern(quote).search(_text(source_file)))


def quoted_rows(data: Path) -> list[tuple[str, str, str, str]]:
    """(table, row key, source_id, quote) for every non-empty quote in every table of the data package."""
    from briefing.data import load, table_names

    rows = []
    for name in table_names(data):
        frame = load(name, data)
        if "quote" not in frame.columns:
            continue
        key = frame.columns[0]
        for _, row in frame[frame["quote"].notna() & (frame["quote"] != "")].iterrows():
            rows.append((name, str(row[key]), str(row["source_id"]), str(row["quote"])))
    return rows


def missing_quotations(data: Path, sources_dir: Path) -> list[str]:
    """One line per quotation in the data package (any table with a `quote` column) that is not found word for
    word in its source's local file under `sources_dir`."""
    from briefing.data import load

    local = load("sources", data).set_index("source_id")["local_file"]
    out = []
    for table, key, source_id, quote in quoted_rows(data):
        where = f"data/{table}.csv: {key} ({source_id})"
        file = local.get(source_id)
        if not isinstance(file, str) or not file:
            out.append(f"{where}: quotes a source with no local file")
        elif not found_in(quote, sources_dir / file):
            out.append(f"{where}: not found word for word: {quote}")
    return out
