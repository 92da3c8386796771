"""Print the built book to PDF with the system Chromium (Playwright): the whole book, or one handout per chapter.

The pages' article bodies are joined into ONE print document (a title page, a contents list, then every page of
`_toc.yml` in order), served over loopback HTTP beside the built pages so their styles, images and the offline
Vega copy load as on the web. Chromium prints it once: its page templates give the running head and the page
numbers, `outline=True` the bookmarks (one per heading), `tagged=True` a tagged PDF. Page numbers for the contents
list and for links between chapters come from the named destinations Chromium writes for link targets: the
document is printed, the numbers are filled in from that print, and it is printed again (until they hold).

In the print document links between pages point into the document ("chapter 3, p. 41" is added after them), outside
links show their address, and links to the build's own files (the data zip, the charts' CSV files) lose their
address: nothing in the PDF points at the temporary print server.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import html
import http.server
import io
import json
import re
import textwrap
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from briefing.screen_hints import HINT_WORD, subtitle_without_hints, text_without_hints

CHART_TIMEOUT_MS = 60_000
STATIC = Path(__file__).resolve().parent / "static"
PRINT_CSS_FILE = "briefing-print.css"
# A4 with these margins: the text column is 178 mm, 673 CSS px (96 px to the inch).
PAGE_FORMAT = "A4"
MARGIN = {"top": "20mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
COLUMN_PX = round((210 - 32) / 25.4 * 96)
PAGE_HEIGHT_PX = round((297 - 38) / 25.4 * 96)
PRINT_PATH = "chapters/__print__.html"  # served from memory, one folder down like every page
PLACEHOLDER = "000"
MAX_PASSES = 4
SUBTITLE_WRAP = 80  # characters per line of a printed chart's subtitle
EDITION_NOTE = {"instructor": "Instructor edition (with solutions)", "student": "Student edition (no solutions)"}


@dataclass
class Chapter:
    """One page of the book: its file name, title, chapter number (if numbered), part and article body."""

    name: str
    title: str
    number: str | None
    part: str | None
    article: object = field(repr=False)  # a BeautifulSoup tag, rewritten for print
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, text, id) of h1-h3


def toc_pages(root: Path) -> list[str]:
    """The book's pages in reading order, as in `_toc.yml` (without the .md suffix)."""
    return [name for name, _ in toc_entries(root)]


def toc_entries(root: Path) -> list[tuple[str, str | None]]:
    """(page, part caption) for every page of `_toc.yml` in reading order; the root page has no part."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    entries: list[tuple[str, str | None]] = [(toc["root"], None)]
    for part in toc.get("parts", []):
        entries += [(entry["file"], part.get("caption")) for entry in part.get("chapters", [])]
    return entries


def anchor(name: str, ident: str = "") -> str:
    """The id in the print document of `ident` on page `name` (the page itself when `ident` is empty)."""
    stem = name.rsplit("/", 1)[-1]
    return f"p-{stem}--{ident}" if ident else f"p-{stem}"


def _text(tag) -> str:
    return re.sub(r"\s+", " ", tag.get_text(" ")).replace(" #", "").strip().rstrip("#").strip()


def strip_screen_hints(spec: dict) -> dict:
    """The chart spec without web-only parts: subtitle clauses that are screen-only hints
    (`briefing.screen_hints`), and input bindings."""
    def walk(node):
        if isinstance(node, dict):
            title = node.get("title")
            if isinstance(title, dict) and "subtitle" in title:
                text = subtitle_without_hints(title["subtitle"])
                if text:
                    title["subtitle"] = textwrap.wrap(text, SUBTITLE_WRAP)
                else:
                    del title["subtitle"]
            if "bind" in node and "name" in node:  # a parameter bound to an input: keep its default value only
                del node["bind"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    spec = copy.deepcopy(spec)
    walk(spec)
    return spec


def load_chapter(html_dir: Path, name: str, part: str | None):
    """Read a built page: its <head> and its article, with ids made unique in the print document."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((html_dir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article", class_="bd-article")
    if article is None:
        raise ValueError(f"{name}.html has no article")
    h1 = article.find("h1")
    number_tag = h1.find(class_="section-number") if h1 else None
    number = number_tag.get_text().strip().rstrip(".") if number_tag else None
    title = _text(h1) if h1 else name
    if number and title.startswith(number):
        title = title[len(number):].lstrip(". ").strip()
    for tag in article.find_all(id=True):
        tag["id"] = anchor(name, tag["id"])
    for tag in article.find_all(attrs={"data-desc-id": True}):
        tag["data-desc-id"] = anchor(name, tag["data-desc-id"])
    for attr in ("aria-describedby", "aria-labelledby", "for"):
        for tag in article.find_all(attrs={attr: True}):
            value = tag[attr] if isinstance(tag[attr], str) else " ".join(tag[attr])
            tag[attr] = " ".join(anchor(name, v) for v in value.split())
    chapter = Chapter(name=name, title=title, number=number, part=part, article=article)
    for h in article.find_all(["h1", "h2", "h3"]):
        ident = h.get("id") or (h.parent.get("id") if h.parent and h.parent.name == "section" else None)
        if ident:
            chapter.headings.append((int(h.name[1]), _text(h), ident))
    return soup.head, chapter


def _ref_label(target: Chapter) -> str:
    return f"chapter {target.number}" if target.number else f"“{target.title}”"


def rewrite_for_print(chapter: Chapter, chapters: dict[str, Chapter], soup_factory) -> None:
    """Links, charts and web-only parts of one article, rewritten for the printed page."""
    article = chapter.article
    folder = chapter.name.rsplit("/", 1)[0] if "/" in chapter.name else ""
    for a in article.find_all("a", href=True):
        href = a["href"]
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            address = href[len("mailto:"):] if parts.scheme == "mailto" else href
            if _squeeze(a.get_text()) != _squeeze(address) and "headerlink" not in a.get("class", []):
                note = soup_factory.new_tag("span", attrs={"class": "print-url"})
                note.string = f" <{address}>"
                a.insert_after(note)
            continue
        if not parts.path and parts.fragment:  # within the page
            a["href"] = "#" + anchor(chapter.name, unquote(parts.fragment))
            continue
        if parts.path.endswith(".html"):
            target_name = str(Path(folder, unquote(parts.path))).replace("\\", "/")
            target_name = re.sub(r"(^|/)[^/]+/\.\./", r"\1", target_name)[: -len(".html")]
            target = chapters.get(target_name)
            if target is not None:
                dest = anchor(target.name, unquote(parts.fragment)) if parts.fragment else anchor(target.name)
                a["href"] = "#" + dest
                if target.name != chapter.name and target.name != "chapters/bibliography" \
                        and not a.find_parent(class_="toctree-wrapper"):
                    note = soup_factory.new_tag("span", attrs={"class": "print-ref"})
                    note.append(f" ({_ref_label(target)}, p.\u00a0")
                    number = soup_factory.new_tag("span", attrs={"class": "print-page", "data-target": dest})
                    number.string = PLACEHOLDER
                    note.append(number)
                    note.append(")")
                    a.insert_after(note)
                continue
            # A page of the book not in this print (a handout): say which chapter, without a link.
            known = _chapter_by_stem(target_name, chapters)
            if known is not None and known.name != chapter.name:
                a.insert_after(f" ({_ref_label(known)})")
            a.unwrap()
            continue
        # A file of the build (the data zip, a chart's CSV, a download): no address to the print server.
        del a["href"]
        if a.get("download") is not None:
            del a["download"]
    # Sentences of the text that are screen-only hints ("Hover a mark to read ...", "Use the menus to ...").
    for node in article.find_all(string=HINT_WORD):
        if node.find_parent(["pre", "code", "script"]) is None:
            kept = text_without_hints(str(node))
            if kept != str(node):
                node.replace_with(kept)
    # Chart descriptions are printed open, under each chart; hidden code stays out.
    for details in article.find_all("details"):
        if "hide" in details.get("class", []):
            details.decompose()
        else:
            details["open"] = ""
    for script in article.find_all("script", class_="briefing-chart-spec"):
        try:
            spec = json.loads(script.string or "")
        except ValueError:
            continue
        script.string = json.dumps(strip_screen_hints(spec), ensure_ascii=False).replace("</", "<\\/")


_ALL_CHAPTERS: dict[str, Chapter] = {}


def _chapter_by_stem(name: str, chapters: dict[str, Chapter]) -> Chapter | None:
    stem = name.rsplit("/", 1)[-1]
    for pool in (chapters, _ALL_CHAPTERS):
        for chapter in pool.values():
            if chapter.name.rsplit("/", 1)[-1] == stem:
                return chapter
    return None


def _squeeze(text: str) -> str:
    return re.sub(r"\s+|/$", "", text.strip()).removeprefix("https://").removeprefix("http://").rstrip("/")


@dataclass
class BookInfo:
    """What the title page says: title, author, edition, the data's "as of" date, the licence."""

    title: str
    author: str
    edition: str
    as_of: str
    licence: str

    @classmethod
    def read(cls, root: Path, html_dir: Path) -> BookInfo:
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
        package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
        index = (html_dir / f"{toc_pages(root)[0]}.html").read_text(encoding="utf-8")
        edition = "student" if "(student edition)" in index else "instructor"
        as_of = package.get("as_of", "")
        with contextlib.suppress(ValueError):
            as_of = f"{date.fromisoformat(as_of):%-d %B %Y}"
        return cls(title=config.get("title", "The book"), author=config.get("author", ""), edition=edition,
                   as_of=as_of, licence=(config.get("html") or {}).get("extra_footer", ""))


def _title_block(info: BookInfo, heading: str, subtitle: str, tag: str = "h1") -> str:
    e = html.escape
    return (f"<section class='print-title-page' id='print-title'><{tag} class='print-book-title'>{e(heading)}"
            f"</{tag}><p class='print-subtitle'>{e(subtitle)}</p>"
            f"<p class='print-edition'>{e(EDITION_NOTE[info.edition])}</p>"
            f"<p class='print-as-of'>Covers the public record as of {e(info.as_of)}.</p>"
            f"<p class='print-author'>{e(info.author)}</p>"
            f"<p class='print-licence'>Licence: {e(info.licence)}</p>"
            f"<p class='print-date'>Printed {date.today():%-d %B %Y}.</p></section>")


def _contents(chapters: list[Chapter]) -> str:
    rows, part = [], object()
    for chapter in chapters:
        if chapter.part != part:
            part = chapter.part
            if part:
                rows.append(f"<li class='print-toc-part'>{html.escape(part)}</li>")
        number = f"<span class='print-toc-number'>{chapter.number}</span> " if chapter.number else ""
        dest = anchor(chapter.name)
        rows.append(f"<li class='print-toc-chapter'><a href='#{dest}'>{number}{html.escape(chapter.title)}</a>"
                    f"<span class='print-toc-page print-page' data-target='{dest}'>{PLACEHOLDER}</span></li>")
        for level, text, ident in chapter.headings:
            if level == 2:
                sub = anchor(chapter.name, ident) if not ident.startswith("p-") else ident
                rows.append(f"<li class='print-toc-section'><a href='#{sub}'>{html.escape(text)}</a>"
                            f"<span class='print-toc-page print-page' data-target='{sub}'>{PLACEHOLDER}</span></li>")
    return ("<nav class='print-toc' id='print-contents'><h1 class='print-toc-title'>Contents</h1><ol>"
            + "".join(rows) + "</ol></nav>")


def load_book(html_dir: Path, root: Path):
    """The head of the built pages and every page of `_toc.yml` as a Chapter; ValueError when one is missing."""
    entries = toc_entries(root)
    missing = [name for name, _ in entries if not (html_dir / f"{name}.html").is_file()]
    if missing:
        raise ValueError(f"the built book in {html_dir} has no {missing[0]}.html, which _toc.yml lists: "
                         "rebuild it")
    everything, head = {}, None
    for name, part in entries:
        page_head, chapter = load_chapter(html_dir, name, part)
        head = head or page_head
        everything[name] = chapter
    return head, everything


def print_document(html_dir: Path, root: Path, names: list[str] | None = None, book=None) -> str:
    """The print document: title page and contents (whole book) or a title block (one chapter), then the pages."""
    from bs4 import BeautifulSoup

    info = BookInfo.read(root, html_dir)
    entries = toc_entries(root)
    head, everything = book or load_book(html_dir, root)
    _ALL_CHAPTERS.clear()
    _ALL_CHAPTERS.update(everything)
    wanted = names or [name for name, _ in entries]
    chapters = {name: copy.copy(everything[name]) for name in wanted}
    for chapter in chapters.values():
        chapter.article = copy.copy(chapter.article)
    factory = BeautifulSoup("", "html.parser")
    for chapter in chapters.values():
        rewrite_for_print(chapter, chapters, factory)
    # The head of the built pages: their styles and the book's own scripts (the charts), nothing of the theme's.
    head_parts = ["<meta charset='utf-8'>"]
    for tag in head.find_all(["link", "style", "script"]):
        stylesheet = tag.name == "link" and "stylesheet" in (tag.get("rel") or []) \
            and PRINT_CSS_FILE not in tag["href"]
        ours = tag.name == "script" and "briefing" in (tag.get("src") or "")
        if stylesheet or ours or tag.name == "style":
            head_parts.append(str(tag))
    head_parts.append(f"<style>{(STATIC / PRINT_CSS_FILE).read_text(encoding='utf-8')}</style>")
    whole = names is None
    if whole:
        doc_title = f"{info.title}"
        front = _title_block(info, info.title, "An executable briefing on the Lachin corridor crisis, 2020–2024.")
        front += _contents(list(chapters.values()))
    else:
        only = chapters[wanted[0]]
        doc_title = f"{info.title}: {_ref_label(only).capitalize() if only.number else only.title}"
        front = _title_block(info, info.title, "Handout: " + (f"chapter {only.number}, " if only.number else "")
                             + only.title, tag="p")
    body = [front]
    for chapter in chapters.values():
        classes = "print-chapter bd-article"
        body.append(f"<article class='{classes}' id='{anchor(chapter.name)}' data-page='{chapter.name}'>"
                    f"{chapter.article.decode_contents()}</article>")
    return ("<!doctype html><html lang='en' data-content_root='../' data-mode='light' data-theme='light'>"
            f"<head>{''.join(head_parts)}<title>{html.escape(doc_title)}</title></head>"
            f"<body class='briefing-print'><main class='bd-main'><div class='bd-content'>{''.join(body)}"
            "</div></main></body></html>")


def _handler(html_dir: Path, documents: dict[str, bytes]):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            path = urlsplit(self.path).path.lstrip("/")
            if path in documents:
                blob = documents[path]
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(blob)))
                self.end_headers()
                self.wfile.write(blob)
                return
            super().do_GET()

        def log_message(self, *args) -> None:
            pass

    return functools.partial(Handler, directory=str(html_dir))


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Chromium's named destinations (the ids that links point at) and their page numbers, from 1."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages = {}
    for name, dest in reader.named_destinations.items():
        try:
            pages[str(name).lstrip("/")] = reader.get_destination_page_number(dest) + 1
        except Exception:  # noqa: BLE001 (a destination without a page: skip it)
            continue
    return pages


def _header_footer(title: str) -> tuple[str, str]:
    style = "font-family:'DejaVu Sans',sans-serif;font-size:8pt;color:#555;width:100%;margin:0 16mm;"
    header = (f"<div style=\"{style}display:flex;justify-content:space-between;border-bottom:0.5pt solid #bbb;"
              f"padding-bottom:1mm\"><span>{html.escape(title)}</span></div>")
    footer = (f"<div style=\"{style}text-align:center\">Page <span class='pageNumber'></span> of "
              "<span class='totalPages'></span></div>")
    return header, footer


def open_print_document(page, base: str, path: str = PRINT_PATH) -> None:
    """Load a print document in print media (the page at the column's width) and wait until its charts are drawn."""
    page.emulate_media(media="print")
    page.goto(f"{base}/{path}", wait_until="load")
    if page.locator("figure.briefing-chart").count():
        page.wait_for_function("() => document.documentElement.dataset.chartsDrawn !== undefined",
                               timeout=CHART_TIMEOUT_MS)
    page.evaluate("() => document.fonts.ready")


def _print(page, running_head: str) -> bytes:
    header, footer = _header_footer(running_head)
    return page.pdf(format=PAGE_FORMAT, print_background=True, margin=MARGIN, display_header_footer=True,
                    header_template=header, footer_template=footer, outline=True, tagged=True)


FILL_PAGES = """(pages) => {
  let missing = 0;
  document.querySelectorAll('.print-page').forEach((el) => {
    const page = pages[el.dataset.target];
    if (page === undefined) { missing += 1; el.textContent = '?'; } else { el.textContent = String(page); }
  });
  return missing;
}"""


def print_with_page_numbers(page, running_head: str) -> bytes:
    """Print, fill in the page numbers of links and contents from that print, and print again until they hold."""
    pdf = _print(page, running_head)
    if not page.locator(".print-page").count():
        return pdf
    seen: dict[str, int] = {}
    for _ in range(MAX_PASSES):
        pages = destination_pages(pdf)
        wanted = page.evaluate("() => [...document.querySelectorAll('.print-page')].map(e => e.dataset.target)")
        current = {t: pages.get(t) for t in wanted}
        if current == seen:
            break
        page.evaluate(FILL_PAGES, {t: p for t, p in current.items() if p is not None})
        seen = current
        pdf = _print(page, running_head)
    return pdf


def _browser_print(html_dir: Path, documents: dict[str, str], chromium: str, args: list[str],
                   running_heads: dict[str, str]) -> dict[str, bytes]:
    from playwright.sync_api import sync_playwright

    blobs = {path: text.encode("utf-8") for path, text in documents.items()}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(html_dir, blobs))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out: dict[str, bytes] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=args)
            page = browser.new_page(viewport={"width": COLUMN_PX, "height": PAGE_HEIGHT_PX})
            for path in documents:
                open_print_document(page, base, path)
                out[path] = print_with_page_numbers(page, running_heads[path])
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def build_pdf(html_dir: Path, root: Path, target: Path, chromium: str, args: list[str]) -> Path:
    """Print the whole book in `html_dir` to `target`; returns the path."""
    info = BookInfo.read(root, html_dir)
    document = print_document(html_dir, root)
    head = f"{info.title} · {EDITION_NOTE[info.edition].split(' (')[0]}"
    pdf = _browser_print(html_dir, {PRINT_PATH: document}, chromium, args, {PRINT_PATH: head})[PRINT_PATH]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    return target


def build_handouts(html_dir: Path, root: Path, out_dir: Path, chromium: str, args: list[str],
                   names: list[str] | None = None) -> list[Path]:
    """One PDF per chapter (every page of `_toc.yml` but the landing page, or `names`) in `out_dir`."""
    info = BookInfo.read(root, html_dir)
    pages = toc_pages(root)
    chosen = names or pages[1:]
    unknown = [n for n in chosen if n not in pages]
    if unknown:
        raise ValueError(f"not a page of _toc.yml: {unknown[0]}")
    documents, heads, files = {}, {}, {}
    book = load_book(html_dir, root)
    for name in chosen:
        path = f"chapters/__print__{name.rsplit('/', 1)[-1]}.html"
        documents[path] = print_document(html_dir, root, [name], book)
        chapter = _ALL_CHAPTERS[name]
        label = f"Chapter {chapter.number}: {chapter.title}" if chapter.number else chapter.title
        heads[path] = f"{info.title} · {label}"
        files[path] = out_dir / f"{pages.index(name):02d}-{name.rsplit('/', 1)[-1]}.pdf"
    blobs = _browser_print(html_dir, documents, chromium, args, heads)
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, blob in blobs.items():
        files[path].write_bytes(blob)
    return list(files.values())
