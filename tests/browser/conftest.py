"""Playwright driving the system Chromium, found by path (Playwright's own download does not work here)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


def chromium_path() -> str | None:
    """The system Chromium: $CHROMIUM, else the first of the usual paths."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    found = next((p for p in CHROMIUM_CANDIDATES if Path(p).is_file()), None)
    return found or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """A headless system Chromium; in CI its absence is a failure, elsewhere a skip."""
    path = chromium_path()
    if not path:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("no system Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
