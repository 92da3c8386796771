"""A slide deck per topic chapter: reveal.js, offline, one HTML file with its assets beside it.

The deck is made from the chapter's MyST source with its glued values and citations written out, through the
student-notebook conversion (`briefing.notebooks`; figure numbers from the built book, screen-only hints left
out): a title slide, the learning objectives, the map, a slide for each section of the narrative with the
section's text as speaker notes, the chapter's charts in their 16:9 slide variant (`briefing.export`, static
SVG: no script draws them), each "Where the sources differ" item as a two-sided slide with its citations (what
the sources say; why they may differ, as the chapter marks it with `<!-- why -->`), each discussion question on
its own slide, each exercise (no solutions), and the chapter's sources. reveal.js (MIT) comes from the
`sphinx-revealjs` package, which ships its dist files; they are copied into the deck, so it needs no network.
"""

from __future__ import annotations

import functools
import html
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from briefing import charts, notebooks
from briefing.export import export
from briefing.screen_hints import text_without_hints

MAP_CHART = "map-corridor"
BOOK_TITLE = "The Lachin Corridor Briefing"
ASSETS = "assets"
CHART_DIR = "charts"
SOURCES_PER_SLIDE = 8
SPECIAL_SECTIONS = ("learning objectives", "where the sources differ", "discussion questions", "exercises",
                    "sources for this chapter")
# How a chapter marks the explanation in a "Where the sources differ" item: it runs from WHY to END_WHY, or to
# the item's end; an item with no mark gives no explanation (markup only: an HTML comment shows nowhere).
WHY, END_WHY = "<!-- why -->", "<!-- /why -->"
CHART_MARK = "\u2063chart:{}\u2063"  # a line in the chapter's text where a chart is drawn
FIGURE_PREFIX = "fig-"  # the labels of the book's chart figures (briefing.charts.figure_label)


class NoSlides(ValueError):
    """A chapter that cannot be made into a deck (not a topic chapter, or no source)."""


@dataclass
class Slide:
    """One slide: its kind (for the stylesheet and the tests), heading, body and speaker notes (HTML)."""

    kind: str
    heading: str = ""
    body: str = ""
    notes: str = ""
    chart: str | None = None
    classes: list[str] = field(default_factory=list)


def reveal_dir() -> Path:
    """reveal.js's folder inside the installed sphinx-revealjs package (its dist, plugins and licence)."""
    try:
        import sphinx_revealjs
    except ImportError as error:  # the book's dependencies are not installed
        raise NoSlides("reveal.js is not installed: pip install the book's dependencies (sphinx-revealjs)") from error
    folder = Path(sphinx_revealjs.__file__).parent / "_static" / "revealjs"
    if not (folder / "dist" / "reveal.js").is_file():
        raise NoSlides(f"no reveal.js in {folder}")
    return folder


def _markdown(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"typographer": False}).enable("table").render(text)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


CALL = re.compile(r"(?<![\w.])(?:(\w+)\.)?(\w+)\(")


def chart_calls() -> dict[tuple[str, str], str]:
    """Each registered chart by the call that builds it in a chapter's cells: (module, function), the module
    as the chapter imports it (`from briefing.charts import blockade as charts` ... `charts.phase_bars()`)."""
    out = {}
    for name in charts.names():
        build = charts.get(name).build
        out[build.__module__.rsplit(".", 1)[-1], build.__name__] = name
    return out


def module_aliases(code: str) -> dict[str, str]:
    """The names a chapter's code gives the chart modules (`from briefing.charts import forecasts as fc`)."""
    out = {}
    for line in re.findall(r"^from briefing\.charts import (.+)$", code, re.M):
        for part in line.strip("() ").split(","):
            words = part.split()
            if words:
                out[words[-1]] = words[0]
    return out


def charts_called(source: str, calls: dict[tuple[str, str], str], aliases: dict[str, str] | None = None
                  ) -> list[str]:
    """The registered charts a cell's code builds, in order (modules by the names the chapter imports them as)."""
    aliases = aliases or {}
    found = []
    for module, function in CALL.findall(source):
        key = (aliases.get(module, module), function)
        if key in calls:
            found.append(calls[key])
    return found


def figure_numbers(html_dir: Path | None, chapter: str) -> dict[str, str]:
    """Each numbered figure of a chapter's built page by its label, as the book numbers it
    ("fig-blockade-phases" -> "Figure 3.1"): the id of each `<figure>` and the number in its caption, read from
    `<html_dir>/chapters/<chapter>.html` (the book numbers the figures, `briefing.sphinx.figures`; the deck
    reads them). Empty when there is no built page."""
    from bs4 import BeautifulSoup

    page = Path(html_dir or "", "chapters", f"{chapter}.html")
    if html_dir is None or not page.is_file():
        return {}
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    out = {}
    for figure in soup.find_all("figure", id=re.compile(f"^{FIGURE_PREFIX}")):
        number = figure.find(class_="caption-number")
        if number is not None:
            out[figure["id"]] = _plain(number.get_text()).rstrip(":.")
    return out


def chapter_text(path: Path, glue: dict[str, str], root: Path, html_dir: Path | None = None
                 ) -> tuple[str, list[str], list[str]]:
    """The chapter as one Markdown text with glued values, citations and figure numbers (from the built book in
    `html_dir`) written out (the student notebook's cells) and screen-only hints left out, a marker line wherever
    a registered chart is drawn; the charts drawn; and the sources it cites."""
    from briefing import bib
    from briefing.data import load

    sources = load("sources")
    labels = bib.labels(sources)
    refs = notebooks.references(sources, labels)
    calls = chart_calls()
    numbers = figure_numbers(html_dir, path.stem)
    titles = {**notebooks.chapter_titles(root / "chapters"), **numbers}
    try:
        notebook = notebooks.student_notebook(path, glue, labels, titles, refs)
    except notebooks.UnresolvedRole as error:
        if numbers or "numbered figure" not in str(error):
            raise
        raise NoSlides(f"{error}: the figure numbers come from the built book, and there is no built "
                       f"chapters/{path.stem}.html in {html_dir} (build the book, or give its folder)") from error
    parts, drawn = [], []
    aliases = module_aliases("\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code"))
    for cell in notebook.cells:
        if "about" in cell.metadata.get("tags", []) or "answer" in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "markdown":
            parts.append(text_without_hints(cell.source))
        elif cell.cell_type == "code":
            for name in charts_called(cell.source, calls, aliases):
                if name not in drawn and charts.get(name).chapter == path.stem:
                    drawn.append(name)
                    parts.append(CHART_MARK.format(name))
    text = "\n\n".join(parts)
    notes = raw_instructor_notes(path.read_text(encoding="utf-8"))
    if notes and "Instructor notes" not in text:  # the student conversion leaves them out: the deck is the teacher's
        resolved = text_without_hints(notebooks.Resolver(glue, labels, titles)(notes))
        text = text.replace("\n## Exercises", "\n> **Instructor notes**\n>\n"
                            + "\n".join(f"> {line}" for line in resolved.splitlines()) + "\n\n## Exercises", 1)
    return text, drawn, refs(_cited(notebook, labels))


def raw_instructor_notes(source: str) -> str:
    """The body of the "Instructor notes" admonition under a chapter's discussion questions, as written."""
    match = re.search(r"^## Discussion questions$(.*?)^## ", source, re.M | re.S)
    if not match:
        return ""
    block = re.search(r"^(`{3,}|:{3,})\{admonition\} Instructor notes\s*$\n(.*?)^\1\s*$", match.group(1), re.M | re.S)
    if not block:
        return ""
    lines = block.group(2).splitlines()
    while lines and re.match(r"^:[\w-]+:", lines[0]):
        lines.pop(0)
    return "\n".join(lines).strip()


def _cited(notebook, labels: dict[str, str]) -> list[str]:
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    return [key for key, label in labels.items() if f"({label}" in text or f"; {label}" in text]


def sections(text: str) -> tuple[str, str, list[tuple[str, str]]]:
    """The chapter's title, its opening ("In brief") and its level-two sections as (heading, body)."""
    title_match = re.search(r"^# (.+)$", text, re.M)
    title = title_match.group(1).strip() if title_match else ""
    pieces = re.split(r"^## (.+)$", text, flags=re.M)
    opening = pieces[0][title_match.end():] if title_match else pieces[0]
    return title, opening.strip(), [(pieces[i].strip(), pieces[i + 1].strip()) for i in range(1, len(pieces), 2)]


def _items(body: str, prefix: str | re.Pattern = "- ") -> list[str]:
    """The items of the first list in a Markdown body (lines starting with `prefix`, indented continuation lines
    joined); the list ends at the first line of anything else (a paragraph, a quote, a directive)."""
    pattern = prefix if isinstance(prefix, re.Pattern) else re.compile(re.escape(prefix))
    items: list[str] = []
    for line in body.splitlines():
        start = pattern.match(line)
        if start:
            items.append(line[start.end():].strip())
        elif items and line.startswith(" ") and line.strip():
            items[-1] += " " + line.strip()
        elif items and line.strip():
            break
    return items


def instructor_notes(body: str) -> list[str]:
    """The numbered instructor notes under a section's questions (one per question), if the text carries them
    (as a quote, the way the student-notebook conversion writes an admonition out)."""
    quoted = "\n".join(line[1:].removeprefix(" ") for line in body.splitlines() if line.startswith(">"))
    if "Instructor notes" not in quoted:
        return []
    return _items(quoted[quoted.index("Instructor notes"):].split("\n", 1)[-1].strip(), re.compile(r"\d+\. "))


def differences(body: str) -> list[tuple[str, str]]:
    """The items of a "Where the sources differ" section as (headline, text): bullets or paragraphs that open
    with a bold headline."""
    blocks = [_plain(b) for b in re.split(r"\n\s*\n|\n(?=- \*\*)", body) if b.strip()]
    out = []
    for block in blocks:
        block = block[2:] if block.startswith("- ") else block
        match = re.match(r"\*\*(.+?)\*\*\s*(.*)", block, re.S)
        if match:
            out.append((match.group(1).strip().rstrip("."), match.group(2).strip()))
        elif out:  # a paragraph that continues the item above it
            out[-1] = (out[-1][0], out[-1][1] + " " + block)
    return out


def two_sides(text: str) -> tuple[list[str], list[str]]:
    """An item's text split, as the chapter marks it, into what the sources say (the parts before and after the
    explanation, in order) and why they may differ (the part from WHY to END_WHY or the end; [] if unmarked)."""
    before, mark, rest = text.partition(WHY)
    why, _, after = rest.partition(END_WHY) if mark else ("", "", "")
    say = [part.strip() for part in (before, after) if part.strip()]
    return say, [why.strip()] if why.strip() else []


def _unmarked(text: str) -> str:
    return re.sub(r"\s*(?:" + re.escape(WHY) + "|" + re.escape(END_WHY) + r")\s*", " ", text).strip()


def exercises(body: str) -> list[tuple[str, str]]:
    """The exercises of the Exercises section as (heading, prompt)."""
    pieces = re.split(r"^### (.+)$", body, flags=re.M)
    return [(pieces[i].strip(), pieces[i + 1].strip()) for i in range(1, len(pieces), 2)]


@functools.cache
def chart_meta(name: str) -> dict:
    """A registered chart's name, source line and description (its spec's `usermeta`), the description without
    screen-only hints (the slide's picture has no menus)."""
    meta = dict(charts.build(name).to_dict().get("usermeta", {}).get("briefing", {}))
    if meta.get("description"):
        meta["description"] = text_without_hints(meta["description"])
    return meta


def _chart_slide(name: str, notes: str) -> Slide:
    meta = chart_meta(name)
    described = f"<p><em>The chart:</em> {html.escape(meta.get('description', ''))}</p>"
    return Slide("chart", chart=name, notes=notes + described, heading=meta.get("name", name))


def build_slides(path: Path, glue: dict[str, str], root: Path, html_dir: Path | None = None
                 ) -> tuple[str, list[Slide], list[str]]:
    """The chapter's title, its slides and the charts they draw (figure numbers from the book built in
    `html_dir`)."""
    text, drawn, references = chapter_text(path, glue, root, html_dir)
    title, opening, parts = sections(text)
    number = _chapter_number(path.stem, root)
    opening_text = re.sub(r"^\*\*In brief\.\*\*\s*", "", opening)
    slides = [Slide("title", heading=title, body=f"<p class='book'>{BOOK_TITLE}: chapter {number}</p>"
                    f"<div class='brief'>{_markdown(opening_text)}</div>", notes=_markdown(opening_text))]
    used = []
    by_section = {heading.lower(): body for heading, body in parts}
    objectives = by_section.get("learning objectives", "")
    if objectives:
        lead = next((line for line in objectives.splitlines() if line.strip() and not line.startswith("-")), "")
        items = "".join(f"<li>{_markdown(i)}</li>" for i in _items(objectives, "- "))
        slides.append(Slide("objectives", heading="Learning objectives",
                            body=f"<p>{html.escape(lead)}</p><ul>{items}</ul>"))
    if MAP_CHART not in drawn:
        slides.append(_chart_slide(MAP_CHART, _markdown("The region and the corridor, for orientation.")))
        used.append(MAP_CHART)
    for heading, body in parts:
        if heading.lower() in SPECIAL_SECTIONS:
            continue
        marks = re.findall(CHART_MARK.format(r"([\w-]+)"), body)
        prose = re.sub(CHART_MARK.format(r"[\w-]+"), "", body)
        notes = _markdown(prose)
        slides.append(Slide("section", heading=heading, notes=notes))
        for name in marks:
            slides.append(_chart_slide(name, notes))
            used.append(name)
    for heading, body in parts:
        if heading.lower() == "where the sources differ":
            for headline, item in differences(re.sub(CHART_MARK.format(r"[\w-]+"), "", body)):
                slides.append(_contrast_slide(headline, item, references))
    questions = _items(by_section.get("discussion questions", ""), "- ")
    answers = instructor_notes(by_section.get("discussion questions", ""))
    for index, question in enumerate(questions, 1):
        notes = _markdown(answers[index - 1]) if len(answers) == len(questions) else ""
        slides.append(Slide("question", heading=f"Discussion question {index} of {len(questions)}",
                            body=_markdown(question), notes=notes))
    for heading, prompt in exercises(by_section.get("exercises", "")):
        slides.append(Slide("exercise", heading=heading, body=_markdown(prompt),
                            notes="<p>The solution is in the instructor edition of the book.</p>"))
    pages = [references[i:i + SOURCES_PER_SLIDE] for i in range(0, len(references), SOURCES_PER_SLIDE)]
    for index, page in enumerate(pages, 1):
        count = f" ({index} of {len(pages)})" if len(pages) > 1 else ""
        slides.append(Slide("sources", heading=f"Sources for this chapter{count}", body=_markdown("\n".join(page))))
    return title, slides, used


def _contrast_slide(headline: str, text: str, references: list[str]) -> Slide:
    say, why = two_sides(text)
    text = _unmarked(text)
    cited = [line for line in references if (label := re.match(r"- \*\*(.+?)\*\*", line)) and label.group(1) in text]
    body = (f"<div class='sides{'' if why else ' single'}'>"
            f"<div class='side'><h3>What the sources say</h3>{_markdown(' '.join(say))}</div>")
    if why:  # an item whose chapter gives no explanation has one column
        body += f"<div class='side'><h3>Why they may differ</h3>{_markdown(' '.join(why))}</div>"
    body += "</div>"
    if cited:
        body += "<div class='cites'>" + _markdown("\n".join(cited)) + "</div>"
    return Slide("contrast", heading=f"Where the sources differ: {headline}", body=body, notes=_markdown(text))


def _chapter_number(stem: str, root: Path) -> int:
    from briefing.toc import topic_chapters

    return topic_chapters(root).index(stem) + 1


def render(title: str, slides: list[Slide]) -> str:
    """The deck's HTML page."""
    sections = []
    for slide in slides:
        classes = " ".join([f"slide-{slide.kind}", *slide.classes])
        inner = []
        if slide.kind == "chart":
            meta = chart_meta(slide.chart)
            alt = html.escape(meta.get("description", ""), quote=True)
            inner.append(f"<img class='chart' src='{CHART_DIR}/{slide.chart}.svg' alt='{alt}' "
                         f"data-chart='{slide.chart}'>")
        else:
            tag = "h1" if slide.kind == "title" else "h2"
            inner.append(f"<{tag}>{html.escape(slide.heading)}</{tag}>")
            inner.append(f"<div class='body'>{slide.body}</div>")
        if slide.notes:
            inner.append(f"<aside class='notes'>{slide.notes}</aside>")
        label = html.escape(slide.heading or slide.chart or slide.kind, quote=True)
        sections.append(f"<section class='{classes}' data-kind='{slide.kind}' aria-label='{label}'>"
                        + "".join(inner) + "</section>")
    config = {"hash": True, "width": 1600, "height": 900, "margin": 0.03, "center": False, "transition": "none",
              "slideNumber": "c/t", "controls": True, "progress": True, "showNotes": False}
    return TEMPLATE.format(title=html.escape(title), sections="\n".join(sections), config=json.dumps(config),
                           assets=ASSETS)


def write_deck(chapter: str, out: Path, glue: dict[str, str] | None = None, root: Path | None = None,
               drawn: dict[str, Path] | None = None, html_dir: Path | None = None) -> Path:
    """Write the deck of one topic chapter into `out` (index.html, assets/, charts/); returns the HTML file.
    `drawn` keeps the charts already drawn by name (the map is in every deck), to copy rather than redraw;
    `html_dir` is the built book, whose figure numbers the deck's references to figures use."""
    from briefing.toc import topic_chapters

    root = root or _root()
    if chapter not in topic_chapters(root):
        raise NoSlides(f"{chapter!r} is not a topic chapter; slides are made for: {', '.join(topic_chapters(root))}")
    path = root / "chapters" / f"{chapter}.md"
    chart_meta.cache_clear()  # the charts as the data now draws them
    if glue is None:
        glue = execute_glue(path)
    title, slides, used = build_slides(path, glue, root, html_dir)
    out.mkdir(parents=True, exist_ok=True)
    _copy_assets(out / ASSETS)
    drawn = {} if drawn is None else drawn
    for name in used:
        if name in drawn:
            (out / CHART_DIR).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(drawn[name], out / CHART_DIR / f"{name}.svg")
        else:
            drawn[name] = export(name, "svg", out / CHART_DIR, variant="slide")
    target = out / "index.html"
    target.write_text(render(title, slides), encoding="utf-8")
    return target


def _copy_assets(target: Path) -> None:
    source = reveal_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name in ("dist/reset.css", "dist/reveal.css", "dist/reveal.js", "dist/theme/white.css",
                 "plugin/notes/notes.js", "LICENSE"):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target / name)
    fonts = target / "dist" / "theme" / "fonts" / "source-sans-pro"
    if not fonts.is_dir():
        shutil.copytree(source / "dist" / "theme" / "fonts" / "source-sans-pro", fonts)
    (target / "deck.css").write_text(CSS, encoding="utf-8")
    (target / "deck.js").write_text(JS, encoding="utf-8")


def _root() -> Path:
    from briefing.paths import data_dir

    return data_dir().parent


def glue_from_build(chapter: str, html_dir: Path) -> dict[str, str] | None:
    """A chapter's glued values from a built book (`<build>/jupyter_execute/chapters/<chapter>.glue.json`)."""
    path = html_dir.parent / "jupyter_execute" / "chapters" / f"{chapter}.glue.json"
    return notebooks.glue_values(path) if path.is_file() else None


def execute_glue(path: Path) -> dict[str, str]:
    """A chapter's glued values, by running its code (as the book build does) when no build is at hand."""
    import nbformat

    from briefing.paths import ENV_BOOK_BUILD, ENV_CHAPTER_SOURCE

    source = notebooks.read_chapter(path)
    source.cells = [cell for cell in source.cells if cell.cell_type == "code"]
    nbformat.validate(source)
    done = notebooks.execute(source, path.parent, env={ENV_BOOK_BUILD: "1", ENV_CHAPTER_SOURCE: str(path)})
    prefix = "application/papermill.record/"
    values = {}
    for cell in done.cells:
        for output in cell.get("outputs", []):
            name = (output.get("metadata") or {}).get("scrapbook", {}).get("name")
            plain = (output.get("data") or {}).get(prefix + "text/plain")
            if name and plain is not None:
                values[name] = _literal(plain)
    return values


def _literal(plain) -> str:
    import ast

    plain = "".join(plain) if isinstance(plain, list) else plain
    try:
        return str(ast.literal_eval(plain))
    except (SyntaxError, ValueError):
        return plain


def write_all(out: Path, html_dir: Path | None = None, chapters: list[str] | None = None) -> list[Path]:
    """A deck per topic chapter under `out/<chapter>/`, glued values from a built book when there is one."""
    from briefing.toc import topic_chapters

    root = _root()
    written, drawn = [], {}
    for chapter in chapters or topic_chapters(root):
        glue = glue_from_build(chapter, html_dir) if html_dir else None
        written.append(write_deck(chapter, out / chapter, glue=glue, root=root, drawn=drawn, html_dir=html_dir))
    return written


TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: slides</title>
<link rel="stylesheet" href="{assets}/dist/reset.css">
<link rel="stylesheet" href="{assets}/dist/reveal.css">
<link rel="stylesheet" href="{assets}/dist/theme/white.css">
<link rel="stylesheet" href="{assets}/deck.css">
</head>
<body>
<div class="reveal"><div class="slides">
{sections}
</div></div>
<script src="{assets}/dist/reveal.js"></script>
<script src="{assets}/plugin/notes/notes.js"></script>
<script src="{assets}/deck.js"></script>
<script>startDeck({config});</script>
</body>
</html>
"""

CSS = """/* The Lachin Corridor Briefing: slide styles over reveal.js's white theme. */
.reveal { font-size: 34px; color: #222; }
.reveal .slides section { height: 100%; text-align: left; }
.reveal h1 { font-size: 2.1em; text-transform: none; line-height: 1.15; margin-top: 1.2em; }
.reveal .brief { font-size: 0.72em; color: #333; margin-top: 1.5em; max-width: 60em; }
.reveal h2 { font-size: 1.45em; text-transform: none; line-height: 1.2; margin-bottom: 0.6em; }
.reveal h3 { font-size: 1em; text-transform: none; color: #555; }
.reveal p, .reveal li { line-height: 1.35; }
.reveal ul { display: block; margin-left: 1.2em; }
.reveal li { margin-bottom: 0.35em; }
.reveal .book { color: #555; font-size: 0.9em; }
.reveal section.slide-chart { padding: 0; }
.reveal img.chart { display: block; width: 100%; height: 100%; max-width: 100%; max-height: 100%;
  object-fit: contain; margin: 0; border: 0; box-shadow: none; }
.reveal section.slide-section h2 { font-size: 2em; margin-top: 3em; }
.reveal section.slide-question .body { font-size: 1.3em; }
.reveal .sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1.2em; }
.reveal .sides.single { grid-template-columns: 1fr; }
.reveal .side { border-top: 6px solid #0072b2; padding-top: 0.3em; }
.reveal .side + .side { border-top-color: #d55e00; }
.reveal .cites { margin-top: 0.8em; font-size: 0.6em; color: #444; border-top: 1px solid #ccc; }
.reveal .cites ul { margin-left: 1em; }
.reveal section.slide-sources .body { font-size: 0.62em; }
.reveal code { font-size: 0.9em; background: #f2f2f2; padding: 0 0.2em; }
.reveal a { color: #00588a; }
"""

JS = """// Start reveal.js, and shrink a slide's text until it fits the slide (long quotations, long lists).
function fitSlide(slide) {
  if (!slide || slide.classList.contains('slide-chart')) return;
  var size = 100;
  slide.style.fontSize = '';
  while (slide.scrollHeight > slide.clientHeight + 1 && size > 40) {
    size -= 5;
    slide.style.fontSize = size + '%';
  }
  slide.dataset.fit = String(size);
}
function startDeck(config) {
  Reveal.initialize(Object.assign({plugins: [RevealNotes]}, config)).then(function () {
    fitSlide(Reveal.getCurrentSlide());
  });
  Reveal.on('slidechanged', function (event) { fitSlide(event.currentSlide); });
}
"""
