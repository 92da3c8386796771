"""Playwright driving the system Chromium, found by path (Playwright's own download does not work here)."""

from __future__ import annotations

import os

import pytest

from briefing.chromium import CHROMIUM_ARGS, chromium_path


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
