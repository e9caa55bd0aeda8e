"""Per-call conversation metrics from role-attributed turns (pure polars, no I/O).

``turns``: recording_id, seq, role (agent|customer|unknown|system), start_seconds, end_seconds, text, and
optionally sentiment (the turn's stored score, core.message_sentiment; null when not stored).
``calls``: recording_id, duration_seconds, language. Definitions and units: docs/transcription.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

HOLD_SILENCE_SECONDS = 10.0  # a silence this long inside a call counts as a hold (nobody talks, line open)
MIN_OVERLAP_SECONDS = 0.3  # Whisper timestamps jitter by ~0.2 s; shorter overlaps are not interruptions
SENTIMENT_TURNS = 2  # customer turns at each end of the call scored for start/end sentiment
_TALK_ROLES = ("agent", "customer", "unknown")
_ADDITIVE = [
    "agent_talk_seconds", "customer_talk_seconds", "agent_interruptions", "customer_interruptions", "talk_seconds",
    "longest_silence_seconds", "silent_holds", "silent_hold_seconds", "overlap_count", "overlap_seconds",
    "marked_holds", "marked",
]


def _talk_timeline(turns: pl.DataFrame) -> pl.DataFrame:
    """Talk turns in time order with the gap before each (silence) and the overlap with earlier speech."""
    earlier_end = pl.col("end_seconds").cum_max().shift(1).over("recording_id")
    earlier_role = pl.col("role").shift(1).over("recording_id")
    overlap = pl.min_horizontal("end_seconds", earlier_end) - pl.col("start_seconds")
    return (
        turns.filter(pl.col("role").is_in(_TALK_ROLES))
        .sort("recording_id", "start_seconds")
        .with_columns(
            (pl.col("start_seconds") - earlier_end).clip(lower_bound=0).alias("gap_seconds"),
            (pl.col("end_seconds") - pl.max_horizontal("start_seconds", earlier_end.fill_null(0.0)))
            .clip(lower_bound=0).alias("new_talk_seconds"),
            pl.when((overlap >= MIN_OVERLAP_SECONDS) & (pl.col("role") != earlier_role))
            .then(overlap).otherwise(0.0).alias("overlap_seconds"),
        )
    )


def _speech_units(language: pl.Expr) -> pl.Expr:
    """Characters (Japanese, punctuation and spaces excluded) or words (English) in a turn."""
    chars = pl.col("text").str.replace_all(r"[\s\p{P}]", "").str.len_chars()
    words = pl.col("text").str.count_matches(r"[\p{L}\p{N}']+")
    return pl.when(language == "ja").then(chars).otherwise(words)


def _per_role(timeline: pl.DataFrame) -> list[pl.Expr]:
    exprs: list[pl.Expr] = []
    for role in ("agent", "customer"):
        is_role = pl.col("role") == role
        talk = (pl.col("end_seconds") - pl.col("start_seconds")).filter(is_role).sum()
        units = pl.col("units").filter(is_role).sum()
        exprs += [
            talk.alias(f"{role}_talk_seconds"),
            pl.when(talk > 0).then(units / talk * 60).alias(f"{role}_speaking_rate"),
            ((pl.col("overlap_seconds") > 0) & is_role).sum().alias(f"{role}_interruptions"),
        ]
    return exprs


def _timeline_metrics(timeline: pl.DataFrame) -> pl.DataFrame:
    internal_gap = pl.col("gap_seconds").filter(pl.col("gap_seconds").is_not_null())
    return timeline.group_by("recording_id").agg(
        *_per_role(timeline),
        pl.col("new_talk_seconds").sum().alias("talk_seconds"),
        internal_gap.max().fill_null(0.0).alias("longest_silence_seconds"),
        (internal_gap >= HOLD_SILENCE_SECONDS).sum().alias("silent_holds"),
        internal_gap.filter(internal_gap >= HOLD_SILENCE_SECONDS).sum().alias("silent_hold_seconds"),
        (pl.col("overlap_seconds") > 0).sum().alias("overlap_count"),
        pl.col("overlap_seconds").sum().alias("overlap_seconds"),
        pl.col("start_seconds").filter(pl.col("role") == "agent").min().alias("time_to_first_agent_seconds"),
    )


def _hold_markers(turns: pl.DataFrame) -> pl.DataFrame:
    """Music/hold marks Whisper wrote (♪, (音楽), [Music]) become hold segments."""
    return (
        turns.filter(pl.col("role") == "system")
        .group_by("recording_id")
        .agg(pl.len().alias("marked_holds"), (pl.col("end_seconds") - pl.col("start_seconds")).sum().alias("marked"))
    )


def conversation_metrics(
    turns: pl.DataFrame, calls: pl.DataFrame, score_texts: Callable[[Sequence[str]], list[float]] | None = None
) -> pl.DataFrame:
    """One row per call: talk, silence, hold, overlap, speaking rate, first agent utterance, customer sentiment."""
    timeline = _talk_timeline(turns.join(calls.select("recording_id", "language"), on="recording_id"))
    timeline = timeline.with_columns(_speech_units(pl.col("language")).alias("units"))
    talk_total = pl.col("agent_talk_seconds") + pl.col("customer_talk_seconds")
    return (
        calls.join(_timeline_metrics(timeline), on="recording_id", how="left")
        .join(_hold_markers(turns), on="recording_id", how="left")
        .with_columns(pl.col(_ADDITIVE).fill_null(0))  # calls with no speech at all
        .with_columns(
            pl.when(talk_total > 0).then(pl.col("agent_talk_seconds") / talk_total).alias("agent_talk_ratio"),
            (pl.col("duration_seconds") - pl.col("talk_seconds")).clip(lower_bound=0).alias("silence_seconds"),
            (pl.col("silent_holds") + pl.col("marked_holds")).alias("hold_count"),
            (pl.col("silent_hold_seconds") + pl.col("marked")).alias("hold_seconds"),
            pl.when(pl.col("language") == "ja").then(pl.lit("chars_per_minute"))
            .otherwise(pl.lit("words_per_minute")).alias("speaking_rate_unit"),
        )
        .with_columns((pl.col("silence_seconds") / pl.col("duration_seconds")).alias("silence_ratio"))
        .join(customer_sentiment(turns, score_texts), on="recording_id", how="left")
        .drop("talk_seconds", "silent_holds", "silent_hold_seconds", "marked_holds", "marked")
    )


def customer_sentiment(
    turns: pl.DataFrame, score_texts: Callable[[Sequence[str]], list[float]] | None = None
) -> pl.DataFrame:
    """Mean sentiment (−1..1) of the first and last ``SENTIMENT_TURNS`` customer turns of each call, as
    marts.contact_sentiment defines start and end. Each turn's stored score is used (``sentiment`` column); only
    turns without one are scored here, by ``score_texts`` (default: the model), each distinct text once."""
    customer = turns.filter(pl.col("role") == "customer")
    stored = pl.col("sentiment") if "sentiment" in customer.columns else pl.lit(None, pl.Float64)
    customer = customer.with_columns(stored.cast(pl.Float64).alias("sentiment"))
    unstored = customer.filter(pl.col("sentiment").is_null())["text"].unique().to_list()
    if unstored:
        if score_texts is None:
            from transforms.sentiment import score_texts as default_scorer

            score_texts = default_scorer
        computed = pl.DataFrame({"text": unstored, "computed": score_texts(unstored)},
                                schema={"text": pl.String, "computed": pl.Float64})
        customer = (customer.join(computed, on="text", how="left")
                    .with_columns(pl.coalesce("sentiment", "computed").alias("sentiment")).drop("computed"))
    position = pl.int_range(1, pl.len() + 1).over("recording_id")
    count = pl.len().over("recording_id")
    # short calls: split the customer turns in halves so "start" and "end" are different turns where possible
    per_end = pl.min_horizontal(pl.lit(SENTIMENT_TURNS), pl.max_horizontal(pl.lit(1), count // 2))
    return (
        customer.sort("recording_id", "seq")
        .with_columns(position.alias("position"), count.alias("count"), per_end.alias("per_end"))
        .group_by("recording_id", maintain_order=True)
        .agg(
            pl.col("sentiment").filter(pl.col("position") <= pl.col("per_end")).mean()
            .alias("customer_sentiment_start"),
            pl.col("sentiment").filter(pl.col("position") > pl.col("count") - pl.col("per_end")).mean()
            .alias("customer_sentiment_end"),
        )
    )
