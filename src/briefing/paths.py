"""Where the book's data package lives."""

from __future__ import annotations

import os
from pathlib import Path

DESCRIPTOR = "datapackage.json"
ENV_DATA_DIR = "BRIEFING_DATA_DIR"
# Set by the Sphinx extension while a chapter executes: each table the chapter reads is logged there.
ENV_READ_LOG = "BRIEFING_READ_LOG"
# Set by the Sphinx extension while a chapter executes: each value the chapter glues is logged there, and the
# chapter's source is named so that the bulk gluers glue only the keys its text uses (see briefing.sphinx.glue).
ENV_GLUE_LOG = "BRIEFING_GLUE_LOG"
ENV_CHAPTER_SOURCE = "BRIEFING_CHAPTER_SOURCE"
ENV_BOOK_BUILD = "BRIEFING_BOOK_BUILD"  # set by the Sphinx extension while a chapter executes in the book build


def chapter_source() -> Path | None:
    """The source file of the chapter being executed (by the book build or the slides), if any: the one place
    that says which chapter is running, for the bulk gluers and for error messages."""
    source = os.environ.get(ENV_CHAPTER_SOURCE)
    return Path(source) if source else None


def data_dir(start: Path | None = None) -> Path:
    """The data package folder: $BRIEFING_DATA_DIR, else the nearest `data/` at or above `start` (the cwd), else
    the copy installed with the package (`briefing/dataset`, from the notebooks' zip), else the project's `data/`."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data" / DESCRIPTOR
        if candidate.is_file():
            return candidate.parent
    installed = Path(__file__).resolve().parent / "dataset"
    if (installed / DESCRIPTOR).is_file():
        return installed
    return (Path(__file__).resolve().parents[2] / "data").resolve()


def shared_dir(start: Path | None = None) -> Path | None:
    """The `../shared` folder beside the project, when it is there."""
    here = data_dir(start).parent
    for candidate in (here.parent / "shared", here / ".." / "shared"):
        if (candidate / "sources").is_dir():
            return candidate.resolve()
    return None
