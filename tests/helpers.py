"""Helpers the tests share (paths, copying the book, running commands and make, reading and writing CSV rows).
Fixtures live in conftest.py; everything else a test imports lives here."""

from __future__ import annotations

import csv
import http.server
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
BIN = Path(sys.executable).parent
# A helper working beside others may point the tests at its own build (never set in make test or CI).
BUILT = Path(os.environ.get("BRIEFING_TEST_BUILT") or ROOT / "_build" / "html")
STUDENT = Path(os.environ.get("BRIEFING_TEST_STUDENT") or ROOT / "_build" / "student" / "html")
BOOK_FILES = ("_config.yml", "_toc.yml", "chapters", "data", "Makefile", "pyproject.toml", "constraints.txt")


def copy_book(target: Path) -> Path:
    """A copy of the book's sources (not its build) in `target`, file times kept."""
    target.mkdir(parents=True, exist_ok=True)
    for name in BOOK_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("_build", "*.ipynb_checkpoints"))
        else:
            shutil.copy2(src, target / name)
    return target


def run(cmd: list[str], cwd: Path, timeout: int = 900, extra_env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess:
    """Run a command with the project's environment (no BRIEFING_ overrides but `extra_env`), capturing output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra_env or {})
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def make(target: str, book: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`make TARGET` in a copy of the book, using this project's installed environment as it is."""
    venv = Path(sys.prefix)
    return run(["make", target, f"VENV={venv}", "-o", str(venv / ".installed")], cwd=book, extra_env=extra_env)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass




def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file, as text."""
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    """Write rows back as CSV with the data package's dialect (header from the first row, LF endings)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
