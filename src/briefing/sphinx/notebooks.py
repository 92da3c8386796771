"""Student notebooks: one per chapter that has code, and a zip of all of them with the package and its data.

After an HTML build, each chapter's student notebook (see `briefing.notebooks`) is written to
`_static/notebooks/<chapter>.ipynb`, its glued values taken from the glue data MyST-NB keeps beside the executed
notebook. The zip holds every notebook, the `briefing` package's source with the data package, and a README
with the one install command. Each chapter page's download menu offers the chapter's notebook and the zip; in
the student edition they are the only downloads.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

import briefing
from briefing import notebooks
from briefing.paths import data_dir
from briefing.sphinx.figures import figure_numbers

logger = logging.getLogger(__name__)
FOLDER = "notebooks"  # under _static/
CODE_CELL = "```{code-cell}"
# What the package folder in the zip holds, beside the data package (from the project that is installed).
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE")


# Pages whose code reads the book's own sources (the chapters, _toc.yml, ../shared) rather than the data package
# alone: a student notebook of them could not run from the zip, so they get none.
BOOK_SOURCE_PAGES = frozenset({"chapters/teaching"})


def has_notebook(app: Sphinx, docname: str) -> bool:
    """True for a chapter with code cells that runs on the data package alone (it gets a student notebook)."""
    if docname in BOOK_SOURCE_PAGES:
        return False
    cache = app.env.__dict__.setdefault("briefing_has_code", {})
    if docname not in cache:
        path = Path(app.env.doc2path(docname))
        cache[docname] = path.suffix == ".md" and CODE_CELL in path.read_text(encoding="utf-8")
    return cache[docname]


def add_download_buttons(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The chapter's student notebook and the zip, first in the page's download menu."""
    if doctree is None or "header_buttons" not in context or not has_notebook(app, pagename):
        return
    pathto = context["pathto"]
    stem = Path(pagename).name
    buttons = [
        {"type": "link", "url": pathto(f"_static/{FOLDER}/{stem}.ipynb", 1), "text": "Student notebook (.ipynb)",
         "tooltip": "Download this chapter as a notebook to run (no solutions)", "icon": "fas fa-code",
         "label": "download-student-notebook-button"},
        {"type": "link", "url": pathto(f"_static/{FOLDER}/{notebooks.ZIP_NAME}", 1),
         "text": "All notebooks, package and data (.zip)",
         "tooltip": "Download every chapter's notebook with the package and data to run them",
         "icon": "fas fa-file-zipper", "label": "download-notebooks-zip-button"},
    ]
    group = next((b for b in context["header_buttons"] if b.get("label") == "download-buttons"), None)
    if group is None:
        context["header_buttons"].insert(0, {"type": "group", "tooltip": "Download this page",
                                             "icon": "fas fa-download", "buttons": buttons,
                                             "label": "download-buttons"})
    else:
        group["buttons"][:0] = buttons


def project_root() -> Path | None:
    """The folder of the installed package's project (pyproject.toml beside src/), if it is a source install."""
    root = Path(briefing.__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() else None


def package_files(data: Path) -> list[tuple[Path, str]]:
    """(file, name in the zip's package folder) for the package's source, its project files and the data."""
    root = project_root()
    if root is None:
        return []
    files = [(root / name, name) for name in PROJECT_FILES if (root / name).is_file()]
    package = Path(briefing.__file__).resolve().parent
    files += [(path, f"src/briefing/{path.relative_to(package).as_posix()}") for path in sorted(package.rglob("*"))
              if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"]
    # The data goes inside the package, so that an installed package finds it wherever a notebook runs.
    files += [(path, f"src/briefing/dataset/{path.name}") for path in sorted(data.iterdir()) if path.is_file()]
    return files


def readme(names: list[str]) -> str:
    """The zip's README: what is in it and the one command that installs it."""
    listed = "\n".join(f"  {name}" for name in names)
    return (
        "The Lachin Corridor Briefing: student notebooks\n\n"
        "You need Python 3.11 or later (with pip). In a terminal, in this folder, run once:\n\n"
        f"  {notebooks.INSTALL_COMMAND}\n\n"
        "It installs the book's package with its data, JupyterLab and what they need (not the book's build\n"
        "or test tools). Then start JupyterLab with\n\n"
        f"  {notebooks.RUN_COMMAND}\n\n"
        "and open a notebook. Run all cells: the numbers and charts are computed from the data in data/\n"
        "(edit a table there, check it with `briefing validate data`, and run the notebooks again); the\n"
        "charts draw without a network connection.\n\n"
        f"Notebooks:\n{listed}\n"
    )


def _stamp(paths: list[Path]) -> bytes:
    """A digest of the files the notebooks and the zip are made from (missing files count as empty)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    return digest.hexdigest().encode()


def write_notebooks(app: Sphinx, exception) -> None:
    """Write every chapter's student notebook and the zip into `_static/notebooks/`."""
    if exception is not None or app.builder.format != "html":
        return
    data = data_dir(Path(app.srcdir))
    glue_dir = Path(app.outdir).parent / "jupyter_execute"
    out = Path(app.outdir) / "_static" / FOLDER
    docnames = [docname for docname in sorted(app.env.found_docs) if has_notebook(app, docname)]
    inputs = [Path(app.env.doc2path(d)) for d in docnames] + [glue_dir / f"{d}.glue.json" for d in docnames]
    stamp = _stamp(inputs + [path for path, _ in package_files(data)])
    target_zip = out / notebooks.ZIP_NAME
    if target_zip.is_file() and all((out / f"{Path(d).name}.ipynb").is_file() for d in docnames):
        with zipfile.ZipFile(target_zip) as existing:
            if existing.comment == stamp:
                return  # nothing they are made from has changed
    import nbformat

    from briefing import bib
    from briefing.data import load

    sources = load("sources", data)
    labels = bib.labels(sources)
    refs = notebooks.references(sources, labels)
    chapters = Path(app.srcdir) / "chapters"
    titles = {**notebooks.chapter_titles(chapters), **figure_numbers(app)}
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}
    for docname in docnames:
        glue = notebooks.glue_values(glue_dir / f"{docname}.glue.json")
        try:
            notebook = notebooks.student_notebook(Path(app.env.doc2path(docname)), glue, labels, titles, refs)
        except notebooks.UnresolvedRole as error:
            logger.warning(f"[briefing] student notebook of {docname}: {error}", location=docname)
            continue
        name = f"{Path(docname).name}.ipynb"
        written[name] = nbformat.writes(notebook)
        target = out / name
        if not target.is_file() or target.read_text(encoding="utf-8") != written[name]:
            target.write_text(written[name], encoding="utf-8")
    files = package_files(data)
    with zipfile.ZipFile(target_zip, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = stamp
        root = notebooks.ZIP_ROOT
        archive.writestr(f"{root}/README.txt", readme(sorted(written)))
        for name, text in sorted(written.items()):
            archive.writestr(f"{root}/{name}", text)
        for path, name in files:
            archive.write(path, f"{root}/{notebooks.PACKAGE_FOLDER}/{name}")
        # A copy of the data beside the notebooks, which they read first: edit it and run them again.
        for path in sorted(data.iterdir()):
            if path.is_file():
                archive.write(path, f"{root}/data/{path.name}")
    logger.info(f"[briefing] student notebooks written: {len(written)}")


def setup(app: Sphinx) -> None:
    """Offer each chapter's notebook on its page; write the notebooks when the build is done."""
    app.connect("html-page-context", add_download_buttons, priority=502)
    app.connect("build-finished", write_notebooks)
