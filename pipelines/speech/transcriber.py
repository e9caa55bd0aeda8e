"""Transcribe one recording: decode → gate each channel on speech → the call language (known, else detected) →
Whisper on each channel's speech packed into windows of up to 30 s, each with the audio around it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.speech.audio import SAMPLE_RATE, DecodedAudio, decode_channels
from pipelines.speech.engines import Engine
from pipelines.speech.options import Segment, TranscribeOptions, Word
from pipelines.speech.vad import SpeechRegion, speech_regions

LANGUAGE_DETECTION_SECONDS = 30  # Whisper looks at one 30 s window
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
        rows = [s.__dict__ | {"words": [w.__dict__ for w in s.words]} for s in self.segments]
        return pl.DataFrame(
            rows,
            schema={"channel": pl.Int32, "start": pl.Float64, "end": pl.Float64, "text": pl.String,
                    "avg_logprob": pl.Float64, "no_speech_prob": pl.Float64, "compression_ratio": pl.Float64,
                    "words": WORDS_TYPE},
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
                pieces.append(replace(segment, start=words[0].start, end=words[-1].end, text=text, words=tuple(words)))
    return pieces


def transcribe_audio(
    audio: DecodedAudio, engine: Engine, options: TranscribeOptions, language: str | None = None
) -> RecordingTranscript:
    """Segments of every channel (times from the start of the recording) and the call language.

    ``language``: the interaction's known language (one of ``options.languages``); detected from the audio when
    None or not one of them.
    """
    started = time.perf_counter()
    regions = _regions(audio, options)
    speech = sum(r.end_sample - r.start_sample for rs in regions for r in rs) / SAMPLE_RATE
    probability, segments = None, []
    language = language if language in options.languages else None
    if speech == 0:
        language = None
    elif language is None:
        language, probability = engine.detect_language(_language_sample(audio, regions))
    if language is not None:
        for channel, channel_regions in enumerate(regions):
            windows = pack_windows(channel_regions, options.window_seconds)
            if options.window_context:
                windows = with_context(windows, audio.channels.shape[1], options.window_seconds)
            for window in windows:
                clip = audio.channels[channel, window.start_sample : window.end_sample]
                found = engine.transcribe(clip, language, channel=channel, offset=window.start_seconds)
                segments += split_at_regions(found, channel_regions)
    return RecordingTranscript(
        duration_seconds=audio.duration_seconds, channels=audio.channels.shape[0], language=language,
        language_probability=probability, speech_seconds=speech,
        processing_seconds=time.perf_counter() - started, segments=sorted(segments, key=lambda s: (s.start, s.channel)),
    )


def transcribe_file(
    path: Path, engine: Engine, options: TranscribeOptions, language: str | None = None
) -> RecordingTranscript:
    """Decode and transcribe a file; raises ``AudioError`` for files that belong in quarantine."""
    return transcribe_audio(decode_channels(path), engine, options, language)


def file_report(
    path: Path, engine: Engine, options: TranscribeOptions, agent_channel: int = 0, language: str | None = None
) -> dict:
    """A JSON-ready transcript of one file: language, timings, segments and role-attributed turns, masked."""
    from transforms.redaction.transcript import redact_transcript
    from transforms.transcripts import merge_turns

    transcript = transcribe_file(path, engine, options, language)
    recording = pl.DataFrame({"recording_id": [path.name], "channels": [transcript.channels],
                              "agent_channel": [agent_channel], "language": [transcript.language]})
    segments = redact_transcript(transcript.segments_frame().with_columns(recording_id=pl.lit(path.name)),
                                 recording).segments
    turns = merge_turns(segments, recording).drop("recording_id", "language")
    return {
        "file": str(path), "language": transcript.language, "duration_seconds": transcript.duration_seconds,
        "channels": transcript.channels, "engine": options.engine, "model": options.model,
        "processing_seconds": round(transcript.processing_seconds, 2),
        "segments": segments.drop("recording_id").to_dicts(), "turns": turns.to_dicts(),
    }
