"""The masked copies of accepted recordings that the dashboard serves: spoken personal data silenced.

Spans come from ``core.audio_redaction_spans`` (written by transcription from the masked transcript's word timings);
each copy is a 16 kHz 16-bit WAV with every channel silenced over every span, written once per recording and spans
(``masked_copy_name``) and replaced atomically.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl
import soundfile

import warehouse.audio_files as store
from pipelines.speech.audio import SAMPLE_RATE, AudioError, decode_channels, file_sha256
from transforms.redaction.audio import masked_copy_name, silence_spans

Connect = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]


@dataclass
class MaskingResult:
    written: int = 0
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)  # "<recording_id>: reason"
    removed: int = 0  # stale copies deleted
    masked_seconds: float = 0.0


def write_masked_recordings(connect: Connect, audio_root: Path, folder: Path) -> MaskingResult:
    """Write the missing or outdated masked copies of every accepted recording into ``folder``; delete stale ones."""
    with connect() as conn:
        recordings = store.recordings_to_mask(conn)
        spans = store.spans_to_silence(conn)
    folder.mkdir(parents=True, exist_ok=True)
    result = MaskingResult()
    for row in recordings.iter_rows(named=True):
        own = spans.filter(pl.col("interaction_id") == row["interaction_id"])
        times = list(own.select("start_seconds", "end_seconds").iter_rows())
        name = masked_copy_name(row["recording_id"], row["sha256"], times)
        if row["written_file"] == name and (folder / name).is_file():
            result.unchanged += 1
            continue
        refusal = _write_copy(row, times, audio_root, folder / name)
        if refusal:
            result.refused.append(f"{row['recording_id']}: {refusal}")
            continue
        seconds = sum(end - start for start, end in times)
        with connect() as conn:
            store.save_masked_recording(conn, {
                "recording_id": row["recording_id"], "interaction_id": row["interaction_id"], "sha256": row["sha256"],
                "file_name": name, "masked_seconds": seconds})
        result.written += 1
        result.masked_seconds += seconds
    with connect() as conn:
        current = store.masked_file_names(conn)
    for stale in (p for p in folder.glob("*.wav") if p.name not in current):
        stale.unlink()
        result.removed += 1
    return result


def _write_copy(row: dict, spans: list[tuple[float, float]], audio_root: Path, target: Path) -> str | None:
    """Write one masked copy; the reason it was not written, or None."""
    source = store.resolve_inside(row["path"], audio_root)
    if source is None:
        return f"{row['path']} is outside the audio root {audio_root}"
    if not source.is_file() or file_sha256(source) != row["sha256"]:
        return f"{row['path']} is missing or changed since it was transcribed"
    try:
        decoded = decode_channels(source)
    except AudioError as error:
        return str(error)
    masked = silence_spans(decoded.channels.T, SAMPLE_RATE, spans)
    partial = target.with_suffix(".wav.tmp")
    soundfile.write(partial, masked.clip(-1.0, 1.0), SAMPLE_RATE, subtype="PCM_16", format="WAV")
    os.replace(partial, target)
    return None
