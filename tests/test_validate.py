"""`briefing validate` on broken copies of data/: one line per fault naming file and row, exit 1, no traceback,
and the data is never written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from briefing.validate import validate
from tests.helpers import DATA, read_rows, run, write_rows


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def replace_line(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], f"{old!r} not on line {line} of {path.name}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def first_line_with(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def test_shipped_data_is_valid():
    assert validate(DATA) == []


def test_cli_reports_valid_data():
    result = run(["briefing", "validate", str(DATA)], cwd=DATA.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is valid" in result.stdout


def _empty(d: Path) -> tuple[str, int]:
    (d / "places.csv").write_text("", encoding="utf-8")
    return "places.csv", 1


def _binary(d: Path) -> tuple[str, int]:
    (d / "events.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe garbage")
    return "events.csv", 3  # the first NUL byte follows two line breaks


def _latin1(d: Path) -> tuple[str, int]:
    path = d / "actors.csv"
    line = first_line_with(path, "Türkiye")
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    return "actors.csv", line


def _missing_column(d: Path) -> tuple[str, int]:
    path = d / "places.csv"
    rows = [r.split(",") for r in path.read_text(encoding="utf-8").splitlines()]
    assert rows[0][4] == "lat"
    path.write_text("\n".join(",".join(r[:4] + r[5:]) for r in rows) + "\n", encoding="utf-8")
    return "places.csv", 1


def _wrong_type(d: Path) -> tuple[str, int]:
    path = d / "military_spending.csv"
    line = first_line_with(path, "ARM,Armenia,2005,")
    replace_line(path, line, ",2005,", ",two thousand and five,")
    return "military_spending.csv", line


def _bad_date(d: Path) -> tuple[str, int]:
    path = d / "events.csv"
    line = 5
    text = path.read_text(encoding="utf-8").split("\n")[line - 1]
    date = text.split(",")[1]
    replace_line(path, line, f",{date},", ",31/02/2023,")
    return "events.csv", line


def _out_of_range(d: Path) -> tuple[str, int]:
    path = d / "places.csv"
    line = first_line_with(path, "goris,")
    replace_line(path, line, "39.51111", "139.51111")
    return "places.csv", line


def _enum(d: Path) -> tuple[str, int]:
    path = d / "military_spending.csv"
    line = first_line_with(path, "AZE,Azerbaijan,2010,")
    replace_line(path, line, "sipri_expenditure", "guesswork")
    return "military_spending.csv", line


def _required(d: Path) -> tuple[str, int]:
    path = d / "sources.csv"
    line = first_line_with(path, "oc_media_2023,")
    replace_line(path, line, "Nagorno-Karabakh Republic to dissolve by January 2024", "")
    return "sources.csv", line


def _duplicate_key(d: Path) -> tuple[str, int]:
    path = d / "places.csv"
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines.append(lines[1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "places.csv", len(lines)


def _dangling_foreign_key(d: Path) -> tuple[str, int]:
    path = d / "military_spending.csv"
    line = first_line_with(path, "GEO,Georgia,2012,")
    replace_line(path, line, "sipri_milex_2026", "no_such_source")
    return "military_spending.csv", line


def _unknown_actor(d: Path) -> tuple[str, int]:
    path = d / "events.csv"
    line = 2
    text = path.read_text(encoding="utf-8").split("\n")[line - 1]
    actors = text.split(",")[5]
    replace_line(path, line, f",{actors},", f",{actors};atlantis,")
    return "events.csv", line


def _short_row(d: Path) -> tuple[str, int]:
    path = d / "actors.csv"
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines.insert(3, "lonely_actor")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "actors.csv", 4


FAULTS = {
    "empty file": _empty, "binary garbage": _binary, "not utf-8": _latin1, "missing column": _missing_column,
    "wrong type": _wrong_type, "impossible date": _bad_date, "out of range": _out_of_range,
    "not in enum": _enum, "required value missing": _required, "duplicate key": _duplicate_key,
    "dangling foreign key": _dangling_foreign_key, "unknown actor in a list": _unknown_actor,
    "short row": _short_row,
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_is_one_clear_line(fault: str, data_copy: Path):
    name, line = FAULTS[fault](data_copy)
    before = digests(data_copy)
    result = run(["briefing", "validate", str(data_copy)], cwd=data_copy.parent)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "Traceback" not in out
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert lines, out
    prefix = f"data/{name}:{line}: "
    assert any(ln.startswith(prefix) for ln in lines), f"no line starts {prefix!r}:\n{out}"
    for ln in lines:
        assert ln.startswith("data/") and ln.count(":") >= 3, f"not file:row: field: message -> {ln!r}"
    assert digests(data_copy) == before, "the validator changed the data"


def test_missing_descriptor(data_copy: Path):
    (data_copy / "datapackage.json").unlink()
    result = run(["briefing", "validate", str(data_copy)], cwd=data_copy.parent)
    assert result.returncode == 1
    assert result.stdout.startswith("data/datapackage.json:1: ")
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_table_file(data_copy: Path):
    (data_copy / "claims.csv").unlink()
    result = run(["briefing", "validate", str(data_copy)], cwd=data_copy.parent)
    assert result.returncode == 1
    assert "data/claims.csv:1: (file): file is missing" in result.stdout



def test_a_forecast_must_come_from_the_five_documents_and_its_outcome_from_outside(data_copy: Path):
    path = data_copy / "forecasts.csv"
    rows = read_rows(path)
    rows[0]["source_id"] = "sipri_milex_2026"  # a data set, not one of the five documents
    rows[1]["outcome_source_id"] = "icg_2023"  # an outcome cannot come from the documents themselves
    write_rows(path, rows)
    faults = [str(f) for f in validate(data_copy)]
    assert any("forecasts.csv:2: source_id" in f for f in faults), faults
    assert any("forecasts.csv:3: outcome_source_id" in f for f in faults), faults


def test_a_label_name_has_no_year_of_its_own_and_one_spelling(data_copy: Path):
    path = data_copy / "sources.csv"
    rows = read_rows(path)
    by_id = {row["source_id"]: number for number, row in enumerate(rows)}
    rows[by_id["icg_2020_12_22"]]["short_name"] = "Crisis Group 2020"  # would print [Crisis Group 2020 2020]
    rows[by_id["newsam_734547"]]["short_name"] = "news.am"  # News.am elsewhere
    write_rows(path, rows)
    faults = [str(f) for f in validate(data_copy)]
    assert any(f"sources.csv:{by_id['icg_2020_12_22'] + 2}: short_name" in f and "ends in a year" in f
               for f in faults), faults
    assert any("short_name" in f and "one spelling" in f for f in faults), faults


def test_a_cut_file_with_an_open_quotation_mark_is_one_line_not_a_crash(data_copy: Path):
    """A table cut off inside a quoted cell (as a failed download or a bad edit leaves it) is named with its
    row; before, the pandas reader crashed on it after the schema checks passed."""
    path = data_copy / "military_spending.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:5]) + 'ARM,"Armen', encoding="utf-8")
    faults = [str(f) for f in validate(data_copy)]
    assert len(faults) == 1 and "military_spending.csv:6: (file): cannot be read as CSV" in faults[0], faults
