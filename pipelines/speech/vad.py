"""Voice-activity gating with the Silero model bundled in faster-whisper (ONNX, offline).

Whisper invents text on silence (「ご視聴ありがとうございました」, "Thank you for watching"), so only speech regions
are transcribed. Regions closer than ``join_gap_seconds`` are transcribed together, which keeps one speaker's turn
in one Whisper call while a gap (the other party talking) starts a new one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from faster_whisper.vad import VadOptions, get_speech_timestamps

from pipelines.speech.audio import SAMPLE_RATE


@dataclass(frozen=True)
class SpeechRegion:
    start_sample: int
    end_sample: int

    @property
    def start_seconds(self) -> float:
        return self.start_sample / SAMPLE_RATE


def speech_regions(audio: np.ndarray, join_gap_seconds: float = 1.0, pad_ms: int = 200) -> list[SpeechRegion]:
    """Speech stretches of a 16 kHz mono array, merged when the pause between them is short."""
    if not np.any(np.abs(audio) > 1e-4):  # digital silence: skip the model
        return []
    options = VadOptions(min_silence_duration_ms=300, speech_pad_ms=pad_ms, min_speech_duration_ms=250)
    regions: list[SpeechRegion] = []
    for chunk in get_speech_timestamps(audio, options, sampling_rate=SAMPLE_RATE):
        if regions and chunk["start"] - regions[-1].end_sample <= join_gap_seconds * SAMPLE_RATE:
            regions[-1] = SpeechRegion(regions[-1].start_sample, chunk["end"])
        else:
            regions.append(SpeechRegion(chunk["start"], chunk["end"]))
    return regions
