"""Koe's transcription path against the raw engine call (issue 18): speech packed into ≤ 30 s windows, the
interaction's known language used instead of detecting it, and the sampler seeded (no Whisper model here)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from pipelines.demo.audio import DemoTurn, write_demo_call
from pipelines.speech.audio import SAMPLE_RATE, decode_channels
from pipelines.speech.options import Segment, TranscribeOptions
from pipelines.speech.transcriber import RecordingTranscript, pack_windows, transcribe_audio, with_context
from pipelines.speech.vad import SpeechRegion
from tests.unit.speech.fakes import FakeEngine

TURNS = [DemoTurn("agent", "en", "greeting"), DemoTurn("customer", "en", "order_late"),
         DemoTurn("agent", "en", "ask_order"), DemoTurn("customer", "en", "order_number"),
         DemoTurn("agent", "en", "thanks_wait")]


def _seconds(windows: list[SpeechRegion]) -> list[tuple[float, float]]:
    return [(w.start_sample / SAMPLE_RATE, w.end_sample / SAMPLE_RATE) for w in windows]


def _regions(*spans: tuple[float, float]) -> list[SpeechRegion]:
    return [SpeechRegion(int(a * SAMPLE_RATE), int(b * SAMPLE_RATE)) for a, b in spans]


def test_regions_are_packed_into_windows_of_at_most_30_seconds() -> None:
    regions = _regions((0, 5), (10, 20), (28, 35), (40, 80), (81, 83))
    assert _seconds(pack_windows(regions, 30)) == [(0, 20), (28, 35), (40, 80), (81, 83)]
    assert _seconds(pack_windows(regions, 0)) == _seconds(regions)
    assert pack_windows([], 30) == []


def test_windows_carry_the_audio_around_their_speech_up_to_30_seconds() -> None:
    """A short clip goes to Whisper whole, as the raw engine sends it; neighbours never overlap; a silence longer
    than a window is still not sent."""
    clip = _regions((0.3, 11.9))
    assert _seconds(with_context(pack_windows(clip, 30), 12 * SAMPLE_RATE, 30)) == [(0, 12)]
    regions = pack_windows(_regions((0, 5), (10, 20), (28, 35), (40, 80), (81, 83)), 30)
    assert _seconds(with_context(regions, 100 * SAMPLE_RATE, 30)) == [(0, 28), (28, 40), (40, 80), (80, 100)]
    apart = pack_windows(_regions((0, 5), (70, 75)), 30)
    assert _seconds(with_context(apart, 200 * SAMPLE_RATE, 30)) == [(0, 30), (45, 75)]


@pytest.fixture(scope="module")
def call(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("windows") / "call.wav"
    write_demo_call(path, TURNS, agent_channel=0)
    return path


def test_one_whisper_call_per_channel_window_instead_of_per_turn(call: Path) -> None:
    audio = decode_channels(call)
    packed, per_region = FakeEngine(), FakeEngine()
    transcribe_audio(audio, packed, TranscribeOptions())
    transcribe_audio(audio, per_region, TranscribeOptions(window_seconds=0))
    assert (packed.calls, per_region.calls) == (2, 5)  # a < 30 s call: one window per channel


def test_known_language_is_used_instead_of_detecting(call: Path) -> None:
    audio = decode_channels(call)
    known, unknown, unsupported = FakeEngine(), FakeEngine(), FakeEngine()
    given = transcribe_audio(audio, known, TranscribeOptions(), language="ja")
    detected = transcribe_audio(audio, unknown, TranscribeOptions())
    transcribe_audio(audio, unsupported, TranscribeOptions(), language="zh")  # not in options.languages
    assert (known.detections, given.language, given.language_probability) == (0, "ja", None)
    assert (unknown.detections, detected.language) == (1, "en")
    assert unsupported.detections == 1


def test_decoding_settings_are_part_of_the_idempotency_key() -> None:
    base = TranscribeOptions()
    changed = [TranscribeOptions(prompts=(("ja", "Koeサポートセンター"),)), TranscribeOptions(window_seconds=0),
               TranscribeOptions(seed=1), TranscribeOptions(window_context=False)]
    assert len({base.options_hash("ja"), *(o.options_hash("ja") for o in changed)}) == 5
    assert changed[0].prompt("ja") == "Koeサポートセンター" and changed[0].prompt("en") is None


def test_a_window_segment_spanning_two_turns_is_cut_back_into_one_segment_per_region() -> None:
    """Whisper may answer a packed window with one segment; the turns it holds must stay apart in time order."""
    from pipelines.speech.options import Segment, Word
    from pipelines.speech.transcriber import split_at_regions
    from pipelines.speech.vad import SpeechRegion

    rate = 16_000
    regions = [SpeechRegion(7 * rate, 9 * rate), SpeechRegion(14 * rate, 17 * rate)]
    words = (Word("アクリに", 7.1, 7.8), Word("ログインできません。", 7.8, 8.9),
             Word("山田花子です。", 14.2, 15.0), Word("生年月日は", 15.0, 15.6))
    segment = Segment(channel=1, start=7.0, end=16.0, text="".join(w.word for w in words), words=words)
    pieces = split_at_regions([segment], regions)
    assert [(p.text, p.start, p.end) for p in pieces] == [
        ("アクリにログインできません。", 7.1, 8.9), ("山田花子です。生年月日は", 14.2, 15.6)]
    assert split_at_regions([Segment(channel=0, start=1.0, end=2.0, text="no words")], regions)[0].text == "no words"


class _OneSegmentEngine(FakeEngine):
    """Hears a whole window as one segment (as Whisper may), from its first speech to its last."""

    def transcribe(self, audio: np.ndarray, language: str, channel: int, offset: float) -> list[Segment]:
        heard = super().transcribe(audio, language, channel, offset)
        return [replace(heard[0], end=heard[-1].end, text=" ".join(s.text for s in heard))]


def test_words_are_timed_only_for_the_windows_that_need_them(call: Path) -> None:
    """Decoded without word times; a window's words are aligned when the redaction asks for one of its segments
    (the served audio silences them), and only then — asked again until it names no segment without words."""
    audio, engine, asked = decode_channels(call), FakeEngine(), []
    plain = transcribe_audio(audio, engine, TranscribeOptions())
    assert engine.alignments == [] and not any(s.words for s in plain.segments)

    def customer_first(transcript: RecordingTranscript) -> list[int]:
        asked.append(len(transcript.segments))
        return [next(i for i, s in enumerate(transcript.segments) if s.channel == 1)]

    timed = transcribe_audio(audio, engine, TranscribeOptions(), words_wanted=customer_first)
    assert [channel for channel, _ in engine.alignments] == [1] and asked == [5, 5]
    assert {s.channel for s in timed.segments if s.words} == {1}
    assert [s.text for s in timed.segments] == [s.text.replace("words 1", "words 3").replace("words 2", "words 4")
                                                for s in plain.segments]


def test_a_segment_over_two_speech_regions_gets_its_words_and_is_cut(call: Path) -> None:
    engine = _OneSegmentEngine()
    transcript = transcribe_audio(decode_channels(call), engine, TranscribeOptions())
    assert sorted(channel for channel, _ in engine.alignments) == [0, 1]  # both windows hold two turns or more
    assert [s.channel for s in transcript.segments] == [0, 1, 0, 1, 0]  # one segment per turn again
    assert all(s.words for s in transcript.segments)


class _EarlyStartEngine(FakeEngine):
    """Starts a window's first segment at the window's start, in the silence before the speech (Whisper's first
    timestamp token often says 0.00)."""

    def transcribe(self, audio: np.ndarray, language: str, channel: int, offset: float) -> list[Segment]:
        heard = super().transcribe(audio, language, channel, offset)
        return [replace(heard[0], start=offset), *heard[1:]]


def test_a_segment_without_word_times_starts_where_its_speech_starts(call: Path) -> None:
    """Otherwise the customer's first answer, whose window begins at the start of the call, would come before the
    agent's greeting."""
    transcript = transcribe_audio(decode_channels(call), _EarlyStartEngine(), TranscribeOptions())
    assert [s.channel for s in transcript.segments] == [0, 1, 0, 1, 0]
    assert transcript.segments[1].start > transcript.segments[0].end
