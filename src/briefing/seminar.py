"""The seminar layer's numbers: the reading paths, their session counts, and each reading's word count.

Word counts are computed when the book is built: a chapter's from its source (the prose a student sees: no code,
solutions or instructor notes), a document's passage from the document itself in `../shared/sources/` (found
through `briefing.paths`). Nothing here is typed by hand but the passages' first and last words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from briefing import toc
from briefing.notebooks import INSTRUCTOR_CLASS, chapter_titles, only_for_student
from briefing.paths import data_dir, shared_dir

WORDS_PER_MINUTE = 200  # a student's reading speed for the minutes column
_FENCE = re.compile(r"^\s{0,3}(?P<fence>`{3,}|:{3,})\s*(?:\{(?P<name>[a-zA-Z0-9_:-]+)\})?\s*(?P<arg>.*)$")
_ROLE = re.compile(r"\{(?P<role>[a-zA-Z0-9_:+-]+)\}`(?P<body>[^`]*)`")
_WORD = re.compile(r"[^\W_](?:[\w’'.-]*[^\W_])?")
# Directives whose content a student never sees (solutions, instructor notes, instructor-only passages).
HIDDEN = ("code-cell", "solution-start", "solution", "solution-end")


def word_count(text: str) -> int:
    """The number of words in a text (a word: letters or digits, with inner hyphens or apostrophes)."""
    return len(_WORD.findall(text))


def _role_text(match: re.Match) -> str:
    body = match.group("body")
    if match.group("role").startswith("glue"):
        return "N"  # a glued value reads as one word
    if match.group("role") in ("footcite", "cite", "footcite:p", "footcite:t", "cite:p", "cite:t"):
        return ""
    text = re.sub(r"\s*<[^<>]*>\s*$", "", body)
    return text


def student_prose(markdown: str) -> str:
    """The prose of a MyST chapter that the student edition shows: no front matter, code cells, solutions,
    instructor notes or instructor-only passages; roles as their words, directive options dropped."""
    lines = markdown.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
        lines = lines[end + 1:]
    out: list[str] = []
    stack: list[list] = []  # the open fences: [fence, hidden]
    in_solution = False  # between a solution-start and its solution-end
    for line in lines:
        match = _FENCE.match(line)
        if match and stack and match.group("fence") == stack[-1][0] and not match.group("name") \
                and not match.group("arg").strip():
            stack.pop()
            continue
        if match:
            name, arg = match.group("name") or "", match.group("arg").strip()
            if name == "solution-start":
                in_solution = True
            elif name == "solution-end":
                in_solution = False
            hidden = (not name or name in HIDDEN or (name == "only" and not only_for_student(arg))
                      or any(entry[1] for entry in stack))
            stack.append([match.group("fence"), hidden])
            continue
        stripped = line.strip()
        if stack and re.match(r"^:[a-zA-Z0-9_-]+:", stripped):
            if stripped.startswith(":class:") and INSTRUCTOR_CLASS in stripped.split():
                stack[-1][1] = True
            continue
        if in_solution or any(entry[1] for entry in stack):
            continue
        if re.match(r"^\([^()\s]+\)=$", stripped) or stripped.startswith("%"):
            continue
        out.append(_ROLE.sub(_role_text, line))
    return "\n".join(out)


def sections(path: Path) -> dict[str, int]:
    """A chapter's student-visible words, by level-two section (the text before the first one is "In brief")."""
    text = student_prose(path.read_text(encoding="utf-8"))
    out: dict[str, int] = {}
    current = "In brief"
    for line in text.split("\n"):
        heading = re.match(r"^## (.+)$", line)
        if heading:
            current = heading.group(1).strip()
            out.setdefault(current, 0)
            continue
        if line.startswith("# "):
            continue
        out[current] = out.get(current, 0) + word_count(line)
    return out


def chapter_words(path: Path, section: str | None = None) -> int:
    """The words of a whole chapter, or of its sections whose heading starts with `section`."""
    counts = sections(path)
    if section is None:
        return sum(counts.values())
    found = [n for heading, n in counts.items() if heading.startswith(section)]
    if not found:
        raise LookupError(f"{path.name}: no section headed {section!r}")
    return sum(found)


def normalise(text: str) -> str:
    """A document's text with words hyphenated across line breaks joined and all whitespace single spaces."""
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text)


def document_file(source_id: str, shared: Path | None = None) -> Path | None:
    """The copy of one of the five documents in `../shared/sources/`, or None when `../shared` is not here."""
    shared = shared or shared_dir()
    if shared is None:
        return None
    sources = pd.read_csv(data_dir() / "sources.csv", dtype=str).set_index("source_id")
    name = sources.loc[source_id, "local_file"]
    path = shared / "sources" / str(name)
    return path if path.is_file() else None


def passage(source_id: str, start: str, end: str | None = None, shared: Path | None = None) -> str | None:
    """A named passage of a document: from its first words `start` up to (not including) `end`, or to the end."""
    path = document_file(source_id, shared)
    if path is None:
        return None
    text = normalise(path.read_text(encoding="utf-8"))
    begin = text.find(start)
    if begin < 0:
        raise LookupError(f"{source_id}: the passage starting {start!r} is not in {path.name}")
    stop = len(text) if end is None else text.find(end, begin + len(start))
    if stop < 0:
        raise LookupError(f"{source_id}: the passage ending before {end!r} is not in {path.name}")
    return text[begin:stop]


@dataclass(frozen=True)
class Reading:
    """One item of a reading list: a chapter (or its sections) or a passage of one of the five documents."""

    label: str  # what the student reads ("" for a whole chapter: its title)
    chapter: str | None = None  # a chapter's file stem
    section: str | None = None  # the start of a level-two heading in it (None: the whole chapter)
    source_id: str | None = None  # one of the five documents
    start: str = ""  # the passage's first words in the document
    end: str | None = None  # the words just after it (None: to the end)
    optional: bool = False  # further reading, for students who want more

    def words(self, root: Path | None = None, shared: Path | None = None) -> int | None:
        """Its word count (None when it is a document passage and `../shared` is not beside the project)."""
        if self.chapter:
            root = root or data_dir().parent
            return chapter_words(root / "chapters" / f"{self.chapter}.md", self.section)
        text = passage(self.source_id, self.start, self.end, shared)
        return None if text is None else word_count(text)


@dataclass(frozen=True)
class Week:
    """A week of the five-week path: its topic chapter and what students read before it."""

    title: str
    chapter: str
    readings: tuple[Reading, ...]


ICG, AU, RS, REGIONAL, BAKU_MOSCOW = "icg_2023", "au_sis_2023", "rs_2023", "regional_2023", "baku_moscow_2023"
_AU_END = "About the Author"
_RS_START, _RS_END = "The blockade of Nagorno-Karabakh", "Editor's Note"
_REGIONAL_START, _REGIONAL_END = "The tension in the South Caucasus", "[1] “Statement"

FIVE_WEEKS: tuple[Week, ...] = (
    Week("The 2020 order and the corridor", "corridor", (
        Reading("", chapter="background"),
        Reading("", chapter="corridor"),
        Reading("Crisis Group 2023, sections “What is happening?” and “How has Baku changed the status quo?”",
                source_id=ICG, start="What is happening?", end="Why did Baku set up the checkpoint?"),
    )),
    Week("The blockade", "blockade", (
        Reading("", chapter="blockade"),
        Reading("Where the sources disagree: “How long the blockade lasted”", chapter="disagreements",
                section="How long the blockade lasted"),
        Reading("Dersimonian 2023 (Responsible Statecraft), the whole article", source_id=RS, start=_RS_START,
                end=_RS_END),
        Reading("Brunaccioni 2023 (American University), section “Situation to the Present”", source_id=AU,
                start="Situation to the Present", end="Azerbaijan in Control"),
    )),
    Week("The checkpoint", "checkpoint", (
        Reading("", chapter="checkpoint"),
        Reading("Crisis Group 2023, from “Why did Baku set up the checkpoint?” to the end", source_id=ICG,
                start="Why did Baku set up the checkpoint?"),
    )),
    Week("The offensive and after", "offensive", (
        Reading("", chapter="offensive"),
        Reading("", chapter="after_sources", optional=True),
        Reading("Baku-Moscow analysis 2023, the whole text", source_id=BAKU_MOSCOW, start="In 2022, there was"),
        Reading("Brunaccioni 2023, sections “Azerbaijan in Control” and “Russian Troops in Limbo”", source_id=AU,
                start="Azerbaijan in Control", end="The Future of Moscows Role in Question"),
    )),
    Week("The outside powers", "powers", (
        Reading("", chapter="powers"),
        Reading("", chapter="military_balance"),
        Reading("", chapter="forecasts", optional=True),
        Reading("Regional analysis 2023, the main text (not the notes)", source_id=REGIONAL,
                start=_REGIONAL_START, end=_REGIONAL_END),
        Reading("Regional analysis 2023, note [7] (arms suppliers)", source_id=REGIONAL,
                start="[7] The increase in military cooperation", end="[8] As part"),
        Reading("Regional analysis 2023, note [11] (Israeli hardware)", source_id=REGIONAL,
                start="[11] Among the more significant", end="[12] Among the incidents"),
        Reading("Brunaccioni 2023, sections “The Future of Moscows Role in Question” and “Concluding Thoughts”",
                source_id=AU, start="The Future of Moscows Role in Question", end=_AU_END),
    )),
)

# The three-session path: the pages each session reads.
THREE_SESSIONS: tuple[tuple[str, ...], ...] = (("index", "corridor"), ("blockade", "disagreements"), ("offensive",))
# After the numbered chapters, the long path reads these pages, one a session, then a session on the data.
LONG_EXTRA = ("military_balance", "disagreements", "sources")
LONG_DATA_SESSION = "a last session in which students propose and defend a change to the data"


def long_path(root: Path | None = None) -> list[str]:
    """The long path, one entry a session: every numbered chapter, the reference pages, the data session."""
    return [*toc.topic_chapters(root), *LONG_EXTRA, LONG_DATA_SESSION]


def reading_list(week: Week, root: Path | None = None, shared: Path | None = None) -> pd.DataFrame:
    """A week's readings with their word counts and reading minutes (blank for a document not at hand)."""
    root = root or data_dir().parent
    titles = chapter_titles(root / "chapters")
    rows = []
    for item in week.readings:
        words = item.words(root, shared)
        label = item.label or f"{titles.get(item.chapter, item.chapter)} (whole page)"
        rows.append({"reading": label, "kind": "document" if item.source_id else "book",
                     "required": "optional" if item.optional else "required",
                     "words": words, "minutes": None if words is None else -(-words // WORDS_PER_MINUTE)})
    frame = pd.DataFrame(rows)
    frame["words"] = frame["words"].astype("Int64")
    frame["minutes"] = frame["minutes"].astype("Int64")
    return frame


def document_words(shared: Path | None = None) -> dict[str, int | None]:
    """Each of the five documents' main text in words (None when `../shared` is not here)."""
    spans = {ICG: ("What is happening?", None), AU: ("When the tripartite deal", _AU_END),
             RS: (_RS_START, _RS_END), REGIONAL: (_REGIONAL_START, _REGIONAL_END),
             BAKU_MOSCOW: ("In 2022, there was", None)}
    out: dict[str, int | None] = {}
    for source_id, (start, end) in spans.items():
        text = passage(source_id, start, end, shared)
        out[source_id] = None if text is None else word_count(text)
    return out
