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


def _list_charts(args: argparse.Namespace) -> int:
    from briefing import charts

    for name in charts.names():
        entry = charts.get(name)
        print(f"{name}\t{entry.chapter}\t{entry.title}")
    return 0


def _export_charts(args: argparse.Namespace) -> int:
    from briefing import charts
    from briefing.export import export

    wanted = args.names or charts.names()
    unknown = [n for n in wanted if n not in charts.names()]
    if unknown:
        print(f"briefing: unknown chart {unknown[0]!r}; `briefing list-charts` lists the names", file=sys.stderr)
        return 1
    out = Path(args.out)
    for name in wanted:
        path = export(name, args.format, out, scale=args.scale, variant=args.variant)
        print(path)
    return 0


def _slides(args: argparse.Namespace) -> int:
    from briefing import slides
    from briefing.notebooks import UnresolvedRole
    from briefing.toc import topic_chapters

    chapters = topic_chapters()
    wanted = chapters if args.all else args.chapters
    if not wanted:
        print(f"briefing: name a chapter ({', '.join(chapters)}) or give --all", file=sys.stderr)
        return 1
    unknown = [c for c in wanted if c not in chapters]
    if unknown:
        print(f"briefing: {unknown[0]!r} is not a topic chapter; slides are made for: {', '.join(chapters)}",
              file=sys.stderr)
        return 1
    html_dir = Path(args.html)
    out = Path(args.out)
    drawn: dict[str, Path] = {}  # charts drawn once, copied into later decks
    for chapter in wanted:
        glue = slides.glue_from_build(chapter, html_dir)
        if glue is None:
            print(f"briefing: no build of {chapter!r} in {html_dir}: running the chapter for its values",
                  file=sys.stderr)
        try:
            target = slides.write_deck(chapter, out / chapter, glue=glue, drawn=drawn, html_dir=html_dir)
        except (slides.NoSlides, UnresolvedRole) as error:
            print(f"briefing: {chapter}: {error}", file=sys.stderr)
            return 1
        print(target)
    return 0


def _check_prose(args: argparse.Namespace) -> int:
    from briefing.prose_check import check_file

    problems = [line for name in args.files for line in check_file(Path(name))]
    for line in problems:
        print(line)
    if not problems:
        print(f"no typed numbers in the prose of {len(args.files)} file{'s' if len(args.files) != 1 else ''}")
    return 1 if problems else 0


def _chromium() -> str | None:
    """The system Chromium's path, or None after saying how to get one."""
    from briefing.chromium import chromium_path

    found = chromium_path()
    if not found:
        print("briefing: no system Chromium found (apt-get install chromium, or set CHROMIUM)", file=sys.stderr)
    return found


def _screenshot(args: argparse.Namespace) -> int:
    from briefing.chromium import CHROMIUM_ARGS

    page_path = Path(args.html) / (args.page if args.page.endswith(".html") else f"chapters/{args.page}.html")
    if not page_path.is_file():
        print(f"briefing: no built page {page_path} (run `make book` first)", file=sys.stderr)
        return 1
    chromium = _chromium()
    if not chromium:
        return 1
    from playwright.sync_api import sync_playwright

    narrow = args.width < 600  # a phone: touch and a mobile viewport, as the responsive tests open it
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": args.width, "height": 900}, is_mobile=narrow,
                                      has_touch=narrow, device_scale_factor=2 if narrow else 1)
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else route.abort())  # the book draws offline; nothing leaves the machine
        page.goto(page_path.resolve().as_uri())
        page.wait_for_function("() => [...document.querySelectorAll('figure.briefing-chart')]"
                               ".every(f => f.dataset.chartState !== 'pending')", timeout=60_000)
        states = page.eval_on_selector_all("figure.briefing-chart", "fs => fs.map(f => f.dataset.chartState)")
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if args.chart:
            figure = page.locator(f'figure.briefing-chart[data-chart-name="{args.chart}"]')
            if figure.count() == 0:
                print(f"briefing: no chart {args.chart!r} on {page_path}", file=sys.stderr)
                browser.close()
                return 1
            figure.first.screenshot(path=str(out))
        else:
            page.screenshot(path=str(out), full_page=True)
        browser.close()
    drawn = states.count("drawn")
    print(f"wrote {out} ({drawn} of {len(states)} chart{'s' if len(states) != 1 else ''} drawn at {args.width} px)")
    return 0 if drawn == len(states) else 1


def _lint_chapters(args: argparse.Namespace) -> int:
    from briefing.chapter_lint import lint

    chapters = [Path(name) for name in args.files] or sorted(Path("chapters").glob("*.md"))
    problems = lint(chapters, Path(args.config))
    for line in problems:
        print(line)
    return 1 if problems else 0


def _data_and_shared(args: argparse.Namespace, needed: str) -> tuple[Path, Path | None]:
    """The data folder, and the shared folder if it holds `needed` (else None, with one line on stderr)."""
    from briefing.paths import shared_dir

    data = Path(args.data_dir) if args.data_dir else data_dir()
    shared = Path(args.shared) if args.shared else shared_dir(data)
    if shared is None or not (shared / needed).is_dir():
        print(f"briefing: no ../shared/{needed} beside the project (give --shared DIR)", file=sys.stderr)
        return data, None
    return data, shared


def _check_quotes(args: argparse.Namespace) -> int:
    from briefing.quotes import missing_quotations

    data, shared = _data_and_shared(args, "sources")
    if shared is None:
        return 1
    problems = missing_quotations(data, shared / "sources")
    for line in problems:
        print(line)
    return 1 if problems else 0


def _ingest(args: argparse.Namespace) -> int:
    from briefing.ingest import ingest

    data, shared = _data_and_shared(args, "data-sources")
    if shared is None:
        return 1
    status = 0
    for result in ingest(shared, data):
        state = "rewritten" if result.changed else "unchanged"
        print(f"{result.table}: {state} from {result.raw}")
        if not result.checksum_matches:
            print(f"briefing: {result.raw} differs from the checksum recorded in the data package: a new release? "
                  "Check it, then record its sha256 and access date in the resource's `snapshot`", file=sys.stderr)
            status = 1
    return status


def _pdf(args: argparse.Namespace) -> int:
    from briefing.chromium import CHROMIUM_ARGS
    from briefing.pdf import build_handouts, build_pdf

    html_dir = Path(args.html)
    if not (html_dir / "chapters").is_dir():
        print(f"briefing: no built book in {html_dir}: run `make book` first", file=sys.stderr)
        return 1
    chromium = _chromium()
    if not chromium:
        return 1
    if args.per_chapter:
        names = [n if "/" in n else f"chapters/{n}" for n in args.chapters or []]
        try:
            paths = build_handouts(html_dir, Path(args.root), Path(args.per_chapter), chromium, CHROMIUM_ARGS,
                                   names or None)
        except ValueError as err:
            print(f"briefing: {err}", file=sys.stderr)
            return 1
        for path in paths:
            print(path)
        return 0
    try:
        target = build_pdf(html_dir, Path(args.root), Path(args.out), chromium, CHROMIUM_ARGS)
    except ValueError as err:
        print(f"briefing: {err}", file=sys.stderr)
        return 1
    print(target)
    return 0


def _role_cards(args: argparse.Namespace) -> int:
    from briefing import rolecards

    wanted = args.parties or rolecards.names()
    unknown = [name for name in wanted if name not in rolecards.names()]
    if unknown:
        print(f"briefing: unknown party {unknown[0]!r}; known parties: {', '.join(rolecards.names())}",
              file=sys.stderr)
        return 1
    data = Path(args.data_dir) if args.data_dir else data_dir()
    for path in rolecards.write(wanted, Path(args.out), data):
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(prog="briefing", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="validate the data package; one line per fault")
    p.add_argument("data_dir", nargs="?", help="the data folder (default: data/)")
    p.set_defaults(run=_validate)
    p = sub.add_parser("list-charts", help="list every chart in the book by its stable name")
    p.set_defaults(run=_list_charts)
    p = sub.add_parser("export-charts", help="save charts as PNG or SVG for slides")
    p.add_argument("names", nargs="*", help="chart names (default: all)")
    p.add_argument("--format", choices=["png", "svg"], default="png")
    p.add_argument("--out", default="charts", help="output folder (created if missing)")
    p.add_argument("--scale", type=float, default=2.0, help="PNG pixel scale (default 2: at least 1200 px wide)")
    p.add_argument("--variant", choices=["book", "slide"], default="book",
                   help="book: as the book draws it (default); slide: 16:9 (PNG 1600x900), no hover hints")
    p.set_defaults(run=_export_charts)
    p = sub.add_parser("slides", help="write a reveal.js slide deck per topic chapter (offline, one folder each)")
    p.add_argument("chapters", nargs="*", help="topic chapters by file stem (corridor, blockade, ...)")
    p.add_argument("--all", action="store_true", help="every topic chapter")
    p.add_argument("--html", default="_build/html", help="the built book, for the glued values (default: _build/html)")
    p.add_argument("--out", default="_build/slides", help="output folder: one sub-folder per chapter")
    p.set_defaults(run=_slides)
    p = sub.add_parser("check-prose", help="list numbers typed into chapters' prose instead of glued")
    p.add_argument("files", nargs="+", help="chapter files (.md)")
    p.set_defaults(run=_check_prose)
    p = sub.add_parser("screenshot", help="a built page (or one chart on it) as a PNG, drawn in the system Chromium")
    p.add_argument("page", help="a chapter's name (checkpoint) or a page's path under the build (chapters/x.html)")
    p.add_argument("--html", default="_build/html", help="the built book (default: _build/html)")
    p.add_argument("--width", type=int, default=1280, help="viewport width in px (under 600: a touch phone)")
    p.add_argument("--chart", help="only this chart's figure (its name, as `briefing list-charts` prints it)")
    p.add_argument("--out", default="screenshot.png", help="the PNG to write (default: screenshot.png)")
    p.set_defaults(run=_screenshot)
    p = sub.add_parser("lint-chapters", help="lint the chapters' code cells with ruff")
    p.add_argument("files", nargs="*", help="chapter files (default: chapters/*.md)")
    p.add_argument("--config", default="pyproject.toml", help="ruff configuration (default: pyproject.toml)")
    p.set_defaults(run=_lint_chapters)
    p = sub.add_parser("check-quotes", help="find every quotation in the data word for word in its document")
    p.add_argument("--data", dest="data_dir", help="the data folder (default: data/)")
    p.add_argument("--shared", help="the shared folder holding sources/ (default: ../shared)")
    p.set_defaults(run=_check_quotes)
    p = sub.add_parser("ingest", help="rebuild the SIPRI tables from ../shared/data-sources, values as published")
    p.add_argument("--data", dest="data_dir", help="the data folder (default: data/)")
    p.add_argument("--shared", help="the shared folder holding data-sources/ (default: ../shared)")
    p.set_defaults(run=_ingest)
    p = sub.add_parser("role-cards", help="write printable role cards (HTML, A4, and Markdown) for the role play")
    p.add_argument("parties", nargs="*",
                   help="card names (default: all): baku yerevan stepanakert moscow mediator icrc")
    p.add_argument("--out", default="_build/role-cards", help="output folder (default: _build/role-cards)")
    p.add_argument("--data", dest="data_dir", help="the data folder (default: data/)")
    p.set_defaults(run=_role_cards)
    p = sub.add_parser("pdf", help="print the built book (either edition) to PDF with the system Chromium")
    p.add_argument("--html", default="_build/html", help="the built HTML book")
    p.add_argument("--root", default=".", help="the book's folder (for _toc.yml)")
    p.add_argument("--out", default="_build/pdf/lachin-corridor-briefing.pdf")
    p.add_argument("--per-chapter", metavar="DIR", help="instead, one PDF per chapter (a handout) in DIR")
    p.add_argument("--chapters", nargs="+", metavar="NAME", help="with --per-chapter: only these chapters")
    p.set_defaults(run=_pdf)
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
