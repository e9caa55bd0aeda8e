"""Turn an annotated case (qa_rubrics/cases/<rubric>/*.yaml) into the interactions + messages frames the scorer takes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import yaml

CASES = Path(__file__).resolve().parents[3] / "qa_rubrics" / "cases"
START = dt.datetime(2026, 4, 1, 1, 0, 0)


def load_case(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def case_frames(case: dict[str, Any], interaction_id: str = "case") -> tuple[pl.DataFrame, pl.DataFrame]:
    """`messages: [{role, at, text}]`: `at` is seconds from the start (call offset for phone, sent_at otherwise)."""
    info = {"channel": "phone", "language": "ja", "hold_seconds": 0.0, "transfers": 0, **case.get("interaction", {})}
    phone = info["channel"] == "phone"
    first_response = info.pop("first_response_seconds", None)
    interactions = pl.DataFrame([{
        "interaction_id": interaction_id, "created_at": START, "agent_id": "A001",
        "first_response_at": START + dt.timedelta(seconds=first_response) if first_response is not None else None,
        **info,
    }], schema_overrides={"first_response_at": pl.Datetime("us"), "hold_seconds": pl.Float64})
    rows = []
    for seq, m in enumerate(case["messages"], start=1):
        at = float(m["at"])
        rows.append({
            "interaction_id": interaction_id, "message_id": f"{interaction_id}-{seq}", "seq": seq, "role": m["role"],
            "sent_at": None if phone else START + dt.timedelta(seconds=at),
            "offset_seconds": at if phone else None, "end_offset_seconds": at + 4 if phone else None,
            "text": m["text"], "language": info["language"],
        })
    messages = pl.DataFrame(rows, schema_overrides={"sent_at": pl.Datetime("us"), "offset_seconds": pl.Float64,
                                                    "end_offset_seconds": pl.Float64})
    return interactions, messages


def all_cases() -> list[Path]:
    return sorted(CASES.glob("*/*.yaml"))
