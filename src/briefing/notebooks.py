"""Chapters as notebooks: read a chapter's MyST source as a notebook, and make its student edition.

A student notebook is a chapter a student can run anywhere: every glued value and citation written out as
text, quotations and cross-references as plain words, MyST directives as plain Markdown (exercises as headed
text, notes such as "What happened next" as block quotes), the setup cell kept but collapsed, every solution
and every instructor note (admonitions of class `instructor-notes`, `{only} instructor` blocks) removed, and an
empty answer cell under each exercise.
"""

from __future__ import annotations

import ast
import copy
import json
import re
from collections.abc import Callable
from pathlib import Path

import nbformat

# The one install command a student runs, in the folder the notebooks' zip unpacks to.
PACKAGE_FOLDER = "briefing"
INSTALL_COMMAND = f'python -m pip install "./{PACKAGE_FOLDER}[lab]"'
ZIP_NAME = "briefing-notebooks.zip"
ZIP_ROOT = "lachin-corridor-briefing"
RUN_COMMAND = "python -m jupyter lab"

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|:{3,})\s*(?:\{(?P<name>[a-zA-Z0-9_:-]+)\})?\s*(?P<arg>.*)$")
ROLE = re.compile(r"\{(?P<role>[a-zA-Z0-9_:+-]+)\}`(?P<body>[^`]*)`", re.S)
TARGET = re.compile(r"^\s*\(([^()\s]+)\)=\s*$")
OPTION = re.compile(r"^:([a-zA-Z0-9_-]+):\s*(.*)$")
WITH_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>\s*$", re.S)
CITE_ROLES = {"footcite", "footcite:p", "footcite:t", "cite", "cite:p", "cite:t"}
HIDDEN_TAGS = {"remove-cell", "remove-input", "hide-input", "hide-cell"}
INSTRUCTOR_CLASS = "instructor-notes"  # admonitions for the instructor edition only (see briefing.sphinx.editions)
STUDENT_TAGS = frozenset({"student", "html"})  # the Sphinx tags a student notebook counts as having


def only_for_student(expression: str) -> bool:
    """Whether an `{only}` directive's expression (tags with and, or, not, brackets) holds for a student."""
    python = []
    for token in re.findall(r"\(|\)|[A-Za-z_][\w-]*", expression):
        python.append(token if token in ("and", "or", "not", "(", ")") else str(token in STUDENT_TAGS))
    if not python:
        return True
    try:
        return bool(eval(" ".join(python), {"__builtins__": {}}, {}))  # noqa: S307 - True/False/and/or/not only
    except SyntaxError:
        raise ValueError(f"not an {{only}} expression: {expression!r}") from None


class UnresolvedRole(ValueError):
    """A role in a chapter's prose that the student notebook cannot write out (an unknown glue key, ...)."""


def read_chapter(path: Path) -> nbformat.NotebookNode:
    """A chapter's MyST Markdown source as a notebook (through jupytext), with no outputs."""
    import jupytext

    return jupytext.read(path, fmt="md:myst")


def glue_values(path: Path) -> dict[str, str]:
    """The text of every value a chapter glued, from MyST-NB's `<chapter>.glue.json` beside its executed notebook."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for key, output in data.items():
        plain = (output.get("data") or {}).get("text/plain")
        if plain is None:
            continue
        plain = "".join(plain) if isinstance(plain, list) else plain
        try:
            value = ast.literal_eval(plain)
        except (SyntaxError, ValueError):
            value = plain
        out[key] = str(value)
    return out


def chapter_titles(folder: Path) -> dict[str, str]:
    """Each chapter's title (its first level-one heading), by file stem."""
    titles = {}
    for path in sorted(folder.glob("*.md")):
        match = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M)
        if match:
            titles[path.stem] = match.group(1).strip()
    return titles


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _split_target(body: str) -> tuple[str, str]:
    match = WITH_TARGET.match(body)
    if match:
        return _plain(match.group("text")), match.group("target").strip()
    return "", body.strip()


class Resolver:
    """Writes a chapter's roles out as text: glued values, citations, quotations and cross-references."""

    def __init__(self, glue: dict[str, str], labels: dict[str, str], titles: dict[str, str]):
        self.glue, self.labels, self.titles = glue, labels, titles
        self.cited: list[str] = []

    def role(self, name: str, body: str, before: str) -> str:
        if name.startswith("glue"):
            key, _, spec = body.strip().partition(":")
            if key not in self.glue:
                raise UnresolvedRole(f"no glued value {key!r}")
            value = self.glue[key]
            return format(float(value), spec) if spec and spec[-1] in "eEfFgGn%" else value
        if name in CITE_ROLES:
            keys = [key.strip() for key in body.split(",") if key.strip()]
            missing = [key for key in keys if key not in self.labels]
            if missing:
                raise UnresolvedRole(f"no source {', '.join(missing)!r} to cite")
            self.cited += [key for key in keys if key not in self.cited]
            space = "" if not before or before[-1].isspace() or before[-1] in "([“" else " "
            return f"{space}({'; '.join(self.labels[key] for key in keys)})"
        if name == "claim":
            words, _ = _split_target(body)
            return f"“{words}”"
        if name == "doc":
            text, target = _split_target(body)
            return text or f"*{self.titles.get(Path(target).name, Path(target).name)}*"
        if name == "numref":  # a numbered chart: "Figure 3", as the book numbers it
            text, target = _split_target(body)
            if target not in self.titles:
                raise UnresolvedRole(f"no numbered figure {target!r}")
            return text.replace("{number}", self.titles[target].split()[-1]) if text else self.titles[target]
        text, target = _split_target(body)
        return text or target

    def __call__(self, text: str) -> str:
        out, last = [], 0
        for match in ROLE.finditer(text):
            out.append(text[last:match.start()])
            before = "".join(out)
            out.append(self.role(match.group("role"), match.group("body"), before))
            last = match.end()
        out.append(text[last:])
        return "".join(out)


def _directive_body(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """A directive's options (`:name: value` lines at its top) and the rest of its body."""
    options, index = {}, 0
    while index < len(lines) and OPTION.match(lines[index]):
        key, value = OPTION.match(lines[index]).groups()
        options[key] = value
        index += 1
    return options, lines[index:]


def _quote(lines: list[str]) -> list[str]:
    return [f"> {line}" if line.strip() else ">" for line in lines]


class _Converter:
    """The state of one chapter's conversion: cells out, inside a solution or not, exercises seen."""

    def __init__(self, resolve: Resolver, bibliography: Callable[[list[str]], list[str]]):
        self.resolve, self.bibliography = resolve, bibliography
        self.cells: list[nbformat.NotebookNode] = []
        self.in_solution = False
        self.exercises = 0

    def markdown(self, source: str) -> None:
        lines = source.split("\n")
        text: list[str] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            match = FENCE.match(line)
            if match and match.group("name"):
                end = self._closing(lines, index, match.group("fence"))
                name, arg = match.group("name"), match.group("arg").strip()
                body = lines[index + 1:end]
                index = end + 1
                if name == "solution-start":
                    self.in_solution = True
                elif name == "solution-end":
                    self.in_solution = False
                elif self.in_solution or name == "solution":
                    continue
                elif name == "only":
                    if only_for_student(arg):  # its content, read as if it stood here
                        lines[index:index] = body
                    continue
                elif INSTRUCTOR_CLASS in _directive_body(body)[0].get("class", "").split():
                    continue
                elif name == "exercise":  # a cell of its own, with an empty answer cell under it
                    self._flush(text)
                    self._flush(self._directive(name, arg, body))
                    text = []
                    self.cells.append(nbformat.v4.new_code_cell("# Your answer here\n",
                                                                metadata={"tags": ["answer"]}))
                else:
                    text += self._directive(name, arg, body)
                continue
            if match and not self.in_solution:  # a plain code block: keep it whole
                end = self._closing(lines, index, match.group("fence"))
                text += lines[index:end + 1]
                index = end + 1
                continue
            if not self.in_solution and not TARGET.match(line) and not line.startswith("%"):
                text.append(line)
            index += 1
        self._flush(text)

    @staticmethod
    def _closing(lines: list[str], start: int, fence: str) -> int:
        for index in range(start + 1, len(lines)):
            stripped = lines[index].strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
                return index
        return len(lines) - 1

    def _directive(self, name: str, arg: str, body: list[str]) -> list[str]:
        options, body = _directive_body(body)
        if name == "exercise":
            self.exercises += 1
            heading = f"### Exercise {self.exercises}" + (f": {arg}" if arg else "")
            return ["", heading, "", *body, ""]
        if name in ("footbibliography", "bibliography"):
            return ["", *self.bibliography(self.resolve.cited), ""]
        if name == "glossary":
            return ["", *body, ""]
        if name == "admonition" or name in ("note", "tip", "warning", "important", "caution", "attention",
                                            "hint", "seealso", "danger", "error"):
            title = arg or name.capitalize()
            return ["", *_quote([f"**{title}**", "", *body]), ""]
        return ["", *body, ""]

    def _flush(self, lines: list[str]) -> None:
        text = "\n".join(lines).strip("\n")
        text = re.sub(r"\n{3,}", "\n\n", text)
        if text.strip():
            self.cells.append(nbformat.v4.new_markdown_cell(self.resolve(text)))

    def code(self, cell: nbformat.NotebookNode) -> None:
        if self.in_solution:
            return
        metadata = copy.deepcopy(dict(cell.get("metadata", {})))
        tags = set(metadata.get("tags", []))
        if tags & HIDDEN_TAGS:
            hidden = {"source_hidden": True}
            if tags & {"remove-cell", "hide-cell"}:
                hidden["outputs_hidden"] = True
            metadata["jupyter"] = {**metadata.get("jupyter", {}), **hidden}
            metadata["collapsed"] = True
        self.cells.append(nbformat.v4.new_code_cell(cell["source"], metadata=metadata))


def references(sources, labels: dict[str, str]) -> Callable[[list[str]], list[str]]:
    """A chapter's list of sources as Markdown lines: label, title, publisher, date and public address."""
    rows = sources.set_index("source_id")

    def lines(cited: list[str]) -> list[str]:
        out = []
        for key in cited:
            row = rows.loc[key]
            parts = [f"**{labels[key]}**", f"*{_plain(str(row['title']))}*"]
            if isinstance(row.get("publisher"), str) and not row["publisher"].startswith("not named"):
                parts.append(_plain(row["publisher"]))
            if isinstance(row.get("url"), str) and row["url"]:
                parts.append(f"<{row['url']}>")
            out.append("- " + ". ".join(parts))
        return out

    return lines


def about_cell(title: str, zip_url: str | None = None) -> nbformat.NotebookNode:
    """The first cell of a student notebook: what it is and how to run it."""
    where = (f"[the zip of all notebooks]({zip_url})" if zip_url else
             "the zip of all notebooks (the download menu at the top of any chapter page of the book)")
    return nbformat.v4.new_markdown_cell(
        f"*Student notebook of the chapter “{title}” of* The Lachin Corridor Briefing. Every number in the text "
        "was computed from the book's data when the book was built; run the cells to compute them again.\n\n"
        f"**To run it** you need Python 3.11 or later. Download {where}, unzip it, open a terminal in the "
        f"unzipped folder and install the book's package with its data (once):\n\n"
        f"```\n{INSTALL_COMMAND}\n```\n\n"
        f"Then start JupyterLab with `{RUN_COMMAND}`, open this notebook and run all cells. The first code cell "
        "(collapsed) loads the data; the charts draw without a network connection.",
        metadata={"tags": ["about"]})


def student_notebook(chapter: Path, glue: dict[str, str], labels: dict[str, str], titles: dict[str, str],
                     references: Callable[[list[str]], list[str]] | None = None,
                     zip_url: str | None = None) -> nbformat.NotebookNode:
    """The student edition of one chapter as a notebook (see the module's docstring)."""
    source = read_chapter(chapter)
    resolve = Resolver(glue, labels, titles)
    converter = _Converter(resolve, references or (lambda cited: [f"- {labels[key]}" for key in cited]))
    for cell in source.cells:
        if cell["cell_type"] == "markdown":
            converter.markdown(cell["source"])
        elif cell["cell_type"] == "code":
            converter.code(cell)
        elif not converter.in_solution:
            converter.cells.append(copy.deepcopy(cell))
    title = titles.get(chapter.stem, chapter.stem)
    notebook = nbformat.v4.new_notebook(cells=[about_cell(title, zip_url), *converter.cells])
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "briefing": {"chapter": chapter.stem, "edition": "student", "exercises": converter.exercises},
    }
    nbformat.validate(notebook)
    return notebook


def execute(notebook: nbformat.NotebookNode, cwd: Path, timeout: int = 300, env: dict[str, str] | None = None,
            kernel_name: str = "python3") -> nbformat.NotebookNode:
    """Run a notebook top to bottom with nbclient in `cwd`; raises on the first failing cell."""
    import os

    from nbclient import NotebookClient

    saved = {key: os.environ.get(key) for key in env or {}}
    os.environ.update(env or {})
    try:
        client = NotebookClient(notebook, timeout=timeout, kernel_name=kernel_name,
                                resources={"metadata": {"path": str(cwd)}})
        return client.execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
