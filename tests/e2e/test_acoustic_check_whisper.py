"""Keyword verification by acoustic rescoring on real Whisper (packaged base weights) and short synthesized speech:
the phrase the audio says is accepted over a misheard text, a near-miss the speaker did not say is rejected."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile

from pipelines.speech.audio import resample_mono
from pipelines.speech.engines import Engine, load_engine
from pipelines.speech.options import Segment, TranscribeOptions
from transforms.acoustic_check import accepted

pytestmark = [pytest.mark.e2e, pytest.mark.whisper]


@pytest.fixture(scope="module", params=["faster-whisper", "openai-whisper"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Both engines (faster-whisper: CTranslate2 align; openai-whisper: decoder logits), packaged base weights."""
    return load_engine(TranscribeOptions(engine=request.param), tmp_path_factory.mktemp("cache"))


def _japanese(text: str) -> np.ndarray:
    import pyopenjtalk

    wave, rate = pyopenjtalk.tts(text)
    return resample_mono((wave / 32768.0).astype(np.float32), rate)


def _english(text: str, tmp_path: Path) -> np.ndarray:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("espeak-ng is not installed")
    out = tmp_path / "en.wav"
    subprocess.run([espeak, "-v", "en-us", "-s", "150", "-w", str(out), text], check=True)
    audio, rate = soundfile.read(out, dtype="float32")
    return resample_mono(audio, rate)


def _delta(engine: Engine, audio: np.ndarray, language: str, written: str, rewritten: str) -> float:
    """Δ log-likelihood of ``rewritten`` over ``written`` as the one segment of a window on ``audio``."""
    segment = Segment(0, 0.0, len(audio) / 16000, written)
    return engine.rescore(audio, language, [segment], [(0, rewritten)])[0]


def test_the_phrase_said_is_accepted_over_what_whisper_misheard(engine: Engine) -> None:
    audio = _japanese("差し支えなければ、お名前をお願いいたします。")
    delta = _delta(engine, audio, "ja", "さっき使えなければ、お名前をお願いいたします。", "差し支えなければ、お名前をお願いいたします。")
    assert accepted(delta)  # Δ +0.104 on both engines (13:30 UTC run): the two implementations agree


def test_a_near_miss_that_was_not_said_is_rejected(engine: Engine) -> None:
    audio = _japanese("お待たせしました。")  # the rubric wants お待たせいたしました
    assert not accepted(_delta(engine, audio, "ja", "お待たせしました。", "お待たせいたしました。"))


def test_english_name_and_near_miss(engine: Engine, tmp_path: Path) -> None:
    name = _english("Hi, I'm Daniel. How can I help?", tmp_path)
    assert accepted(_delta(engine, name, "en", "Hi, or Immanuel. How can I help?", "Hi, I'm Daniel. How can I help?"))
    holding = _english("Thank you for holding.", tmp_path)
    assert not accepted(_delta(engine, holding, "en", "Thank you for holding.", "Thank you for calling."))
