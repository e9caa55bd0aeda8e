"""Whisper segments → cleaned, role-attributed conversation turns (pure polars, no I/O).

Input frame ``segments``: recording_id, channel, start_seconds, end_seconds, text, avg_logprob, no_speech_prob,
compression_ratio, optional alternatives (phrases the audio fits better, transforms.acoustic_check: a turn keeps its
segments'). Recording facts ``recordings``: recording_id, channels, agent_channel, language.
"""

from __future__ import annotations

import re

import polars as pl

# Phrases Whisper produces on silence or noise (subtitle credits learned from video data). No caller says them.
HALLUCINATION_PATTERN = (
    r"(?i)ご視聴ありがとうございました|ご清聴ありがとうございました|チャンネル登録|高評価|字幕(?:作成|提供)?\s*[:：]|"
    r"thanks? (?:you )?for watching|please subscribe|subtitles? by|transcribed by|amara\.org|www\.\w+\.(?:com|org)"
)
# Generic words Whisper also says on near-silence; dropped only when the model itself thinks there was no speech.
_GENERIC_PATTERN = r"(?i)^\W*(?:thank you|thanks|bye|you|ありがとうございました|はい|おやすみなさい)\W*$"
HOLD_MARKER_PATTERN = r"(?i)^\W*(?:[♪♫🎵]+|\(?音楽\)?|[\[(]music[\])]|保留音)\W*$"
NO_SPEECH_PROBABILITY = 0.6  # Whisper's own no-speech threshold
LOW_LOGPROB = -1.0  # with a high no-speech probability: Whisper's own rule for skipping a window
COMPRESSION_RATIO_LIMIT = 2.4  # Whisper's own threshold for a repetition loop that survived temperature fallback
_REPEATED_UNIT = re.compile(r"(.{1,25}?)(?:[\s、。,.]*\1){3,}")  # a phrase said 4+ times in a row
AGENT_PHRASE_PATTERN = (
    r"(?i)お電話ありがとうございます|お待たせいたしました|担当の|でございます|thank you for calling|"
    r"my name is \w+|how (?:can|may) i help"
)
TURN_GAP_SECONDS = 1.0  # same-role segments closer than this form one turn


def collapse_repetitions(text: str) -> str:
    """Keep one copy of a phrase Whisper looped on (「はいはいはいはい」→「はい」)."""
    return _REPEATED_UNIT.sub(r"\1", text)


def flag_hallucinations(segments: pl.DataFrame) -> pl.DataFrame:
    """Add ``dropped_reason`` (null = kept) and ``is_hold_marker``; loops inside a kept text are collapsed."""
    text = pl.col("text").str.strip_chars()
    is_hold_marker = text.str.contains(HOLD_MARKER_PATTERN)
    silent = pl.col("no_speech_prob") > NO_SPEECH_PROBABILITY
    reason = (
        pl.when(~text.str.contains(r"[\p{L}\p{N}]") & ~is_hold_marker).then(pl.lit("empty"))  # "", ".", "…"
        .when(text.str.contains(HALLUCINATION_PATTERN)).then(pl.lit("hallucination_phrase"))
        .when(pl.col("compression_ratio") > COMPRESSION_RATIO_LIMIT).then(pl.lit("repetition_loop"))
        .when(silent & (text.str.contains(_GENERIC_PATTERN) | (pl.col("avg_logprob") < LOW_LOGPROB)))
        .then(pl.lit("no_speech"))
    )
    collapsed = pl.Series("text", [collapse_repetitions(t) for t in segments["text"].str.strip_chars()], pl.String)
    return segments.with_columns(
        collapsed,
        reason.alias("dropped_reason"),
        is_hold_marker.alias("is_hold_marker"),
    )


def _role() -> pl.Expr:
    """Stereo: by channel. Mono: 'agent' only where an agent phrase decides it, else 'unknown'."""
    return (
        pl.when(pl.col("is_hold_marker")).then(pl.lit("system"))
        .when(pl.col("channels") >= 2)
        .then(pl.when(pl.col("channel") == pl.col("agent_channel")).then(pl.lit("agent")).otherwise(pl.lit("customer")))
        .when(pl.col("text").str.contains(AGENT_PHRASE_PATTERN)).then(pl.lit("agent"))
        .otherwise(pl.lit("unknown"))
    )


def segment_roles(segments: pl.DataFrame, recordings: pl.DataFrame) -> pl.Series:
    """The role of every segment (kept or dropped), in the order of ``segments``: how turns will attribute it."""
    return (
        flag_hallucinations(segments)
        .join(recordings.select("recording_id", "channels", "agent_channel"), on="recording_id", how="left",
              maintain_order="left")
        .with_columns(pl.col("agent_channel").fill_null(0))
        .select(_role().alias("role"))
        .to_series()
    )


def merge_turns(segments: pl.DataFrame, recordings: pl.DataFrame, gap_seconds: float = TURN_GAP_SECONDS) -> pl.DataFrame:
    """Kept segments of all channels ordered by time, same-role neighbours joined into turns numbered from 1."""
    ordered = (
        flag_hallucinations(segments)
        .filter(pl.col("dropped_reason").is_null())
        .join(recordings.select("recording_id", "channels", "agent_channel", "language"), on="recording_id")
        .with_columns(pl.col("agent_channel").fill_null(0), _role().alias("role"))
        .sort("recording_id", "start_seconds", "channel")
    )
    starts_turn = (
        (pl.col("role") != pl.col("role").shift(1).over("recording_id"))
        | (pl.col("start_seconds") - pl.col("end_seconds").shift(1).over("recording_id") > gap_seconds)
    ).fill_null(True)
    return (
        ordered.with_columns(starts_turn.cum_sum().over("recording_id").cast(pl.Int32).alias("seq"))
        .group_by("recording_id", "seq", maintain_order=True)
        .agg(
            pl.col("role").first(), pl.col("channel").first(), pl.col("language").first(),
            pl.col("start_seconds").min(), pl.col("end_seconds").max(),
            pl.col("text"),
            *([pl.col("alternatives").explode().drop_nulls()] if "alternatives" in segments.columns else []),
        )
        .with_columns(  # Japanese is written without spaces between phrases
            pl.when(pl.col("language") == "ja").then(pl.col("text").list.join(""))
            .otherwise(pl.col("text").list.join(" "))
        )
    )
