"""Chart helpers and the registry of every chart in the book, each under a stable name.

Importing this package registers the book's theme and its offline renderer with Altair.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd

from briefing import render, theme

SOURCE_PREFIX = "Source: "
SOURCE_WRAP = 80  # characters per line of the source line under a chart


@dataclass(frozen=True)
class RegisteredChart:
    """A chart the book draws: its stable name, its chapter (the name of the module that registers it) and the
    function that builds it. The name is given once, to `register`; the title once, in the builder's call to
    `finish` (it may be computed from the data)."""

    name: str
    chapter: str
    build: Callable[[], alt.TopLevelMixin]

    @property
    def title(self) -> str:
        """The chart's title as the current data gives it (built on demand)."""
        heading = self.build().to_dict()["title"]
        text = heading.get("text") if isinstance(heading, dict) else heading
        return " ".join(text) if isinstance(text, list) else str(text)


REGISTRY: dict[str, RegisteredChart] = {}
# Modules of this package that hold building blocks, not a chapter's charts.
SHARED_MODULES = frozenset({"parts"})


class UnknownChart(KeyError):
    """A chart name that no chapter draws."""

    def __str__(self) -> str:
        return str(self.args[0])


def register(name: str) -> Callable:
    """Decorator: record a chart builder (callable with no arguments) under a stable name, and give every chart
    it builds that name (the builder's `finish` call does not repeat it). The chart's chapter is its module's
    name: `briefing.charts.blockade` holds the blockade chapter's charts, and only those."""

    def wrap(builder: Callable[..., alt.TopLevelMixin]) -> Callable[..., alt.TopLevelMixin]:
        if name in REGISTRY:
            raise ValueError(f"chart name {name!r} is registered twice")
        package, _, chapter = builder.__module__.rpartition(".")
        if package != __name__ or chapter in SHARED_MODULES:
            raise ValueError(f"chart {name!r}: charts are registered in the module named for their chapter "
                             f"(briefing.charts.<chapter>), not in {builder.__module__}")

        @functools.wraps(builder)
        def named(*args, **kwargs) -> alt.TopLevelMixin:
            chart = builder(*args, **kwargs)
            meta = chart.usermeta["briefing"]
            if meta.get("name") not in (None, name):
                raise ValueError(f"chart {name!r} is finished under another name, {meta['name']!r}")
            meta["name"] = name
            return chart

        REGISTRY[name] = RegisteredChart(name, chapter, named)
        return named

    return wrap


def names() -> list[str]:
    """Every registered chart name, in the book's order."""
    _load_all()
    try:
        from briefing.toc import all_pages

        pages = all_pages()
    except OSError:  # no _toc.yml beside the data (a notebook outside the book): registration order
        pages = []
    rank = {page: number for number, page in enumerate(pages)}
    return sorted(REGISTRY, key=lambda name: rank.get(REGISTRY[name].chapter, len(rank)))


def get(name: str) -> RegisteredChart:
    """The registered chart of that name."""
    _load_all()
    if name not in REGISTRY:
        raise UnknownChart(f"unknown chart {name!r}; `briefing list-charts` lists the {len(REGISTRY)} names")
    return REGISTRY[name]


def figure_label(name: str, page: str) -> str:
    """The label of a chart's numbered figure on a page: `fig-<chart name>` in the chart's own chapter (the one it
    is registered under), `fig-<chart name>-in-<page>` where another page repeats it (the opening page's map)."""
    try:
        home = get(name).chapter
    except UnknownChart:  # a chart a chapter builds itself, outside the registry
        home = None
    return f"fig-{name}" if page == home else f"fig-{name}-in-{page}"


def build(name: str) -> alt.TopLevelMixin:
    """Build a registered chart from the current data."""
    return get(name).build()


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, SOURCE_WRAP, break_on_hyphens=False, break_long_words=False)


def finish(chart: alt.TopLevelMixin, *, title: str, source: str, description: str,
           subtitle: str | list[str] | None = None, name: str | None = None) -> alt.VConcatChart:
    """Give a chart its title (the point), its source line beneath, and a description for screen readers. A
    registered builder's chart takes its name from `register`; a chart drawn outside the registry (an exercise's
    own chart) passes `name`."""
    source_line = source if source.startswith(SOURCE_PREFIX) else SOURCE_PREFIX + source
    # Lines break at spaces only, so that a page narrower than the desktop column can re-wrap them (render.fit_spec).
    below = alt.TitleParams(text=_wrap(source_line), orient="bottom", anchor="start", fontSize=12,
                            fontWeight="normal", color=theme.MUTED, offset=14)
    if isinstance(subtitle, str):
        subtitle = _wrap(subtitle)
    heading = alt.TitleParams(text=title, subtitle=subtitle or "", anchor="start")
    return alt.vconcat(chart.properties(title=below)).properties(
        title=heading,
        description=f"{title}. {description} {source_line}",
        usermeta={"briefing": {**({"name": name} if name else {}), "description": description, "source": source_line}},
    )


def publications(source_ids: pd.Series | list[str], sources: pd.DataFrame | None = None, top: int = 4) -> str:
    """A chart's source line from the rows it draws: the five documents it uses by name and year, then the most
    used outside publications and how many more ("Crisis Group 2023; ...; Kyiv Independent and 12 other outside
    sources"). Publications and dates, never table ids."""
    from briefing.data import load

    sources = load("sources") if sources is None else sources
    src = sources.set_index("source_id")
    counts = pd.Series(list(source_ids), dtype=str).value_counts()
    name = src["short_name"].fillna(src["publisher"]).astype(str) if "short_name" in src else src["publisher"]
    year = src["published"].dt.year
    five = [s for s in src.index[src["in_five_documents"].astype(bool)] if s in counts.index]
    inside = [f"{name[s]} {int(year[s])}" for s in sorted(five, key=lambda s: src.loc[s, "published"])]
    outside = counts[[s for s in counts.index if s not in five]]
    by_name = outside.groupby(outside.index.map(name)).sum().sort_values(ascending=False, kind="stable")
    parts = list(inside)
    if len(by_name):
        shown = list(by_name.index[:top])
        rest = len(by_name) - len(shown)
        tail = f" and {rest} other outside publication{'s' if rest != 1 else ''}" if rest else ""
        parts.append("outside the five documents: " + ", ".join(shown) + tail)
    return "; ".join(parts)


ORIGINS = ["In the five documents", "Outside the five documents"]


def origin_labels(outside: pd.Series) -> pd.Series:
    """'In the five documents' or 'Outside the five documents' for each row's outside_documents flag."""
    return outside.map({False: ORIGINS[0], True: ORIGINS[1]})


def origin_shape() -> alt.Shape:
    """Marks from outside the five documents as triangles, the rest as circles."""
    return alt.Shape("origin:N", title="Source", scale=alt.Scale(domain=ORIGINS, range=["circle", "triangle-up"]),
                     legend=alt.Legend(labelLimit=260))


def origin_fill(inside_colour: str) -> dict:
    """Bar encodings for the `origin` field: solid in one colour inside the five documents, dashed grey outside."""
    return {
        "color": alt.Color("origin:N", title="Source", legend=alt.Legend(labelLimit=260),
                           scale=alt.Scale(domain=ORIGINS, range=[inside_colour, theme.OTHER])),
        "strokeDash": alt.StrokeDash("origin:N", title="Source",
                                     scale=alt.Scale(domain=ORIGINS, range=[[1, 0], [4, 3]])),
    }


def _load_all() -> None:
    """Import every chart module of this package: importing a module registers its builders."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


theme.enable()
render.enable()
