"""`briefing screenshot`: a built page, or one chart on it, drawn in the system Chromium as a PNG."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests.helpers import BUILT, ROOT, run


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.mark.browser
def test_screenshot_draws_one_chart_as_a_phone_shows_it(built_book: Path, tmp_path: Path):
    out = tmp_path / "phone.png"
    result = run(["briefing", "screenshot", "checkpoint", "--chart", "events-checkpoint", "--width", "390",
                  "--html", str(BUILT), "--out", str(out)], cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == f"wrote {out} (1 of 1 chart drawn at 390 px)"
    width, height = _png_size(out)
    assert 500 < width <= 390 * 2 and height > width  # the chart's figure, at the phone's two pixels per px


@pytest.mark.browser
def test_screenshot_names_what_is_missing(built_book: Path, tmp_path: Path):
    result = run(["briefing", "screenshot", "no_such_page", "--html", str(BUILT), "--out", str(tmp_path / "x.png")],
                 cwd=ROOT, timeout=60)
    assert result.returncode == 1 and "no built page" in result.stderr and "make book" in result.stderr
    result = run(["briefing", "screenshot", "checkpoint", "--chart", "no-such-chart", "--html", str(BUILT),
                  "--out", str(tmp_path / "x.png")], cwd=ROOT, timeout=120)
    assert result.returncode == 1 and "no chart 'no-such-chart'" in result.stderr
    assert not (tmp_path / "x.png").exists()
