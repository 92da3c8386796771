"""Markup planted in the data's free-text cells is shown as text and never runs: prose, tables, tooltips."""

from __future__ import annotations

import csv
import functools
import http.server
import threading
from pathlib import Path

import pytest

from tests.helpers import QuietHandler, copy_book, make

pytestmark = [pytest.mark.browser, pytest.mark.build]

IMG = '<img src=x onerror="window.__planted=(window.__planted||0)+1">'
SCRIPT = "<script>window.__planted=(window.__planted||0)+1</script>"
# (table, key column, key, column): free-text cells that reach prose, tables, axes and tooltips.
PLANTS = [
    ("events", "event_id", "trilateral_statement_2020", "title"),
    ("events", "event_id", "blockade_begins_2022", "description"),
    ("events", "event_id", "checkpoint_opened_2023", "title"),
    ("sources", "source_id", "icg_2023", "title"),
    ("places", "place_id", "lachin", "note"),
    ("actor_roles", "role_id", "turkiye_alliance", "summary"),
    ("figures", "figure_id", "arrivals_unhcr", "label"),
]


def plant(data: Path) -> None:
    for number, (table, key_col, key, column) in enumerate(PLANTS):
        path = data / f"{table}.csv"
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        fields = list(rows[0])
        row = next(r for r in rows if r[key_col] == key)
        payload = IMG if number % 2 == 0 else SCRIPT
        row[column] = (row[column] + " " + payload)[-300:] if column != "title" else payload[:80]
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


@pytest.fixture(scope="module")
def planted_book(tmp_path_factory) -> Path:
    book = copy_book(tmp_path_factory.mktemp("hostile") / "book")
    plant(book / "data")
    result = make("book", book)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return book / "_build" / "html"


@pytest.fixture(scope="module")
def planted_server(planted_book: Path):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(planted_book)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_planted_markup_never_runs(browser, planted_book: Path, planted_server: str):
    pages = sorted(p.relative_to(planted_book).as_posix() for p in (planted_book / "chapters").glob("*.html"))
    assert len(pages) >= 10
    shown_as_text = 0
    for name in pages:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{planted_server}/{name}", wait_until="load")
        if page.locator("figure.briefing-chart").count():
            page.wait_for_function("() => document.documentElement.dataset.chartsDrawn !== undefined",
                                   timeout=15_000)
            marks = page.locator("figure.briefing-chart svg.marks path.mark-symbol, "
                                 "figure.briefing-chart svg.marks g.mark-symbol path")
            for index in range(min(marks.count(), 25)):
                marks.nth(index).hover(force=True)
        assert page.evaluate("window.__planted") is None, f"planted markup ran on {name}"
        assert dialogs == []
        assert page.locator("img[src='x']").count() == 0, f"planted <img> became an element on {name}"
        if "window.__planted" in page.inner_text("body"):
            shown_as_text += 1
        page.close()
    assert shown_as_text >= 2, "the planted text should be visible as text somewhere"
