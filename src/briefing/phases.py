"""The crisis's phases as the data names them: each key of the events table's `phase` enum, in the enum's order,
with the label a reader sees. Part of the data layer (derive uses it); the chart theme adds only colours."""

from __future__ import annotations

PHASE_LABELS: dict[str, str] = {
    "war_2020": "2020 war",
    "corridor_regime": "Corridor under peacekeepers",
    "blockade": "Blockade",
    "checkpoint": "Checkpoint",
    "closure": "Aid halt (the book's count)",
    "offensive": "Offensive",
    "exodus_and_after": "Exodus and after",
    "withdrawal_2024": "Peacekeepers leave",
    "settlement_2025": "Peace text and Syunik route",
}
