"""The `briefing` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing.paths import data_dir


def _validate(args: argparse.Namespace) -> int:
    from briefing.validate import validate

    folder = Path(args.data_dir) if args.data_dir else data_dir()
    faults = validate(folder)
    for fault in faults:
        print(fault)
    if faults:
        print(f"{len(faults)} fault(s) in the data package at {folder}", file=sys.stderr)
        return 1
    print(f"data package at {folder} is valid")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(prog="briefing", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="validate the data package; one line per fault")
    p.add_argument("data_dir", nargs="?", help="the data folder (default: data/)")
    p.set_defaults(run=_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
