"""Decoding options added after transcriptions were stored (temperature fallback, beam patience, the speech level of
the front-end): at their defaults they leave the idempotency key as it was, so nothing already transcribed is
transcribed again; changed, they are part of it."""

from __future__ import annotations

import numpy as np
import pytest

from pipelines.speech.audio import SAMPLE_RATE, DecodedAudio, at_speech_level
from pipelines.speech.options import WHISPER_TEMPERATURES, TranscribeOptions

# TranscribeOptions().options_hash("ja") before the options existed (the key of today's stored transcriptions)
DEFAULT_KEYS = {"faster-whisper": "3a2ec1a012cdb415", "openai-whisper": "705ba23f9ec1879c"}


@pytest.mark.parametrize("engine", sorted(DEFAULT_KEYS))
def test_default_decoding_keeps_the_key_transcriptions_were_stored_with(engine: str) -> None:
    assert TranscribeOptions(engine=engine).options_hash("ja") == DEFAULT_KEYS[engine]
    assert TranscribeOptions(engine=engine, temperatures=WHISPER_TEMPERATURES, patience=1.0).options_hash("ja") == (
        DEFAULT_KEYS[engine])


def test_changed_decoding_options_are_part_of_the_key() -> None:
    keys = {TranscribeOptions(temperatures=(0.0,)).options_hash("ja"),
            TranscribeOptions(temperatures=(0.0, 0.2, 0.4)).options_hash("ja"),
            TranscribeOptions(patience=2.0).options_hash("ja"), TranscribeOptions(beam_size=10).options_hash("ja")}
    assert len(keys) == 4 and DEFAULT_KEYS["faster-whisper"] not in keys


def test_each_channel_is_brought_to_the_speech_level_without_clipping() -> None:
    """A quiet talker rises to the level, a loud one falls to it; one with a click near full scale rises only as far
    as the click allows; a silent channel stays silent. The level is the talk's, not diluted by the silence."""
    rate = SAMPLE_RATE
    talk = np.sin(2 * np.pi * 440 * np.arange(rate) / rate).astype(np.float32)  # RMS 1/sqrt(2): -3 dBFS
    silence = np.zeros(9 * rate, dtype=np.float32)
    quiet, loud = np.concatenate([0.01 * talk, silence]), np.concatenate([0.9 * talk, silence])
    clicked = quiet.copy()
    clicked[5 * rate] = 0.5
    audio = DecodedAudio(np.stack([quiet, loud, clicked, np.zeros_like(quiet)]), 8000)
    levelled = at_speech_level(audio, -16.0).channels
    talk_dbfs = 20 * np.log10(np.sqrt((levelled[:, :rate] ** 2).mean(axis=1)) + 1e-12)
    assert talk_dbfs[:2] == pytest.approx([-16.0, -16.0], abs=0.01)
    assert np.abs(levelled[2]).max() == pytest.approx(1.0) and talk_dbfs[2] == pytest.approx(-43.0 + 6.0, abs=0.1)
    assert not levelled[3].any() and levelled.dtype == np.float32


def test_the_speech_level_is_part_of_the_key_only_when_set() -> None:
    assert TranscribeOptions(speech_level_dbfs=None).options_hash("ja") == DEFAULT_KEYS["faster-whisper"]
    assert TranscribeOptions(speech_level_dbfs=-16.0).options_hash("ja") != DEFAULT_KEYS["faster-whisper"]
