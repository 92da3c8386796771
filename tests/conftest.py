"""Shared fixtures: a copy of the data, a copy of the book, the built book and the student edition, and the built
book served on loopback. Helpers that tests import (paths, make, run, CSV rows) are in tests/helpers.py."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from briefing.chromium import CHROMIUM_ARGS, chromium_path
from tests.helpers import BUILT, DATA, ROOT, STUDENT, QuietHandler, copy_book, make


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ to break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def book_copy(tmp_path: Path) -> Path:
    """A fresh copy of the book's sources, to build in isolation."""
    return copy_book(tmp_path / "book")


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The book as `make book` built it."""
    if not (BUILT / "chapters" / "index.html").is_file():
        pytest.fail("the book is not built: run `make book` (make test does it first)")
    return BUILT


@pytest.fixture(scope="session")
def student_edition() -> Path:
    """The student edition as `make student` builds it (built once per session, unless one is given)."""
    if not os.environ.get("BRIEFING_TEST_STUDENT"):
        result = make("student", ROOT)
        assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return STUDENT


@pytest.fixture(scope="session")
def book_server(built_book: Path):
    """The built book served over HTTP on a loopback port; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that reads the built book is a build test (`make check` leaves build tests out)."""
    for item in items:
        if "built_book" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("build"):
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session")
def browser():
    """A headless system Chromium, one Playwright for the whole session (a second sync Playwright in the same
    thread would refuse to start); in CI its absence is a failure, elsewhere a skip."""
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
