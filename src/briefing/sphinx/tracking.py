"""Input tracking: each chapter re-runs when a table it read, or a `briefing` module it imports, has changed.

While a chapter executes, the loader logs every table it reads (with its SHA-256). The chapter's code cells
name the package modules it imports; with the modules those import in turn, their digests are recorded too.
On the next build a chapter is out of date when any recorded table or module differs, so a data edit re-runs
the chapters that read the table, a change to `derive.py` re-runs the chapters that import it, and a change to
`cli.py`, which no chapter imports, re-runs none.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from functools import cache
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from briefing.data import file_digest
from briefing.paths import ENV_BOOK_BUILD, ENV_READ_LOG
from briefing.sphinx.workdir import chapter_log, fresh_chapter_log, work_dir

logger = logging.getLogger(__name__)
# Where the package's source is read for digests (a test points it at a copy, so that src/ is never written).
ENV_SOURCE_DIR = "BRIEFING_SOURCE_DIR"
CODE_CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.S)
# Modules of the build itself that act on a chapter while it is read, by what the chapter's text uses.
READ_TIME_MODULES = {"{claim}`": "briefing.sphinx.claims"}


def source_dir() -> Path:
    """The `briefing` package folder whose files are digested."""
    override = os.environ.get(ENV_SOURCE_DIR)
    return Path(override).resolve() if override else Path(__file__).resolve().parents[1]


def module_path(name: str, root: Path | None = None) -> Path | None:
    """The file of a `briefing` module or package, or None when there is none."""
    root = root or source_dir()
    parts = name.split(".")[1:]
    if not parts:
        return root / "__init__.py"
    rel = Path(*parts)
    for candidate in (root / rel.with_suffix(".py"), root / rel / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imports_of(code: str, top_level_only: bool = False) -> set[str]:
    """The `briefing` modules (or names in them) that Python code imports; with `top_level_only`, only the
    imports that run when the module itself is imported (not those inside functions or classes)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    found: set[str] = set()
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "briefing"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "briefing":
            # `from briefing.x import y`: y is a module of x or a name in x (see `_closure`).
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif top_level_only and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        todo += list(ast.iter_child_nodes(node))
    return found


_DISCOVERY = re.compile(r"\b(pkgutil|import_module)\b")
# How much of a module a dependant relies on: its top level (it is the parent of a module imported), the whole
# file (a name imported from it, which may run any import in the file's functions), or the whole file and, for a
# package that finds its modules itself (the chart registry), every module of the package.
_TOP, _FILE, _FULL = 0, 1, 2


def discovering(code: str) -> set[str]:
    """The functions of a module that import modules found at run time (pkgutil, importlib), directly or by
    calling another such function of the same module."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    found = {name for name, node in functions.items() if _DISCOVERY.search(ast.unparse(node))}
    while True:
        more = {name for name, node in functions.items() if name not in found and any(
            isinstance(call, ast.Name) and call.id in found for call in ast.walk(node))}
        if not more:
            return found
        found |= more


@cache
def _closure(names: frozenset[str], root: Path) -> frozenset[str]:
    # A module imported by name runs all it may import; a package imported only because one of its modules
    # is runs its top level; a name imported from a module may run any import of that module, and pulls in a
    # package's every module only if it is a function that finds and imports them.
    todo, seen = [(name, _FULL) for name in names], {}
    while todo:
        name, mode = todo.pop()
        path = module_path(name, root)
        if path is None:
            parent, _, attribute = name.rpartition(".")
            parent_path = module_path(parent, root) if parent else None
            if parent_path is not None:
                code = parent_path.read_text(encoding="utf-8")
                todo.append((parent, _FULL if attribute in discovering(code) else _FILE))
            continue
        if name in seen and seen[name] >= mode:
            continue
        seen[name] = mode
        parts = name.split(".")
        todo += [(".".join(parts[:i]), _TOP) for i in range(1, len(parts))]
        code = path.read_text(encoding="utf-8")
        if mode == _FULL and path.name == "__init__.py" and _DISCOVERY.search(code):
            # A package that finds and imports its modules itself, imported whole, depends on all of them.
            todo += [(f"{name}.{p.stem}", _FULL) for p in path.parent.glob("*.py") if p.stem != "__init__"]
        todo += [(module, _FULL) for module in sorted(imports_of(code, top_level_only=mode == _TOP))]
    return frozenset(seen)


def modules_used(chapter_text: str, root: Path | None = None) -> set[str]:
    """Every `briefing` module a chapter depends on: those its code cells import, and theirs, transitively."""
    root = root or source_dir()
    names = {name for body in CODE_CELL.findall(chapter_text) for name in imports_of(
        "\n".join(line for line in body.splitlines() if not line.startswith((":", "%", "!"))))}
    names |= {module for marker, module in READ_TIME_MODULES.items() if marker in chapter_text}
    return set(_closure(frozenset(names), root))


def module_digests(names: set[str], root: Path | None = None) -> dict[str, str]:
    """SHA-256 of each module's file."""
    root = root or source_dir()
    return {name: hashlib.sha256(module_path(name, root).read_bytes()).hexdigest() for name in sorted(names)}


def _modules_changed(recorded: dict[str, str], root: Path) -> bool:
    for name, digest in recorded.items():
        path = module_path(name, root)
        if path is None or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return True
    return False


def before_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Start a fresh log of the tables this chapter reads."""
    log = fresh_chapter_log(app, "reads", docname)
    os.environ[ENV_READ_LOG] = str(log)
    os.environ[ENV_BOOK_BUILD] = "1"  # charts render as the book's HTML (see briefing.render)


def exec_data(env, docname: str) -> dict | None:
    """MyST-NB's record of the chapter's execution, if it executed."""
    from myst_nb.sphinx_ import NbMetadataCollector

    try:
        return NbMetadataCollector.get_exec_data(env, docname)
    except KeyError:
        return None


def after_read(app: Sphinx, doctree) -> None:
    """Record the tables the chapter read and the modules it imports."""
    env = app.env
    docname = env.docname
    os.environ.pop(ENV_READ_LOG, None)
    log = chapter_log(app, "reads", docname)
    text = Path(env.doc2path(docname)).read_text(encoding="utf-8")
    modules = modules_used(text)
    if log.is_file() or modules:
        tables = {}
        if log.is_file():
            for line in log.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                tables[os.path.relpath(entry["path"], app.srcdir)] = entry["sha256"]
        env.briefing_inputs[docname] = {"tables": tables, "modules": module_digests(modules)}
    else:
        env.briefing_inputs.pop(docname, None)
    if exec_data(env, docname) is not None:
        env.briefing_executed.add(docname)


def outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Chapters whose recorded tables or modules differ from what their last execution used."""
    root = source_dir()
    stale = []
    for docname, inputs in list(env.briefing_inputs.items()):
        if docname in removed or docname in changed:
            continue
        if _modules_changed(inputs.get("modules", {}), root):
            stale.append(docname)
            continue
        for rel, digest in inputs["tables"].items():
            path = Path(app.srcdir) / rel
            if not path.is_file() or file_digest(path) != digest:
                stale.append(docname)
                break
    if stale:
        logger.info(f"[briefing] inputs changed for: {', '.join(sorted(stale))}")
    return stale


def init_env(app: Sphinx) -> None:
    """The tracking state: kept in the environment between builds, except what this build executed."""
    if not hasattr(app.env, "briefing_inputs"):
        app.env.briefing_inputs = {}
    app.env.briefing_executed = set()


def purge(app: Sphinx, env, docname: str) -> None:
    env.briefing_inputs.pop(docname, None)


def merge(app: Sphinx, env, docnames, other) -> None:
    for docname in docnames:
        if docname in other.briefing_inputs:
            env.briefing_inputs[docname] = other.briefing_inputs[docname]
    env.briefing_executed |= other.briefing_executed


def write_report(app: Sphinx, exception) -> None:
    """`last-build.json`: the chapters this build executed (read by tests and benchmarks)."""
    if exception is not None:
        return
    report = {"executed": sorted(app.env.briefing_executed)}
    (work_dir(app) / "last-build.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    logger.info(f"[briefing] chapters executed in this build: {len(report['executed'])}")


def setup(app: Sphinx) -> None:
    """Track inputs while chapters are read; decide which are out of date; report what ran."""
    app.connect("builder-inited", init_env)
    app.connect("env-get-outdated", outdated)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("source-read", before_read)
    app.connect("doctree-read", after_read)
    app.connect("build-finished", write_report)
