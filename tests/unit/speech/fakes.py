"""Test doubles: an engine that 'hears' fixed text per speech region, and core-table fixture rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import warehouse
from pipelines.speech.options import Segment


class FakeEngine:
    """Returns one segment per speech region, text 'ch<channel> <n>'; counts calls."""

    def __init__(self) -> None:
        self.calls = 0

    def detect_language(self, audio: np.ndarray) -> tuple[str, float]:
        return "en", 0.99

    def transcribe(self, audio: np.ndarray, language: str, channel: int, offset: float) -> list[Segment]:
        self.calls += 1
        return [Segment(channel, offset, offset + len(audio) / 16000, f"ch{channel} words {self.calls}")]


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
