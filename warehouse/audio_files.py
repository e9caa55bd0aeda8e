"""Where call audio may be read from, and the masked copies of it that the dashboard serves.

A recording's file must resolve (symlinks included) inside the audio root (``KoeSettings.resolved_audio_root``):
checked when its manifest is loaded, again before its masked copy is written, and again when it is served. The
dashboard serves the masked copy (``published/recordings/<file_name>``, written by the ``masked_recordings`` asset)
and nothing else unless ``keep_original_audio`` is on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from warehouse.connection import read
from warehouse.settings import published_dir

MASKED_FOLDER = "recordings"  # next to the dashboard snapshot
# Content types by suffix for the originals we may serve; anything else is never served.
AUDIO_TYPES = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".flac": "audio/flac", ".ogg": "audio/ogg",
               ".opus": "audio/ogg", ".m4a": "audio/mp4", ".aac": "audio/aac", ".webm": "audio/webm"}
MASKED_TYPE = AUDIO_TYPES[".wav"]


def resolve_inside(path: str | os.PathLike[str], root: Path) -> Path | None:
    """``path`` with every symlink and ``..`` resolved, when it lies inside ``root`` (resolved too); else None
    (also for a path that cannot be resolved: a NUL byte, a symlink loop)."""
    try:
        resolved = Path(path).resolve()
    except (OSError, ValueError, RuntimeError):
        return None
    return resolved if resolved.is_relative_to(root.resolve()) else None


def audio_type(path: Path) -> str | None:
    """The content type to serve an original recording with, or None when its suffix is not a known audio type."""
    return AUDIO_TYPES.get(path.suffix.lower())


def masked_audio_dir(warehouse_file: str | os.PathLike[str] | None = None) -> Path:
    return published_dir(warehouse_file) / MASKED_FOLDER


def recordings_to_mask(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Recordings that transcription accepted, with the masked copy already written (if any)."""
    return read(
        conn,
        "select r.recording_id, coalesce(r.interaction_id, r.recording_id) as interaction_id, r.path, r.sha256,"
        " m.file_name as written_file"
        " from core.recordings r left join core.masked_recordings m using (recording_id)"
        " where r.status = 'transcribed' and r.sha256 is not null order by r.recording_id",
    )


def spans_to_silence(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every stored audio redaction span (``core.audio_redaction_spans``, filled by transcription)."""
    return read(conn, "select interaction_id, entity_type, start_seconds, end_seconds"
                      " from core.audio_redaction_spans order by interaction_id, start_seconds")


def save_masked_recording(conn: duckdb.DuckDBPyConnection, row: Mapping[str, Any]) -> None:
    """Record the masked copy just written for one recording (replacing the previous one)."""
    conn.execute(
        "insert or replace into core.masked_recordings (recording_id, interaction_id, sha256, file_name, masked_seconds,"
        " written_at) values ($recording_id, $interaction_id, $sha256, $file_name, $masked_seconds, current_timestamp)",
        dict(row),
    )


def masked_file_names(conn: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in conn.execute("select file_name from core.masked_recordings").fetchall()}
