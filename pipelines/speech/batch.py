"""Incremental transcription of the warehouse's recordings: each audio (by sha256) once per engine/model/options."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

import warehouse.transcripts as store
from pipelines.speech.audio import AudioError, decode_channels, file_sha256
from pipelines.speech.engines import Engine, load_engine
from pipelines.speech.options import TranscribeOptions
from pipelines.speech.transcriber import MaskedSegments, transcribe_audio
from transforms.acoustic_check import still_heard
from transforms.redaction import redact_frame
from transforms.redaction.dialogue import DEFAULT_NAMES_OF
from transforms.redaction.frame import DialogueColumns
from transforms.transcripts import merge_turns
from warehouse.redaction import replace_audio_spans

Connect = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]
Progress = Callable[[int, int, str], None]  # (done, total, recording_id)


@dataclass
class BatchResult:
    in_scope: int = 0
    transcribed: int = 0
    skipped: int = 0  # same audio already transcribed with the same engine, model and options
    quarantined: int = 0
    audio_seconds: float = 0.0
    processing_seconds: float = 0.0
    turns_written: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def realtime_factor(self) -> float | None:
        return self.processing_seconds / self.audio_seconds if self.audio_seconds else None


def transcription_key(options: TranscribeOptions) -> dict[str, Any]:
    """What makes a transcription the same one: engine, model and, for each language audio may be decoded in (None:
    never decoded), the hash of the options that change its words there (``TranscribeOptions.options_hash``)."""
    languages = [*options.languages, None]
    return {"engine": options.engine, "model": options.model, "languages": languages,
            "options_hashes": [options.options_hash(language) for language in languages]}


def with_content_hashes(recordings: pl.DataFrame) -> Iterator[tuple[dict, str | None]]:
    """Each recording with its content hash (computed from the file when the manifest gave none)."""
    for row in recordings.iter_rows(named=True):
        path = Path(row["path"])
        yield row, row["sha256"] or (file_sha256(path) if path.is_file() else None)


def transcribe_recording(
    row: dict, sha256: str | None, engine: Engine, options: TranscribeOptions, names_of: Collection[str]
) -> dict:
    """The core.transcriptions row (and masked ``segments``, ``spans``) for one recording, or a quarantined row."""
    now = datetime.now(UTC).replace(tzinfo=None)
    base = {"sha256": sha256, "engine": options.engine, "model": options.model, "recording_id": row["recording_id"],
            "transcribed_at": now}
    masked = MaskedSegments(row["recording_id"], row["agent_channel"], names_of)  # their words time the spans
    try:
        transcript = transcribe_audio(decode_channels(Path(row["path"])), engine, options, row.get("language"), masked)
    except AudioError as error:
        return {**base, "options_hash": options.options_hash(None), "status": "quarantined", "reason": str(error),
                "segments": None, "spans": None}
    redacted = masked.redacted(transcript)  # nothing unmasked is stored (redacted once: words_wanted's own)
    return {
        **base, "options_hash": options.options_hash(transcript.language), "status": "transcribed", "reason": None,
        "language": transcript.language,
        "language_probability": transcript.language_probability, "duration_seconds": transcript.duration_seconds,
        "channels": transcript.channels, "speech_seconds": transcript.speech_seconds,
        "processing_seconds": transcript.processing_seconds, "segment_count": len(transcript.segments),
        "segments": redacted.segments.drop("recording_id").with_row_index("segment_no", offset=1),
        "spans": redacted.spans,
    }


def transcribe_pending(
    connect: Connect, day: str | None, timezone: str, options: TranscribeOptions, cache: Path,
    progress: Progress | None = None, names_of: Collection[str] = DEFAULT_NAMES_OF,
) -> BatchResult:
    """Transcribe recordings in scope whose audio has no transcription for these options; then rebuild turns.

    Segments and turns are masked before they are stored (``names_of``: whose names, the ``redact_names_of``
    setting); the masked entities' time spans go to core.audio_redaction_spans for the served audio.
    """
    with connect() as conn:
        recordings = store.recordings_in_scope(conn, day, timezone)
        done = store.done_sha256s(conn, transcription_key(options))
    result, engine = BatchResult(in_scope=recordings.height), None
    for position, (row, sha256) in enumerate(with_content_hashes(recordings), start=1):
        if sha256 is None:
            _quarantine(connect, row, "file not found", result)
        elif sha256 in done:
            result.skipped += 1
            with connect() as conn:
                store.record_audio_facts(conn, row["recording_id"], sha256)
        else:
            engine = engine or load_engine(options, cache)  # a run with nothing to do never loads a model
            outcome = transcribe_recording(row, sha256, engine, options, names_of)
            _save(connect, row, sha256, outcome, result)
            done.add(sha256)
        if progress:
            progress(position, recordings.height, row["recording_id"])
    result.turns_written = write_turns(connect, recordings["recording_id"].to_list(), options, names_of)
    return result


def _quarantine(connect: Connect, row: dict, reason: str, result: BatchResult) -> None:
    with connect() as conn:
        store.quarantine_recording(conn, row["recording_id"], row["path"], reason)
    result.quarantined += 1
    result.reasons.append(f"{row['recording_id']}: {reason}")


def _save(connect: Connect, row: dict, sha256: str, outcome: dict, result: BatchResult) -> None:
    """The transcription, its masked spans and the recording's content hash, in one connection (each open of the
    warehouse costs ~20 ms of CPU: DuckDB starts an instance and closes it with a checkpoint)."""
    segments, spans = outcome.pop("segments"), outcome.pop("spans")
    with connect() as conn:
        store.save_transcription(conn, outcome, segments if segments is not None else _NO_SEGMENTS)
        if spans is not None:
            replace_audio_spans(conn, row["interaction_id"], spans)
        store.record_audio_facts(conn, row["recording_id"], sha256)
    if outcome["status"] == "quarantined":
        _quarantine(connect, row, outcome["reason"], result)
        return
    result.transcribed += 1
    result.audio_seconds += outcome["duration_seconds"]
    result.processing_seconds += outcome["processing_seconds"]


def write_turns(
    connect: Connect, recording_ids: list[str], options: TranscribeOptions,
    names_of: Collection[str] = DEFAULT_NAMES_OF,
) -> int:
    """Derive role-attributed turns from the stored (masked) segments and replace them in core.messages.

    Turns are redacted again as a dialogue: a number or a name split over two segments is whole in a turn.
    """
    with connect() as conn:
        segments, recordings = store.transcribed_segments(conn, recording_ids, transcription_key(options))
        turns = still_heard(redact_frame(merge_turns(segments, recordings), ["text"], DialogueColumns("recording_id"),
                                         names_of))
        return store.replace_transcript_messages(conn, recordings, turns)


_NO_SEGMENTS = pl.DataFrame(schema={"segment_no": pl.UInt32, "channel": pl.Int32, "start_seconds": pl.Float64,
                                    "end_seconds": pl.Float64, "text": pl.String})
