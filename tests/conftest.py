"""Shared fixtures: the project's paths, copies of the book, and the built book served on loopback."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
BIN = Path(sys.executable).parent
# A helper working beside others may point the tests at its own build (never set in make test or CI).
BUILT = Path(os.environ.get("BRIEFING_TEST_BUILT") or ROOT / "_build" / "html")
STUDENT = Path(os.environ.get("BRIEFING_TEST_STUDENT") or ROOT / "_build" / "student" / "html")
BOOK_FILES = ("_config.yml", "_toc.yml", "chapters", "data", "Makefile", "pyproject.toml", "constraints.txt")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ to break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


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


@pytest.fixture
def book_copy(tmp_path: Path) -> Path:
    """A fresh copy of the book's sources, to build in isolation."""
    return copy_book(tmp_path / "book")


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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


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
    handler = functools.partial(_QuietHandler, directory=str(built_book))
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
