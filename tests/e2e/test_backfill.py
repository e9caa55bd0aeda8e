"""A daily-partitioned backfill with the multiprocess executor, two runs at a time, into one temporary DuckDB file:
per day, call transcription, customer-turn sentiment, conversation metrics, QA scoring and theme assignment, with
the same results as one unpartitioned (in-process, ``koe_job``-style) run over the same warehouse."""

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import dagster as dg
import polars as pl
import pytest
from polars.testing import assert_frame_equal

import warehouse
from pipelines.backfill import backfill, reconstructable_daily_job
from pipelines.defs.qa import qa_scores
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.defs.sentiment import message_sentiment
from pipelines.defs.themes import complaint_themes, theme_assignments
from pipelines.defs.transcription import call_transcripts, conversation_metrics
from tests.unit.themes.planted import core_rows, planted_documents

DAYS = [date(2026, 11, 2) + timedelta(days=n) for n in range(3)]
CALLS_PER_DAY = 3
DAILY_ASSETS = ["call_transcripts", "qa_scores", "theme_assignments"]  # + conversation_metrics, unpartitioned
SCORES = "select interaction_id, rubric_id, rubric_version, input_hash, score, critical_failed from qa.current_scores"
ANSWERS = "select interaction_id, rubric_id, criterion_id, answer, points from qa.current_answers"
ASSIGNMENTS = "select interaction_id, theme_id, similarity, method from themes.theme_assignments"
SENTIMENT = "select message_id, model_version, label, score from core.message_sentiment"


def _insert(path: Path, rows: dict[str, pl.DataFrame]) -> None:
    with warehouse.connect(path) as conn:
        for table, frame in rows.items():
            conn.register("koe_fixture", frame)
            conn.execute(f"insert into core.{table} by name select * from koe_fixture")
            conn.unregister("koe_fixture")


def _seed(path: Path, audio_folder: Path) -> None:
    """Complaint documents over 30 days (4 a day) with themes fitted on all but the last days; then those (the
    backfilled days) arrive, with calls whose audio is missing: each partition quarantines its own day's recordings
    (no Whisper model needed)."""
    start = datetime.combine(DAYS[0] - timedelta(days=30 - len(DAYS)), datetime.min.time())
    rows = core_rows(planted_documents(per_language=12), start=start, days=30)  # 03:00 UTC = 12:00 JST
    new_ids = rows["interactions"].filter(pl.col("created_at") >= DAYS[0])["interaction_id"].implode()

    def part(new: bool) -> dict[str, pl.DataFrame]:
        return {table: frame.filter(pl.col("interaction_id").is_in(new_ids) == new) for table, frame in rows.items()}

    _insert(path, part(new=False))
    full_fit = {"ops": {"complaint_themes": {"config": {"mode": "full"}}}}
    assert dg.materialize([complaint_themes], resources={"warehouse": WarehouseResource(path=str(path))},
                          run_config=full_fit).success
    _insert(path, part(new=True))
    calls = [(f"C{day:%m%d}{n}", datetime.combine(day, datetime.min.time()) + timedelta(hours=1 + n))  # 10:00 JST…
             for day in DAYS for n in range(CALLS_PER_DAY)]
    _insert(path, {
        "interactions": pl.DataFrame({"interaction_id": [c for c, _ in calls], "created_at": [at for _, at in calls],
                                      "channel": "phone", "direction": "inbound"}),
        "recordings": pl.DataFrame({"recording_id": [c for c, _ in calls], "interaction_id": [c for c, _ in calls],
                                    "path": [str(audio_folder / f"{c}.wav") for c, _ in calls]}),
    })


def _read(path: Path, sql: str) -> pl.DataFrame:
    return warehouse.query(path, f"{sql} order by all")


@pytest.mark.e2e
def test_daily_backfill_runs_partitions_in_parallel_like_one_unpartitioned_run(tmp_path: Path, monkeypatch) -> None:
    db, reference = tmp_path / "koe.duckdb", tmp_path / "unpartitioned" / "koe.duckdb"
    monkeypatch.setenv("KOE_WAREHOUSE", str(db))  # step subprocesses inherit it
    _seed(db, tmp_path / "audio")
    reference.parent.mkdir()
    shutil.copy(db, reference)
    keys = [d.isoformat() for d in DAYS]
    finished: list[str] = []
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        results = backfill(reconstructable_daily_job(), keys, instance, parallel_runs=2,
                           on_done=lambda key, ok: finished.append(key))
        runs = instance.get_run_records()
        metrics_runs = len(instance.fetch_materializations(dg.AssetKey("conversation_metrics"), limit=100).records)
        materialized = {asset: {r.event_log_entry.dagster_event.partition for r in instance.fetch_materializations(
            dg.AssetKey(asset), limit=100).records} for asset in DAILY_ASSETS}
    assert results == dict.fromkeys(keys, True)
    assert sorted(finished) == keys
    assert sorted(r.dagster_run.tags["dagster/partition"] for r in runs) == keys
    spans = sorted((r.start_time, r.end_time) for r in runs)
    assert any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:], strict=False))  # runs overlapped
    assert materialized == {asset: set(keys) for asset in DAILY_ASSETS}
    assert metrics_runs == len(DAYS)  # the unpartitioned step between them, once in every day's run
    statuses = warehouse.query(db, "select status, count(*) n from core.recordings group by all").rows()
    assert statuses == [("quarantined", len(DAYS) * CALLS_PER_DAY)]

    # The same assets without a partition key (everything pending, as koe_job runs them) on a copy of the warehouse.
    everything = dg.materialize([call_transcripts, message_sentiment, conversation_metrics, qa_scores,
                                 theme_assignments], resources={
        "warehouse": WarehouseResource(path=str(reference)), "koe_settings": SettingsResource()})
    assert everything.success
    in_days = f" where interaction_id in (select interaction_id from core.interactions where created_at >= '{DAYS[0]}')"
    scored = _read(db, SCORES)
    assert scored.height and scored.equals(_read(db, SCORES + in_days))  # the backfilled days' only, nothing older
    assert_frame_equal(scored, _read(reference, SCORES + in_days))
    assert_frame_equal(_read(db, ANSWERS), _read(reference, ANSWERS + in_days))
    felt = _read(db, SENTIMENT)  # the backfill stores each customer turn's sentiment, as koe_job does
    assert felt.height > 0
    assert_frame_equal(felt, _read(reference, SENTIMENT), abs_tol=1e-4)
    assigned = _read(db, ASSIGNMENTS)
    assert assigned.filter(pl.col("method") == "incremental").height == 4 * len(DAYS)  # the new days' documents
    assert_frame_equal(assigned, _read(reference, ASSIGNMENTS), abs_tol=1e-5)
