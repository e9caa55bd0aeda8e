"""A daily-partitioned backfill with the multiprocess executor, two runs at a time, into one temporary DuckDB file."""

from datetime import date, datetime, timedelta
from pathlib import Path

import dagster as dg
import pytest

import warehouse
from pipelines.backfill import backfill, reconstructable_transcription_job

DAYS = [date(2026, 11, 2) + timedelta(days=n) for n in range(4)]
CALLS_PER_DAY = 3


def _seed_calls(path: Path, audio_folder: Path) -> None:
    """Calls whose audio is missing: each partition quarantines its own day's recordings (no model needed)."""
    with warehouse.connect(path) as conn:
        for day in DAYS:
            for n in range(CALLS_PER_DAY):
                call = f"C{day:%m%d}{n}"
                created = datetime.combine(day, datetime.min.time()) + timedelta(hours=1 + n)  # 10:00 JST onwards
                conn.execute("insert into core.interactions (interaction_id, channel, direction, created_at) "
                             "values ($id, 'phone', 'inbound', $at)", {"id": call, "at": created})
                conn.execute("insert into core.recordings (recording_id, interaction_id, path) "
                             "values ($id, $id, $path)", {"id": call, "path": str(audio_folder / f"{call}.wav")})


@pytest.mark.e2e
def test_daily_backfill_runs_partitions_in_parallel_into_one_warehouse(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "koe.duckdb"
    monkeypatch.setenv("KOE_WAREHOUSE", str(db))  # step subprocesses inherit it
    _seed_calls(db, tmp_path / "audio")
    finished: list[str] = []
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        results = backfill(reconstructable_transcription_job(), [d.isoformat() for d in DAYS], instance,
                           parallel_runs=2, on_done=lambda key, ok: finished.append(key))
        runs = instance.get_run_records()
        materialized = {e.partition for e in instance.fetch_materializations(
            dg.AssetKey("call_transcripts"), limit=100).records for e in [e.event_log_entry.dagster_event]}
    assert results == {d.isoformat(): True for d in DAYS}
    assert sorted(r.dagster_run.tags["dagster/partition"] for r in runs) == [d.isoformat() for d in DAYS]
    spans = sorted((r.start_time, r.end_time) for r in runs)
    assert any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:], strict=False))  # runs overlapped
    assert materialized == {d.isoformat() for d in DAYS}
    statuses = warehouse.query(db, "select status, count(*) n from core.recordings group by all").rows()
    assert statuses == [("quarantined", len(DAYS) * CALLS_PER_DAY)]
    assert sorted(finished) == sorted(results)
