"""Build benchmark: cold build, no-op rebuild, one-table edit and one-chapter edit, beside the floor.

Runs in a temporary clone of the committed book, with this project's installed environment, and prints one
table with wall times, chapters executed, and the ratios cold / floor and no-op / cold. The floor is the same
book built with execution off, plus the time to start one kernel.

    .venv/bin/python benchmarks/build.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)
BIN = VENV / "bin"


def sh(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)


def make_book(book: Path) -> tuple[float, int]:
    """`make book` in the clone; returns wall seconds and the number of chapters executed."""
    start = time.perf_counter()
    result = sh(["make", "book", f"VENV={VENV}", "-o", str(VENV / ".installed")], book)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed in {book}:\n{(result.stdout + result.stderr)[-3000:]}")
    report = json.loads((book / "_build" / ".briefing" / "last-build.json").read_text(encoding="utf-8"))
    return elapsed, len(report["executed"])


def floor_build(book: Path) -> float:
    """The same book with execution off (warnings allowed: glued values are missing)."""
    config = book / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("execute_notebooks: force",
                                                                 "execute_notebooks: \"off\""), encoding="utf-8")
    start = time.perf_counter()
    sh([str(BIN / "jupyter-book"), "build", ".", "--all"], book)
    return time.perf_counter() - start


def kernel_start() -> float:
    """Seconds to start one Python kernel and get a reply from it."""
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    manager, client = start_new_kernel(kernel_name="python3")
    client.execute_interactive("1 + 1", timeout=60)
    elapsed = time.perf_counter() - start
    client.stop_channels()
    manager.shutdown_kernel(now=True)
    return elapsed


def clone(into: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(ROOT), str(into)], check=True)
    return into


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        book = clone(Path(tmp) / "book")
        cold, cold_n = make_book(book)
        rows.append(("cold build", cold, cold_n))
        noop, noop_n = make_book(book)
        rows.append(("no-op rebuild", noop, noop_n))
        spending = book / "data" / "military_spending.csv"
        lines = spending.read_text(encoding="utf-8").split("\n")
        index = next(i for i, ln in enumerate(lines) if ln.startswith("ARM,Armenia,2021,sipri_expenditure,"))
        fields = lines[index].split(",")
        fields[5] = str(int(float(fields[5])) + 1_000_000)
        lines[index] = ",".join(fields)
        spending.write_text("\n".join(lines), encoding="utf-8")
        table, table_n = make_book(book)
        rows.append(("one-table edit (military_spending)", table, table_n))
        chapter = book / "chapters" / "sources.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEdited for the benchmark.\n", encoding="utf-8")
        edit, edit_n = make_book(book)
        rows.append(("one-chapter edit (sources)", edit, edit_n))
        floor_book = clone(Path(tmp) / "floor")
        floor = floor_build(floor_book)
    kernel = kernel_start()
    floor_total = floor + kernel
    print(f"{'run':<38}{'wall s':>9}{'chapters run':>14}")
    for name, seconds, count in rows:
        print(f"{name:<38}{seconds:>9.1f}{count:>14}")
    print(f"{'floor: execution off':<38}{floor:>9.1f}{0:>14}")
    print(f"{'floor: one kernel start':<38}{kernel:>9.1f}{'':>14}")
    print()
    print(f"cold / floor (execution off + one kernel start): {cold / floor_total:.2f}")
    print(f"no-op / cold: {noop / cold:.2f}")
    print(f"one-table edit / cold: {table / cold:.2f}")
    print(f"one-chapter edit / cold: {edit / cold:.2f}")


if __name__ == "__main__":
    main()
