"""The full-text search index next to the dashboard snapshot (docs/search.md)."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from warehouse.search_index import index_path, refresh_index


@dg.asset(
    deps=["core_messages", "core_interactions", "conversation_metrics", "theme_assignments", "contact_rules",
          "message_sentiment"],
    group_name="dashboard",
    kinds={"sqlite"},
    pool="duckdb",
)
def search_index(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Masked messages and transcripts in an SQLite FTS5 index (Japanese character pairs, English words), updated
    for the contacts whose messages or filter values changed since the last run."""
    from transforms.sentiment import score_texts  # only for a last message with no stored sentiment

    path = index_path(warehouse.path or None)
    with warehouse.connect() as conn:
        counts = refresh_index(conn, path, score_texts)
    return dg.MaterializeResult(metadata={"path": str(path), **counts})
