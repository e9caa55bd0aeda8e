"""The transcription assets on a temporary warehouse with a fake engine (no model): incremental, quarantine, turns."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import dagster as dg
import numpy as np
import pytest

import warehouse
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.defs.transcription import call_transcripts, conversation_metrics
from pipelines.demo.audio import DemoTurn, write_demo_call
from pipelines.speech.engines import Change
from pipelines.speech.options import Segment
from tests.unit.speech.fakes import FakeEngine, add_call

CALL = [DemoTurn("agent", "en", "greeting"), DemoTurn("customer", "en", "order_late"), DemoTurn("agent", "en", "refund")]


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    fake = FakeEngine()
    monkeypatch.setattr("pipelines.speech.batch.load_engine", lambda options, cache: fake)
    return fake


def _run(db: Path, partition: str | None = None) -> dg.ExecuteInProcessResult:
    resources = {"warehouse": WarehouseResource(path=str(db)), "koe_settings": SettingsResource()}
    return dg.materialize([call_transcripts, conversation_metrics], resources=resources, partition_key=partition)


def _metadata(result: dg.ExecuteInProcessResult) -> dict:
    events = result.asset_materializations_for_node("call_transcripts")
    return {k: v.value for k, v in events[0].metadata.items()}


def test_transcribes_once_quarantines_bad_files_and_writes_turns(tmp_path: Path, engine: FakeEngine) -> None:
    db = tmp_path / "w.duckdb"
    write_demo_call(tmp_path / "good.wav", CALL)
    (tmp_path / "bad.wav").write_bytes(b"RIFF not really audio")
    add_call(db, "good", tmp_path / "good.wav")
    add_call(db, "bad", tmp_path / "bad.wav")
    add_call(db, "gone", tmp_path / "missing.wav")

    first = _metadata(_run(db))
    assert (first["transcribed_count"], first["quarantined_count"], first["skipped_already_transcribed"]) == (1, 2, 0)
    assert engine.calls == 2  # one per channel window: agent (both turns), customer
    with warehouse.connect(db) as conn:
        roles = conn.execute("select role from core.messages where source = 'transcript' order by seq").fetchall()
        reasons = conn.execute("select source_file, reason from quarantine order by source_file").fetchall()
        metrics = conn.execute("select agent_talk_ratio, time_to_first_agent_seconds from core.conversation_metrics"
                               " where recording_id = 'good'").fetchone()
    assert [r[0] for r in roles] == ["agent", "customer", "agent"]
    assert "not decodable" in reasons[0][1] and reasons[1][1] == "file not found"
    assert 0.3 < metrics[0] < 0.9 and metrics[1] == pytest.approx(0.5, abs=0.3)

    second = _metadata(_run(db))
    assert (second["transcribed_count"], second["skipped_already_transcribed"]) == (0, 2)
    assert engine.calls == 2
    with warehouse.connect(db) as conn:
        assert conn.execute("select count(*) from core.messages where source = 'transcript'").fetchone()[0] == 3
        assert conn.execute("select count(*) from quarantine").fetchone()[0] == 2


def test_partition_limits_scope_to_that_days_calls(tmp_path: Path, engine: FakeEngine) -> None:
    db = tmp_path / "w.duckdb"
    write_demo_call(tmp_path / "a.wav", CALL[:1])
    write_demo_call(tmp_path / "b.wav", CALL[1:2])
    add_call(db, "a", tmp_path / "a.wav", created_at="2026-11-20 01:00:00")  # 10:00 JST on the 20th
    add_call(db, "b", tmp_path / "b.wav", created_at="2026-11-20 16:00:00")  # 01:00 JST on the 21st
    meta = _metadata(_run(db, partition="2026-11-21"))
    assert (meta["recordings_in_scope"], meta["transcribed_count"]) == (1, 1)
    with warehouse.connect(db) as conn:
        rows = conn.execute("select recording_id, status from core.recordings order by 1").fetchall()
    assert rows == [("a", "new"), ("b", "transcribed")]


class _MishearingEngine(FakeEngine):
    """Writes an agent's apology as Whisper base might, and scores any rewritten text as more likely."""

    def __init__(self) -> None:
        super().__init__()
        self.rescored: list[str] = []

    def transcribe(self, audio: np.ndarray, language: str, channel: int, offset: float) -> list[Segment]:
        return [replace(s, text="I am so story to here that.") if s.channel == 0 else s
                for s in super().transcribe(audio, language, channel, offset)]

    def rescore(self, audio: np.ndarray, language: str, segments: list[Segment], changes: list[Change]) -> list[float]:
        self.rescored += [text for _, text in changes]
        return [0.8 if "sorry to hear" in text else -3.0 for _, text in changes]


def _transcribe_with_a_mishearing_engine(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> tuple[_MishearingEngine, Path]:
    """One call transcribed by the job with ``_MishearingEngine``; the engine (what it rescored) and the warehouse."""
    fake = _MishearingEngine()
    monkeypatch.setattr("pipelines.speech.batch.load_engine", lambda options, cache: fake)
    db = tmp_path / "w.duckdb"
    write_demo_call(tmp_path / "good.wav", CALL)
    add_call(db, "good", tmp_path / "good.wav")
    _run(db)
    return fake, db


def test_a_phrase_the_audio_fits_reaches_the_transcript_turns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOE_ACOUSTIC_CHECK", "true")
    fake, db = _transcribe_with_a_mishearing_engine(tmp_path, monkeypatch)
    assert "I am I'm sorry to hear that." in fake.rescored
    with warehouse.connect(db) as conn:
        kept = conn.execute("select alternatives from core.messages where role = 'agent' order by seq").fetchall()
        stored = conn.execute("select count(*) from core.transcript_segments where len(alternatives) > 0").fetchone()
    assert {"heard": "so story to here", "phrase": "i'm sorry to hear", "delta": 0.8} in kept[0][0]
    assert stored == (2,)  # both agent segments (one per speech region)


def test_the_acoustic_check_is_off_unless_switched_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOE_ACOUSTIC_CHECK", raising=False)
    fake, db = _transcribe_with_a_mishearing_engine(tmp_path, monkeypatch)
    assert fake.rescored == []
    with warehouse.connect(db) as conn:
        assert conn.execute("select count(*) from core.messages where len(alternatives) > 0").fetchone() == (0,)
