"""The book's table of contents (`_toc.yml`): which chapters are the numbered topic chapters."""

from __future__ import annotations

from pathlib import Path

import yaml

from briefing.paths import data_dir


def _toc(root: Path | None = None) -> dict:
    root = root or data_dir().parent
    return yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))


def topic_chapters(root: Path | None = None) -> list[str]:
    """The numbered chapters, in order, by file stem ('corridor', 'blockade', ...)."""
    return [Path(entry["file"]).name for part in _toc(root).get("parts", []) if part.get("numbered")
            for entry in part.get("chapters", [])]


def all_pages(root: Path | None = None) -> list[str]:
    """Every page the book builds, root first, by file stem."""
    toc = _toc(root)
    return [Path(toc["root"]).name] + [Path(entry["file"]).name for part in toc.get("parts", [])
                                        for entry in part.get("chapters", [])]
