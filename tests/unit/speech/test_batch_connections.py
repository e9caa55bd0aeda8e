"""transcribe_pending stores each recording's content hash with its transcription, in the same warehouse connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

import warehouse
from pipelines.demo.audio import DemoTurn, write_demo_call
from pipelines.speech.batch import transcribe_pending
from pipelines.speech.options import TranscribeOptions
from tests.unit.speech.fakes import FakeEngine, add_call


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    fake = FakeEngine()
    monkeypatch.setattr("pipelines.speech.batch.load_engine", lambda options, cache: fake)
    return fake


def test_a_transcribed_recording_is_saved_with_its_hash_in_one_connection(tmp_path: Path, engine: FakeEngine) -> None:
    db = tmp_path / "w.duckdb"
    write_demo_call(tmp_path / "good.wav", [DemoTurn("agent", "en", "greeting"), DemoTurn("customer", "en", "thanks")])
    (tmp_path / "bad.wav").write_bytes(b"RIFF not really audio")
    for name in ("good", "bad", "gone"):
        add_call(db, name, tmp_path / f"{name}.wav" if name != "gone" else tmp_path / "missing.wav")
    opened: list[int] = []

    @contextmanager
    def connect() -> Iterator[duckdb.DuckDBPyConnection]:
        opened.append(1)
        with warehouse.connect(db) as conn:
            yield conn

    def run() -> int:
        opened.clear()
        transcribe_pending(connect, None, "Asia/Tokyo", TranscribeOptions(), tmp_path / "cache")
        return len(opened)

    # the scope; good: its save (with the hash); bad: its save (with the hash) and its quarantine; gone: its
    # quarantine; the turns. Each open costs DuckDB's start and a checkpoint (~20 ms of CPU).
    assert run() == 6
    with warehouse.connect(db, read_only=True) as conn:
        hashes = dict(conn.execute("select recording_id, sha256 from core.recordings").fetchall())
        stored = conn.execute("select sha256, status from core.transcriptions order by status").fetchall()
    assert hashes["good"] and hashes["bad"] and hashes["gone"] is None
    assert stored == [(hashes["bad"], "quarantined"), (hashes["good"], "transcribed")]
    # again: nothing to transcribe; each known recording's hash is recorded in a connection of its own
    assert run() == 5 and engine.calls == 2
