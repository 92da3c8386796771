"""The student notebooks the book build writes: what they hold, and that a fresh environment with only the
documented student install runs one top to bottom (nbclient)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from briefing.notebooks import INSTALL_COMMAND, ZIP_NAME, ZIP_ROOT, read_chapter
from briefing.sphinx.notebooks import BOOK_SOURCE_PAGES
from tests.helpers import BUILT, ROOT

pytestmark = pytest.mark.build
# Where the book was built (`make book`); a test run against another build can point here.
HTML = Path(os.environ.get("BRIEFING_TEST_HTML", BUILT))
NOTEBOOKS = HTML / "_static" / "notebooks"
RAW = re.compile(r"\{[a-z][a-z:+-]*\}`|^\s*(```+|:::+)\s*\{|^\(\S+\)=\s*$", re.M)


def chapters_with_code() -> list[str]:
    """Chapters with code that runs on the data package alone (the teaching page reads the book's sources)."""
    return sorted(p.stem for p in (ROOT / "chapters").glob("*.md")
                  if "```{code-cell}" in p.read_text(encoding="utf-8")
                  and f"chapters/{p.stem}" not in BOOK_SOURCE_PAGES)


def solution_code(chapter: str) -> list[str]:
    """The source of every code cell inside a solution of the chapter."""
    inside, found = False, []
    for cell in read_chapter(ROOT / "chapters" / f"{chapter}.md").cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if "{solution-start}" in line:
                    inside = True
                elif "{solution-end}" in line:
                    inside = False
        elif inside and cell.source.strip():
            found.append(cell.source.strip())
    return found


@pytest.fixture(scope="module")
def built() -> Path:
    if not NOTEBOOKS.is_dir():
        pytest.fail(f"no student notebooks in {NOTEBOOKS}: build the book first (`make book`)")
    return NOTEBOOKS


@pytest.mark.parametrize("chapter", chapters_with_code())
def test_student_notebook_has_values_no_roles_and_no_solutions(built: Path, chapter: str):
    notebook = nbformat.read(built / f"{chapter}.ipynb", as_version=4)
    prose = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert not RAW.search(prose), RAW.search(prose).group()
    code = [cell.source.strip() for cell in notebook.cells if cell.cell_type == "code"]
    leaked = [source for source in solution_code(chapter) if source in code]
    assert not leaked, leaked[:1]
    exercises = [i for i, cell in enumerate(notebook.cells) if cell.source.startswith("### Exercise")]
    assert len(exercises) == notebook.metadata["briefing"]["exercises"]
    for index in exercises:
        assert "answer" in notebook.cells[index + 1].metadata.get("tags", [])
    setup = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert setup.metadata.get("jupyter", {}).get("source_hidden"), "the setup cell should be collapsed"
    page = (HTML / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    assert f"_static/notebooks/{chapter}.ipynb" in page and f"_static/notebooks/{ZIP_NAME}" in page


def test_fresh_environment_with_only_the_student_install_runs_a_notebook(built: Path, tmp_path: Path):
    """Unzip the download, make a new virtual environment, run the one documented install command in it, and
    run a notebook with charts top to bottom in that environment (nbclient)."""
    with zipfile.ZipFile(built / ZIP_NAME) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / ZIP_ROOT
    assert INSTALL_COMMAND in (folder / "README.txt").read_text(encoding="utf-8")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "VIRTUAL_ENV", "PYTHON"))}
    command = INSTALL_COMMAND.replace("python", str(python), 1)
    installed = subprocess.run(command, shell=True, cwd=folder, env=env, capture_output=True, text=True,
                               timeout=900)
    assert installed.returncode == 0, installed.stderr[-2000:]
    script = (
        "import nbformat, sys\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read('military_balance.ipynb', as_version=4)\n"
        "NotebookClient(nb, timeout=300, kernel_name='python3', resources={'metadata': {'path': '.'}}).execute()\n"
        "mimes = [m for c in nb.cells if c.cell_type == 'code' for o in c.outputs for m in o.get('data', {})]\n"
        "print(mimes.count('application/vnd.vegalite.v5+json'), mimes.count('image/svg+xml'))\n"
        "import briefing; print(briefing.__file__)\n"
    )
    ran = subprocess.run([str(python), "-c", script], cwd=folder, env=env, capture_output=True, text=True,
                         timeout=600)
    assert ran.returncode == 0, ran.stderr[-3000:]
    charts, svgs, where = ran.stdout.split()
    assert int(charts) >= 1 and charts == svgs
    assert str(venv) in where, "the notebook must run on the package installed in the fresh environment"
