"""Load the book's tables through the data package descriptor, typed as the schema says."""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

import pandas as pd

from briefing.lookup import install_kernel_hook
from briefing.paths import DESCRIPTOR, ENV_READ_LOG, data_dir


class UnknownTable(KeyError):
    """A table name that the data package does not declare."""

    def __str__(self) -> str:
        return str(self.args[0])


@cache
def _descriptor(path: Path, mtime_ns: int) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def descriptor(folder: Path | None = None) -> dict:
    """The parsed `datapackage.json` (re-read when the file changes)."""
    path = (folder or data_dir()).resolve() / DESCRIPTOR
    return _descriptor(path, path.stat().st_mtime_ns)


def resource(name: str, folder: Path | None = None) -> dict:
    """The descriptor of one resource, by name."""
    resources = {r["name"]: r for r in descriptor(folder)["resources"]}
    if name not in resources:
        known = ", ".join(sorted(resources))
        raise UnknownTable(f"no table named {name!r} in the data package (known: {known})")
    return resources[name]


def table_names(folder: Path | None = None) -> list[str]:
    """Names of every tabular resource, in the descriptor's order."""
    return [r["name"] for r in descriptor(folder)["resources"] if "schema" in r]


def resource_names(folder: Path | None = None) -> list[str]:
    """Names of every resource, tables and others."""
    return [r["name"] for r in descriptor(folder)["resources"]]


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _record_read(name: str, path: Path) -> None:
    log = os.environ.get(ENV_READ_LOG)
    if not log:
        return
    with open(log, "a", encoding="utf-8") as out:
        out.write(json.dumps({"table": name, "path": str(path), "sha256": file_digest(path)}) + "\n")


def _typed(frame: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    out = {}
    for field in fields:
        name, kind = field["name"], field.get("type", "string")
        raw = frame[name].replace("", None) if name in frame else pd.Series([None] * len(frame), dtype=object)
        enum = field.get("constraints", {}).get("enum")
        if kind == "date":
            out[name] = pd.to_datetime(raw, format="%Y-%m-%d")
        elif kind == "integer":
            out[name] = pd.array(pd.to_numeric(raw), dtype="Int64")
        elif kind == "number":
            out[name] = pd.to_numeric(raw).astype("float64")
        elif kind == "boolean":
            out[name] = raw.map({"true": True, "false": False, None: None}).astype("boolean")
        elif enum:
            out[name] = pd.Categorical(raw, categories=enum)
        else:
            out[name] = raw.astype("string")
    return pd.DataFrame(out, index=frame.index)


def load(name: str, folder: Path | None = None) -> pd.DataFrame:
    """One table as a DataFrame: dates as datetimes, integers as Int64, enums as ordered categories."""
    folder = (folder or data_dir()).resolve()
    spec = resource(name, folder)
    if "schema" not in spec:
        raise UnknownTable(f"{name!r} is not a table (it has no schema): read it with load_json({name!r})")
    path = folder / spec["path"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    _record_read(name, path)
    typed = _typed(frame, spec["schema"]["fields"])
    # The table's name travels with the frame, so that a failed lookup can name it (briefing.lookup).
    typed.attrs["table"] = name
    install_kernel_hook()
    return typed


def load_json(name: str, folder: Path | None = None) -> dict:
    """A JSON resource (such as the country outlines) as parsed JSON."""
    folder = (folder or data_dir()).resolve()
    path = folder / resource(name, folder)["path"]
    parsed = json.loads(path.read_text(encoding="utf-8"))
    _record_read(name, path)
    return parsed
