"""Validate the data package: one line per fault, `data/<file>.csv:<row>: <field>: <message>`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from briefing.faults import FILE, HEADER, Fault, display_path
from briefing.paths import DESCRIPTOR

__all__ = ["FILE", "HEADER", "Fault", "validate"]

def _read_descriptor(folder: Path) -> tuple[dict | None, list[Fault]]:
    path = folder / DESCRIPTOR
    shown = display_path(path)
    if not path.is_file():
        return None, [Fault(shown, 1, FILE, "the data package descriptor is missing")]
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        return None, [Fault(shown, 1, FILE, f"not UTF-8 text ({exc.reason})")]
    except json.JSONDecodeError as exc:
        return None, [Fault(shown, exc.lineno, FILE, f"not valid JSON: {exc.msg}")]
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        return None, [Fault(shown, 1, "resources", "the descriptor declares no list of resources")]
    return package, []


def _check_file(folder: Path, resource: dict) -> list[Fault]:
    """Faults frictionless reports poorly: a missing, empty, binary or non-UTF-8 file."""
    path = folder / resource.get("path", "")
    shown = display_path(path)
    if not path.is_file():
        return [Fault(shown, 1, FILE, f"file is missing (declared by resource {resource.get('name')!r})")]
    raw = path.read_bytes()
    if not raw.strip():
        return [Fault(shown, 1, FILE, "file is empty")]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return [Fault(shown, line, FILE, "binary data (a NUL byte) in a text table")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [Fault(shown, line, FILE, f"not UTF-8 text (byte {raw[exc.start]:#04x})")]
    return _check_header(shown, text, resource)


def _check_header(shown: str, text: str, resource: dict) -> list[Fault]:
    """Columns by name: a missing, unexpected or misplaced column is named once, not as a cascade."""
    fields = [f.get("name") for f in resource.get("schema", {}).get("fields", [])]
    if not fields:
        return []
    try:
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")), [])
    except csv.Error as exc:
        return [Fault(shown, 1, HEADER, f"the header row cannot be read as CSV ({exc})")]
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error as exc:  # an unclosed quotation mark (a cut file): pandas would crash on it later
        return [Fault(shown, reader.line_num, FILE, f"cannot be read as CSV ({exc})")]
    faults = [Fault(shown, 1, name, f"column {name!r} is missing") for name in fields if name not in header]
    faults += [Fault(shown, 1, name or HEADER, f"unexpected column {name!r}") for name in header if name not in fields]
    if not faults and header != fields:
        faults.append(Fault(shown, 1, HEADER, f"columns out of order: expected {', '.join(fields)}"))
    return faults


def _frictionless_faults(folder: Path, package: dict) -> list[Fault]:
    from frictionless import Package, system

    faults: list[Fault] = []
    try:
        with system.use_context(trusted=False):
            report = Package(package, basepath=str(folder)).validate()
    except Exception as exc:  # noqa: BLE001 - a reader crash must still name its file, not print a traceback
        return _crashing_resources(folder, package, exc)
    names = {r.get("name"): r for r in package["resources"]}
    for task in report.tasks:
        shown = display_path(folder / names.get(task.name, {}).get("path", task.name or "?"))
        for error in task.errors:
            faults.append(_fault_from(shown, error))
    for error in report.errors:
        faults.append(Fault(display_path(folder / DESCRIPTOR), 1, "resources", _message(error)))
    return faults


def _crashing_resources(folder: Path, package: dict, exc: Exception) -> list[Fault]:
    """Find which resource makes frictionless fail, by validating each alone."""
    from frictionless import Resource, system

    faults = []
    for res in package["resources"]:
        try:
            with system.use_context(trusted=False):
                Resource(dict(res), basepath=str(folder)).validate()
        except Exception as inner:  # noqa: BLE001
            faults.append(Fault(display_path(folder / res.get("path", "?")), 1, FILE,
                                f"cannot be read: {type(inner).__name__}: {str(inner).splitlines()[0][:200]}"))
    if not faults:
        faults.append(Fault(display_path(folder / DESCRIPTOR), 1, "resources",
                            f"validation failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"))
    return faults


def _message(error) -> str:
    """A short, plain message for one frictionless error."""
    kind, note = error.type, getattr(error, "note", "") or ""
    cell = getattr(error, "cell", None)
    if kind == "type-error":
        expected = note.rsplit("is", 1)[-1].strip(' "').split("/")[0]
        return f"{cell!r} is not a valid value of this field's type ({expected})"
    if kind == "constraint-error" and note.startswith('constraint "required"'):
        return "a value is required"
    if kind == "constraint-error":
        return f"{cell!r} breaks the field's constraint: {note}"
    if kind == "primary-key":
        return f"duplicate key: {note}"
    if kind == "foreign-key":
        values = ", ".join(repr(v) for v in getattr(error, "field_cells", []) or [])
        ref = getattr(error, "reference_name", "") or "?"
        fields = ", ".join(getattr(error, "reference_field_names", []) or [])
        return f"{values} not found in {ref}.{fields} (dangling foreign key)"
    if kind in ("incorrect-label", "missing-label", "extra-label", "blank-label", "duplicate-label"):
        label = getattr(error, "label", "") or ""
        expected = getattr(error, "field_name", "") or ""
        text = {"incorrect-label": f"column header {label!r} where the schema expects {expected!r}",
                "missing-label": f"column {expected!r} is missing",
                "extra-label": f"unexpected column {label!r}",
                "blank-label": "a column has a blank header",
                "duplicate-label": f"column {label!r} appears twice"}[kind]
        return text
    if kind == "missing-cell":
        return "the row has too few cells (missing value for this column)"
    if kind == "extra-cell":
        return f"the row has more cells than the header ({cell!r} is extra)"
    title = (getattr(error, "title", "") or kind).lower()
    return f"{title}: {note}" if note else title


def _fault_from(shown: str, error) -> Fault:
    row = getattr(error, "row_number", None) or 1
    field = getattr(error, "field_name", None) or getattr(error, "label", None) or HEADER
    if error.type == "primary-key":
        field = "primary key"
    elif error.type == "foreign-key":
        field = ", ".join(getattr(error, "field_names", []) or ["foreign key"])
    elif error.type in ("blank-row", "duplicate-row"):
        field = "(row)"
    return Fault(shown, int(row), str(field), _message(error))


def _semantic_faults(folder: Path) -> list[Fault]:
    """Rules a table schema cannot say: cross-table lists, flags that must agree with the sources table."""
    from briefing.rules import check_rules

    return check_rules(folder)


def validate(folder: Path) -> list[Fault]:
    """Every fault in the data package at `folder`, in file and row order; empty when the data is valid."""
    folder = Path(folder)
    package, faults = _read_descriptor(folder)
    if package is None:
        return faults
    for resource in package["resources"]:
        faults += _check_file(folder, resource)
    if faults:
        return sorted(faults)
    faults = _frictionless_faults(folder, package)
    # A short row also breaks each `required` constraint it leaves empty: report it once.
    short = {(f.path, f.row, f.field) for f in faults if f.message.startswith("the row has too few cells")}
    faults = [f for f in faults if not (f.message == "a value is required" and (f.path, f.row, f.field) in short)]
    if not faults:
        faults = _semantic_faults(folder)
    return sorted(set(faults))
