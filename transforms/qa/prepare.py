"""Scoring inputs prepared once per run: normalised text, positions and turn counters, and per-interaction metrics.

Everything here is vectorised polars so that detectors only filter and match.
"""

from __future__ import annotations

import polars as pl

from transforms.acoustic_check import ALTERNATIVE_TYPE
from transforms.text_ja import fold_expr, normalize_expr

MESSAGE_COLUMNS = ["interaction_id", "message_id", "seq", "role", "sent_at", "offset_seconds", "end_offset_seconds", "text"]
OPTIONAL_METRICS = [
    "agent_talk_ratio", "silence_ratio", "longest_silence_seconds", "interruptions", "hold_segments",
]


def prepare_messages(messages: pl.DataFrame) -> pl.DataFrame:
    """Add `norm` (matching form), `folded` (regex form), `elapsed_seconds`, `remaining_seconds` and turn counters.

    `elapsed_seconds` is the call offset when there is one, else seconds since the interaction's first `sent_at`
    (tickets and chats). `role_turn` counts a speaker's turns from 1, `role_turn_rev` from the end.
    `stored_sentiment` is the message's `sentiment` column when given (core.message_sentiment), else null.
    `alternatives` (transcript turns: phrases the audio fits better than the text, transforms.acoustic_check) is
    kept when given.
    """
    by_interaction = pl.col("interaction_id")
    first_sent = pl.col("sent_at").min().over(by_interaction)
    elapsed = pl.coalesce(pl.col("offset_seconds"), (pl.col("sent_at") - first_sent).dt.total_seconds(fractional=True))
    stored = pl.col("sentiment") if "sentiment" in messages.columns else pl.lit(None)
    alternatives = [pl.col("alternatives").cast(ALTERNATIVE_TYPE)] if "alternatives" in messages.columns else []
    return (
        messages.select(*MESSAGE_COLUMNS, stored.cast(pl.Float64).alias("stored_sentiment"), *alternatives)
        .sort("interaction_id", "seq")
        .with_columns(
            norm=normalize_expr("text"),
            folded=fold_expr("text"),
            elapsed_seconds=elapsed,
            turn=pl.col("seq").rank("ordinal").over(by_interaction).cast(pl.Int32),
            turn_rev=pl.col("seq").rank("ordinal", descending=True).over(by_interaction).cast(pl.Int32),
            role_turn=pl.col("seq").rank("ordinal").over(by_interaction, "role").cast(pl.Int32),
            role_turn_rev=pl.col("seq").rank("ordinal", descending=True).over(by_interaction, "role").cast(pl.Int32),
        )
        .with_columns(remaining_seconds=pl.col("elapsed_seconds").max().over(by_interaction) - pl.col("elapsed_seconds"))
    )


def interaction_metrics(
    interactions: pl.DataFrame, prepared: pl.DataFrame, conversation_metrics: pl.DataFrame | None = None
) -> pl.DataFrame:
    """One row per interaction: metrics that `metric` detectors can compare (missing ones are null)."""
    from_messages = prepared.group_by("interaction_id").agg(
        duration_seconds=pl.max_horizontal(pl.col("end_offset_seconds").max(), pl.col("elapsed_seconds").max()),
        customer_turns=(pl.col("role") == "customer").sum().cast(pl.Float64),
        agent_turns=(pl.col("role") == "agent").sum().cast(pl.Float64),
    )
    base = interactions.select(
        "interaction_id",
        *[pl.col(c).cast(pl.Float64) if c in interactions.columns else pl.lit(None, pl.Float64).alias(c)
          for c in ("hold_seconds", "talk_seconds", "transfers")],
        first_response_seconds=_first_response_seconds(interactions),
    ).join(from_messages, on="interaction_id", how="left")
    extra = conversation_metrics if conversation_metrics is not None else pl.DataFrame({"interaction_id": []}, {"interaction_id": pl.String})
    extra = extra.select(
        "interaction_id",
        *[pl.col(c).cast(pl.Float64) if c in extra.columns else pl.lit(None, pl.Float64).alias(c) for c in OPTIONAL_METRICS],
    )
    return base.join(extra, on="interaction_id", how="left")


def _first_response_seconds(interactions: pl.DataFrame) -> pl.Expr:
    if {"first_response_at", "created_at"} <= set(interactions.columns):
        return (pl.col("first_response_at") - pl.col("created_at")).dt.total_seconds(fractional=True)
    return pl.lit(None, pl.Float64)
