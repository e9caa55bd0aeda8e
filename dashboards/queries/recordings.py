"""The call audio of one interaction that may be served: only a recording that transcription accepted."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class ServedRecording:
    masked_file: str | None  # the masked copy's name in published/recordings (None until the pipeline wrote it)
    original_path: str  # resolved inside the audio root when it was loaded; checked again before serving


def served_recording(conn: duckdb.DuckDBPyConnection, interaction_id: str) -> ServedRecording | None:
    """The interaction's transcribed recording, or None (no recording, or quarantined, or not transcribed yet).

    Call it only after the role's scope check (``interaction_detail``)."""
    row = conn.execute(
        "select masked_file, path from core.recordings where interaction_id = $id and status = 'transcribed'"
        " order by masked_file nulls last limit 1",
        {"id": interaction_id},
    ).fetchone()
    return ServedRecording(*row) if row else None
