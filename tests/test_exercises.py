"""The seminar markup in the chapters: each topic chapter's two new kinds of exercise, an instructor note for
every discussion question, and open exercises whose answers the chapter's prose does not print.

The helpers are tested on toy pages first; the chapter tests then apply them to the book."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing import toc
from tests.helpers import ROOT

EXERCISE_CHAPTERS = [*toc.topic_chapters(ROOT), "military_balance"]
KINDS = ("text-exercise", "open-data-exercise")
_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}\s*(?P<arg>.*)$")
_NUMBER = re.compile(r"(?<![\w.])[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.,])[-−]?\d+(?:\.\d+)?(?![\w])")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def source(chapter: str) -> str:
    return (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")


def directives(text: str, name: str) -> list[tuple[dict[str, str], str]]:
    """Every top-level `{name}` directive of a MyST text: (options, body)."""
    lines, out, index = text.split("\n"), [], 0
    while index < len(lines):
        match = _FENCE.match(lines[index].strip())
        if not match:
            index += 1
            continue
        fence, end = match.group("fence"), index + 1
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        if match.group("name") == name:
            body = lines[index + 1:end]
            options = {}
            while body and re.match(r"^:[\w-]+:", body[0].strip()):
                key, _, value = body.pop(0).strip()[1:].partition(":")
                options[key] = value.strip()
            out.append((options, "\n".join(body)))
        index = end + 1
    return out


def exercise_kinds(text: str) -> list[set[str]]:
    """The classes of each exercise in a chapter's source."""
    return [set(options.get("class", "").split()) for options, _ in directives(text, "exercise")]


def section(text: str, heading: str) -> str:
    """The text of a level-two section (up to the next level-two heading)."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match.group(1) if match else ""


def discussion_questions(text: str) -> list[str]:
    """The top-level items of a chapter's "Discussion questions" list."""
    part = section(text, "Discussion questions")
    before_notes = re.split(r"^(?:`{3,}|:{3,})\{", part, maxsplit=1, flags=re.M)[0]
    return re.findall(r"^(?:[-*]|\d+\.)\s+(.+)$", before_notes, re.M)


def instructor_notes(text: str) -> list[list[str]]:
    """The numbered entries of each instructor-notes admonition in a text."""
    return [re.findall(r"^\d+\.\s+(.+)$", body, re.M)
            for options, body in directives(text, "admonition")
            if "instructor-notes" in options.get("class", "").split()]


def notes_after_questions(text: str) -> list[str] | None:
    """The entries of the instructor notes in the "Discussion questions" section, or None if there are none."""
    found = instructor_notes(section(text, "Discussion questions"))
    return found[0] if found else None


def numbers(text: str) -> set[float]:
    """The numbers in a text, as values, leaving out years and the small numbers 0 to 12."""
    out = set()
    for token in _NUMBER.findall(text):
        token = token.replace(",", "").replace("−", "-")
        value = float(token)
        if _YEAR.match(token) or (value.is_integer() and 0 <= value <= 12):
            continue
        out.add(value)
    return out


def prose_numbers(html: str) -> set[float]:
    """The numbers a built page prints in its prose: not in exercises, solutions, instructor notes, code cells
    (inputs and outputs), charts, or the footnotes' numbers and list of sources."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup
    for tag in main.find_all(True):
        if tag.decomposed:
            continue
        classes = set(tag.get("class") or [])
        if classes & {"exercise", "solution", "instructor-notes", "cell", "briefing-chart", "highlight",
                      "footnote-reference", "footnote-list", "footnote"}:
            tag.decompose()
    for tag in main.find_all(["script", "style"]):
        tag.decompose()
    return numbers(main.get_text(" "))


def answer_numbers(cell: dict) -> set[float]:
    """The numbers in an executed cell's outputs: plain text, or a chart's data values."""
    found: set[float] = set()
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        text = output.get("text") or data.get("text/plain") or ""
        text = "".join(text) if isinstance(text, list) else text
        html = data.get("text/html") or ""
        html = "".join(html) if isinstance(html, list) else html
        spec = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)
        if spec:  # a chart in the book's markup: the numbers in its data
            values = json.loads(spec.group(1)).get("datasets", {})
            found |= numbers(json.dumps(values))
        else:
            found |= numbers(text)
    return found


def open_answer_cells(notebook: Path) -> list[dict]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [cell for cell in cells
            if cell["cell_type"] == "code" and "open-answer" in cell.get("metadata", {}).get("tags", [])]


# The helpers, on toy pages.

TOY = """
## Discussion questions

- Why did the road close?
- Who said so first, and when?

```{admonition} Instructor notes
:class: instructor-notes dropdown

1. *Question: Why did the road close?* A good answer names both accounts.
   Passages: Crisis Group 2023, section "Why did Baku set up the checkpoint?".
2. *Question: Who said so first?* The dates of writing.
```

## Exercises

```{exercise}
:label: ex-toy-words
:class: text-exercise

Compare two documents.
```

```{exercise}
:label: ex-toy-data
:class: open-data-exercise

Join two tables.
```
"""


def test_the_helpers_read_exercise_kinds_questions_and_notes():
    assert exercise_kinds(TOY) == [{"text-exercise"}, {"open-data-exercise"}]
    assert discussion_questions(TOY) == ["Why did the road close?", "Who said so first, and when?"]
    notes = notes_after_questions(TOY)
    assert notes is not None and len(notes) == 2 and notes[0].startswith("*Question: Why")
    one_short = TOY.replace("2. *Question: Who said so first?* The dates of writing.\n", "")
    assert len(notes_after_questions(one_short)) == 1
    assert notes_after_questions(TOY.replace("instructor-notes dropdown", "dropdown")) is None


def test_numbers_leave_out_years_and_small_numbers():
    assert numbers("In 2023, 7 of 1,523 trucks (34.5%) and 120,000 people; 12 days") == {1523.0, 34.5, 120000.0}


def test_the_leak_check_finds_an_answer_printed_in_prose_but_not_in_an_exercise():
    page = ('<main><p>The blockade lasted 281 days.</p>'
            '<div class="exercise admonition"><p>Is it 437 days?</p></div>'
            '<div class="solution dropdown admonition"><p>It is 512.</p></div>'
            '<div class="cell"><pre>x = 644</pre></div></main>')
    printed = prose_numbers(page)
    assert printed == {281.0}
    footnoted = page.replace("days.</p>", 'days.<a class="footnote-reference brackets">38</a></p>'
                             '<aside class="footnote-list brackets"><span class="label">38</span></aside>')
    assert prose_numbers(footnoted) == {281.0}
    leaked = {"data": {"text/plain": "281"}}
    fresh = {"data": {"text/plain": "label   days\n0  a  437\n1  b  644"}}
    assert answer_numbers({"outputs": [leaked]}) & printed == {281.0}
    assert answer_numbers({"outputs": [fresh]}) & printed == set()
    chart = {"data": {"text/html": '<figure><script type="application/json">'
                                   '{"datasets": {"d": [{"days": 281}]}, "width": 600}</script></figure>'}}
    assert answer_numbers({"outputs": [chart]}) == {281.0}


# The chapters (these fail until each chapter has its seminar markup).

@pytest.mark.parametrize("chapter", EXERCISE_CHAPTERS)
def test_chapter_has_a_text_exercise_and_an_open_data_exercise(chapter: str):
    kinds = exercise_kinds(source(chapter))
    for kind in KINDS:
        assert any(kind in classes for classes in kinds), f"{chapter}: no exercise of class {kind}"


@pytest.mark.parametrize("chapter", EXERCISE_CHAPTERS)
def test_built_page_shows_both_kinds_of_exercise(chapter: str, built_book: Path):
    soup = BeautifulSoup((built_book / "chapters" / f"{chapter}.html").read_text(encoding="utf-8"), "html.parser")
    for kind in KINDS:
        found = [div for div in soup.find_all("div", class_="exercise") if kind in div.get("class", [])]
        assert found, f"{chapter}: no exercise of class {kind} on the built page"


def chapters_with_questions() -> list[str]:
    return [name for name in toc.all_pages(ROOT)
            if (ROOT / "chapters" / f"{name}.md").is_file() and "## Discussion questions" in source(name)]


@pytest.mark.parametrize("chapter", chapters_with_questions())
def test_every_discussion_question_has_an_instructor_note(chapter: str):
    text = source(chapter)
    questions = discussion_questions(text)
    assert questions, f"{chapter}: no questions found in its Discussion questions section"
    notes = notes_after_questions(text)
    assert notes is not None, f"{chapter}: no instructor-notes admonition after the discussion questions"
    assert len(notes) == len(questions), f"{chapter}: {len(questions)} questions but {len(notes)} notes"


@pytest.mark.parametrize("chapter", EXERCISE_CHAPTERS)
def test_open_exercise_answers_are_not_printed_in_the_prose(chapter: str, built_book: Path):
    notebook = built_book.parent / "jupyter_execute" / "chapters" / f"{chapter}.ipynb"
    assert notebook.is_file(), f"no executed notebook {notebook}"
    cells = open_answer_cells(notebook)
    expected = sum("open-data-exercise" in classes for classes in exercise_kinds(source(chapter)))
    assert expected >= 1, f"{chapter}: no open-data-exercise"
    assert len(cells) == expected, f"{chapter}: {expected} open exercises but {len(cells)} open-answer cells"
    printed = prose_numbers((built_book / "chapters" / f"{chapter}.html").read_text(encoding="utf-8"))
    for cell in cells:
        answer = answer_numbers(cell)
        assert answer, f"{chapter}: the open answer shows no number above 12 that is not a year"
        leaked = sorted(answer & printed)
        assert not leaked, f"{chapter}: the open answer's {leaked} are printed in the chapter's prose"
