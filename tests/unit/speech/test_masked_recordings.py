"""The masked copies the dashboard serves: spans silenced in every channel, written once, rewritten when spans change."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import soundfile

import warehouse
from pipelines.demo.audio import DemoTurn, write_demo_call
from pipelines.speech.audio import file_sha256
from pipelines.speech.masking import write_masked_recordings
from tests.unit.speech.fakes import add_call
from warehouse.redaction import replace_audio_spans

CALL = [DemoTurn("agent", "en", "greeting"), DemoTurn("customer", "en", "order_number")]


def _rms(samples: np.ndarray, start: float, end: float) -> float:
    return float(np.sqrt(np.mean(samples[int(start * 16000) : int(end * 16000)] ** 2)))


def test_spans_are_silenced_once_and_rewritten_when_they_change(tmp_path: Path) -> None:
    db, root, folder = tmp_path / "w.duckdb", tmp_path / "landing", tmp_path / "published" / "recordings"
    write_demo_call(root / "call.wav", CALL)
    add_call(db, "r1", root / "call.wav")
    with warehouse.connect(db) as conn:
        conn.execute("update core.recordings set status = 'transcribed', sha256 = $s",
                     {"s": file_sha256(root / "call.wav")})
        replace_audio_spans(conn, "i-r1", pl.DataFrame({"entity_type": ["PHONE"], "start_seconds": [6.0],
                                                         "end_seconds": [8.0]}))
    connect = lambda: warehouse.connect(db)  # noqa: E731

    first = write_masked_recordings(connect, root, folder)
    (copy,) = folder.glob("*.wav")
    original, _ = soundfile.read(root / "call.wav")
    masked, _ = soundfile.read(copy)
    assert first.written == 1 and first.masked_seconds == 2.0
    assert _rms(original, 6.0, 8.0) > 0.01 and _rms(masked, 6.0, 8.0) == 0.0  # both channels silent in the span
    assert abs(_rms(masked, 0.5, 5.5) - _rms(original, 0.5, 5.5)) < 1e-3  # the rest as recorded

    assert write_masked_recordings(connect, root, folder).unchanged == 1  # cached: nothing rewritten

    with warehouse.connect(db) as conn:
        replace_audio_spans(conn, "i-r1", pl.DataFrame({"entity_type": ["PHONE"], "start_seconds": [5.0],
                                                         "end_seconds": [8.0]}))
    third = write_masked_recordings(connect, root, folder)
    assert (third.written, third.removed) == (1, 1)
    assert [p.name for p in folder.glob("*.wav")] != [copy.name] and len(list(folder.glob("*.wav"))) == 1


def test_a_recording_outside_the_audio_root_or_changed_since_transcription_gets_no_copy(tmp_path: Path) -> None:
    db, root = tmp_path / "w.duckdb", tmp_path / "landing"
    write_demo_call(tmp_path / "elsewhere.wav", CALL)
    write_demo_call(root / "changed.wav", CALL)
    add_call(db, "out", tmp_path / "elsewhere.wav")
    add_call(db, "changed", root / "changed.wav")
    with warehouse.connect(db) as conn:
        conn.execute("update core.recordings set status = 'transcribed', sha256 = 'not-this-audio'")
    result = write_masked_recordings(lambda: warehouse.connect(db), root, tmp_path / "published")
    assert result.written == 0
    assert sorted(result.refused) == [
        f"changed: {root / 'changed.wav'} is missing or changed since it was transcribed",
        f"out: {tmp_path / 'elsewhere.wav'} is outside the audio root {root}",
    ]
