"""Audio that is not audio, empty, cut short or very long: decoding gives audio or an ``AudioError`` reason, and a
transcription run quarantines such files by name instead of failing."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import numpy as np
import pytest
import soundfile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import warehouse
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.defs.transcription import call_transcripts
from pipelines.demo.audio import DemoTurn, write_demo_call
from pipelines.speech.audio import AudioError, decode_channels
from tests.unit.speech.fakes import FakeEngine, add_call

MAGIC = [b"", b"RIFF\x24\x00\x00\x00WAVEfmt ", b"ID3\x03\x00", b"OggS\x00", b"fLaC", b"\xff\xfb\x90", b"\x1aE\xdf\xa3"]


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    fake = FakeEngine()
    monkeypatch.setattr("pipelines.speech.batch.load_engine", lambda options, cache: fake)
    return fake


@pytest.fixture(scope="module")
def real_call(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("call") / "call.wav"
    write_demo_call(path, [DemoTurn("agent", "en", "greeting"), DemoTurn("customer", "en", "order_late")])
    return path.read_bytes()


def _decodes_or_says_why(path: Path) -> None:
    try:
        audio = decode_channels(path)
    except AudioError as error:
        assert str(error)
        return
    assert audio.channels.shape[1] > 0 and np.isfinite(audio.channels).all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(magic=st.sampled_from(MAGIC), body=st.binary(max_size=600), suffix=st.sampled_from([".wav", ".mp3", ".ogg"]))
def test_random_bytes_never_escape_as_another_error(tmp_path: Path, magic: bytes, body: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(magic + body)
    _decodes_or_says_why(path)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 20_000), flip=st.integers(0, 255))
def test_truncated_or_corrupted_calls(tmp_path: Path, real_call: bytes, cut: int, flip: int) -> None:
    data = bytearray(real_call[:cut])
    if len(data) > 60:
        data[40 + flip % 20] ^= 0xFF  # damage the header or the first samples
    path = tmp_path / "cut.wav"
    path.write_bytes(bytes(data))
    _decodes_or_says_why(path)


def test_a_run_quarantines_each_bad_recording_by_name_and_keeps_the_good_ones(
        tmp_path: Path, engine: FakeEngine, real_call: bytes) -> None:
    db = tmp_path / "w.duckdb"
    files = {"good": real_call, "empty": b"", "text": "お問い合わせ番号".encode() * 50, "cut": real_call[:30]}
    for name, data in files.items():
        (tmp_path / f"{name}.wav").write_bytes(data)
        add_call(db, name, tmp_path / f"{name}.wav")
    soundfile.write(tmp_path / "long.wav", np.zeros(8000 * 1200, dtype=np.int16), 8000, subtype="PCM_16")  # 20 min
    add_call(db, "long", tmp_path / "long.wav")
    add_call(db, "folder", tmp_path)  # a path that is a directory, not a file

    result = dg.materialize([call_transcripts], resources={
        "warehouse": WarehouseResource(path=str(db)), "koe_settings": SettingsResource()})

    assert result.success
    with warehouse.connect(db) as conn:
        reasons = dict(conn.execute("select source_file, reason from quarantine").fetchall())
        status = dict(conn.execute("select recording_id, status from core.recordings").fetchall())
        long_call = conn.execute("select t.duration_seconds, t.segment_count from core.transcriptions t join"
                                 " core.recordings r using (recording_id) where r.recording_id = 'long'").fetchone()
    assert set(reasons) == {str(tmp_path / f"{n}.wav") for n in ("empty", "text", "cut")} | {str(tmp_path)}
    assert reasons[str(tmp_path / "empty.wav")] == "empty file (0 bytes)"
    assert all(reasons.values())
    assert {k for k, v in status.items() if v == "quarantined"} == {"empty", "text", "cut", "folder"}
    assert long_call == (pytest.approx(1200.0), 0)  # silence: decoded whole, nothing sent to the engine
