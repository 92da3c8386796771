"""Seminar kit: objectives, questions, exercises and solutions; the student edition; chart export; the PDF."""

from __future__ import annotations

import re
import struct
import sys
import unicodedata
from html import unescape
from pathlib import Path

import pytest

from briefing import charts, toc
from briefing.prose_check import typed_numbers
from tests.helpers import ROOT, make, run

TOPIC_CHAPTERS = toc.topic_chapters(ROOT)
# Solution markup: the dropdown's class, its "Solution to" title, its content anchor.
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
    assert html.count('<div class="exercise admonition"') >= 2, "fewer than two exercises"
    assert html.count('<div class="solution dropdown admonition"') >= 2, "solutions missing or not in dropdowns"


@pytest.mark.build
def test_student_edition_keeps_exercises_and_drops_every_solution(student_edition: Path, built_book: Path):
    pages = sorted(student_edition.rglob("*.html"))
    assert len(pages) >= 10
    for name in TOPIC_CHAPTERS:
        student = (student_edition / "chapters" / f"{name}.html").read_text(encoding="utf-8")
        full = (built_book / "chapters" / f"{name}.html").read_text(encoding="utf-8")
        assert student.count('<div class="exercise admonition"') >= 2
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


@pytest.mark.build
@pytest.mark.browser
def test_make_pdf_prints_the_whole_book(built_book: Path):
    from pypdf import PdfReader

    from briefing.chromium import chromium_path

    if not chromium_path():
        pytest.skip("no system Chromium")
    result = make("pdf", ROOT)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    reader = PdfReader(ROOT / "_build" / "pdf" / "lachin-corridor-briefing.pdf")
    assert len(reader.pages) >= 20
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    flat = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))  # ligatures such as "ﬀ" back to letters
    for name in TOPIC_CHAPTERS:
        html = (built_book / "chapters" / f"{name}.html").read_text(encoding="utf-8")
        title = re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)).replace("#", "").strip()
        assert re.sub(r"\s+", " ", title) in flat, f"chapter title {title!r} missing from the PDF"
    assert "could not be drawn" not in flat
    assert "Contents" in flat


def test_teaching_page_has_plans_paths_and_re_execution_steps():
    text = (ROOT / "chapters" / "teaching.md").read_text(encoding="utf-8")
    for heading in ("## Session plans", "## Reading paths", "## Re-running a chapter and changing the data"):
        assert heading in text
    for name in TOPIC_CHAPTERS:
        assert f"`{name}" in text or name in text
    assert "jupytext" in text
    assert typed_numbers(text) == []
