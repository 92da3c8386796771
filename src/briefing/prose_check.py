"""Find numbers typed into a chapter's prose (every number there should be glued from the data)."""

from __future__ import annotations

import re
from pathlib import Path

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_FENCE = re.compile(r"^(`{3,}|~{3,}|:{3,})(.*)$")
_ROLE = re.compile(r"\{[a-zA-Z0-9:_-]+\}`[^`]*`")
_INLINE_CODE = re.compile(r"`[^`]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_DAY_MONTH = re.compile(rf"^(?:[1-9]|[12]\d|3[01]) (?:{MONTHS})\b")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NAMED = re.compile(r"\bSection $")


def prose_lines(text: str) -> list[tuple[int, str]]:
    """The prose lines of a MyST notebook: no front matter, code cells, directive options or roles."""
    lines = text.split("\n")
    out, start = [], 0
    if lines and lines[0].strip() == "---":
        start = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0) + 1
    code_fence: str | None = None
    for number, line in enumerate(lines[start:], start=start + 1):
        stripped = line.strip()
        match = _FENCE.match(stripped)
        if code_fence:
            if match and match.group(1) == code_fence and not match.group(2).strip():
                code_fence = None
            continue
        if match and match.group(1).startswith("`") and "code-cell" in match.group(2):
            code_fence = match.group(1)
            continue
        if match or stripped.startswith(":") and re.match(r"^:[a-z-]+:", stripped):
            continue
        if re.match(r"^\([\w-]+\)=$", stripped) or stripped.startswith("<!--"):
            continue
        line = re.sub(r"^(\s*)\d+[.)]\s", r"\1", line)  # an ordered list's item number is not prose
        cleaned = _LINK_TARGET.sub("]", _INLINE_CODE.sub("", _ROLE.sub("", line)))
        out.append((number, cleaned))
    return out


def typed_numbers(text: str) -> list[tuple[int, str]]:
    """(line, number) for every number in prose that is neither a year nor the day of a written date."""
    found = []
    for number, line in prose_lines(text):
        for match in _NUMBER.finditer(line):
            token = match.group(0)
            if _YEAR.match(token) or _DAY_MONTH.match(line[match.start():]):
                continue
            if match.start() > 0 and (line[match.start() - 1].isalpha() or line[match.start() - 1] == "_"):
                continue  # part of a word or identifier (e.g. "CO2", "icg_2023")
            if _NAMED.search(line[:match.start()]):
                continue  # a number that names a law's section ("Section 907"), not a quantity
            found.append((number, token))
    return found


def check_file(path: Path) -> list[str]:
    """One line per typed number: `path:line: typed number 'N' in prose`."""
    return [f"{path}:{line}: typed number {token!r} in prose (glue it from the data)"
            for line, token in typed_numbers(path.read_text(encoding="utf-8"))]
