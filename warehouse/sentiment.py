"""Reads and writes of customer-message sentiment (migration 0200_message_sentiment.sql): each customer message is
scored once, when it is stored, and everything downstream reads the stored score."""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse.connection import read, registered, transaction
from warehouse.sql import statement

SCORED_SCHEMA = {"message_id": pl.String, "interaction_id": pl.String, "text_hash": pl.String, "label": pl.String,
                 "score": pl.Float64}


def unscored_messages(conn: duckdb.DuckDBPyConnection, model_version: str) -> pl.DataFrame:
    """Customer messages with no current score: message_id, interaction_id, text, text_hash, and known_label /
    known_score when the same text was scored already under ``model_version``."""
    return read(conn, statement("sentiment/unscored"), {"model": model_version})


def store_message_sentiment(conn: duckdb.DuckDBPyConnection, scored: pl.DataFrame, model_version: str) -> int:
    """Replace the scores of ``scored``'s messages (columns SCORED_SCHEMA) and drop those of deleted messages."""
    frame = scored.select(list(SCORED_SCHEMA)).cast(SCORED_SCHEMA)  # type: ignore[arg-type]
    with transaction(conn), registered(conn, "koe_message_sentiment", frame):
        conn.execute("delete from core.message_sentiment where message_id in (select message_id from koe_message_sentiment)"
                     " or message_id not in (select message_id from core.messages)")
        conn.execute("insert into core.message_sentiment (message_id, interaction_id, text_hash, model_version, label,"
                     " score) select message_id, interaction_id, text_hash, $model, label, score"
                     " from koe_message_sentiment", {"model": model_version})
    return frame.height

