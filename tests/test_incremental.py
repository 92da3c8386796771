"""Rebuilds track the data: a no-op build runs no chapter; a table edit re-runs exactly its readers."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from briefing.sphinx.tracking import ENV_SOURCE_DIR
from tests.helpers import ROOT, copy_book, make

pytestmark = pytest.mark.build


def executed(book: Path) -> list[str]:
    report = json.loads((book / "_build" / ".briefing" / "last-build.json").read_text(encoding="utf-8"))
    return report["executed"]


def readers(book: Path, table: str) -> set[str]:
    """Chapters whose last execution read `table`, from the build's own read logs."""
    out = set()
    for log in (book / "_build" / ".briefing" / "reads").glob("*.jsonl"):
        tables = {json.loads(line)["table"] for line in log.read_text(encoding="utf-8").splitlines()}
        if table in tables:
            out.add(log.stem.replace("__", "/"))
    return out


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory) -> Path:
    """A copy of the book, built cold once for this module."""
    book = copy_book(tmp_path_factory.mktemp("incremental") / "book")
    result = make("book", book)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert len(executed(book)) >= 5
    return book


def test_noop_rebuild_executes_no_chapter(built_copy: Path):
    result = make("book", built_copy)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert executed(built_copy) == []
    assert "Executing notebook" not in result.stdout + result.stderr


def test_one_table_edit_reruns_only_its_readers_and_shows_the_new_value(built_copy: Path):
    expected = readers(built_copy, "military_spending")
    assert expected and expected != set(executed_all(built_copy)), "military_spending should have some readers"
    spending = built_copy / "data" / "military_spending.csv"
    text = spending.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("ARM,Armenia,2022,sipri_expenditure,"))
    fields = old.split(",")
    fields[5] = "1234000000"
    spending.write_text(text.replace(old, ",".join(fields)), encoding="utf-8")
    result = make("book", built_copy)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert set(executed(built_copy)) == expected
    page = (built_copy / "_build" / "html" / "chapters" / "military_balance.html").read_text(encoding="utf-8")
    assert "$1.2 billion" in page


def _package_copy(tmp_path: Path) -> Path:
    """A copy of the package's source, which the build digests instead of src/ (tests never write into src/)."""
    copy = tmp_path / "briefing"
    shutil.copytree(ROOT / "src" / "briefing", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _touch(module: Path) -> None:
    module.write_text(module.read_text(encoding="utf-8") + "\n# an edit that changes the file\n", encoding="utf-8")


def test_editing_a_module_no_chapter_imports_reruns_no_chapter(built_copy: Path, tmp_path: Path):
    package = _package_copy(tmp_path)
    _touch(package / "cli.py")
    result = make("book", built_copy, extra_env={ENV_SOURCE_DIR: str(package)})
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert executed(built_copy) == []


def _imports(book: Path, name: str) -> tuple[set[str], set[str]]:
    """The package modules and the chart modules a chapter's code imports by name (read with regexes, not with
    the tracker's own parser)."""
    code = "\n".join(re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", (book / f"{name}.md").read_text(
        encoding="utf-8"), re.S))
    package = {m.split(" as ")[0] for group in re.findall(r"^\s*from briefing import ([\w, ]+)", code, re.M)
               for m in re.split(r",\s*", group)}
    package |= set(re.findall(r"^\s*from briefing\.(\w+) import", code, re.M)) - {"charts"}
    chart_modules = {m.split(" as ")[0] for group in re.findall(r"^\s*from briefing\.charts import ([\w, ]+)",
                                                                 code, re.M) for m in re.split(r",\s*", group)}
    return package, chart_modules


def _reached(starts: set[str]) -> set[str]:
    """The package modules reachable from `starts` by their import statements (the package's own graph, as the
    layout test reads it; a package's __init__ is not followed into the modules it discovers)."""
    from tests.test_layout import graph

    edges, seen, todo = graph(), set(), list(starts)
    while todo:
        module = todo.pop()
        if module in seen or module not in edges:
            continue
        seen.add(module)
        todo += edges[module]
    return seen


def test_editing_derive_reruns_exactly_the_chapters_that_import_it(built_copy: Path, tmp_path: Path):
    """Chapters that import derive, or a chart module that imports it, or the whole chart registry."""
    expected = set()
    for name in executed_all(built_copy):
        package, chart_modules = _imports(built_copy, name)
        # Through any module the chapter imports that imports derive, however indirectly (glues, rolecards, a
        # chart module importing another chart module that imports it), or the whole chart registry.
        starts = {f"briefing.{m}" for m in package} | {f"briefing.charts.{m}" for m in chart_modules}
        if "charts" in package or "briefing.derive" in _reached(starts):
            expected.add(name)
    assert expected and expected != set(executed_all(built_copy))
    package = _package_copy(tmp_path)
    _touch(package / "derive.py")
    result = make("book", built_copy, extra_env={ENV_SOURCE_DIR: str(package)})
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert set(executed(built_copy)) == expected
    make("book", built_copy)  # settle back on the real package


def test_editing_a_chart_module_reruns_only_the_chapters_that_draw_its_charts(built_copy: Path, tmp_path: Path):
    """A chart module is imported by the chapters that draw its charts; the registry's discovery of every module
    does not make every chapter depend on every chart module."""
    expected = {name for name in executed_all(built_copy)
                if "charts" in _imports(built_copy, name)[0] or "briefing.charts.military_balance" in _reached(
                    {f"briefing.charts.{m}" for m in _imports(built_copy, name)[1]})}
    assert expected and len(expected) < 4, expected
    package = _package_copy(tmp_path)
    _touch(package / "charts" / "military_balance.py")
    result = make("book", built_copy, extra_env={ENV_SOURCE_DIR: str(package)})
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert set(executed(built_copy)) == expected
    make("book", built_copy)  # settle back on the real package


def executed_all(book: Path) -> list[str]:
    """Every chapter that reads through the package (has a read log)."""
    return [log.stem.replace("__", "/") for log in (book / "_build" / ".briefing" / "reads").glob("*.jsonl")]

