"""Turn the gathered source data (../shared/data-sources) into the book's tables, figures unchanged.

Run once when a source is updated (`briefing ingest`); the build never calls it.
"""

from __future__ import annotations

import csv
from pathlib import Path

ISO3_NAMES = {"ARM": "Armenia", "AZE": "Azerbaijan", "GEO": "Georgia", "RUS": "Russia", "TUR": "Türkiye",
              "IRN": "Iran", "ISR": "Israel", "IND": "India", "FRA": "France", "USA": "United States"}
YES_NO = {"Yes": "true", "No": "false"}


def sipri_expenditure_rows(path: Path) -> list[dict[str, str]]:
    """SIPRI military expenditure rows as `military_spending` rows (values copied as published)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle):
            rows.append({"iso3": rec["iso3"], "country": ISO3_NAMES[rec["iso3"]], "year": rec["year"],
                         "measure": "sipri_expenditure", "price_basis": "constant_2024_usd",
                         "value_usd": rec["military_expenditure_constant_2024_usd"],
                         "source_id": "sipri_milex_2026", "quote": ""})
    return rows


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


def write_rows(path: Path, rows: list[dict[str, str]], fields: list[str]) -> None:
    """Write rows as UTF-8 CSV with LF line ends, in the schema's field order."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
