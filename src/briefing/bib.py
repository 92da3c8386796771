"""The bibliography, written from the sources table so that it can never drift from the data."""

from __future__ import annotations

import re

import pandas as pd

_BIB_SPECIAL = str.maketrans({"{": "(", "}": ")", "\\": "/", "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_",
                              "$": r"\$"})


def _field(value: object) -> str:
    return str(value).translate(_BIB_SPECIAL)


def bibtex(sources: pd.DataFrame) -> str:
    """One BibTeX entry per source, keyed by source_id."""
    entries = []
    for row in sources.itertuples(index=False):
        kind = "dataset" if row.kind == "dataset" else "misc"
        fields = {"title": str(row.title), "author": row.author if not str(row.author).startswith("not named")
                  else "", "publisher": row.publisher, "howpublished": row.publisher}
        if pd.notna(row.published):
            fields["year"] = f"{row.published.year}"
            fields["month"] = f"{row.published:%b}".lower()
        notes = [n for n in (row.date_note, None if row.in_five_documents else
                             "Outside the five source documents") if isinstance(n, str) and n]
        if notes:
            fields["note"] = "; ".join(notes)
        if isinstance(row.url, str) and row.url:
            fields["url"] = row.url
        # Titles in double braces keep their capitals ("Lachin", "Armenia") under BibTeX styles.
        body = ",\n".join(f"  {key} = {{{'{' + _field(val) + '}' if key == 'title' else _field(val)}}}"
                           for key, val in fields.items()
                          if isinstance(val, str) and val and val != "<NA>")
        key = re.sub(r"[^a-z0-9_]", "_", row.source_id)
        entries.append(f"@{kind}{{{key},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"
