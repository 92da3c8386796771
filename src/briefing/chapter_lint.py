"""Lint the chapters' code cells with ruff, as one Python file per chapter (cells in order), line numbers mapped
back to the chapter."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CODE_CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.S)
# In a notebook an import may sit in the cell that first needs it (an exercise's solution, say).
IGNORED = ["E402"]


def chapter_code(text: str) -> tuple[str, list[int]]:
    """The chapter's code cells as one program, and for each of its lines the chapter's line number."""
    lines: list[str] = []
    origin: list[int] = []
    for match in CODE_CELL.finditer(text):
        first = text.count("\n", 0, match.start(1)) + 1
        for offset, line in enumerate(match.group(1).splitlines()):
            if line.startswith(":"):  # a cell option (":tags: [...]")
                continue
            lines.append(line)
            origin.append(first + offset)
        lines.append("")
        origin.append(origin[-1] if origin else 1)
    return "\n".join(lines) + "\n", origin


def ruff() -> str:
    """The ruff beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / "ruff"
    return str(beside) if beside.is_file() else (shutil.which("ruff") or "ruff")


def lint(chapters: list[Path], config: Path) -> list[str]:
    """One line per problem: `chapters/x.md:LINE: CODE message`."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        origins = {}
        for chapter in chapters:
            code, origin = chapter_code(chapter.read_text(encoding="utf-8"))
            target = Path(tmp) / f"{chapter.stem}.py"
            target.write_text(code, encoding="utf-8")
            origins[target.name] = (chapter, origin)
        result = subprocess.run([ruff(), "check", "--config", str(config), "--ignore", ",".join(IGNORED),
                                 "--output-format", "concise", "--no-cache", tmp],
                                capture_output=True, text=True)
        for line in result.stdout.splitlines():
            found = re.match(r"^(.*?\.py):(\d+):\d+: (.*)$", line)
            if not found:
                continue
            chapter, origin = origins[Path(found.group(1)).name]
            number = origin[min(int(found.group(2)), len(origin)) - 1]
            problems.append(f"{chapter}:{number}: {found.group(3)}")
    return problems
