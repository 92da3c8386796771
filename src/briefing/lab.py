"""`make lab`: JupyterLab on this machine only, with every chapter's MyST file opening as a notebook.

jupytext reads a chapter's `.md` as a notebook and writes it back as the same `.md` when it is saved: nothing is
converted by hand and no `.ipynb` is left beside the chapter (the book would then find two files for one page).
The setting that makes JupyterLab open Markdown files with jupytext's notebook view is written into this
environment's own Jupyter configuration (`<env>/etc/jupyter/labconfig/`), not the user's.

    python -m briefing.lab [extra arguments for jupyter lab]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

VIEWER = "Jupytext Notebook"
OVERRIDES = {"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": VIEWER, "myst": VIEWER}}}
# No request leaves the machine: loopback only, no news feed, no update check, no extension search on PyPI.
SERVER_ARGS = ["--ServerApp.ip=127.0.0.1", "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]


def configure(prefix: Path | None = None) -> Path:
    """Make Markdown files open as notebooks (jupytext) in this environment's JupyterLab; returns the file."""
    target = Path(prefix or sys.prefix) / "etc" / "jupyter" / "labconfig" / "default_setting_overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(target.read_text(encoding="utf-8")) if target.is_file() else {}
    for plugin, settings in OVERRIDES.items():
        current[plugin] = {**current.get(plugin, {}), **settings}
    target.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return target


def command(root: Path, extra: list[str] | None = None) -> list[str]:
    """The `jupyter lab` command serving `root` on 127.0.0.1, opening on the chapters folder."""
    root_user = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # containers, CI
    return [sys.executable, "-m", "jupyter", "lab", *SERVER_ARGS, *root_user, f"--ServerApp.root_dir={root}",
            "--LabApp.default_url=/lab/tree/chapters", *(extra or [])]


def main(argv: list[str] | None = None) -> int:
    """Configure, then run JupyterLab in the current folder until it is stopped."""
    configure()
    try:
        return subprocess.call(command(Path.cwd(), list(sys.argv[1:] if argv is None else argv)))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
