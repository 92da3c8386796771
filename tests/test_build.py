"""The build's refusals: bad data stops `make book` before any chapter runs; a failing cell names itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import make

pytestmark = pytest.mark.build


def test_make_book_refuses_bad_data_before_any_chapter_runs(book_copy: Path):
    places = book_copy / "data" / "places.csv"
    places.write_text(places.read_text(encoding="utf-8").replace("39.51111", "north"), encoding="utf-8")
    result = make("book", book_copy)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"data/places\.csv:\d+: lat: 'north' is not a valid value", out), out
    assert "Executing notebook" not in out and "Executed notebook" not in out
    assert not (book_copy / "_build").exists(), "the build started despite bad data"
    assert "Traceback" not in result.stdout


def test_sphinx_alone_also_refuses_bad_data(book_copy: Path):
    """Even `jupyter-book build` without make validates first (the extension checks at config time)."""
    from tests.helpers import run

    (book_copy / "data" / "actors.csv").write_text("", encoding="utf-8")
    result = run(["jupyter-book", "build", ".", "--warningiserror"], cwd=book_copy)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/actors.csv:1: (file): file is empty" in out
    assert "no chapter was executed" in out
    assert "Executing notebook" not in out


FAILING_CELLS = {
    "a cell that raises": ('raise RuntimeError("planted failure in a chapter")',
                           "RuntimeError: planted failure in a chapter"),
    "a missing table": ('load("no_such_table")', "UnknownTable: no table named 'no_such_table'"),
    "an unknown chart name": ('from briefing import charts; charts.build("no-such-chart")',
                              "UnknownChart: unknown chart 'no-such-chart'"),
}


@pytest.mark.parametrize("case", list(FAILING_CELLS))
def test_a_failing_cell_fails_the_build_and_names_chapter_and_cell(case: str, book_copy: Path):
    code, message = FAILING_CELLS[case]
    chapter = book_copy / "chapters" / "military_balance.md"
    text = chapter.read_text(encoding="utf-8")
    marker = "```{code-cell} ipython3\n:tags: [hide-input]\ncharts.sipri_gap(spending)\n"
    assert marker in text
    text = text.replace(marker, marker + code + "\n")
    chapter.write_text(text, encoding="utf-8")
    cell_number = text[: text.index(code)].count("```{code-cell}")
    line = text[: text.index(marker)].count("\n") + 1
    (book_copy / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/index\nchapters:\n  - file: chapters/military_balance\n", encoding="utf-8")
    result = make("book", book_copy)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out[-3000:]
    expected = f"chapter chapters/military_balance.md: code cell {cell_number} (line {line}) failed: {message}"
    assert expected in out, out[-3000:]


def test_a_quotation_that_differs_from_the_claims_table_fails_the_build(book_copy: Path):
    """A quotation stands in the chapter as a `{claim}` role; one changed word fails, naming chapter, line, claim."""
    chapter = book_copy / "chapters" / "corridor.md"
    text = chapter.read_text(encoding="utf-8")
    role = re.search(r"\{claim\}`([^`<]*?)(\w+)(\s*<([a-z0-9_]+)>)`", text)
    assert role, "the corridor chapter has no {claim} quotation"
    words, last, tail, claim_id = role.group(1), role.group(2), role.group(3), role.group(4)
    changed = "{claim}`" + words + last + "x" + tail + "`"
    chapter.write_text(text.replace(role.group(0), changed, 1), encoding="utf-8")
    line = text[: role.start()].count("\n") + 1
    (book_copy / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/index\nchapters:\n  - file: chapters/corridor\n", encoding="utf-8")
    result = make("book", book_copy)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out[-3000:]
    expected = (f"chapter chapters/corridor.md: line {line}: claim {claim_id}: "
                "the quotation differs from the claims table")
    assert expected in out, out[-3000:]
