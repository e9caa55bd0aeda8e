"""Audio redaction: where in a call each masked entity was said, and silencing those spans in the samples."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from transforms.redaction.detect import find_entities
from transforms.redaction.entities import EntityType

# Whisper's segment and word timestamps are accurate to a few hundred milliseconds; pad so the first and last
# syllables of a number are silenced too.
DEFAULT_PADDING_SECONDS = 0.25


@dataclass(frozen=True, order=True)
class TimeSpan:
    """An entity said between ``start_seconds`` and ``end_seconds`` of the recording."""

    start_seconds: float
    end_seconds: float
    type: EntityType


def _time_at(segment: Mapping[str, Any], char: int, *, end: bool) -> float:
    """When character ``char`` of a segment starts (``end=False``) or, for ``char - 1``, ends (``end=True``).

    Uses Whisper word timestamps when given, else interpolates linearly over the segment's text.
    """
    position = 0
    for word in segment.get("words") or []:
        position += len(word["word"])
        if (char <= position) if end else (char < position):
            return float(word["end" if end else "start"])
    seg_start, seg_end = float(segment["start"]), float(segment["end"])
    return seg_start + (seg_end - seg_start) * min(char / max(len(segment["text"]), 1), 1.0)


def entity_time_spans(
    segments: Iterable[Mapping[str, Any]], padding_seconds: float = DEFAULT_PADDING_SECONDS
) -> list[TimeSpan]:
    """Time spans of the entities in transcript segments (``start``, ``end``, ``text``, optional Whisper ``words``).

    A segment's ``words``, when present, must concatenate to its ``text`` (as Whisper's do). Spans are padded,
    clipped at 0 and to their segment, and overlapping spans are merged (keeping the first type).
    """
    spans: list[TimeSpan] = []
    for segment in segments:
        seg_start, seg_end = float(segment["start"]), float(segment["end"])
        for entity in find_entities(segment["text"]):
            start = max(seg_start, _time_at(segment, entity.start, end=False) - padding_seconds, 0.0)
            end = min(seg_end, _time_at(segment, entity.end, end=True) + padding_seconds)
            spans.append(TimeSpan(start, end, entity.type))
    return _merge(sorted(spans))


def _merge(spans: Sequence[TimeSpan]) -> list[TimeSpan]:
    merged: list[TimeSpan] = []
    for span in spans:
        if merged and span.start_seconds <= merged[-1].end_seconds:
            last = merged[-1]
            merged[-1] = TimeSpan(last.start_seconds, max(last.end_seconds, span.end_seconds), last.type)
        else:
            merged.append(span)
    return merged


def silence_spans(
    samples: np.ndarray, sample_rate: int, spans: Iterable[TimeSpan | tuple[float, float]]
) -> np.ndarray:
    """A copy of ``samples`` (frames first: ``(n,)`` or ``(n, channels)``) with every span set to silence."""
    silenced = samples.copy()
    for span in spans:
        start, end = (span.start_seconds, span.end_seconds) if isinstance(span, TimeSpan) else span[:2]
        first = max(0, int(np.floor(start * sample_rate)))
        last = min(len(silenced), int(np.ceil(end * sample_rate)))
        if last > first:
            silenced[first:last] = 0
    return silenced


def masked_copy_name(recording_id: str, sha256: str, spans: Iterable[tuple[float, float]]) -> str:
    """The file name of a recording's masked copy: a digest of the recording, its audio and the spans silenced
    (to the millisecond), so a copy is written once and rewritten only when one of them changes. Never derived
    from a manifest's path, so it cannot name a folder."""
    key = ";".join([recording_id, sha256, *(f"{start:.3f}-{end:.3f}" for start, end in sorted(spans))])
    return hashlib.sha256(key.encode()).hexdigest()[:32] + ".wav"
