"""Test doubles: an engine that 'hears' fixed text per speech region, and core-table fixture rows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

import warehouse
from pipelines.speech.options import Segment, Word


class FakeEngine:
    """Returns one segment per stretch of speech, text 'ch<channel> words <call number>'; counts calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.detections = 0
        self.alignments: list[tuple[int, float]] = []  # (channel, offset) of each window whose words were timed

    def detect_language(self, audio: np.ndarray) -> tuple[str, float]:
        self.detections += 1
        return "en", 0.99

    def transcribe(self, audio: np.ndarray, language: str, channel: int, offset: float) -> list[Segment]:
        """One segment per stretch of speech in the window Koe sent (as Whisper would), all numbered by the call."""
        from pipelines.speech.vad import speech_regions

        self.calls += 1
        spans = [(r.start_sample, r.end_sample) for r in speech_regions(audio)] or [(0, len(audio))]
        return [Segment(channel, offset + a / 16000, offset + b / 16000, f"ch{channel} words {self.calls}")
                for a, b in spans]

    def add_words(self, audio: np.ndarray, language: str, segments: list[Segment], offset: float) -> list[Segment]:
        """Each segment's words spread evenly over it."""
        self.alignments += [(s.channel, offset) for s in segments[:1]]
        timed = []
        for s in segments:
            parts = s.text.split(" ")
            step = (s.end - s.start) / len(parts)
            timed.append(replace(s, words=tuple(Word((" " if i else "") + part, s.start + i * step, s.start + (i + 1) * step)
                                                for i, part in enumerate(parts))))
        return timed


def add_call(db: Path, recording_id: str, path: Path, created_at: str = "2026-11-20 01:00:00") -> None:
    """One interaction and its recording (agent on channel 0) in the core tables."""
    with warehouse.connect(db) as conn:
        conn.execute(
            "insert into core.interactions (interaction_id, channel, direction, created_at, language)"
            " values ($id, 'phone', 'inbound', $at::timestamp, 'en')",
            {"id": f"i-{recording_id}", "at": created_at},
        )
        conn.execute(
            "insert into core.recordings (recording_id, interaction_id, path, agent_channel)"
            " values ($rid, $iid, $path, 0)",
            {"rid": recording_id, "iid": f"i-{recording_id}", "path": str(path)},
        )
