"""Recordings over HTTP (issue 12 High #1): a manifest path outside the audio root ('..', absolute, a symlink) is
quarantined at load and never served; a recording transcription quarantined is not served; what is served is the
masked copy, as audio/wav, from inside its folder even when the snapshot is tampered with."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
import soundfile

import warehouse
from dashboards.app import create_app
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.defs.transcription import call_transcripts, masked_recordings
from pipelines.demo.audio import DemoTurn, write_demo_call
from pipelines.ingest.load import ingest_file
from tests.e2e.dashboard_client import add_users, sign_in
from tests.unit.dashboards.fake_warehouse import build_fake_warehouse
from tests.unit.speech.fakes import FakeEngine
from warehouse.publish import SNAPSHOT_NAME, publish_snapshot
from warehouse.settings import published_dir

pytestmark = pytest.mark.e2e
CALL = [DemoTurn("agent", "en", "greeting"), DemoTurn("customer", "en", "order_late")]
GOOD, NOT_AUDIO = "I0000001", "I0000002"
ESCAPES = {"I0000003": "dotdot", "I0000004": "absolute", "I0000005": "symlink", "I0000006": "dotdot_to_audio"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    root = tmp_path_factory.mktemp("recordings")
    db, landing, outside = root / "koe.duckdb", root / "landing", root / "outside"
    build_fake_warehouse(db, 40)
    audio = landing / "recordings" / "audio"
    write_demo_call(audio / "good.wav", CALL)
    (audio / "bad.wav").write_bytes(b"RIFF not really audio")
    write_demo_call(outside / "secret.wav", CALL)  # decodable audio, outside the root: refused for where it is
    (audio / "escape.wav").symlink_to(outside / "secret.wav")
    manifest = landing / "recordings" / "recordings.csv"
    pl.DataFrame({
        "recording_id": ["R1", "R2", "R3", "R4", "R5", "R6"],
        "interaction_id": [GOOD, NOT_AUDIO, *ESCAPES],
        "path": ["audio/good.wav", "audio/bad.wav", "../../../../../../../../../../etc/passwd",
                 str(db.parent / "app.sqlite"), "audio/escape.wav", "../../outside/secret.wav"],
    }).write_csv(manifest)
    add_users(db.parent / "app.sqlite")
    with warehouse.connect(db) as conn:
        loaded = ingest_file(conn, "recordings", manifest, audio_root=landing)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pipelines.speech.batch.load_engine", lambda options, cache: FakeEngine())
        resources = {"warehouse": WarehouseResource(path=str(db)),
                     "koe_settings": SettingsResource(landing_dir=str(landing))}
        assert dg.materialize([call_transcripts, masked_recordings], resources=resources).success
    with warehouse.connect(db) as conn:
        publish_snapshot(conn, db)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KOE_LANDING_DIR", str(landing))
        app = create_app(db, app_db=db.parent / "app.sqlite")
        env.setenv("KOE_KEEP_ORIGINAL_AUDIO", "true")
        originals_app = create_app(db, app_db=db.parent / "app.sqlite")
    yield {"db": db, "landing": landing, "loaded": loaded, "app": app, "originals_app": originals_app}


def _client(app, username: str = "mika"):  # noqa: ANN001, ANN202 - Dash app, Flask test client
    client = app.server.test_client()
    sign_in(client, username)
    return client


def test_manifest_rows_outside_the_audio_root_are_quarantined_with_row_and_reason(site: dict) -> None:
    assert (site["loaded"].rows_loaded, site["loaded"].rows_quarantined) == (2, 4)
    with warehouse.connect(site["db"], read_only=True) as conn:
        kept = conn.execute("select recording_id, path from core.recordings order by 1").fetchall()
        quarantined = conn.execute("select source_file, source_row, reason from quarantine"
                                   " where kind = 'recordings' order by source_row").fetchall()
    assert [r[0] for r in kept] == ["R1", "R2"]
    assert all(Path(path).is_relative_to(site["landing"].resolve()) for _, path in kept)
    assert [row[1] for row in quarantined] == [3, 4, 5, 6]
    for (source_file, _, reason), recording in zip(quarantined, ["R3", "R4", "R5", "R6"], strict=True):
        assert source_file.endswith("recordings.csv")
        assert f"of recording {recording} resolves outside the audio root {site['landing'].resolve()}" in reason


def test_paths_outside_the_audio_root_are_never_served(site: dict) -> None:
    client = _client(site["app"])
    for interaction_id in ESCAPES:
        response = client.get(f"/recordings/{interaction_id}")
        assert response.status_code == 404, interaction_id
        assert b"root:" not in response.data and b"SQLite format" not in response.data


def test_a_recording_transcription_quarantined_as_not_decodable_is_not_served(site: dict) -> None:
    with warehouse.connect(site["db"], read_only=True) as conn:
        status = conn.execute("select status from core.recordings where recording_id = 'R2'").fetchone()[0]
    assert status == "quarantined"
    assert _client(site["app"]).get(f"/recordings/{NOT_AUDIO}").status_code == 404
    assert _client(site["originals_app"]).get(f"/recordings/{NOT_AUDIO}?original=1").status_code == 404


def test_the_accepted_recording_is_served_as_its_masked_copy_with_an_audio_type(site: dict) -> None:
    response = _client(site["app"]).get(f"/recordings/{GOOD}")
    assert response.status_code == 200
    assert response.mimetype == "audio/wav"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    samples, rate = soundfile.read(io.BytesIO(response.data))
    original, _ = soundfile.read(site["landing"] / "recordings" / "audio" / "good.wav")
    assert rate == 16000 and samples.shape == original.shape  # the copy the pipeline wrote, not the landing file
    copies = list((published_dir(site["db"]) / "recordings").iterdir())
    assert len(copies) == 1 and copies[0].read_bytes() == response.data


def test_originals_only_for_managers_and_only_when_the_setting_allows(site: dict) -> None:
    assert _client(site["app"]).get(f"/recordings/{GOOD}?original=1").status_code == 403
    assert _client(site["originals_app"], "quinn").get(f"/recordings/{GOOD}?original=1").status_code == 403
    response = _client(site["originals_app"]).get(f"/recordings/{GOOD}?original=1")
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    assert response.data == (site["landing"] / "recordings" / "audio" / "good.wav").read_bytes()


def test_a_tampered_snapshot_still_serves_nothing_outside_the_folders(site: dict, tmp_path: Path) -> None:
    """Serve time re-checks the path: a snapshot row pointing out of the audio root or the masked folder gets 404."""
    snapshot = published_dir(site["db"]) / SNAPSHOT_NAME
    saved = snapshot.read_bytes()
    try:
        with duckdb.connect(str(snapshot)) as conn:
            conn.execute("update core.recordings set path = '/etc/passwd', masked_file = '../../../../../etc/passwd'"
                         " where interaction_id = $id", {"id": GOOD})
        assert _client(site["app"]).get(f"/recordings/{GOOD}").status_code == 404
        assert _client(site["originals_app"]).get(f"/recordings/{GOOD}?original=1").status_code == 404
    finally:
        snapshot.write_bytes(saved)
        Path(f"{snapshot}.wal").unlink(missing_ok=True)
    assert os.path.getsize(snapshot) == len(saved)
