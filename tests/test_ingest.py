"""`briefing ingest` rebuilds the two SIPRI tables from the raw files byte for byte, and checks their checksums."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.ingest import ingest
from briefing.paths import shared_dir
from tests.helpers import DATA, ROOT, run

SHARED = shared_dir(ROOT)
pytestmark = pytest.mark.skipif(SHARED is None, reason="../shared/data-sources is not beside the project")
TABLES = ("military_spending.csv", "arms_transfers.csv")


def test_ingest_reproduces_the_sipri_tables_byte_for_byte(data_copy: Path):
    (data_copy / "arms_transfers.csv").unlink()
    spending = data_copy / "military_spending.csv"
    lines = spending.read_text(encoding="utf-8").splitlines(keepends=True)
    spending.write_text("".join(line for line in lines if "sipri_milex_2026" not in line), encoding="utf-8")
    results = ingest(SHARED, data_copy)
    assert all(r.checksum_matches for r in results)
    assert all(r.changed for r in results)
    for name in TABLES:
        assert (data_copy / name).read_bytes() == (DATA / name).read_bytes(), f"{name} differs after ingest"


def test_ingest_on_the_current_tables_changes_nothing(data_copy: Path):
    results = ingest(SHARED, data_copy)
    assert [r.changed for r in results] == [False, False]


def test_ingest_command_flags_a_raw_file_that_no_longer_matches_its_checksum(tmp_path: Path, data_copy: Path):
    shared = tmp_path / "shared"
    shutil.copytree(SHARED / "data-sources", shared / "data-sources")
    raw = shared / "data-sources" / "sipri_military_expenditure.csv"
    raw.write_text(raw.read_text(encoding="utf-8").replace("223906500", "223906501"), encoding="utf-8")
    result = run(["briefing", "ingest", "--data", str(data_copy), "--shared", str(shared)], cwd=ROOT)
    assert result.returncode == 1
    assert "differs from the checksum recorded in the data package" in result.stderr
    assert "223906501" in (data_copy / "military_spending.csv").read_text(encoding="utf-8")
    assert (data_copy / "arms_transfers.csv").read_bytes() == (DATA / "arms_transfers.csv").read_bytes()
