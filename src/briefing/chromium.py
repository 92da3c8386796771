"""The system Chromium, found by path (Playwright's own browser download does not work here)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
# Without the background-networking flags Chromium tries to reach Google's hosts at start.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


def chromium_path() -> str | None:
    """The system Chromium: $CHROMIUM, else the first of the usual paths, else `chromium` on PATH."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    found = next((p for p in CHROMIUM_CANDIDATES if Path(p).is_file()), None)
    return found or shutil.which("chromium")
