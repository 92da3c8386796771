"""Print the built book to one PDF with the system Chromium (Playwright): cover, contents, every page.

Each page of the book is opened over loopback HTTP, its charts are awaited, and it is printed; a cover and a
table of contents are printed from generated HTML; pypdf joins them in the order of `_toc.yml`.
"""

from __future__ import annotations

import functools
import html
import http.server
import io
import threading
from datetime import date
from pathlib import Path

import yaml

CHART_TIMEOUT_MS = 30_000
PRINT_CSS = """
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .header-article, .prev-next-area,
.bd-header-announcement, .footer-article-items, .bd-footer-article { display: none !important; }
.bd-main .bd-content .bd-article-container { max-width: 100% !important; }
details { display: none !important; }
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def toc_pages(root: Path) -> list[str]:
    """The book's pages in reading order, as in `_toc.yml` (without the .md suffix)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [entry["file"] for entry in part.get("chapters", [])]
    return pages


def _page_title(page) -> str:
    heading = page.locator("main h1").first
    return heading.inner_text().strip().rstrip("#").strip() if heading.count() else page.title()


def _doc(title: str, body: str) -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<style>body{font-family:'DejaVu Sans',sans-serif;margin:3cm 2.5cm;color:#222}"
            "h1{font-size:30pt;margin-top:6cm}li{margin:.4em 0;font-size:13pt}</style></head>"
            f"<body>{body}</body></html>")


def build_pdf(html_dir: Path, root: Path, target: Path, chromium: str, args: list[str]) -> Path:
    """Print the book in `html_dir` to `target`; returns the path."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    parts: list[tuple[str, bytes]] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=args)
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            for name in toc_pages(root):
                page.goto(f"{base}/{name}.html", wait_until="load")
                if page.locator("figure.briefing-chart").count():
                    page.wait_for_function("() => document.documentElement.dataset.chartsDrawn !== undefined",
                                           timeout=CHART_TIMEOUT_MS)
                page.add_style_tag(content=PRINT_CSS)
                page.emulate_media(media="print")
                pdf = page.pdf(format="A4", print_background=True,
                               margin={"top": "18mm", "bottom": "18mm", "left": "15mm", "right": "15mm"})
                parts.append((_page_title(page), pdf))
            titles = [title for title, _ in parts]
            cover = _doc("Cover", "<h1>The Lachin Corridor Briefing</h1><p>An executable briefing on the Lachin "
                                  f"corridor crisis, 2020–2024.</p><p>Printed {date.today():%d %B %Y}.</p>")
            contents = _doc("Contents", "<h2>Contents</h2><ol>"
                            + "".join(f"<li>{html.escape(t)}</li>" for t in titles) + "</ol>")
            front = []
            for doc in (cover, contents):
                page.set_content(doc)
                front.append(page.pdf(format="A4"))
            browser.close()
    finally:
        server.shutdown()
    writer = PdfWriter()
    for blob in front + [pdf for _, pdf in parts]:
        for sheet in PdfReader(io.BytesIO(blob)).pages:
            writer.add_page(sheet)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:
        writer.write(handle)
    return target
