"""Warehouse reads and writes for redaction: kept originals and audio redaction spans."""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse.connection import read


def save_original_texts(conn: duckdb.DuckDBPyConnection, originals: pl.DataFrame) -> int:
    """Upsert rows from ``transforms.redaction.original_texts`` into ``restricted.original_text``; returns count.

    Call only when ``redaction.keep_original`` is on.
    """
    if originals.is_empty():
        return 0
    conn.register("originals_in", originals.select("source_table", "row_key", "column_name", "text").to_arrow())
    try:
        conn.execute(
            "insert or replace into restricted.original_text (source_table, row_key, column_name, text) "
            "select source_table, row_key, column_name, text from originals_in"
        )
    finally:
        conn.unregister("originals_in")
    return originals.height


def replace_audio_spans(conn: duckdb.DuckDBPyConnection, interaction_id: str, spans: pl.DataFrame) -> int:
    """Replace an interaction's spans (columns entity_type, start_seconds, end_seconds) in one transaction."""
    conn.execute("begin transaction")
    try:
        conn.execute("delete from core.audio_redaction_spans where interaction_id = $id", {"id": interaction_id})
        conn.register("koe_spans", spans.select("entity_type", "start_seconds", "end_seconds").to_arrow())
        conn.execute(
            "insert into core.audio_redaction_spans (interaction_id, entity_type, start_seconds, end_seconds)"
            " select $id, entity_type, start_seconds, end_seconds from koe_spans", {"id": interaction_id},
        )
        conn.unregister("koe_spans")
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    return spans.height


def audio_spans(conn: duckdb.DuckDBPyConnection, interaction_id: str) -> pl.DataFrame:
    """The stored redaction spans of one interaction, in time order (for silencing an exported clip)."""
    return read(
        conn,
        "select entity_type, start_seconds, end_seconds from core.audio_redaction_spans "
        "where interaction_id = $id order by start_seconds",
        {"id": interaction_id},
    )
