"""Seminar kit: objectives, questions, exercises and solutions; the student edition; chart export; the PDF."""

from __future__ import annotations

import functools
import json
import re
import struct
import sys
from html import unescape
from pathlib import Path

import pytest

from briefing import charts, toc
from briefing.prose_check import typed_numbers
from tests.helpers import ROOT, run

TOPIC_CHAPTERS = toc.topic_chapters(ROOT)
# Solution markup: the dropdown's class, its "Solution to" title, its content anchor.
EXERCISE_DIV = re.compile(r'<div class="exercise(?: [\w-]+)* admonition[ "]')  # with or without its kind's class
SOLUTION = re.compile(r'class="[^"]*\bsolution\b|Solution to|id="solution-', re.I)


def page_text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


def solution_lines(chapter: str) -> list[str]:
    """The longest code line of each worked solution in a chapter's source."""
    text = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\{solution-start\}.*?```(.*?)```\{solution-end\}", text, re.S)
    lines = []
    for block in blocks:
        code = [ln.strip() for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", block, re.S)
                for ln in cell.splitlines() if ln.strip() and not ln.startswith(("#", ":"))]
        if code:
            lines.append(max(code, key=len))
    return lines


def png_width(path: Path) -> int:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">I", data[16:20])[0]


@pytest.mark.parametrize("name", TOPIC_CHAPTERS)
def test_topic_chapter_has_objectives_questions_exercises_and_solutions(name: str, built_book: Path):
    html = (built_book / "chapters" / f"{name}.html").read_text(encoding="utf-8")
    assert re.search(r"<h2>(<span[^>]*>[^<]*</span>)?Learning objectives", html)
    assert re.search(r"<h2>(<span[^>]*>[^<]*</span>)?Discussion questions", html)
    assert len(EXERCISE_DIV.findall(html)) >= 2, "fewer than two exercises"
    assert html.count('<div class="solution dropdown admonition"') >= 2, "solutions missing or not in dropdowns"


@pytest.mark.build
def test_student_edition_keeps_exercises_and_drops_every_solution(student_edition: Path, built_book: Path):
    pages = sorted(student_edition.rglob("*.html"))
    assert len(pages) >= 10
    for name in TOPIC_CHAPTERS:
        student = (student_edition / "chapters" / f"{name}.html").read_text(encoding="utf-8")
        full = (built_book / "chapters" / f"{name}.html").read_text(encoding="utf-8")
        assert len(EXERCISE_DIV.findall(student)) >= 2
        assert SOLUTION.search(full)
        assert not SOLUTION.search(student), f"{name}: a solution survives in the student edition"
        lines = solution_lines(name)
        assert len(lines) >= 2, f"{name}: no worked solutions with code found in the source"
        for line in lines:
            squeezed = re.sub(r"\s+", "", line)
            assert squeezed in re.sub(r"\s+", "", page_text(full)), f"{name}: solution code not in the full edition"
            assert squeezed not in re.sub(r"\s+", "", page_text(student)), f"{name}: solution code survives"
    for path in student_edition.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".txt", ".md", ".ipynb"):
            found = SOLUTION.search(path.read_text(encoding="utf-8", errors="replace"))
            assert not found, f"{path.relative_to(student_edition)}: {found.group(0)!r}"
    assert not (student_edition / "_sources").exists(), "source files (with solutions) are published"


def test_list_charts_names_every_chart():
    result = run([str(Path(sys.executable).parent / "briefing"), "list-charts"], cwd=ROOT)
    assert result.returncode == 0
    names = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert names == charts.names() and len(names) >= 12


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_export_charts_writes_one_file_per_chart(fmt: str, tmp_path: Path):
    result = run(["briefing", "export-charts", "--format", fmt, "--out", str(tmp_path)], cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    files = sorted(tmp_path.glob(f"*.{fmt}"))
    assert [f.stem for f in files] == sorted(charts.names())
    assert len(files) >= 10
    for path in files:
        if fmt == "png":
            assert png_width(path) >= 1200, f"{path.name} is {png_width(path)} px wide"
        else:
            text = path.read_text(encoding="utf-8")
            assert text.lstrip().startswith("<svg") and "Source:" in text


def test_export_of_an_unknown_chart_is_one_clear_line(tmp_path: Path):
    result = run(["briefing", "export-charts", "no-such-chart", "--out", str(tmp_path)], cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "briefing: unknown chart 'no-such-chart'; `briefing list-charts` lists the names"]
    assert list(tmp_path.iterdir()) == []


def test_teaching_page_has_plans_paths_and_re_execution_steps():
    text = (ROOT / "chapters" / "teaching.md").read_text(encoding="utf-8")
    for heading in ("## Session plans", "## Reading paths", "## Re-running a chapter and changing the data"):
        assert heading in text
    for name in TOPIC_CHAPTERS:
        assert f"`{name}" in text or name in text
    assert "jupytext" in text
    assert typed_numbers(text) == []


# The seminar layer: instructor notes and `{only}` blocks follow the edition; the teaching page's paths.

NOTE_BREAK = re.compile(r"\{[a-zA-Z0-9:_+-]+\}`[^`]*`|[*`{}\"'“”‘’<>\[\]()_|]|--|\.\.\.|^\s*\d+\.\s", re.M)
MINUTES = {"five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30, "thirty-five": 35,
           "forty": 40, "forty-five": 45}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@functools.cache
def html_text(path: Path) -> str:
    """A built page's text (scripts, styles and the charts' data left out), white space flattened."""
    from bs4 import BeautifulSoup

    html = re.sub(r"<(script|style)\b.*?</\1>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return flat(BeautifulSoup(html, "html.parser").get_text(""))


def note_phrases() -> dict[str, list[str]]:
    """Runs of at least six plain words from every instructor note and model answer in the book's sources, by
    page (markup, roles and quotation marks break a run, so that the run reads the same in the built HTML),
    leaving out runs that the pages' student-visible prose also has (a section title a note names)."""
    from briefing.seminar import student_prose
    from tests.test_exercises import directives

    pages = [ROOT / "chapters" / f"{name}.md" for name in toc.all_pages(ROOT)]
    # What students may see anyway: the prose of every page outside notes, solutions and code.
    visible = flat(" ".join(student_prose(p.read_text(encoding="utf-8")) for p in pages if p.is_file()))
    out = {}
    for name in toc.all_pages(ROOT):
        path = ROOT / "chapters" / f"{name}.md"
        if not path.is_file():
            continue
        bodies = [body for options, body in directives(path.read_text(encoding="utf-8"), "admonition")
                  if "instructor-notes" in options.get("class", "").split()]
        # Quoted words (a document's section title, a source's words) are not the note's own text.
        bodies = [re.sub(r'"[^"]*"|“[^”]*”', "|", body) for body in bodies]
        runs = [flat(part) for body in bodies for part in NOTE_BREAK.split(body)]
        runs = [part.strip(" ,.;:") for part in runs if len(part.split()) >= 6]
        runs = [part for part in runs if part not in visible]
        if runs:
            out[name] = runs
    return out


def student_texts(student_edition: Path, built_book: Path) -> dict[str, str]:
    """The text of every student page, and of every student notebook of both editions (by path)."""
    texts = {str(p.relative_to(student_edition)): html_text(p) for p in student_edition.rglob("*.html")}
    for book in (student_edition, built_book):
        for notebook in (book / "_static" / "notebooks").glob("*.ipynb"):
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
            texts[f"{book.name}:{notebook.name}"] = flat(" ".join("".join(c["source"]) for c in cells))
    return texts


@pytest.mark.build
def test_instructor_notes_are_in_the_instructor_edition_and_nowhere_in_the_student_edition(
        student_edition: Path, built_book: Path):
    phrases = note_phrases()
    assert "assessment" in phrases and len(phrases["assessment"]) >= 3
    texts = student_texts(student_edition, built_book)
    assert len(texts) >= 20
    for page, runs in phrases.items():
        full = html_text(built_book / "chapters" / f"{page}.html")
        for phrase in runs:
            assert phrase in full, f"{page}: instructor note not in the instructor edition: {phrase!r}"
            leaked = [where for where, text in texts.items() if phrase in text]
            assert not leaked, f"{page}: instructor note {phrase!r} in the student edition: {leaked}"


@pytest.mark.build
def test_student_edition_has_no_instructor_notes_markup(student_edition: Path, built_book: Path):
    assert 'instructor-notes' in (built_book / "chapters" / "assessment.html").read_text(encoding="utf-8")
    for path in student_edition.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".txt", ".ipynb", ".json"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "instructor-notes" not in text and "Instructor notes" not in text, path
    for notebook in (built_book / "_static" / "notebooks").glob("*.ipynb"):
        text = notebook.read_text(encoding="utf-8")
        assert "instructor-notes" not in text and "Instructor notes" not in text, notebook.name


def search_terms(book: Path) -> tuple[list[str], dict]:
    text = (book / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    return index["docnames"], index["terms"]


@pytest.mark.build
def test_instructor_notes_are_not_in_the_student_search_index(student_edition: Path, built_book: Path):
    """Words that only a page's instructor notes use are indexed for that page in the instructor edition and
    not in the student edition."""
    import snowballstemmer

    stem = snowballstemmer.stemmer("porter").stemWord
    full_docs, full_terms = search_terms(built_book)
    student_docs, student_terms = search_terms(student_edition)

    def pages(terms: dict, docs: list[str], term: str) -> set[str]:
        found = terms.get(term, [])
        return {docs[i] for i in ([found] if isinstance(found, int) else found)}

    checked = 0
    for page, runs in note_phrases().items():
        doc = f"chapters/{page}"
        visible = {stem(w) for w in re.findall(r"[a-z]+", html_text(student_edition / f"{doc}.html").lower())}
        words = {stem(w) for run in runs for w in re.findall(r"[a-z]{4,}", run.lower())}
        only_notes = {w for w in words - visible if doc in pages(full_terms, full_docs, w)}
        for term in only_notes:
            assert doc not in pages(student_terms, student_docs, term), f"{page}: {term!r} indexed for students"
        checked += len(only_notes)
    assert checked >= 5, "too few words found only in the notes to test the search index"


@pytest.mark.build
def test_only_blocks_follow_the_edition(student_edition: Path, built_book: Path):
    instructor_line = "Give students the student edition"
    student_line = "This is the student edition"
    full = html_text(built_book / "chapters" / "teaching.html")
    student = html_text(student_edition / "chapters" / "teaching.html")
    assert instructor_line in full and student_line not in full
    assert student_line in student and instructor_line not in student


def test_student_notebook_drops_instructor_notes_and_keeps_the_editions_only_blocks(tmp_path: Path):
    from briefing.notebooks import only_for_student, student_notebook

    chapter = tmp_path / "chapter.md"
    chapter.write_text(
        "# A chapter\n\n## Discussion questions\n\n- Why?\n\n"
        "```{admonition} Instructor notes\n:class: instructor-notes dropdown\n\n1. The secret model answer.\n```\n\n"
        "```{only} instructor\nTeachers' eyes only.\n```\n\n"
        "````{only} student and not instructor\nFor students.\n\n```{note}\nA nested note.\n```\n````\n",
        encoding="utf-8")
    notebook = student_notebook(chapter, {}, {}, {})
    text = "\n".join(cell.source for cell in notebook.cells[1:])  # after the cell on how to run it
    assert "Why?" in text and "For students." in text and "> A nested note." in text
    for gone in ("secret", "Instructor notes", "Teachers' eyes", "{only}", "```"):
        assert gone not in text, gone
    assert only_for_student("student") and not only_for_student("instructor")
    assert only_for_student("not instructor and (student or latex)") and only_for_student("")


def run_sheets(text: str) -> dict[str, list[int]]:
    """Each week's run sheet on the teaching page: its steps' minutes, read from their words."""
    out = {}
    for week, body in re.findall(r"^### (Week [a-z]+)[^\n]*\n(.*?)(?=^### |^## |\Z)", text, re.M | re.S):
        sheet = body.split("**Run sheet.**", 1)[1]
        out[week] = [MINUTES[word.lower()] for word in re.findall(r"^\d+\. ([A-Za-z-]+) minutes:", sheet, re.M)]
    return out


def test_each_week_of_the_five_week_path_fills_ninety_minutes_with_both_tracks():
    from briefing import seminar

    text = (ROOT / "chapters" / "teaching.md").read_text(encoding="utf-8")
    sheets = run_sheets(text)
    assert len(sheets) == len(seminar.FIVE_WEEKS)
    for week, minutes in sheets.items():
        assert sum(minutes) == 90, f"{week}: the run sheet adds up to {sum(minutes)} minutes"
    weeks = re.split(r"^### Week", text, flags=re.M)[1:]
    for body in weeks:
        assert "*No-code track:*" in body and "*Code track:*" in body
        assert "**Prepare.**" in body
    assert [week.chapter for week in seminar.FIVE_WEEKS] == [
        name for name in TOPIC_CHAPTERS if name in {w.chapter for w in seminar.FIVE_WEEKS}]


def test_readings_count_words_from_the_texts(tmp_path: Path):
    from briefing import seminar

    chapter = tmp_path / "chapters" / "toy.md"
    chapter.parent.mkdir()
    chapter.write_text(
        "---\njupytext: {}\n---\n\n# Toy\n\nFour words in brief.\n\n## One\n\nThree {glue:text}`n` here.\n\n"
        "```{code-cell} ipython3\nnot = counted + at_all\n```\n\n"
        "```{admonition} Instructor notes\n:class: instructor-notes dropdown\n\n1. Not for students at all.\n```\n\n"
        "```{exercise}\n:label: ex-toy\n\nDo this.\n```\n\n```{solution-start} ex-toy\n:class: dropdown\n```\n"
        "Hidden answer words.\n```{solution-end}\n```\n\n```{only} instructor\nTeacher words.\n```\n",
        encoding="utf-8")
    assert seminar.sections(chapter) == {"In brief": 4, "One": 5}
    assert seminar.chapter_words(chapter, "On") == 5 and seminar.chapter_words(chapter) == 9
    with pytest.raises(LookupError):
        seminar.chapter_words(chapter, "Missing")
    shared = tmp_path / "shared"
    (shared / "sources").mkdir(parents=True)
    (shared / "sources" / "000_654b22001ac059b6.txt").write_text(
        "Header. What is hap-\npening? One two three. Why did Baku set up the checkpoint? Four.", encoding="utf-8")
    assert seminar.passage("icg_2023", "What is happening?", "Why did Baku", shared) == \
        "What is happening? One two three. "
    assert seminar.Reading("x", source_id="icg_2023", start="What is happening?", end="Why did Baku").words(
        shared=shared) == 6
    with pytest.raises(LookupError):
        seminar.passage("icg_2023", "Not in the text", None, shared)
    # Without the documents' copies, a reading list still builds: the documents' counts are left blank.
    frame = seminar.reading_list(seminar.FIVE_WEEKS[0], ROOT, tmp_path / "nothing")
    assert frame.loc[frame["kind"] == "document", "words"].isna().all()
    assert (frame.loc[frame["kind"] == "book", "words"] > 0).all()


@pytest.mark.build
def test_teaching_page_shows_computed_counts(built_book: Path):
    from briefing import notebooks, seminar

    text = html_text(built_book / "chapters" / "teaching.html")
    path = seminar.long_path(ROOT)
    titles = notebooks.chapter_titles(ROOT / "chapters")
    listed = re.search(r"Long course \((\w+) sessions\): one a session, in this order: (.*?)\.?(?: Re-running|$)",
                       text)
    assert listed, "the long path is not on the teaching page"
    from briefing.prose import words

    assert listed.group(1) == words(len(path))
    assert listed.group(2).count(";") + 1 == len(path)
    assert titles["corridor"] in listed.group(2)
    for number, week in enumerate(seminar.FIVE_WEEKS, start=1):
        frame = seminar.reading_list(week, ROOT)
        for row in frame.itertuples():
            assert row.reading in text, f"week {number}: {row.reading!r} not listed"
            if row.words is not None and row.words == row.words:
                assert f"{row.reading}{row.required}{row.words:,}" in text.replace("\u2009", ""), row.reading
