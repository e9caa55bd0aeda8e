"""Real Whisper (packaged base weights, offline) on short synthesized clips; a few on the shared real clips."""

from __future__ import annotations

import copy
import time
from dataclasses import replace
from pathlib import Path

import dagster as dg
import numpy as np
import pytest
import soundfile
from whisper.normalizers import EnglishTextNormalizer

from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.defs.transcription import call_transcripts, conversation_metrics
from pipelines.demo.audio import VOICES_DIR, DemoTurn, write_demo_call
from pipelines.speech.engines import load_engine
from pipelines.speech.options import TranscribeOptions
from pipelines.speech.transcriber import file_report

pytestmark = [pytest.mark.e2e, pytest.mark.whisper]
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "speech_wer_samples" / "audio"
FASTER, OPENAI = TranscribeOptions(), TranscribeOptions(engine="openai-whisper")
# openai-whisper runs float32: the engines are compared at the same precision (Koe ships English int8, checked below)
FASTER_FP32 = TranscribeOptions(compute_types=(("ja", "float32"), ("en", "float32")))
JA_CALL = [DemoTurn("agent", "ja", "お電話ありがとうございます。"), DemoTurn("customer", "ja", "注文した商品が届きません。"),
           DemoTurn("agent", "ja", "大変申し訳ございません。")]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def engines(cache: Path) -> dict:
    """Both engines on the packaged base weights (openai-whisper's converted and verified in ``cache``)."""
    return {"faster": load_engine(FASTER, cache), "faster_fp32": load_engine(FASTER_FP32, cache),
            "openai": load_engine(OPENAI, cache)}


def _words(report: dict) -> str:
    return EnglishTextNormalizer()(" ".join(s["text"] for s in report["segments"]))


def test_both_engines_give_the_same_words_on_an_english_clip(engines: dict, tmp_path: Path) -> None:
    clip = tmp_path / "en.wav"
    audio = np.concatenate([soundfile.read(VOICES_DIR / f"en_{k}.wav", dtype="float32")[0] for k in ("hold", "refund")])
    soundfile.write(clip, audio, 16000)
    faster = file_report(clip, engines["faster_fp32"], FASTER_FP32)
    reference = file_report(clip, engines["openai"], OPENAI)
    assert faster["language"] == reference["language"] == "en"
    assert "refund to your card" in _words(faster) and "moment" in _words(faster)
    assert _words(faster) == _words(reference)


@pytest.mark.skipif(not (SAMPLES / "fw_jfk.flac").exists(), reason="shared speech samples not present")
def test_jfk_same_words_on_both_engines(engines: dict) -> None:
    reports = {e: file_report(SAMPLES / "fw_jfk.flac", engines[e], o)
               for e, o in (("faster_fp32", FASTER_FP32), ("openai", OPENAI), ("faster", FASTER))}
    assert _words(reports["faster_fp32"]) == _words(reports["openai"])
    assert "ask not what your country can do for you" in _words(reports["openai"])
    # the shipped English int8 says the same words on each channel (it may cut them into other segments)
    assert _channel_words(reports["faster"]) == _channel_words(reports["faster_fp32"])


def _channel_words(report: dict) -> dict[int, str]:
    channels = sorted({s["channel"] for s in report["segments"]})
    return {c: EnglishTextNormalizer()(" ".join(s["text"] for s in report["segments"] if s["channel"] == c))
            for c in channels}


def test_japanese_stereo_call_comes_back_as_agent_and_customer(engines: dict, tmp_path: Path) -> None:
    write_demo_call(tmp_path / "ja.wav", JA_CALL, agent_channel=1)
    report = file_report(tmp_path / "ja.wav", engines["faster"], FASTER, agent_channel=1)
    assert report["language"] == "ja"
    assert [t["role"] for t in report["turns"]] == ["agent", "customer", "agent"]
    assert "ありがとうございます" in report["turns"][0]["text"]
    assert "申し訳" in report["turns"][2]["text"]
    assert all(t["start_seconds"] < t["end_seconds"] for t in report["turns"])


@pytest.mark.skipif(not (SAMPLES / "fw_stereo_diarization.wav").exists(), reason="shared speech samples not present")
def test_real_stereo_clip_gives_two_speakers(engines: dict) -> None:
    report = file_report(SAMPLES / "fw_stereo_diarization.wav", engines["faster"], FASTER, agent_channel=0)
    by_role = {t["role"]: EnglishTextNormalizer()(t["text"]) for t in report["turns"]}
    assert "wizard" in by_role["agent"] and "horizon" in by_role["customer"]


@pytest.mark.parametrize("vad", [True, False])
def test_silence_yields_no_text(engines: dict, tmp_path: Path, vad: bool) -> None:
    hiss = np.random.default_rng(1).normal(0, 3e-3, (16000 * 8, 2)).astype(np.float32)
    soundfile.write(tmp_path / "silence.wav", hiss, 16000)
    options = TranscribeOptions(vad=vad)
    report = file_report(tmp_path / "silence.wav", engines["faster"], options)
    assert report["turns"] == []  # with the gate off, the hallucination filter must still catch what Whisper invents


def test_second_run_transcribes_nothing_and_is_fast(tmp_path: Path) -> None:
    from tests.unit.speech.fakes import add_call

    db = tmp_path / "w.duckdb"
    write_demo_call(tmp_path / "call.wav", JA_CALL[:2])
    add_call(db, "c1", tmp_path / "call.wav")
    resources = {"warehouse": WarehouseResource(path=str(db)), "koe_settings": SettingsResource()}
    first = dg.materialize([call_transcripts, conversation_metrics], resources=resources)
    started = time.perf_counter()
    second = dg.materialize([call_transcripts, conversation_metrics], resources=resources)
    elapsed = time.perf_counter() - started
    counts = [r.asset_materializations_for_node("call_transcripts")[0].metadata["transcribed_count"].value
              for r in (first, second)]
    assert counts == [1, 0]
    assert elapsed < 10


def test_same_audio_gives_the_same_segments(engines: dict, tmp_path: Path) -> None:
    """Same audio, options and weights → the same segments, even on a noisy line where Whisper falls back to
    sampling, and with another call transcribed in between (the sampler is seeded per call)."""
    write_demo_call(tmp_path / "call.wav", JA_CALL, agent_channel=0)
    audio, rate = soundfile.read(tmp_path / "call.wav", dtype="float32")
    noisy = audio + np.random.default_rng(7).normal(0, 0.02, audio.shape).astype(np.float32)
    soundfile.write(tmp_path / "noisy.wav", np.clip(noisy, -1, 1), rate)
    first = file_report(tmp_path / "noisy.wav", engines["faster"], FASTER, language="ja")
    file_report(tmp_path / "call.wav", engines["faster"], FASTER, language="ja")
    second = file_report(tmp_path / "noisy.wav", engines["faster"], FASTER, language="ja")
    assert first["segments"] and first["segments"] == second["segments"]
    assert first["turns"] == second["turns"]


@pytest.mark.parametrize("name", ["faster", "openai"])
def test_words_aligned_afterwards_are_the_engines_own_word_timestamps(engines: dict, name: str) -> None:
    """Koe decodes without word times and aligns them afterwards where needed (``Engine.add_words``): on a window
    decoded in one 30 s pass that gives what the engine's ``word_timestamps=True`` gives — the same words, word
    times and segment bounds — so the served audio is silenced exactly where it was."""
    audio = np.concatenate([soundfile.read(VOICES_DIR / f"en_{k}.wav", dtype="float32")[0] for k in ("hold", "refund")])
    engine = copy.copy(engines[name])
    engine.options = replace(engine.options, word_timestamps="all")
    decoding = engine.transcribe(audio, "en", channel=0, offset=3.0)
    engine.options = replace(engine.options, word_timestamps="needed")
    plain = engine.transcribe(audio, "en", channel=0, offset=3.0)
    assert plain and not any(s.words for s in plain)
    aligned = engine.add_words(audio, "en", plain, offset=3.0)
    assert [s.words for s in aligned] == [s.words for s in decoding] and all(s.words for s in aligned)
    assert [(s.start, s.end, s.text) for s in aligned] == [(s.start, s.end, s.text) for s in decoding]
