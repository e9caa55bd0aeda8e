"""Transcription options and the raw segment shape shared by both engines."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Literal

from transforms.acoustic_check import ACOUSTIC_CHECK_VERSION, Alternative
from warehouse.settings import TRANSCRIBED_LANGUAGES

ENGINES = ("faster-whisper", "openai-whisper")
WordTimestamps = Literal["needed", "all", "none"]
WHISPER_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@dataclass(frozen=True)
class TranscribeOptions:
    engine: str = "faster-whisper"  # measured 2-3x faster than openai-whisper with the same text (docs/transcription.md)
    model: str = "base"  # a packaged model name, a model folder / .pt checkpoint path, or an openai-whisper name
    # faster-whisper compute type per language, as benchmarks/transcription.py measured it (it prints whether these
    # still follow its per-clip accuracy rule; docs/scaling.md, "Engine settings"): English int8 had fp32's WER on
    # every clip; Japanese int8 was worse on spontaneous speech in every run and fell into sampling (WHISPER.md)
    compute_types: tuple[tuple[str, str], ...] = (("ja", "float32"), ("en", "int8"))
    # the same on both engines so they give the same words; 10 (was 5) by the rule of docs/transcription.md,
    # "Decoding options measured on telephone calls" (one more Japanese QA verdict right, plain speech not worse)
    beam_size: int = 10
    vad: bool = True  # Silero voice-activity gating: silence is never sent to Whisper
    languages: tuple[str, ...] = TRANSCRIBED_LANGUAGES  # language detection is restricted to these
    cpu_threads: int | None = None  # None: the machine's KOE_WHISPER_CPU_THREADS (not part of the key)
    # Word start/end times cut a packed window back into turns and say where masked words were said, which the
    # served audio silences (docs/redaction.md). "needed": Whisper decodes without them and they are aligned
    # afterwards only for the windows that need them — a segment over two speech regions, or one with something
    # masked (transcriber.transcribe_audio; docs/transcription.md); "all": every call computes them while decoding
    # (Koe before, kept for benchmarks/transcription.py); "none": never (masked spans fall back to a linear guess)
    word_timestamps: WordTimestamps = "needed"
    # Speech regions of a channel are sent together in windows of at most this many seconds (silence between them
    # kept): every Whisper call encodes a whole 30 s window, so one call per short turn wastes most of it.
    window_seconds: float = 30.0
    # Each window also carries the audio around its speech, up to window_seconds (free: Whisper encodes 30 s
    # anyway): a short clip is then decoded exactly as the raw engine decodes it (transcriber.with_context).
    window_context: bool = True
    # Domain vocabulary per language (company, product and agent names, rubric phrases; transforms.decoding_prompt):
    # the initial prompt of both engines (the same words on both) for windows decoded in that language. A language
    # not listed has none. Empty: none.
    prompts: tuple[tuple[str, str], ...] = ()
    # Phrases checked against the audio per language (names and rubric phrases, transforms.acoustic_check): where a
    # segment holds a stretch loosely like one, the engine scores the segment with the phrase in its place. Empty: none.
    checked_phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Temperature fallback samples when beam search fails; the sampler is seeded before each call. openai-whisper then
    # gives the same segments for the same audio, options and weights; faster-whisper's CTranslate2 seeds its sampler
    # once per process (OpenNMT/CTranslate2 #1757), so a window that samples can differ with what ran before it in
    # the process (docs/transcription.md, "Deterministic output").
    seed: int = 0
    # Whisper's temperature fallback (both engines' default): a window whose beam-search result fails the checks
    # (average log-probability < -1, compression ratio > 2.4) is decoded again, sampling at each next temperature.
    # (0.0,): beam search only. docs/transcription.md, "Decoding options measured on telephone calls".
    temperatures: tuple[float, ...] = WHISPER_TEMPERATURES
    patience: float = 1.0  # beam-search patience (both engines; 1.0: conventional beam search)
    # The average log-probability below which a window falls back to sampling (Whisper's -1.0 on both engines). None:
    # only a looping window (compression ratio > 2.4) falls back; the engines then also drop every window whose
    # no-speech probability is > 0.6, whatever its log-probability (docs/transcription.md, "Fallback only for loops").
    log_prob_threshold: float | None = -1.0

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}; choose one of {', '.join(ENGINES)}")

    def compute_type(self, language: str) -> str:
        return dict(self.compute_types).get(language, "float32")

    def prompt(self, language: str | None) -> str | None:
        return dict(self.prompts).get(language or "") or None

    def phrases_checked(self, language: str) -> tuple[str, ...]:
        return dict(self.checked_phrases).get(language, ())

    def options_hash(self, language: str | None) -> str:
        """Everything but engine and model that changes the words of audio decoded in ``language`` (None: audio never
        decoded, e.g. quarantined); with engine and model the idempotency key of a transcription.

        Only that language's prompt counts: a language without one keeps the key it had before prompts were per
        language, so giving Japanese a prompt re-transcribes Japanese calls and no English one."""
        settings = {k: v for k, v in asdict(self).items() if k not in ("engine", "model", "cpu_threads")}
        prompt = self.prompt(language)
        settings["prompts"] = [[language, prompt]] if prompt else []
        if self.engine != "faster-whisper":
            settings.pop("compute_types")
        for name in UNKEYED_DEFAULTS:  # added later: at their defaults, transcriptions keep the key they had
            if settings[name] == getattr(TranscribeOptions, name):
                settings.pop(name)
        if self.checked_phrases:  # the candidates and the rule that accepts them change what is stored
            settings["acoustic_check"] = ACOUSTIC_CHECK_VERSION
        else:  # options without the check keep the key they had before it existed
            settings.pop("checked_phrases")
        return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]


# Options added after transcriptions were stored: part of the key only when they differ from their default
UNKEYED_DEFAULTS = ("temperatures", "patience", "log_prob_threshold")


def configured_options(engine: str, model: str, vocabulary: Sequence[str], prompt_languages: Sequence[str] = (),
                       acoustic_check: bool = False) -> TranscribeOptions:
    """The options a run transcribes with: the configured names and the rubric phrases as the initial prompt of the
    calls in ``prompt_languages`` and, when switched on, checked against the audio (``KOE_VOCABULARY``,
    ``KOE_DECODING_PROMPT``, ``KOE_ACOUSTIC_CHECK``)."""
    from qa_rubrics import load_all
    from transforms.acoustic_check import checked_phrases
    from transforms.decoding_prompt import decoding_prompts

    rubrics = load_all()
    options = TranscribeOptions(engine=engine, model=model)
    if acoustic_check:
        options = replace(options, checked_phrases=tuple(
            (language, checked_phrases(language, vocabulary, rubrics)) for language in options.languages))
    prompted = [language for language in options.languages if language in prompt_languages]
    if prompted:
        options = replace(options, prompts=decoding_prompts(prompted, vocabulary, rubrics))
    return options


@dataclass(frozen=True)
class Segment:
    """One Whisper segment on one channel; times are seconds from the start of the recording."""

    channel: int
    start: float
    end: float
    text: str
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    compression_ratio: float = 1.0
    words: tuple[Word, ...] = ()  # with word timestamps; their texts concatenate to the segment's (before strip)
    # What the engine needs to align the words later (Engine.add_words): the text tokens, and the mel frame of the
    # window at which the engine's 30 s pass that decoded the segment began
    tokens: tuple[int, ...] = ()
    seek: int = 0
    # Phrases the audio fits better than the text Whisper wrote (transforms.acoustic_check): heard, phrase, Δ
    alternatives: tuple[Alternative, ...] = ()


@dataclass(frozen=True)
class Word:
    """One word of a segment as Whisper timed it (seconds from the start of the recording)."""

    word: str
    start: float
    end: float


@dataclass
class ChannelTranscript:
    language: str
    language_probability: float
    segments: list[Segment] = field(default_factory=list)
    speech_seconds: float = 0.0  # audio actually sent to Whisper after gating
