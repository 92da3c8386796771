"""The bibliography's style: author-year labels ('[Crisis Group 2023]'), entries in label order.

`briefing.bib` writes each entry's label into its `shorthand` field; this style shows it instead of a label
made from the BibTeX key, and sorts by it. Registered as the pybtex formatting style 'briefing' (set
`bibtex_default_style: briefing` in the Sphinx configuration).
"""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle

NAME = "briefing"


def _label(entry) -> str:
    return entry.fields.get("shorthand", "") or entry.key


class LabelStyle(BaseLabelStyle):
    """The label written by briefing.bib, or the key where an entry has none."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield _label(entry)


class SortingStyle(BaseSortingStyle):
    """Entries in alphabetical order of their labels."""

    def sorting_key(self, entry):
        return _label(entry).casefold()


class Style(UnsrtStyle):
    """pybtex's unsrt entries with author-year labels, sorted by label."""

    default_label_style = LabelStyle
    default_sorting_style = SortingStyle


def register() -> None:
    """Make the style available to pybtex (and so to sphinxcontrib-bibtex) by name."""
    register_plugin("pybtex.style.formatting", NAME, Style, force=True)


def setup(app) -> dict:
    """Sphinx extension entry point: register the style."""
    register()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
