"""Glue keys: each value glued once per chapter and only if its text uses it (the build enforces that, see
briefing.sphinx.glue); and no key computed by the code of two chapters (a value two chapters show is computed
once, in the package: briefing.glues)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.sphinx.glue import problems

pytestmark = pytest.mark.build


def logs(book: Path) -> dict[str, list[dict]]:
    folder = book.parent / ".briefing" / "glue"
    if not folder.is_dir():
        pytest.fail("no glue logs: build the book first (`make book`)")
    return {log.stem.split("__")[-1]: [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
            for log in folder.glob("*.jsonl")}


def test_no_key_is_computed_by_two_chapters(built_book: Path):
    by_chapter = logs(built_book)
    assert len(by_chapter) >= 10
    owners: dict[str, set[str]] = {}
    for chapter, glued in by_chapter.items():
        for entry in glued:
            if not entry["bulk"]:
                owners.setdefault(entry["key"], set()).add(chapter)
    assert {key: sorted(chapters) for key, chapters in owners.items() if len(chapters) > 1} == {}


def test_the_glue_check_finds_a_double_and_an_unused_key():
    glued = [{"key": "a", "bulk": False}, {"key": "a", "bulk": True}, {"key": "b", "bulk": False},
             {"key": "c", "bulk": True}]
    assert problems(glued, "Uses {glue:text}`a` and {glue:text}`c`.") == [
        "glue key 'a' is glued 2 times: glue each value once",
        "glue key 'b' is glued but the text never uses it: glue only what the chapter shows"]
