"""Reads and writes for call transcription: transcriptions, segments, transcript turns, conversation metrics."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import duckdb
import polars as pl

from transforms.sentiment import model_version
from warehouse.connection import read, registered
from warehouse.sql import statement

QUARANTINE_KIND = "recording"
_KEY = "sha256 = $sha256 and engine = $engine and model = $model and options_hash = $options_hash"
_CURRENT = ("engine", "model", "languages", "options_hashes")  # a transcription key: pipelines.speech.batch


@contextmanager
def _transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    conn.execute("begin transaction")
    try:
        yield
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise


def recordings_in_scope(conn: duckdb.DuckDBPyConnection, day: str | None, timezone: str) -> pl.DataFrame:
    """Recordings to transcribe: all of them, or those of interactions created on ``day`` (local date), with the
    interaction's language when the data has it (Whisper then skips language detection)."""
    return read(conn, statement("transcription/recordings_in_scope"), {"day": day, "tz": timezone})


def done_sha256s(conn: duckdb.DuckDBPyConnection, key: Mapping[str, Any]) -> set[str]:
    """Audio already handled (transcribed or quarantined) with this engine, model and the options of its language."""
    current = read(conn, statement("transcription/current_transcriptions"), {k: key[k] for k in _CURRENT})
    return set(current["sha256"].to_list())


def save_transcription(conn: duckdb.DuckDBPyConnection, row: Mapping[str, Any], segments: pl.DataFrame) -> None:
    """Replace one transcription (``row`` has the table's columns) and its segments, atomically."""
    key = {k: row[k] for k in ("sha256", "engine", "model", "options_hash")}
    with _transaction(conn):
        conn.execute(f"delete from core.transcript_segments where {_KEY}", key)
        conn.execute(f"delete from core.transcriptions where {_KEY}", key)
        conn.register("koe_transcription", pl.DataFrame([dict(row)]))
        conn.execute("insert into core.transcriptions by name select * from koe_transcription")
        conn.register("koe_segments", segments.with_columns(**{k: pl.lit(v) for k, v in key.items()}))
        conn.execute("insert into core.transcript_segments by name select * from koe_segments")


def record_audio_facts(conn: duckdb.DuckDBPyConnection, recording_id: str, sha256: str) -> None:
    """Store the content hash computed from the file (the key that links a recording to its transcription)."""
    conn.execute("update core.recordings set sha256 = $sha256 where recording_id = $id", {"sha256": sha256, "id": recording_id})


def quarantine_recording(conn: duckdb.DuckDBPyConnection, recording_id: str, path: str, reason: str) -> None:
    """Record a recording that cannot be transcribed (once per file and reason) and mark it quarantined."""
    conn.execute(
        "insert into quarantine (load_id, kind, source_file, reason) select 'transcription', $kind, $path, $reason"
        " where not exists (select 1 from quarantine where kind = $kind and source_file = $path and reason = $reason)",
        {"kind": QUARANTINE_KIND, "path": path, "reason": reason},
    )
    conn.execute("update core.recordings set status = 'quarantined' where recording_id = $id", {"id": recording_id})


def transcribed_segments(
    conn: duckdb.DuckDBPyConnection, recording_ids: list[str], key: Mapping[str, Any]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(segments, recordings) of the given recordings as transcribed with this engine/model and the options of their
    language."""
    recordings = read(conn, statement("transcription/transcribed_recordings").format(
        current=statement("transcription/current_transcriptions")), {"ids": recording_ids, **{k: key[k] for k in _CURRENT}})
    conn.register("koe_scope", recordings.select("recording_id", "sha256", "options_hash"))
    segments = read(conn, statement("transcription/transcribed_segments"), {k: key[k] for k in ("engine", "model")})
    return segments, recordings.drop("options_hash")


def replace_transcript_messages(conn: duckdb.DuckDBPyConnection, recordings: pl.DataFrame, turns: pl.DataFrame) -> int:
    """Replace the transcript turns of ``recordings`` in core.messages (message_id '<recording_id>-<seq>')."""
    conn.register("koe_recordings", recordings.select("recording_id", "interaction_id"))
    conn.register("koe_turns", turns)
    with _transaction(conn):
        conn.execute(
            "delete from core.messages where source = 'transcript' and interaction_id in"
            " (select interaction_id from koe_recordings) and regexp_extract(message_id, '^(.*)-[0-9]+$', 1) in"
            " (select recording_id from koe_recordings)"
        )
        conn.execute(statement("transcription/insert_transcript_messages"))
        conn.execute(
            "update core.recordings set status = 'transcribed'"
            " where recording_id in (select recording_id from koe_recordings)"
        )
    return turns.height


def transcript_turns(conn: duckdb.DuckDBPyConnection, stale_only: bool = False) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(turns, calls) of every transcribed recording, for the conversation metrics; with ``stale_only`` only of those
    whose metrics are missing or older than their latest transcription. Each turn carries its stored sentiment
    (asset message_sentiment) under the current model, null when it has none."""
    calls = read(conn, statement("transcription/calls"), {"stale_only": stale_only})
    with registered(conn, "koe_calls", calls.select("interaction_id")):
        turns = read(conn, statement("transcription/turns"), {"stale_only": stale_only, "model": model_version()})
    return turns, calls


def replace_conversation_metrics(conn: duckdb.DuckDBPyConnection, metrics: pl.DataFrame) -> int:
    """Upsert one row per recording."""
    conn.register("koe_metrics", metrics)
    conn.execute(
        "insert or replace into core.conversation_metrics by name"
        " select *, current_timestamp::timestamp as computed_at from koe_metrics"
    )
    return metrics.height
