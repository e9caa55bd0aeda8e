"""Insert small case transcripts into a fresh warehouse's core tables (shared by the warehouse and asset tests)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from tests.unit.qa.casekit import CASES, case_frames, load_case

FIXTURE_CASES = {
    "JA-GOOD": "ja_call_center/model_call.yaml",
    "JA-BAD": "ja_call_center/planted_skips_and_ng_words.yaml",
    "EN-GOOD": "en_call_center/model_call.yaml",
    "KASUHARA": "customer_harassment/ja_kasuhara_call.yaml",
    "MAIL": "email_chat/ja_email_good.yaml",
}


def insert_cases(conn: duckdb.DuckDBPyConnection, cases: dict[str, str] = FIXTURE_CASES) -> None:
    for interaction_id, relative in cases.items():
        interactions, messages = case_frames(load_case(CASES / relative), interaction_id)
        interactions = interactions.with_columns(direction=pl.lit("inbound"), agent_id=pl.lit(f"A-{interaction_id}"))
        for table, frame in (("interactions", interactions), ("messages", messages)):
            conn.register("fixture", frame)
            conn.execute(f"insert into core.{table} by name select * from fixture")
            conn.unregister("fixture")


def fixture_path(tmp_path: Path) -> str:
    return str(tmp_path / "w.duckdb")
