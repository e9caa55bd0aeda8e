"""Decoding options added after transcriptions were stored (temperature fallback, beam patience, log-probability
threshold of the fallback): at their defaults
they leave the idempotency key as it was, so nothing already transcribed is transcribed again; changed, they are
part of it. The beam width, 5 before the sixth session of issue 18 and 10 since, is part of it."""

from __future__ import annotations

import pytest

from pipelines.speech.options import WHISPER_TEMPERATURES, TranscribeOptions

# The key of transcriptions stored at beam 5 before the temperature and patience options existed
BEAM5_KEYS = {"faster-whisper": "3a2ec1a012cdb415", "openai-whisper": "705ba23f9ec1879c"}


@pytest.mark.parametrize("engine", sorted(BEAM5_KEYS))
def test_options_added_at_their_defaults_keep_the_key_transcriptions_were_stored_with(engine: str) -> None:
    assert TranscribeOptions(engine=engine, beam_size=5).options_hash("ja") == BEAM5_KEYS[engine]
    assert TranscribeOptions(engine=engine, beam_size=5, temperatures=WHISPER_TEMPERATURES, patience=1.0,
                             log_prob_threshold=-1.0).options_hash("ja") == BEAM5_KEYS[engine]


def test_changed_decoding_options_are_part_of_the_key() -> None:
    keys = {TranscribeOptions(temperatures=(0.0,)).options_hash("ja"),
            TranscribeOptions(temperatures=(0.0, 0.2, 0.4)).options_hash("ja"),
            TranscribeOptions(patience=2.0).options_hash("ja"), TranscribeOptions(log_prob_threshold=None).options_hash("ja"),
            TranscribeOptions().options_hash("ja")}
    assert len(keys) == 5 and BEAM5_KEYS["faster-whisper"] not in keys  # beam 10 re-transcribes beam 5's calls once
