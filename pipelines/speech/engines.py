"""The two Whisper engines behind one small interface: detect the call language, transcribe a speech region."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

import numpy as np

from pipelines.demo.audio import VOICES_DIR
from pipelines.speech.models import ct2_model_dir, openai_whisper_checkpoint
from pipelines.speech.options import Segment, TranscribeOptions, Word

# A committed clip a fresh conversion must transcribe correctly before it is trusted (see verify_checkpoint).
VERIFY_CLIP = VOICES_DIR / "en_refund.wav"
VERIFY_WORDS = ("refund", "card")
logger = logging.getLogger(__name__)


class Engine(Protocol):
    def detect_language(self, audio: np.ndarray) -> tuple[str, float]: ...

    def transcribe(self, audio: np.ndarray, language: str, channel: int, offset: float) -> list[Segment]: ...


def _best_allowed(probabilities: dict[str, float], allowed: tuple[str, ...]) -> tuple[str, float]:
    language = max(allowed, key=lambda code: probabilities.get(code, 0.0))
    return language, float(probabilities.get(language, 0.0))


def resolve_device(requested: str) -> str:
    """``cuda`` when asked for (or ``auto``) and CTranslate2 finds a CUDA device, else ``cpu``: a machine without
    a GPU, or without CUDA libraries, transcribes on the CPU instead of failing (``cuda`` asked for: a warning)."""
    if requested == "cpu":
        return "cpu"
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        return "cuda"
    if requested == "cuda":
        logger.warning("KOE_WHISPER_DEVICE=cuda, but CTranslate2 finds no CUDA device: transcribing on the CPU")
    return "cpu"


class FasterWhisperEngine:
    """faster-whisper (CTranslate2) on a GPU when the machine has one, else on the CPU; one model per compute type.

    The device is the worker machine's (``KOE_WHISPER_DEVICE``, ``KOE_WHISPER_GPU_COMPUTE_TYPE``), not a run option:
    it is not part of the transcription key, so stage and merge on a CPU writer and compute on a GPU worker agree.
    """

    def __init__(self, options: TranscribeOptions, cache: Path) -> None:
        from warehouse.settings import load_settings

        settings = load_settings()
        self.options = options
        self.model_dir = ct2_model_dir(options.model, cache)
        self.device = resolve_device(settings.whisper_device)
        self.gpu_compute_type = settings.whisper_gpu_compute_type
        self.cpu_threads = options.cpu_threads or settings.whisper_cpu_threads
        self._models: dict[str, object] = {}

    def _model(self, compute_type: str):  # noqa: ANN202 (faster_whisper.WhisperModel)
        if compute_type not in self._models:
            from faster_whisper import WhisperModel

            self._models[compute_type] = WhisperModel(
                str(self.model_dir), device=self.device, cpu_threads=self.cpu_threads,
                compute_type=self.gpu_compute_type if self.device == "cuda" else compute_type,
            )
        return self._models[compute_type]

    def detect_language(self, audio: np.ndarray) -> tuple[str, float]:
        model = self._model(self.options.compute_type(self.options.languages[0]))
        _, _, all_probabilities = model.detect_language(audio)
        return _best_allowed(dict(all_probabilities), self.options.languages)

    def transcribe(self, audio: np.ndarray, language: str, channel: int, offset: float) -> list[Segment]:
        import ctranslate2

        model = self._model(self.options.compute_type(language))
        prompt = self.options.prompt(language)
        ctranslate2.set_random_seed(self.options.seed)  # temperature fallback samples: same audio, same words
        segments, _ = model.transcribe(
            audio, language=language, beam_size=self.options.beam_size, condition_on_previous_text=False,
            word_timestamps=self.options.word_timestamps, initial_prompt=prompt,
        )
        return [
            Segment(channel, offset + s.start, offset + s.end, s.text.strip(), s.avg_logprob, s.no_speech_prob,
                    s.compression_ratio, tuple(Word(w.word, offset + w.start, offset + w.end) for w in s.words or ()))
            for s in list(segments)
        ]


class OpenAIWhisperEngine:
    """openai-whisper (PyTorch), the reference; weights converted from the packaged CTranslate2 model."""

    def __init__(self, options: TranscribeOptions, cache: Path) -> None:
        import whisper

        self.options = options
        checkpoint, converted = openai_whisper_checkpoint(options.model, cache)
        self.model = whisper.load_model(checkpoint, device="cpu")
        if converted:
            verify_checkpoint(self, Path(checkpoint))

    def detect_language(self, audio: np.ndarray) -> tuple[str, float]:
        import whisper

        mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(audio), self.model.dims.n_mels)
        _, probabilities = self.model.detect_language(mel)
        return _best_allowed(probabilities, self.options.languages)

    def transcribe(self, audio: np.ndarray, language: str, channel: int, offset: float) -> list[Segment]:
        import torch

        torch.manual_seed(self.options.seed)  # temperature fallback samples: same audio, same words
        result = self.model.transcribe(
            audio, language=language, beam_size=self.options.beam_size, best_of=5, fp16=False,
            condition_on_previous_text=False, verbose=None, word_timestamps=self.options.word_timestamps,
            initial_prompt=self.options.prompt(language),
        )
        return [
            Segment(channel, offset + s["start"], offset + s["end"], s["text"].strip(), s["avg_logprob"],
                    s["no_speech_prob"], s["compression_ratio"],
                    tuple(Word(w["word"], offset + w["start"], offset + w["end"]) for w in s.get("words") or ()))
            for s in result["segments"]
        ]


def verify_checkpoint(engine: OpenAIWhisperEngine, checkpoint: Path) -> None:
    """Transcribe a known clip with a fresh conversion; delete the checkpoint and fail if the words are wrong."""
    import soundfile

    audio, _ = soundfile.read(VERIFY_CLIP, dtype="float32")
    text = " ".join(s.text for s in engine.transcribe(audio, "en", channel=0, offset=0.0)).lower()
    if not all(word in text for word in VERIFY_WORDS):
        checkpoint.unlink(missing_ok=True)
        raise RuntimeError(f"converted checkpoint failed verification: heard {text!r}")


def load_engine(options: TranscribeOptions, cache: Path) -> Engine:
    """The engine named in ``options`` with its weights resolved offline."""
    if options.engine == "openai-whisper":
        return OpenAIWhisperEngine(options, cache)
    return FasterWhisperEngine(options, cache)
