"""The GPU path: faster-whisper runs on a CUDA device when the machine has one, and a machine without one (this
test's) transcribes on the CPU instead of failing, whatever ``KOE_WHISPER_DEVICE`` asks for."""

import logging
from pathlib import Path

import ctranslate2
import pytest

from pipelines.speech.audio import decode_channels
from pipelines.speech.engines import VERIFY_CLIP, VERIFY_WORDS, load_engine, resolve_device
from pipelines.speech.options import TranscribeOptions

pytestmark = pytest.mark.skipif(ctranslate2.get_cuda_device_count() > 0, reason="this machine has a CUDA device")


@pytest.mark.parametrize("asked", ["auto", "cuda", "cpu"])
def test_without_a_cuda_device_every_setting_means_the_cpu(asked: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="pipelines.speech.engines"):
        assert resolve_device(asked) == "cpu"
    assert ("no CUDA device" in caplog.text) == (asked == "cuda")  # a GPU asked for explicitly: said so


def test_an_engine_asked_for_cuda_without_a_device_transcribes_on_the_cpu(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOE_WHISPER_DEVICE", "cuda")
    monkeypatch.setenv("KOE_WHISPER_GPU_COMPUTE_TYPE", "float16")  # a type the CPU cannot run: must not be used
    engine = load_engine(TranscribeOptions(cpu_threads=1), tmp_path)
    text = " ".join(s.text for s in engine.transcribe(decode_channels(VERIFY_CLIP).mono(), "en", 0, 0.0)).lower()
    assert engine.device == "cpu"  # type: ignore[attr-defined]
    assert all(word in text for word in VERIFY_WORDS), text


@pytest.mark.parametrize(("setting", "option", "threads"), [("1", None, 1), ("3", None, 3), ("1", 2, 2)])
def test_cpu_threads_are_the_machines_unless_the_options_say(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, option: int | None, threads: int) -> None:
    """A worker that runs one process per core sets KOE_WHISPER_CPU_THREADS=1 (docs/scaling.md); a benchmark's
    explicit options win. The thread count is not part of the transcription key."""
    monkeypatch.setenv("KOE_WHISPER_CPU_THREADS", setting)
    engine = load_engine(TranscribeOptions(cpu_threads=option), tmp_path)
    assert engine.cpu_threads == threads  # type: ignore[attr-defined]
    assert TranscribeOptions(cpu_threads=option).options_hash("ja") == TranscribeOptions().options_hash("ja")
