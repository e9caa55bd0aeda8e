"""What detectors read: the prepared messages and metrics of the interactions being scored against one rubric."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import polars as pl

HIT_SCHEMA = pl.Schema({
    "interaction_id": pl.String(), "message_id": pl.String(), "seq": pl.Int64(), "offset_seconds": pl.Float64(),
    "sent_at": pl.Datetime("us"), "quote": pl.String(), "matched": pl.String(), "detector_id": pl.String(),
    "negated": pl.Boolean(),
})

SentimentFn = Callable[[Sequence[str]], list[float]]


@dataclass
class ScoringContext:
    """Prepared inputs for one rubric. `ids` lists every interaction scored, even those with no messages."""

    ids: pl.DataFrame  # interaction_id
    messages: pl.DataFrame  # from prepare.prepare_messages
    metrics: pl.DataFrame  # from prepare.interaction_metrics
    sentiment: SentimentFn
    _by_speaker: dict[str, pl.DataFrame] = field(default_factory=dict)
    _sentiment_cache: dict[str, float] = field(default_factory=dict)

    def messages_for(self, speaker: str) -> pl.DataFrame:
        """Messages of one role (or all for "any"), computed once per context."""
        if speaker not in self._by_speaker:
            frame = self.messages if speaker == "any" else self.messages.filter(pl.col("role") == speaker)
            self._by_speaker[speaker] = frame
        return self._by_speaker[speaker]

    def sentiment_of(self, speaker: str, turns: int) -> pl.DataFrame:
        """The speaker's first and last `turns` turns with a `sentiment` column: the stored score (scored when the
        message was stored), else the model's, each distinct text scored once."""
        edge = (pl.col("role_turn") <= turns) | (pl.col("role_turn_rev") <= turns)
        frame = self.messages_for(speaker).filter(edge)
        unstored = frame.filter(pl.col("stored_sentiment").is_null())["text"].unique().to_list()
        missing = [t for t in unstored if t not in self._sentiment_cache]
        if missing:
            self._sentiment_cache.update(zip(missing, self.sentiment(missing), strict=True))
        lookup = pl.DataFrame(
            {"text": list(self._sentiment_cache), "sentiment": list(self._sentiment_cache.values())},
            schema={"text": pl.String, "sentiment": pl.Float64},
        )
        joined = frame.join(lookup, on="text", how="left")
        return joined.with_columns(sentiment=pl.coalesce("stored_sentiment", "sentiment"))

    def empty_hits(self) -> pl.DataFrame:
        return pl.DataFrame(schema=HIT_SCHEMA)
