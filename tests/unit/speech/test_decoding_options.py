"""Decoding options added after transcriptions were stored (temperature fallback, beam patience): at their defaults
they leave the idempotency key as it was, so nothing already transcribed is transcribed again; changed, they are
part of it."""

from __future__ import annotations

import pytest

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

