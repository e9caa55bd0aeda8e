"""Customer-message sentiment, scored once when messages are stored (docs/sentiment.md)."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import WarehouseResource
from transforms.sentiment import model_version, score_messages
from warehouse.checks import table_shape
from warehouse.sentiment import store_message_sentiment, unscored_messages


@dg.asset(
    # after the written messages and the transcript turns; not partitioned, so it may follow the daily
    # call_transcripts (a day's backfill run, pipelines/backfill.py, runs it too) and precede conversation_metrics
    deps=["core_messages", "call_transcripts"],
    group_name="transcription",
    kinds={"duckdb", "polars"},
    pool="duckdb",
)
def message_sentiment(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Sentiment (label, −1..1) of each customer message that is new, whose text changed, or that an older model
    scored; QA scoring and sampling, the interaction page and theme summaries read it instead of scoring again."""
    version = model_version()
    with warehouse.connect() as conn:
        unscored = unscored_messages(conn, version)
    scored = score_messages(unscored)  # the model runs with no connection held
    with warehouse.connect() as conn:
        written = store_message_sentiment(conn, scored, version)
        shape = table_shape(conn, "core.message_sentiment")
    return dg.MaterializeResult(metadata={
        **table_metadata(shape), "scored": written, "model_version": version,
        "texts_classified": unscored.filter(unscored["known_label"].is_null())["text_hash"].n_unique(),
    })
