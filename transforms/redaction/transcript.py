"""Redact what the speech engine heard before it is stored, and say when each masked word was said.

Segments of all channels are read as one dialogue in time order, with the roles the turns will get, so a name the
customer gives after the agent asked for it is masked in the customer's segment (``transforms.redaction.dialogue``).
The masked entities' times come from Whisper's word timestamps (linear in the segment when there are none); they
are what the served recording silences. Words are not kept: they hold the unmasked text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from transforms.acoustic_check import still_heard
from transforms.redaction.dialogue import DEFAULT_NAMES_OF, Turn, dialogue_entities
from transforms.redaction.entities import Entity, apply_masks
from transforms.transcripts import segment_roles

# Whisper's word times are accurate to a few hundred milliseconds: pad so the first and last syllables go too.
PADDING_SECONDS = 0.25
# The longest a word can take to say: a second, or half a second per character (「1985」, "twelve").
MIN_WORD_SECONDS, SECONDS_PER_CHARACTER = 1.0, 0.5
SPAN_SCHEMA = {"recording_id": pl.String, "entity_type": pl.String, "start_seconds": pl.Float64,
               "end_seconds": pl.Float64}


@dataclass(frozen=True)
class RedactedTranscript:
    segments: pl.DataFrame  # the input's columns but ``words``, ``text`` masked, same rows in the same order
    spans: pl.DataFrame  # SPAN_SCHEMA: when each masked entity was said, padded, merged per recording


def _word_start(word: Mapping[str, Any]) -> float:
    """A word's start, no earlier than it could have been said: Whisper often starts the first word after a pause
    inside the pause (「山」 from 9.9 s to 15.6 s), which would silence what the other party said meanwhile."""
    longest = max(MIN_WORD_SECONDS, SECONDS_PER_CHARACTER * len(str(word["word"]).strip()))
    return max(float(word["start"]), float(word["end"]) - longest)


def _char_times(text: str, words: Sequence[Mapping[str, Any]]) -> list[tuple[float, float]] | None:
    """(start, end) seconds of each character of ``text`` from its words, or None when they do not spell it."""
    joined = "".join(w["word"] for w in words)
    if not words or joined.strip() != text:
        return None
    lead = len(joined) - len(joined.lstrip())
    times = [(_word_start(w), float(w["end"])) for w in words for _ in w["word"]]
    return times[lead : lead + len(text)]


def _entity_span(segment: Mapping[str, Any], entity: Entity, padding: float) -> tuple[float, float]:
    seg_start, seg_end = float(segment["start_seconds"]), float(segment["end_seconds"])
    times = _char_times(segment["text"], segment.get("words") or [])
    if times:
        start, end = times[entity.start][0], times[entity.end - 1][1]
    else:
        length = max(len(segment["text"]), 1)
        start = seg_start + (seg_end - seg_start) * entity.start / length
        end = seg_start + (seg_end - seg_start) * entity.end / length
    return max(seg_start, start - padding, 0.0), min(seg_end, end + padding)


def _merged(spans: list[tuple[str, str, float, float]]) -> pl.DataFrame:
    merged: list[tuple[str, str, float, float]] = []
    for span in sorted(spans, key=lambda s: (s[0], s[2])):
        if merged and merged[-1][0] == span[0] and span[2] <= merged[-1][3]:
            last = merged[-1]
            merged[-1] = (last[0], last[1], last[2], max(last[3], span[3]))
        else:
            merged.append(span)
    return pl.DataFrame(merged, schema=SPAN_SCHEMA, orient="row")


def redact_transcript(
    segments: pl.DataFrame, recordings: pl.DataFrame, names_of: Collection[str] = DEFAULT_NAMES_OF,
    padding_seconds: float = PADDING_SECONDS,
) -> RedactedTranscript:
    """Mask ``segments`` (recording_id, channel, start_seconds, end_seconds, text, optional ``words``: list of
    {word, start, end}) as dialogue and return them with the time spans of what was masked.

    ``recordings`` (recording_id, channels, agent_channel) gives the roles, as ``transforms.transcripts`` does.
    """
    rows = segments.with_columns(
        segment_roles(segments, recordings).alias("_role"), pl.int_range(pl.len()).alias("_row")
    )
    texts = segments.get_column("text").to_list()
    spans: list[tuple[str, str, float, float]] = []
    # In the order the turns ended: a segment's start can lie in the pause before it (see ``_word_start``), which
    # would put a customer's answer before the agent's request for it; its end is where the speech stopped.
    ordered = rows.sort("recording_id", "end_seconds", "start_seconds", "channel", "_row")
    for recording in ordered.partition_by("recording_id", maintain_order=True):
        turns = recording.to_dicts()
        found = dialogue_entities([Turn(t["_role"], t["text"]) for t in turns], names_of)
        for turn, entities in zip(turns, found, strict=True):
            if entities:
                texts[turn["_row"]] = apply_masks(turn["text"], entities)
                spans += [(turn["recording_id"], e.type, *_entity_span(turn, e, padding_seconds)) for e in entities]
    masked = segments.drop("words", strict=False).with_columns(pl.Series("text", texts, pl.String))
    return RedactedTranscript(still_heard(masked), _merged(spans))
