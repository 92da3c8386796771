"""Screen-only hints: the sentences and clauses that tell a reader to hover, click or choose, which mean nothing on
paper or on a slide. One vocabulary and one rule, used by the print (`briefing.pdf`) and the slides
(`briefing.export`'s slide variant of a chart, `briefing.slides`' text).

A piece of text (a sentence of prose, a clause of a chart's subtitle) is a screen-only hint when it

- tells the reader to use the pointer: it opens with a pointer verb ("Hover a mark", "tap it", "Click a bar"),
  or speaks of what the reader's pointer does ("when you hover over a mark");
- tells the reader to choose with a control of the page: it opens with a verb of choosing and names a control
  ("Choose a phase in the menus below", "Use the menus to show one phase");
- says what a control of the page does ("Menus filter the marks by phase").

Words of choosing alone are not hints ("Choose one verdict in the tables", "the book does not choose"), and
neither is a control named in passing ("the chapter page's download menu").
"""

from __future__ import annotations

import re

POINTER = r"hover|hovering|click|clicking|tap|tapping|mouse|drag|dragging|zoom|zooming|scroll|scrolling"
CHOOSE = r"choose|select|filter|use|pick"
CONTROL = r"menus?|drop-downs?|sliders?|buttons?"
# A hint, matched from the start of a sentence or clause (opening quotes and brackets skipped).
HINT = re.compile(
    rf"^\W*(?:"
    rf"(?:{POINTER})\b"  # Hover a mark ...; Tap it ...
    rf"|(?:{CHOOSE})\b[^.;]*\b(?:{CONTROL})\b"  # Choose a phase in the menus ...; Use the menus ...
    rf"|(?:the\s+)?(?:{CONTROL})\s+(?:{CHOOSE}|filters?|shows?|selects?)\b"  # Menus filter the marks ...
    rf")"
    rf"|\b(?:you|the reader)\s+(?:can\s+|may\s+)?(?:{POINTER})\b",  # ... when you hover over a mark
    re.I)
# A quick test before the sentence split: a word that any hint contains.
HINT_WORD = re.compile(rf"\b(?:{POINTER}|{CONTROL})\b", re.I)
# Where a subtitle is cut into clauses: after a full stop (or ! ?) or a semicolon.
CLAUSE_END = re.compile(r"(?<=[.;!?])\s+")
# Where prose is cut into sentences (the space kept), and a sentence that ends within the text.
SENTENCE_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”’\")]))(\s+)")
FINISHED = re.compile(r"[.!?][”’\")]?\s*$")


def is_hint(piece: str) -> bool:
    """Whether a sentence or clause is a screen-only hint."""
    return bool(HINT.search(piece.strip()))


def subtitle_without_hints(lines: str | list[str] | None) -> str:
    """A chart subtitle (a line or a list of lines) as one line with every hint clause left out; "" if nothing
    is left. A clause that ended in a semicolon before a removed one loses the semicolon; the rest is kept as
    written, its first letter capitalised."""
    if not lines:
        return ""
    text = " ".join([lines] if isinstance(lines, str) else lines)
    kept = [c.strip() for c in CLAUSE_END.split(text) if c.strip() and not is_hint(c)]
    joined = " ".join(kept).strip().rstrip(";").strip()
    return joined[:1].upper() + joined[1:]


def text_without_hints(text: str) -> str:
    """Prose with every whole hint sentence left out (with the space before it), the rest as written. A piece
    with no full stop after it (a sentence that goes on past the end of `text`) is kept."""
    if not text or not HINT_WORD.search(text):
        return text
    pieces = SENTENCE_SPLIT.split(text)  # sentence, space, sentence, space, ..., sentence
    out: list[str] = []
    for index in range(0, len(pieces), 2):
        sentence, space = pieces[index], pieces[index + 1] if index + 1 < len(pieces) else ""
        if is_hint(sentence) and FINISHED.search(sentence):
            # One of the spaces around it goes with it: the one before, unless that one ends a paragraph.
            if out and "\n\n" not in out[-1]:
                out[-1] = space
            continue
        out += [sentence, space]
    return "".join(out)

