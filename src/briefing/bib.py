"""The bibliography, written from the sources table so that it can never drift from the data."""

from __future__ import annotations

import html
import re
import string

import pandas as pd

_BIB_SPECIAL = str.maketrans({"{": "(", "}": ")", "\\": "/", "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_",
                              "$": r"\$"})
# In a label, a remark in brackets ("(named in the editor's note)", "(Ukraine)") is dropped; an acronym
# ("(UNHCR)") is kept.
_REMARK = re.compile(r"\s*\((?![A-Z]{2,}\))[^()]*\)")
# Names in a cell are separated by ";" outside brackets.
_SEPARATOR = re.compile(r";(?![^()]*\))")
NOT_NAMED = "not named"
NO_COPY = "No public copy found"


def _field(value: object) -> str:
    return str(value).translate(_BIB_SPECIAL)


def _value(key: str, value: str) -> str:
    """A field's BibTeX text: titles in double braces keep their capitals ("Lachin", "Armenia"); names are
    already braced; a URL is taken raw by the styles, so only its braces are replaced."""
    if key == "title":
        return "{" + _field(value) + "}"
    if key == "author":
        return value
    if key == "url":
        return value.replace("{", "%7B").replace("}", "%7D")
    return _field(value)


def _text(value: object) -> str:
    """A cell as text: empty for a missing value."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()


def _named(value: object) -> bool:
    text = _text(value)
    return bool(text) and not text.startswith(NOT_NAMED)


def names(value: object) -> list[str]:
    """The authors (or publishers) in a cell, as given: 'A (note); B' -> ['A (note)', 'B']."""
    if not _named(value):
        return []
    return [part.strip() for part in _SEPARATOR.split(_text(value)) if part.strip()]


def _short(parts: list[str]) -> list[str]:
    return [_REMARK.sub("", part).strip() for part in parts]


def _joined(parts: list[str]) -> str:
    if len(parts) > 2:
        return f"{parts[0]} et al."
    return " and ".join(parts)


def label_name(row: pd.Series) -> str:
    """Who the label names: short_name, else the author, else the publisher, else the title."""
    for candidate in (_text(row.get("short_name")), _joined(_short(names(row.get("author")))),
                      _joined(_short(names(row.get("publisher"))))):
        if candidate:
            return candidate
    return _REMARK.sub("", _text(row.get("title"))).strip()


def labels(sources: pd.DataFrame) -> dict[str, str]:
    """Author-year labels by source_id ('Crisis Group 2023'); equal labels get a, b, ... in date order."""
    base = {}
    for _, row in sources.iterrows():
        year = f"{row['published'].year}" if pd.notna(row["published"]) else "n.d."
        base[row["source_id"]] = f"{label_name(row)} {year}"
    dated = sources.assign(_label=sources["source_id"].map(base)).sort_values(["published", "source_id"])
    out = {}
    for _, group in dated.groupby("_label", sort=False):
        ids = list(group["source_id"])
        for i, source_id in enumerate(ids):
            out[source_id] = base[source_id] + (string.ascii_lowercase[i] if len(ids) > 1 else "")
    return out


def bibtex(sources: pd.DataFrame) -> str:
    """One BibTeX entry per source, keyed by source_id and carrying its author-year label (`shorthand`)."""
    shorthand = labels(sources)
    entries = []
    for _, row in sources.sort_values("source_id", key=lambda s: s.map(shorthand).str.lower()).iterrows():
        kind = "dataset" if row["kind"] == "dataset" else "misc"
        authors = names(row["author"])
        publisher = "; ".join(names(row["publisher"]))
        fields = {"title": _text(row["title"]),
                  # Each name in braces: BibTeX would otherwise split an organisation into first and last names.
                  "author": " and ".join("{" + _field(name) + "}" for name in authors),
                  "publisher": publisher, "howpublished": publisher, "shorthand": shorthand[row["source_id"]]}
        if pd.notna(row["published"]):
            fields["year"] = f"{row['published'].year}"
            if precision(row) != "year":
                fields["month"] = f"{row['published']:%B}"
        url, url_note = _text(row.get("url")), _text(row.get("url_note"))
        notes = [_text(row["date_note"]),
                 "" if row["in_five_documents"] else "outside the five source documents",
                 NO_COPY.lower() if not url and url_note.startswith(NO_COPY) else ""]
        note = "; ".join(n for n in notes if n)
        fields["note"] = note[:1].upper() + note[1:]
        if url:
            fields["url"] = url
        body = ",\n".join(f"  {key} = {{{_value(key, val)}}}" for key, val in fields.items() if val)
        key = re.sub(r"[^a-z0-9_]", "_", row["source_id"])
        entries.append(f"@{kind}{{{key},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


def precision(row: pd.Series) -> str:
    """How exact a source's date is: 'year' when its date_note says only the year is stated, 'month' when the
    note calls it approximate, else 'day'."""
    note = _text(row["date_note"]).lower()
    if "only the year is stated" in note:
        return "year"
    return "month" if note.startswith("approximate") else "day"


def _date(row: pd.Series) -> str:
    from briefing import prose

    if pd.isna(row["published"]):
        return "no date stated"
    return prose.date(row["published"], precision(row))


def reference_list(sources: pd.DataFrame) -> str:
    """The sources as an HTML list for a page: label, title, who, when, and the public copy or why none.

    Every cell is escaped, so markup in the data is shown as text; only http(s) addresses become links.
    """
    shorthand = labels(sources)
    items = []
    for _, row in sources.sort_values("source_id", key=lambda s: s.map(shorthand).str.lower()).iterrows():
        esc = lambda value: html.escape(_text(value), quote=True)  # noqa: E731
        who = []
        authors = names(row["author"])
        by = ", ".join(authors[:-1]) + (" and " if len(authors) > 1 else "") + authors[-1] if authors else ""
        who.append(f"By {html.escape(by)}." if by else "Author not named in the text.")
        who.append(f"Published by {esc(row['publisher'])}." if _named(row["publisher"])
                   else "Publisher not named in the text.")
        when = f"Date: {html.escape(_date(row))}" + (f"; {esc(row['date_note'])}" if _text(row["date_note"]) else "")
        title = esc(row["title"])
        stop = "" if title.endswith(("?", "!", ".")) else "."
        url, url_note = _text(row.get("url")), _text(row.get("url_note"))
        if re.match(r"^https?://\S+$", url):
            copy = f'Public copy: <a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>'
            copy += f". {esc(url_note)}" if url_note else "."
        elif url_note:
            copy = esc(url_note)
        else:
            copy = "No public address recorded."
        items.append(f"<li><p><strong>[{html.escape(shorthand[row['source_id']])}]</strong> "
                     f"<em>{title}</em>{stop} {' '.join(who)} {when}.</p>"
                     f"<p>{copy}</p></li>")
    return '<ul class="briefing-sources" style="overflow-wrap: anywhere">\n' + "\n".join(items) + "\n</ul>"
