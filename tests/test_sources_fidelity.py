"""Every quotation in the data stands word for word in its source document (when ../shared is present)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.data import load
from briefing.paths import shared_dir
from briefing.quotes import found_in, missing_quotations, pattern
from briefing.quotes import quoted_rows as rows_with_quotes
from tests.helpers import DATA, ROOT

SHARED = shared_dir(ROOT)
needs_sources = pytest.mark.skipif(SHARED is None, reason="../shared/sources is not beside the project")


def quoted_rows() -> list[tuple[str, str, str, str]]:
    """(table, row key, source_id, quote) for every non-empty quote in every table."""
    return rows_with_quotes(DATA)


def test_there_are_enough_quotations():
    claims = load("claims", DATA)
    assert len(claims) >= 40
    assert len(quoted_rows()) >= 100


@needs_sources
def test_every_quotation_is_verbatim_in_its_source():
    assert len(quoted_rows()) >= 100
    missing = missing_quotations(DATA, SHARED / "sources")
    assert missing == [], "quotations not found word for word:\n" + "\n".join(missing)



@needs_sources
def test_every_quotation_on_the_role_cards_is_verbatim_in_its_source(tmp_path: Path):
    """The cards `briefing role-cards` writes: each quotation, as printed in the HTML and the Markdown card, is
    found word for word in the document it cites."""
    import html

    from briefing import bib, rolecards

    sources = load("sources", DATA)
    local = sources.set_index("source_id")["local_file"]
    by_label = {label: source_id for source_id, label in bib.labels(sources).items()}
    rolecards.write(rolecards.names(), tmp_path, DATA)
    checked = 0
    for key in rolecards.names():
        page = (tmp_path / f"{key}.html").read_text(encoding="utf-8")
        markdown = (tmp_path / f"{key}.md").read_text(encoding="utf-8")
        items = re.findall(r'<li>“(.+?)” <span class="cite">(.+?) <a href', page)
        assert [html.unescape(q) for q, _ in items] == [line.quote for line in rolecards.card(key, DATA).lines()]
        for quote, cite in items:
            quote, label = html.unescape(quote), html.unescape(cite).removesuffix(".").rsplit(". ", 1)[1]
            assert f"“{quote}”" in markdown
            source = SHARED / "sources" / local[by_label[label]]
            assert found_in(quote, source), f"{key}: not found word for word in {source.name}: {quote}"
            checked += 1
    assert checked >= 60

@needs_sources
def test_check_quotes_names_an_altered_quotation(tmp_path, capsys):
    """`briefing check-quotes` prints one line naming table, row and source for a quotation that is not in its
    document, and exits 1."""
    data = shutil.copytree(DATA, tmp_path / "data")
    claims = (data / "claims.csv").read_text(encoding="utf-8")
    first = load("claims", DATA).iloc[0]
    assert first["quote"] in claims
    (data / "claims.csv").write_text(claims.replace(first["quote"], first["quote"] + " nowhere", 1), encoding="utf-8")
    assert main(["check-quotes", "--data", str(data), "--shared", str(SHARED)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"data/claims.csv: {first['claim_id']} ({first['source_id']}): not found word for word: "
                     f"{first['quote']} nowhere"]


@needs_sources
def test_the_check_rejects_an_altered_quotation():
    claims = load("claims", DATA)
    row = claims.iloc[0]
    local = load("sources", DATA).set_index("source_id").loc[row["source_id"], "local_file"]
    source = SHARED / "sources" / local
    assert found_in(row["quote"], source)
    words = row["quote"].split()
    altered = " ".join(words[:-1] + [words[-1][::-1] + "x"])
    assert not found_in(altered, source)


def test_pattern_joins_words_split_across_lines(tmp_path: Path):
    source = tmp_path / "doc.txt"
    source.write_text("the only road connect-\ning Armenia to Nagorno-\nKarabakh today", encoding="utf-8")
    assert found_in("the only road connecting Armenia to Nagorno-Karabakh", source)
    assert not found_in("the only road connecting Armenia to NagornoX-Karabakh", source)
    assert pattern("a b").pattern == r"a\s+b"


def test_quotations_are_short():
    for table, key, _, quote in quoted_rows():
        assert len(quote.split()) <= 40, f"{table}/{key}: quotation of {len(quote.split())} words is too long"


def test_outside_rows_are_marked_and_carry_no_quote():
    sources = load("sources", DATA).set_index("source_id")["in_five_documents"]
    for name in ("events", "figures"):
        frame = load(name, DATA)
        outside = frame[frame["outside_documents"]]
        assert len(outside) > 0
        assert not outside["source_id"].map(sources).any(), f"{name}: outside rows cite one of the five documents"
        assert outside["quote"].isna().all(), f"{name}: an outside row carries a quote that cannot be checked"
