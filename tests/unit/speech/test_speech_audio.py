"""Decoding, voice-activity gating and the generated stereo demo call (no Whisper model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from pipelines.demo.audio import EN_SENTENCES, VOICES_DIR, DemoTurn, english_sentences, write_demo_call
from pipelines.speech.audio import SAMPLE_RATE, AudioError, decode_channels
from pipelines.speech.options import TranscribeOptions
from pipelines.speech.transcriber import transcribe_audio
from pipelines.speech.vad import speech_regions
from tests.unit.speech.fakes import FakeEngine

TURNS = [DemoTurn("agent", "en", "greeting"), DemoTurn("customer", "ja", "注文した商品が届きません。"),
         DemoTurn("agent", "en", "apology")]


@pytest.fixture(scope="module")
def demo_call(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    path = tmp_path_factory.mktemp("calls") / "call.wav"
    return path, write_demo_call(path, TURNS, agent_channel=1)


def _energy_spans(channel: np.ndarray) -> list[tuple[float, float]]:
    return [(r.start_sample / SAMPLE_RATE, r.end_sample / SAMPLE_RATE) for r in speech_regions(channel)]


def test_demo_call_puts_each_role_on_its_channel_in_order(demo_call: tuple[Path, float]) -> None:
    path, duration = demo_call
    audio = decode_channels(path)
    assert audio.channels.shape[0] == 2 and audio.duration_seconds == pytest.approx(duration, abs=0.01)
    agent, customer = _energy_spans(audio.channels[1]), _energy_spans(audio.channels[0])
    assert len(agent) == 2 and len(customer) == 1
    assert agent[0][1] < customer[0][0] < customer[0][1] < agent[1][0]  # agent, customer, agent
    assert agent[0][0] < 1.0  # 0.5 s lead-in (+ VAD padding)


def test_transcriber_merges_channels_by_time_and_skips_silence(demo_call: tuple[Path, float]) -> None:
    one_call_per_region = TranscribeOptions(window_seconds=0)
    transcript = transcribe_audio(decode_channels(demo_call[0]), FakeEngine(), one_call_per_region)
    assert [s.channel for s in transcript.segments] == [1, 0, 1]
    assert transcript.speech_seconds < transcript.duration_seconds * 2  # two channels, silence not sent
    assert transcript.language == "en"


def test_silence_is_never_sent_to_the_engine(tmp_path: Path) -> None:
    path = tmp_path / "silence.wav"
    noise = np.random.default_rng(0).normal(0, 1e-3, (SAMPLE_RATE * 5, 2)).astype(np.float32)  # line hiss
    soundfile.write(path, noise, SAMPLE_RATE)
    engine = FakeEngine()
    transcript = transcribe_audio(decode_channels(path), engine, TranscribeOptions())
    assert (engine.calls, transcript.segments, transcript.language) == (0, [], None)


@pytest.mark.parametrize(("content", "reason"), [(b"", "empty file"), (b"RIFF\x00\x00junk" * 20, "not decodable")])
def test_bad_files_raise_with_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(AudioError, match=reason):
        decode_channels(path)


def test_every_english_sentence_has_a_small_committed_clip() -> None:
    clips = sorted(VOICES_DIR.glob("en_*.wav"))
    assert {c.stem.removeprefix("en_") for c in clips} == set(EN_SENTENCES)
    assert sum(c.stat().st_size for c in clips) < 2_000_000
    assert all(soundfile.info(c).samplerate == SAMPLE_RATE and soundfile.info(c).channels == 1 for c in clips)
    assert len(english_sentences()) == len(EN_SENTENCES)
    with pytest.raises(ValueError, match="no English clip"):
        write_demo_call(Path("/nonexistent/x.wav"), [DemoTurn("agent", "en", "Not a committed sentence.")])
