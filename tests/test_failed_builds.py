"""A failed build stays failed: a chapter that failed is read (and executed) again by every later build until
it runs cleanly, in every edition; a glue key that a chapter uses but never sets fails the build, named."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import make

pytestmark = pytest.mark.build

CHAPTER = "chapters/military_balance.md"
MARKER = "```{code-cell} ipython3\n:tags: [hide-input]\ncharts.sipri_gap(spending)\n"


def _small_book(book: Path) -> None:
    """The book cut down to the military-balance chapter, under a root page that links nowhere; the pages the
    chapter links to are stubs with a heading and no code."""
    (book / "chapters" / "index.md").write_text("# A small book\n\nOne chapter.\n", encoding="utf-8")
    text = (book / CHAPTER).read_text(encoding="utf-8")
    linked = sorted(set(re.findall(r"\{doc\}`(?:[^`<]*<)?([a-z_]+)>?`", text)) - {"military_balance"})
    for name in linked:
        (book / "chapters" / f"{name}.md").write_text(f"# {name}\n\nA stub.\n", encoding="utf-8")
    entries = "".join(f"  - file: chapters/{name}\n" for name in ["military_balance", *linked])
    (book / "_toc.yml").write_text(f"format: jb-book\nroot: chapters/index\nchapters:\n{entries}", encoding="utf-8")


def _build(book: Path, target: str = "book") -> tuple[int, str, list[str]]:
    result = make(target, book)
    out = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    output = book / "_build" / "student" if target == "student" else book
    report = output / "_build" / ".briefing" / "last-build.json"
    executed = json.loads(report.read_text(encoding="utf-8"))["executed"] if report.is_file() else []
    return result.returncode, out, executed


@pytest.mark.parametrize("edition", ["book", "student"])
def test_a_raising_cell_fails_every_build_until_it_is_removed(edition: str, book_copy: Path):
    _small_book(book_copy)
    chapter = book_copy / CHAPTER
    clean = chapter.read_text(encoding="utf-8")
    assert MARKER in clean
    planted = clean.replace(MARKER, MARKER + 'raise RuntimeError("planted failure")\n')
    chapter.write_text(planted, encoding="utf-8")
    cell = planted[: planted.index("planted failure")].count("```{code-cell}")
    expected = f"chapter {CHAPTER}: code cell {cell} (line "
    for attempt in (1, 2):
        code, out, executed = _build(book_copy, edition)
        assert code != 0, f"build {attempt} passed with a raising cell:\n{out[-3000:]}"
        assert expected in out and "RuntimeError: planted failure" in out, f"build {attempt}:\n{out[-3000:]}"
        assert "chapters/military_balance" in executed, f"build {attempt} did not execute the failed chapter"
    chapter.write_text(clean, encoding="utf-8")
    code, out, executed = _build(book_copy, edition)
    assert code == 0, out[-3000:]
    assert executed == ["chapters/military_balance"], executed


def test_a_chapter_failing_through_a_data_edit_fails_until_the_data_is_fixed(book_copy: Path):
    """A data edit that passes validation but breaks a chapter: the official budget row the chapter needs is
    removed (a changed year no longer passes validation). The chapter fails with one line naming the table."""
    _small_book(book_copy)
    spending = book_copy / "data" / "military_spending.csv"
    clean = spending.read_text(encoding="utf-8")
    row = next(line for line in clean.splitlines() if line.startswith("ARM,Armenia,2022,official_budget,"))
    spending.write_text(clean.replace(row + "\n", ""), encoding="utf-8")
    for attempt in (1, 2):
        code, out, executed = _build(book_copy)
        assert code != 0, f"build {attempt} passed with a chapter broken by data:\n{out[-3000:]}"
        assert f"chapter {CHAPTER}: code cell" in out, f"build {attempt}:\n{out[-3000:]}"
        assert "MissingRow: data/military_spending.csv has no row" in out, f"build {attempt}:\n{out[-3000:]}"
        assert "(needed by the chapter 'military_balance')" in out, f"build {attempt}:\n{out[-3000:]}"
    spending.write_text(clean, encoding="utf-8")
    code, out, executed = _build(book_copy)
    assert code == 0, out[-3000:]
    assert executed == ["chapters/military_balance"], executed


def test_a_glue_key_used_but_never_set_fails_every_build_naming_the_key(book_copy: Path):
    _small_book(book_copy)
    chapter = book_copy / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    heading = text.index("\n## ")
    chapter.write_text(text[:heading] + "\n\nA sentence with {glue:text}`no_such_value` in it.\n" + text[heading:],
                       encoding="utf-8")
    for attempt in (1, 2):
        code, out, _ = _build(book_copy)
        assert code != 0, f"build {attempt} passed with an unresolved glue key:\n{out[-3000:]}"
        assert re.search(r"chapters/military_balance\.md:\d+: WARNING: No key 'no_such_value'", out), out[-3000:]


def test_a_value_glued_twice_or_never_used_fails_the_build_naming_chapter_and_key(book_copy: Path):
    """Each value is glued once, near its code, and only if the text uses it (briefing.sphinx.glue)."""
    _small_book(book_copy)
    chapter = book_copy / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    first = re.search(r'^prose\.glue\("(\w+)", .*\)$', text, re.M)
    assert first, "the chapter glues nothing with prose.glue: this test needs another chapter"
    planted = first.group(0) + '\nprose.glue("never_shown", "x")\n' + first.group(0)
    chapter.write_text(text.replace(first.group(0), planted, 1), encoding="utf-8")
    code, out, _ = _build(book_copy)
    assert code != 0, out[-3000:]
    assert f"chapter {CHAPTER}: glue key '{first.group(1)}' is glued 2 times" in out, out[-3000:]
    assert f"chapter {CHAPTER}: glue key 'never_shown' is glued but the text never uses it" in out, out[-3000:]
