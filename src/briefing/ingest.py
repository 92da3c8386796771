"""`briefing ingest`: rebuild the SIPRI tables from the gathered raw files (../shared/data-sources), values as
published, and check each raw file against the checksum recorded in the data package (its `snapshot`).

Run it when a source is updated; the build never calls it. The rows of `military_spending` that do not come
from SIPRI (the official budgets a document quotes) are kept as they are, before the SIPRI rows.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

ISO3_NAMES = {"ARM": "Armenia", "AZE": "Azerbaijan", "GEO": "Georgia", "RUS": "Russia", "TUR": "Türkiye",
              "IRN": "Iran", "ISR": "Israel", "IND": "India", "FRA": "France", "USA": "United States"}
YES_NO = {"Yes": "true", "No": "false"}


def sipri_expenditure_rows(path: Path) -> list[dict[str, str]]:
    """SIPRI military expenditure rows as `military_spending` rows (values copied as published)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [{"iso3": rec["iso3"], "country": ISO3_NAMES[rec["iso3"]], "year": rec["year"],
                 "measure": "sipri_expenditure", "price_basis": "constant_2024_usd",
                 "value_usd": rec["military_expenditure_constant_2024_usd"],
                 "source_id": "sipri_milex_2026", "quote": ""} for rec in csv.DictReader(handle)]


def sipri_arms_rows(path: Path) -> list[dict[str, str]]:
    """SIPRI arms-transfer register rows as `arms_transfers` rows (values copied as published)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle):
            rows.append({
                "sipri_id": rec["SIPRI AT Database ID"], "supplier": rec["Supplier"], "recipient": rec["Recipient"],
                "designation": rec["Designation"], "description": rec["Description"],
                "category": rec["Armament category"], "order_year": rec["Order date"],
                "order_year_is_estimate": YES_NO[rec["Order date is estimate"]],
                "number_delivered": rec["Numbers delivered"],
                "number_delivered_is_estimate": YES_NO[rec["Numbers delivered is estimate"]],
                "delivery_year": rec["Delivery year"],
                "delivery_year_is_estimate": YES_NO[rec["Delivery year is estimate"]],
                "status": rec["Status"], "sipri_estimate_tiv": rec["SIPRI estimate"],
                "tiv_deal_unit": rec["TIV deal unit"], "tiv_delivered_millions": rec["TIV delivery values"],
                "local_production": YES_NO[rec["Local production"]], "source_id": "sipri_arms_2025"})
    rows.sort(key=lambda r: (int(r["sipri_id"]), int(r["delivery_year"])))
    return rows


def csv_text(rows: list[dict[str, str]], fields: list[str]) -> str:
    """Rows as UTF-8 CSV text with LF line ends, header first, in the schema's field order."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Result:
    """What one table's ingest did: the table written, and whether its raw file matched the recorded checksum."""

    table: Path
    raw: Path
    checksum_matches: bool
    changed: bool


def ingest(shared: Path, data: Path) -> list[Result]:
    """Rebuild `military_spending.csv` and `arms_transfers.csv` in `data` from the raw files in `shared`."""
    from briefing.data import resource

    results = []
    for name, build in (("military_spending", sipri_expenditure_rows), ("arms_transfers", sipri_arms_rows)):
        spec = resource(name, data)
        snapshot = spec["snapshot"]
        raw = shared / "data-sources" / snapshot["file"]
        fields = [field["name"] for field in spec["schema"]["fields"]]
        rows = build(raw)
        target = data / spec["path"]
        if name == "military_spending" and target.is_file():
            ingested = {row["source_id"] for row in rows}
            with open(target, encoding="utf-8", newline="") as handle:
                rows = [rec for rec in csv.DictReader(handle) if rec["source_id"] not in ingested] + rows
        text = csv_text(rows, fields)
        changed = not target.is_file() or target.read_text(encoding="utf-8") != text
        if changed:
            target.write_text(text, encoding="utf-8", newline="")
        results.append(Result(target, raw, sha256(raw) == snapshot["sha256"], changed))
    return results
