"""The two Whisper engines behind one small interface: detect the call language, transcribe a window of speech,
time the words of segments it returned."""

from __future__ import annotations

import hashlib
import inspect
import logging
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from itertools import groupby
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from pipelines.demo.audio import VOICES_DIR
from pipelines.speech.models import ct2_model_dir, openai_whisper_checkpoint
from pipelines.speech.options import Segment, TranscribeOptions, Word

# A committed clip a fresh conversion must transcribe correctly before it is trusted (see verify_checkpoint).
VERIFY_CLIP = VOICES_DIR / "en_refund.wav"
VERIFY_WORDS = ("refund", "card")
logger = logging.getLogger(__name__)
# Encoder outputs kept from decoding for a later word alignment (3 MB each for base; a 5-minute stereo call has about
# 20 windows): a recording's windows are aligned after all of them are decoded; an output no longer kept is
# computed again from the same mel frames (the same values, one encoder pass more).
KEPT_ENCODINGS = 32
# A segment of a transcribe call (its position in the call's segments) and a rewritten text for it (Engine.rescore).
Change = tuple[int, str]


class Engine(Protocol):
    def detect_language(self, audio: np.ndarray) -> tuple[str, float]: ...

    def transcribe(self, audio: np.ndarray, language: str, channel: int, offset: float) -> list[Segment]: ...

    def add_words(self, audio: np.ndarray, language: str, segments: list[Segment], offset: float) -> list[Segment]:
        """``segments`` (all of one ``transcribe`` call on ``audio``, in order) with their words timed, and their
        start/end moved to their words as the engine's own word timestamps move them."""
        ...

    def rescore(self, audio: np.ndarray, language: str, segments: list[Segment], changes: list[Change]) -> list[float]:
        """Δ log-likelihood of each segment rewritten (``changes``) against the segment as decoded, on ``audio``."""
        ...


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
        self._encodings: OrderedDict[str, object] = OrderedDict()  # mel frames' digest -> encoder output

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
        with self._keeping_encodings(model):
            segments, _ = model.transcribe(
                audio, language=language, beam_size=self.options.beam_size, patience=self.options.patience,
                temperature=list(self.options.temperatures), log_prob_threshold=self.options.log_prob_threshold,
                condition_on_previous_text=False, word_timestamps=self.options.word_timestamps == "all",
                initial_prompt=prompt,
            )
            segments = list(segments)  # the generator decodes (and encodes) as it is consumed
        return [
            Segment(channel, offset + s.start, offset + s.end, s.text.strip(), s.avg_logprob, s.no_speech_prob,
                    s.compression_ratio, tuple(Word(w.word, offset + w.start, offset + w.end) for w in s.words or ()),
                    tuple(s.tokens), s.seek)
            for s in segments
        ]

    @contextmanager
    def _keeping_encodings(self, model: object) -> Iterator[None]:
        """While ``model`` decodes in Koe's words-where-needed mode, keep what its encoder computes per 30 s pass,
        so aligning words later costs the alignment alone, as with the engine's own word timestamps."""
        if self.options.word_timestamps != "needed":
            yield
            return
        encode: Callable = model.encode  # type: ignore[attr-defined]

        def keeping(features: np.ndarray) -> object:
            output = encode(features)
            self._encodings[_digest(features)] = output
            while len(self._encodings) > KEPT_ENCODINGS:
                self._encodings.popitem(last=False)
            return output

        model.encode = keeping  # type: ignore[attr-defined]
        try:
            yield
        finally:
            del model.encode  # type: ignore[attr-defined]  # the class's method again

    def add_words(self, audio: np.ndarray, language: str, segments: list[Segment], offset: float) -> list[Segment]:
        """What ``transcribe(word_timestamps=True)`` does after decoding each 30 s pass, done afterwards: the
        segments' tokens aligned to the pass's encoder output (kept from decoding, else computed again from the
        same mel frames) with CTranslate2 ``align``, through faster-whisper's ``add_word_timestamps``."""
        from faster_whisper import WhisperModel
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.tokenizer import Tokenizer

        model = self._model(self.options.compute_type(language))
        tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language)
        punctuation = inspect.signature(WhisperModel.transcribe).parameters
        features = model.feature_extractor(audio)
        content_frames = features.shape[-1] - 1
        timed: list[Segment] = []
        last_speech = 0.0
        for seek, group in groupby(segments, key=lambda s: s.seek):
            frames = min(model.feature_extractor.nb_max_frames, content_frames - seek)
            mel = pad_or_trim(features[:, seek : seek + frames])
            encoded = self._encodings.get(_digest(mel))  # kept: two channels with the same audio share it
            if encoded is None:
                encoded = model.encode(mel)
            found = [_engine_segment(s, offset) for s in group]
            model.add_word_timestamps(
                [found], tokenizer, encoded, frames, punctuation["prepend_punctuations"].default,
                punctuation["append_punctuations"].default, last_speech_timestamp=last_speech,
            )
            last_speech = _last_word_end(found, last_speech)
            timed += _with_words(segments[len(timed) : len(timed) + len(found)], found, offset)
        return timed

    def rescore(self, audio: np.ndarray, language: str, segments: list[Segment], changes: list[Change]) -> list[float]:
        """For each change (a segment's position in ``segments``, its text rewritten), how much more likely the model
        finds the rewritten text on the same audio than the segment as decoded (Δ log-likelihood, natural log).

        ``segments`` are all of one ``transcribe`` call on ``audio``. Both versions of the segment's 30 s pass are
        teacher-forced on the pass's encoder output (kept from decoding, else computed again) behind the same start
        tokens (the initial prompt on the window's first pass, as decoding had it) with CTranslate2 ``align``, whose
        ``text_token_probs`` are each text token's probability given the audio and the tokens before it; the other
        segments of the pass keep Whisper's own tokens, the changed one is tokenized from its text in both versions.
        """
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.tokenizer import Tokenizer

        model = self._model(self.options.compute_type(language))
        tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language)
        features = model.feature_extractor(audio)
        content_frames = features.shape[-1] - 1
        prompt = self.options.prompt(language)
        deltas: list[float] = []
        own_scores: dict[int, float] = {}  # a segment with several candidates is scored as written once
        for index, text in changes:
            seek = segments[index].seek
            frames = min(model.feature_extractor.nb_max_frames, content_frames - seek)
            mel = pad_or_trim(features[:, seek : seek + frames])
            encoded = self._encodings.get(_digest(mel))
            if encoded is None:
                encoded = model.encode(mel)
            start = model.get_prompt(tokenizer, tokenizer.encode(" " + prompt.strip()) if prompt and seek == 0 else [])
            own, rewritten = _pass_tokens(segments, index, text, tokenizer)
            if index not in own_scores:
                own_scores[index] = _summed_log(model.model.align(encoded, start, [own], frames)[0].text_token_probs)
            deltas.append(_summed_log(model.model.align(encoded, start, [rewritten], frames)[0].text_token_probs)
                          - own_scores[index])
        return deltas


def _summed_log(probabilities: list[float]) -> float:
    return float(np.log(np.maximum(probabilities, 1e-30)).sum())


def _pass_tokens(segments: list[Segment], index: int, text: str, tokenizer: Any) -> tuple[list[int], list[int]]:
    """The text tokens of the 30 s pass that decoded ``segments[index]``, that segment tokenized from its own text
    and from ``text`` (both led by the space Whisper wrote before the segment, if any)."""
    before: list[int] = []
    after: list[int] = []
    for position, segment in enumerate(segments):
        if segment.seek == segments[index].seek and position != index:
            (before if position < index else after).extend(t for t in segment.tokens if t < tokenizer.eot)
    written = tokenizer.decode([t for t in segments[index].tokens if t < tokenizer.eot])
    lead = written[: len(written) - len(written.lstrip())]
    own, new = tokenizer.encode(lead + segments[index].text), tokenizer.encode(lead + text)
    return before + own + after, before + new + after


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
            audio, language=language, beam_size=self.options.beam_size, patience=self.options.patience, best_of=5,
            temperature=self.options.temperatures, logprob_threshold=self.options.log_prob_threshold, fp16=False,
            condition_on_previous_text=False, verbose=None, word_timestamps=self.options.word_timestamps == "all",
            initial_prompt=self.options.prompt(language),
        )
        return [
            Segment(channel, offset + s["start"], offset + s["end"], s["text"].strip(), s["avg_logprob"],
                    s["no_speech_prob"], s["compression_ratio"],
                    tuple(Word(w["word"], offset + w["start"], offset + w["end"]) for w in s.get("words") or ()),
                    tuple(s["tokens"]), s["seek"])
            for s in result["segments"]
        ]

    def add_words(self, audio: np.ndarray, language: str, segments: list[Segment], offset: float) -> list[Segment]:
        """What ``transcribe(word_timestamps=True)`` does after decoding each 30 s pass, done afterwards
        (``whisper.timing.add_word_timestamps`` on the pass's mel frames)."""
        import torch
        import whisper
        from whisper.audio import N_FRAMES, N_SAMPLES
        from whisper.timing import add_word_timestamps

        tokenizer = whisper.tokenizer.get_tokenizer(
            self.model.is_multilingual, num_languages=self.model.num_languages, language=language, task="transcribe")
        mel = whisper.log_mel_spectrogram(audio, self.model.dims.n_mels, padding=N_SAMPLES)
        content_frames = mel.shape[-1] - N_FRAMES
        timed: list[Segment] = []
        last_speech = 0.0
        for seek, group in groupby(segments, key=lambda s: s.seek):
            frames = min(N_FRAMES, content_frames - seek)
            found = [_engine_segment(s, offset) for s in group]
            with torch.no_grad():
                add_word_timestamps(segments=found, model=self.model, tokenizer=tokenizer,
                                    mel=whisper.pad_or_trim(mel[:, seek : seek + frames], N_FRAMES),
                                    num_frames=frames, last_speech_timestamp=last_speech)
            last_speech = _last_word_end(found, last_speech)
            timed += _with_words(segments[len(timed) : len(timed) + len(found)], found, offset)
        return timed

    def rescore(self, audio: np.ndarray, language: str, segments: list[Segment], changes: list[Change]) -> list[float]:
        """As ``FasterWhisperEngine.rescore``: both versions of the segment's 30 s pass teacher-forced through the
        decoder (``model.decoder(tokens, audio_features)``) behind the same start tokens (the initial prompt on
        the window's first pass), each text token's log-probability over the text vocabulary summed."""
        import torch
        import whisper
        from whisper.audio import N_FRAMES, N_SAMPLES

        tokenizer = whisper.tokenizer.get_tokenizer(
            self.model.is_multilingual, num_languages=self.model.num_languages, language=language, task="transcribe")
        mel = whisper.log_mel_spectrogram(audio, self.model.dims.n_mels, padding=N_SAMPLES)
        content_frames = mel.shape[-1] - N_FRAMES
        prompt = self.options.prompt(language)
        encoded: dict[int, torch.Tensor] = {}
        deltas: list[float] = []
        with torch.no_grad():
            for index, text in changes:
                seek = segments[index].seek
                if seek not in encoded:
                    frames = min(N_FRAMES, content_frames - seek)
                    window = whisper.pad_or_trim(mel[:, seek : seek + frames], N_FRAMES)
                    encoded[seek] = self.model.embed_audio(window.unsqueeze(0))
                previous = tokenizer.encode(" " + prompt.strip()) if prompt and seek == 0 else []
                start = ([tokenizer.sot_prev, *previous[-(self.model.dims.n_text_ctx // 2 - 1) :]] if previous else [])
                start += [*tokenizer.sot_sequence, tokenizer.no_timestamps]
                own, rewritten = _pass_tokens(segments, index, text, tokenizer)
                scores = [self._log_likelihood(encoded[seek], start, tokens, tokenizer.eot) for tokens in (own, rewritten)]
                deltas.append(scores[1] - scores[0])
        return deltas

    def _log_likelihood(self, audio_features: Any, start: list[int], tokens: list[int], eot: int) -> float:
        """Sum of log P(token | audio, start, tokens before it), over the text vocabulary (as CTranslate2's align)."""
        import torch

        sequence = torch.tensor([start + tokens])
        logits = self.model.decoder(sequence, audio_features)[0, len(start) - 1 : -1, :eot]
        picked = torch.log_softmax(logits.float(), dim=-1).gather(1, torch.tensor(tokens).unsqueeze(1))
        return float(picked.sum())


def _digest(features: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(features).tobytes()).hexdigest()


def _engine_segment(segment: Segment, offset: float) -> dict:
    """A segment as the engines' word-timing code reads it (times from the start of the window)."""
    return {"seek": segment.seek, "start": segment.start - offset, "end": segment.end - offset,
            "tokens": list(segment.tokens)}


def _last_word_end(found: list[dict], previous: float) -> float:
    """Where the last word of a pass ended: the next pass's "last speech" (as both engines carry it)."""
    ends = [s["words"][-1]["end"] for s in found if s.get("words")]
    return ends[-1] if ends else previous


def _with_words(segments: list[Segment], found: list[dict], offset: float) -> list[Segment]:
    return [
        replace(segment, start=offset + timed["start"], end=offset + timed["end"],
                words=tuple(Word(w["word"], offset + w["start"], offset + w["end"]) for w in timed.get("words") or ()))
        for segment, timed in zip(segments, found, strict=True)
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
