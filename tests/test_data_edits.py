"""Data edits never crash a chapter: an edit either stops at validation with one line per fault, or every chapter
that reads the edited table runs. Chapters are executed directly (jupytext reads the .md, nbclient runs it), not
through a whole book build, so that the property-based test stays fast."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.notebooks import execute, read_chapter
from briefing.validate import validate
from tests.helpers import DATA, ROOT, read_rows, write_rows

pytestmark = pytest.mark.build
READS = ROOT / "_build" / ".briefing" / "reads"
MARKUP = ' <em>x</em> **y** {glue:text}`z` $1 & <script>alert(1)</script> [a](b)'
EXAMPLES = int(os.environ.get("BRIEFING_EDIT_EXAMPLES", "14"))
DERANDOMIZE = not os.environ.get("BRIEFING_HYPOTHESIS_RANDOM")
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
SCHEMAS = {r["path"]: r["schema"] for r in DESCRIPTOR["resources"] if "schema" in r}


def readers() -> dict[str, list[str]]:
    """The chapters that read each table file, from the read logs of the last book build (`make book`)."""
    if not READS.is_dir():
        pytest.fail("no read logs: build the book first (`make book`; `make test` does it)")
    out: dict[str, set[str]] = {}
    for log in READS.glob("*.jsonl"):
        chapter = log.stem.split("__")[-1]
        for line in log.read_text(encoding="utf-8").splitlines():
            out.setdefault(Path(json.loads(line)["path"]).name, set()).add(chapter)
    return {name: sorted(chapters) for name, chapters in out.items()}


def free_text(schema: dict) -> list[dict]:
    """The text columns no code selects or joins on: strings with no enum or pattern."""
    return [f for f in schema["fields"] if f.get("type", "string") == "string"
            and not {"enum", "pattern"} & set(f.get("constraints", {}))]


def append_markup(data: Path, fit: bool) -> list[str]:
    """Markup appended to every free-text cell (with `fit`, only where it stays within the column's maxLength);
    returns the table files changed."""
    changed = []
    for path, schema in SCHEMAS.items():
        rows = read_rows(data / path)
        for field in free_text(schema):
            limit = field.get("constraints", {}).get("maxLength")
            for row in rows:
                if row.get(field["name"]) and not (fit and limit and len(row[field["name"]] + MARKUP) > limit):
                    row[field["name"]] += MARKUP
        if rows and free_text(schema):
            write_rows(data / path, rows)
            changed.append(path)
    return changed


def run_chapter(name: str, data: Path, cwd: Path) -> str | None:
    """Execute a chapter against `data`; None when it runs, else the error's last line. The book's chapters and
    contents sit beside the data copy, as in the project (the teaching page counts the chapters' words)."""
    for name_ in ("chapters", "_toc.yml"):
        if not (data.parent / name_).exists():
            copy = shutil.copytree if (ROOT / name_).is_dir() else shutil.copy2
            copy(ROOT / name_, data.parent / name_)
    try:
        execute(read_chapter(ROOT / "chapters" / f"{name}.md"), cwd, env={"BRIEFING_DATA_DIR": str(data)})
    except Exception as error:  # noqa: BLE001 - any failure is the finding
        lines = re.sub(r"\x1b\[[0-9;]*m", "", str(error)).strip().splitlines()
        return lines[-1] if lines else repr(error)
    return None


def one_line_faults(data: Path) -> list[str]:
    faults = [str(fault) for fault in validate(data)]
    assert all("\n" not in fault and re.match(r"^\S+\.csv:\d+: \S+: ", fault) for fault in faults), faults
    return faults


def test_budget_year_2029_stops_at_validation(tmp_path: Path):
    data = shutil.copytree(DATA, tmp_path / "data")
    table = data / "military_spending.csv"
    text = table.read_text(encoding="utf-8")
    assert "ARM,Armenia,2022,official_budget" in text
    table.write_text(text.replace("ARM,Armenia,2022,official_budget", "ARM,Armenia,2029,official_budget"),
                     encoding="utf-8")
    faults = one_line_faults(data)
    assert faults and all(f.split(":")[1] == "2" and ": year: " in f for f in faults), faults


def test_markup_in_every_free_text_cell(tmp_path: Path):
    """Markup everywhere: over-long cells stop at validation, one line each; where it fits, every chapter that
    reads a changed table runs."""
    data = shutil.copytree(DATA, tmp_path / "data")
    append_markup(data, fit=False)
    faults = one_line_faults(data)
    assert faults and all("maxLength" in f for f in faults), faults[:5]

    shutil.rmtree(data)
    data = shutil.copytree(DATA, tmp_path / "data")
    changed = append_markup(data, fit=True)
    assert one_line_faults(data) == []
    by_table = readers()
    chapters = sorted({chapter for path in changed for chapter in by_table.get(Path(path).name, [])})
    assert chapters
    failures = {name: error for name in chapters if (error := run_chapter(name, data, tmp_path))}
    assert failures == {}


def _value(field: dict, original: str, draw) -> str:
    """A new value for one cell, of the column's type and within its constraints (it may still break a rule)."""
    kind, rules = field.get("type", "string"), field.get("constraints", {})
    if "enum" in rules:
        return draw(st.sampled_from(rules["enum"]))
    if kind == "integer":
        low, high = rules.get("minimum", 0), rules.get("maximum", max(int(original or 0) * 2, 10))
        return str(draw(st.integers(low, high)))
    if kind == "number":
        base = float(original or 1)
        low = rules.get("minimum", 0)
        return repr(max(low, round(base * draw(st.sampled_from([0.5, 0.9, 1.1, 2, 10])), 3)))
    if kind == "date":
        year, month, day = (int(part) for part in original.split("-")) if original else (2023, 1, 1)
        return f"{year + draw(st.integers(-1, 1)):04d}-{draw(st.integers(1, 12)):02d}-{min(day, 28):02d}"
    if kind == "boolean":
        return draw(st.sampled_from(["true", "false"]))
    return original + draw(st.sampled_from([MARKUP, "", " (edited)", " «»—…", " ' \" ` ;,"]))


@st.composite
def single_cell_edit(draw):
    """A table the chapters read, a row, a column no key or reference depends on, and a new value for it."""
    by_table = readers()
    path = draw(st.sampled_from(sorted(p for p in SCHEMAS if p in by_table)))
    schema = SCHEMAS[path]
    keys = set(schema.get("primaryKey") or []) | {name for fk in schema.get("foreignKeys", [])
                                                   for name in fk["fields"]}
    fields = [f for f in schema["fields"] if f["name"] not in keys and "pattern" not in f.get("constraints", {})]
    field = draw(st.sampled_from(fields))
    rows = read_rows(DATA / path)
    index = draw(st.integers(0, len(rows) - 1))
    value = _value(field, rows[index][field["name"]], draw)
    chapter = draw(st.sampled_from(by_table[path]))
    return path, index, field["name"], value, chapter


@settings(max_examples=EXAMPLES, derandomize=DERANDOMIZE, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edit=single_cell_edit())
def test_single_cell_edits_that_pass_validation_run(edit, tmp_path_factory):
    """A random single-cell edit either stops at validation (one line per fault) or a chapter that reads the
    table runs. (Keys and references are left alone: renaming a row a chapter needs is a MissingRow.)"""
    path, index, column, value, chapter = edit
    tmp = tmp_path_factory.mktemp("edit")
    data = shutil.copytree(DATA, tmp / "data")
    rows = read_rows(data / path)
    rows[index][column] = value
    write_rows(data / path, rows)
    if one_line_faults(data):
        return
    assert run_chapter(chapter, data, tmp) is None, f"{path}:{index + 2}: {column}={value!r} breaks {chapter}"


def test_renamed_row_a_chapter_looks_up_is_one_line(tmp_path: Path):
    """A row renamed in the data that a chapter's own code looks up with `.loc` gives one line naming the table
    and the key (the kernel shows it in place of pandas' KeyError traceback), not a bare KeyError."""
    data = shutil.copytree(DATA, tmp_path / "data")
    table = data / "figures.csv"
    text = table.read_text(encoding="utf-8")
    assert "\nmandate_years," in text
    table.write_text(text.replace("\nmandate_years,", "\nmandate_years_renamed,"), encoding="utf-8")
    assert one_line_faults(data) == []
    line = run_chapter("corridor", data, tmp_path)
    assert line is not None and line.startswith("MissingRow: data/figures.csv has no row with figure_id"), line
    assert "'mandate_years'" in line
