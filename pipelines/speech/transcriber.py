"""Transcribe one recording: decode → gate each channel on speech → the call language (known, else detected) →
Whisper on each channel's speech packed into windows of up to 30 s, each with the audio around it."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.speech.audio import SAMPLE_RATE, DecodedAudio, decode_channels
from pipelines.speech.engines import Engine
from pipelines.speech.options import Segment, TranscribeOptions, Word
from pipelines.speech.vad import SpeechRegion, speech_regions
from transforms.acoustic_check import ALTERNATIVE_TYPE, Alternative, accepted, candidates
from transforms.redaction.dialogue import DEFAULT_NAMES_OF
from transforms.redaction.transcript import RedactedTranscript, redact_transcript

LANGUAGE_DETECTION_SECONDS = 30  # Whisper looks at one 30 s window
SEGMENT_COLUMNS = ("channel", "start", "end", "text", "avg_logprob", "no_speech_prob", "compression_ratio")
WORDS_TYPE = pl.List(pl.Struct({"word": pl.String, "start": pl.Float64, "end": pl.Float64}))


@dataclass
class RecordingTranscript:
    duration_seconds: float
    channels: int
    language: str | None  # None when nothing was said
    language_probability: float | None  # None when nothing was said or the language was known
    speech_seconds: float  # audio sent to Whisper after gating, all channels
    processing_seconds: float
    segments: list[Segment] = field(default_factory=list)

    def segments_frame(self) -> pl.DataFrame:
        """The segments in the shape ``transforms.transcripts`` expects (without recording_id)."""
        rows = [{name: getattr(s, name) for name in SEGMENT_COLUMNS} | {"words": [w.__dict__ for w in s.words]}
                | {"alternatives": [a.__dict__ for a in s.alternatives]} for s in self.segments]
        return pl.DataFrame(
            rows,
            schema={"channel": pl.Int32, "start": pl.Float64, "end": pl.Float64, "text": pl.String,
                    "avg_logprob": pl.Float64, "no_speech_prob": pl.Float64, "compression_ratio": pl.Float64,
                    "words": WORDS_TYPE, "alternatives": ALTERNATIVE_TYPE},
        ).rename({"start": "start_seconds", "end": "end_seconds"})


def _regions(audio: DecodedAudio, options: TranscribeOptions) -> list[list[SpeechRegion]]:
    if not options.vad:
        return [[SpeechRegion(0, audio.channels.shape[1])] for _ in audio.channels]
    return [speech_regions(channel) for channel in audio.channels]


def _language_sample(audio: DecodedAudio, regions: list[list[SpeechRegion]]) -> np.ndarray:
    """Up to 30 s of speech from all channels, in time order: the call's language is detected once on it."""
    ordered = sorted((r.start_sample, channel, r) for channel, rs in enumerate(regions) for r in rs)
    parts = [audio.channels[channel, r.start_sample : r.end_sample] for _, channel, r in ordered]
    return np.concatenate(parts)[: LANGUAGE_DETECTION_SECONDS * SAMPLE_RATE]


def pack_windows(regions: list[SpeechRegion], window_seconds: float) -> list[SpeechRegion]:
    """Consecutive speech regions of one channel joined into windows of at most ``window_seconds`` (the silence
    between them kept, so timestamps need no mapping); a longer region stays one window of its own."""
    limit = int(window_seconds * SAMPLE_RATE)
    windows: list[SpeechRegion] = []
    for region in regions:
        if windows and region.end_sample - windows[-1].start_sample <= limit:
            windows[-1] = SpeechRegion(windows[-1].start_sample, region.end_sample)
        else:
            windows.append(region)
    return windows


def with_context(windows: list[SpeechRegion], channel_samples: int, window_seconds: float) -> list[SpeechRegion]:
    """Each window widened over the audio around it, up to ``window_seconds`` and never into its neighbours: first
    back towards the previous window's end (or the start), then on towards the next one's start (or the end).

    Whisper encodes a whole 30 s frame whatever the clip's length and pads a short clip with zeros: the audio around
    the speech costs no encoder time, and a clip cut exactly at the speech's edges is decoded differently from the
    same speech as the raw engine sees it (the measured accuracy loss, docs/transcription.md). Stretches of silence
    longer than a window are still never sent.
    """
    limit = int(window_seconds * SAMPLE_RATE)
    widened: list[SpeechRegion] = []
    for index, window in enumerate(windows):
        previous_end = widened[-1].end_sample if widened else 0
        next_start = windows[index + 1].start_sample if index + 1 < len(windows) else channel_samples
        start = min(window.start_sample, max(previous_end, window.end_sample - limit))
        end = max(window.end_sample, min(next_start, start + limit))
        widened.append(SpeechRegion(start, end))
    return widened


def split_at_regions(segments: list[Segment], regions: list[SpeechRegion]) -> list[Segment]:
    """Each segment of a packed window cut back into one segment per speech region, by its words' times.

    A window holds several turns of one channel; Whisper may return them as one segment. Stored segments are
    utterances (as one call per region gave), so the other channel's turns interleave in time order: the dialogue
    the redaction (a name answered to a request) and QA (turn order) read. Segments without word times stay whole.
    """
    bounds = [(r.start_seconds, r.end_sample / SAMPLE_RATE) for r in regions]
    pieces: list[Segment] = []
    for segment in segments:
        groups: dict[int, list[Word]] = {}
        for word in segment.words:
            middle = (word.start + word.end) / 2
            index = next((i for i, (start, end) in enumerate(bounds) if middle < end), len(bounds) - 1)
            groups.setdefault(index, []).append(word)
        if len(groups) < 2:
            pieces.append(segment)
            continue
        for words in groups.values():
            text = "".join(w.word for w in words).strip()
            if text:
                pieces.append(replace(segment, start=words[0].start, end=words[-1].end, text=text, words=tuple(words),
                                      alternatives=tuple(a for a in segment.alternatives if a.heard in text)))
    return pieces


# Which of a recording's segments need their words timed, besides those over two speech regions: the positions in
# ``RecordingTranscript.segments`` (the redaction's masked segments, batch.transcribe_recording)
WordsWanted = Callable[["RecordingTranscript"], Collection[int]]


@dataclass
class _Window:
    """One Whisper call: the channel, the audio sent (with its context) and what came back."""

    channel: int
    span: SpeechRegion
    segments: list[Segment]
    timed: bool = False  # words aligned (Engine.add_words) or computed while decoding


def _overlapped(segment: Segment, regions: list[SpeechRegion]) -> list[SpeechRegion]:
    """The speech regions a segment's start/end reach into."""
    return [r for r in regions if r.start_seconds < segment.end and r.end_sample / SAMPLE_RATE > segment.start]


def _spans_regions(segment: Segment, regions: list[SpeechRegion]) -> bool:
    """Whether a segment's decoded times reach over more than one speech region (it must be cut at the pause)."""
    return len(_overlapped(segment, regions)) > 1


def _on_speech(segment: Segment, regions: list[SpeechRegion]) -> Segment:
    """A segment without word times, its bounds moved onto the speech regions it overlaps: Whisper's timestamp
    tokens often start a window's first segment at the window's start, in the silence before the speech (a
    customer's answer would then come before the agent's question); word times would have moved it to its first word."""
    overlapped = _overlapped(segment, regions)
    if segment.words or not overlapped:
        return segment
    return replace(segment, start=max(segment.start, overlapped[0].start_seconds),
                   end=min(segment.end, overlapped[-1].end_sample / SAMPLE_RATE))


def _time_words(window: _Window, audio: DecodedAudio, engine: Engine, language: str) -> None:
    clip = audio.channels[window.channel, window.span.start_sample : window.span.end_sample]
    window.segments = engine.add_words(clip, language, window.segments, window.span.start_seconds)
    window.timed = True


def _check_phrases(window: _Window, audio: DecodedAudio, engine: Engine, phrases: tuple[str, ...],
                   language: str) -> None:
    """Each stretch of the window's segments loosely like a checked phrase, scored by the engine with the phrase in
    its place; the accepted ones recorded on their segment (transforms.acoustic_check)."""
    found = [(index, candidate) for index, segment in enumerate(window.segments) if phrases
             for candidate in candidates(segment.text, phrases)]
    if not found:
        return
    clip = audio.channels[window.channel, window.span.start_sample : window.span.end_sample]
    changes = [(index, candidate.replaced(window.segments[index].text)) for index, candidate in found]
    deltas = engine.rescore(clip, language, window.segments, changes)
    for (index, candidate), delta in zip(found, deltas, strict=True):
        if accepted(delta):
            segment = window.segments[index]
            heard = Alternative(candidate.heard, candidate.phrase, round(delta, 3))
            window.segments[index] = replace(segment, alternatives=(*segment.alternatives, heard))


def _cut(windows: list[_Window], regions: list[list[SpeechRegion]]) -> list[tuple[Segment, int]]:
    """Every window's segments cut at its speech regions, in time order, each with the index of its window."""
    pieces = [(_on_speech(piece, regions[window.channel]), index) for index, window in enumerate(windows)
              for piece in split_at_regions(window.segments, regions[window.channel])]
    return sorted(pieces, key=lambda item: (item[0].start, item[0].channel))


def transcribe_audio(
    audio: DecodedAudio, engine: Engine, options: TranscribeOptions, language: str | None = None,
    words_wanted: WordsWanted | None = None,
) -> RecordingTranscript:
    """Segments of every channel (times from the start of the recording) and the call language.

    ``language``: the interaction's known language (one of ``options.languages``); detected from the audio when
    None or not one of them. With ``word_timestamps="needed"`` Whisper decodes without word times; a window's words
    are then aligned (``Engine.add_words``: the same alignment the engine runs while decoding, so the same words and
    times for a window decoded in one 30 s pass) only when one of its segments reaches over two speech regions, or
    is one ``words_wanted`` names — asked again after each alignment, until it names no segment without words.
    """
    started = time.perf_counter()
    regions = _regions(audio, options)
    speech = sum(r.end_sample - r.start_sample for rs in regions for r in rs) / SAMPLE_RATE
    probability, windows = None, []
    language = language if language in options.languages else None
    if speech == 0:
        language = None
    elif language is None:
        language, probability = engine.detect_language(_language_sample(audio, regions))
    if language is not None:
        for channel, channel_regions in enumerate(regions):
            spans = pack_windows(channel_regions, options.window_seconds)
            if options.window_context:
                spans = with_context(spans, audio.channels.shape[1], options.window_seconds)
            for span in spans:
                clip = audio.channels[channel, span.start_sample : span.end_sample]
                found = engine.transcribe(clip, language, channel=channel, offset=span.start_seconds)
                windows.append(_Window(channel, span, found, timed=options.word_timestamps == "all"))
    if language is not None:
        for window in windows:
            _check_phrases(window, audio, engine, options.phrases_checked(language), language)
    if options.word_timestamps == "needed" and language is not None:
        for window in windows:
            if any(_spans_regions(s, regions[window.channel]) for s in window.segments):
                _time_words(window, audio, engine, language)
    pieces = _cut(windows, regions)
    while options.word_timestamps == "needed" and words_wanted is not None and language is not None:
        transcript = _transcript(audio, language, probability, speech, started, pieces)
        untimed = {pieces[i][1] for i in words_wanted(transcript) if not windows[pieces[i][1]].timed}
        if not untimed:
            return transcript
        for index in sorted(untimed):
            _time_words(windows[index], audio, engine, language)
        pieces = _cut(windows, regions)
    return _transcript(audio, language, probability, speech, started, pieces)


def _transcript(
    audio: DecodedAudio, language: str | None, probability: float | None, speech: float, started: float,
    pieces: list[tuple[Segment, int]],
) -> RecordingTranscript:
    return RecordingTranscript(
        duration_seconds=audio.duration_seconds, channels=audio.channels.shape[0], language=language,
        language_probability=probability, speech_seconds=speech, processing_seconds=time.perf_counter() - started,
        segments=[segment for segment, _ in pieces],
    )


def transcribe_file(
    path: Path, engine: Engine, options: TranscribeOptions, language: str | None = None
) -> RecordingTranscript:
    """Decode and transcribe a file; raises ``AudioError`` for files that belong in quarantine."""
    return transcribe_audio(decode_channels(path), engine, options, language)


def redact_recording(
    transcript: RecordingTranscript, recording_id: str, agent_channel: int | None,
    names_of: Collection[str] = DEFAULT_NAMES_OF,
) -> RedactedTranscript:
    """The transcript's segments masked as one dialogue, and the time spans of what was masked."""
    facts = pl.DataFrame({"recording_id": [recording_id], "channels": [transcript.channels],
                          "agent_channel": [agent_channel]}, schema_overrides={"agent_channel": pl.Int64})
    segments = transcript.segments_frame().with_columns(recording_id=pl.lit(recording_id))
    return redact_transcript(segments, facts, names_of)


class MaskedSegments:
    """The segments redaction masks something in (a ``WordsWanted``): their words say which audio the served copy
    silences. It keeps the redaction of the transcript it was last asked about — the one ``transcribe_audio``
    returns — so the caller stores that redaction instead of computing it again (``redacted``)."""

    def __init__(self, recording_id: str, agent_channel: int | None, names_of: Collection[str]) -> None:
        self.recording_id, self.agent_channel, self.names_of = recording_id, agent_channel, names_of
        self._last: tuple[RecordingTranscript, RedactedTranscript] | None = None

    def __call__(self, transcript: RecordingTranscript) -> list[int]:
        masked = self.redacted(transcript).segments["text"]
        return [i for i, (heard, kept) in enumerate(zip(transcript.segments, masked, strict=True)) if heard.text != kept]

    def redacted(self, transcript: RecordingTranscript) -> RedactedTranscript:
        """``transcript`` masked as one dialogue (``redact_recording``), computed once per transcript."""
        if self._last is None or self._last[0] is not transcript:
            self._last = (transcript, redact_recording(transcript, self.recording_id, self.agent_channel,
                                                       self.names_of))
        return self._last[1]


def file_report(
    path: Path, engine: Engine, options: TranscribeOptions, agent_channel: int = 0, language: str | None = None
) -> dict:
    """A JSON-ready transcript of one file: language, timings, segments and role-attributed turns, masked."""
    from transforms.transcripts import merge_turns

    masked = MaskedSegments(path.name, agent_channel, DEFAULT_NAMES_OF)
    transcript = transcribe_audio(decode_channels(path), engine, options, language, masked)
    recording = pl.DataFrame({"recording_id": [path.name], "channels": [transcript.channels],
                              "agent_channel": [agent_channel], "language": [transcript.language]})
    segments = masked.redacted(transcript).segments
    turns = merge_turns(segments, recording).drop("recording_id", "language")
    return {
        "file": str(path), "language": transcript.language, "duration_seconds": transcript.duration_seconds,
        "channels": transcript.channels, "engine": options.engine, "model": options.model,
        "processing_seconds": round(transcript.processing_seconds, 2),
        "segments": segments.drop("recording_id").to_dicts(), "turns": turns.to_dicts(),
    }
