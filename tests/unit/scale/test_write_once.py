"""Compute anywhere, write once (pipelines/results): a day's results are written as files by a worker with no
warehouse connection and merged once — a re-run or a duplicate worker result changes nothing, a half-written result
is never merged, and the next run completes what a killed worker left."""

from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import warehouse
from pipelines.results import steps
from pipelines.results.store import IncompleteResult, ResultStore
from pipelines.speech.options import TranscribeOptions
from qa_rubrics import load_all
from tests.unit.themes.planted import core_rows, planted_documents

DAY = date(2026, 11, 3)
TABLES = {
    "qa.runs": "select interactions, rubric_ids from qa.runs",
    "qa.scores": "select interaction_id, rubric_id, rubric_version, input_hash, score from qa.scores",
    "qa.answers": "select interaction_id, rubric_id, criterion_id, answer, points from qa.answers",
    "core.transcriptions": "select recording_id, sha256, status from core.transcriptions",
    "core.recordings": "select recording_id, status from core.recordings",
    "quarantine": "select kind, source_file, reason from quarantine",
    "core.merged_results": "select step, day, row_count from core.merged_results",
}


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """Four days of customer contacts (some on DAY) and two calls on DAY whose audio is missing."""
    db = tmp_path / "koe.duckdb"
    rows = core_rows(planted_documents(per_language=2), start=datetime.combine(DAY, datetime.min.time())
                     - timedelta(days=2), days=4)
    calls = ["CALL1", "CALL2"]
    rows["recordings"] = pl.DataFrame({"recording_id": calls, "interaction_id": calls,
                                       "path": [str(tmp_path / f"{c}.wav") for c in calls]})
    rows["interactions"] = pl.concat([rows["interactions"], pl.DataFrame({
        "interaction_id": calls, "created_at": [datetime.combine(DAY, datetime.min.time()) + timedelta(hours=2)] * 2,
        "channel": "phone", "direction": "inbound", "escalated": False})], how="diagonal_relaxed")
    with warehouse.connect(db) as conn:
        for table, frame in rows.items():
            conn.register("fixture", frame)
            conn.execute(f"insert into core.{table} by name select * from fixture")
            conn.unregister("fixture")
    return db


def _connect(db: Path):
    return lambda: warehouse.connection.connect_when_free(db)


def _day(db: Path, store: ResultStore, *, compute_twice: bool = False) -> None:
    """One day's stage → compute → merge, as the cluster job's steps do it."""
    connect, day, options = _connect(db), DAY.isoformat(), TranscribeOptions()
    steps.stage_transcription(connect, store, day, "Asia/Tokyo", options)
    for _ in range(2 if compute_twice else 1):
        steps.compute_transcription(store, day, options, db.parent / "cache")
    steps.merge_transcription(connect, store, day, options)
    steps.stage_scoring(connect, store, day, "Asia/Tokyo", load_all())
    for _ in range(2 if compute_twice else 1):
        steps.compute_scores(store, day, load_all())
        steps.compute_theme_assignments(store, day)
    steps.merge_scores(connect, store, day)
    steps.merge_theme_assignments(connect, store, day, datetime(2026, 11, 4))


def _tables(db: Path) -> dict[str, pl.DataFrame]:
    return {name: warehouse.query(db, f"{sql} order by all") for name, sql in TABLES.items()}


def _assert_same(left: dict[str, pl.DataFrame], right: dict[str, pl.DataFrame]) -> None:
    for name in TABLES:
        assert_frame_equal(left[name], right[name], check_row_order=False), name


def test_a_day_merges_once_and_a_rerun_changes_nothing(seeded: Path, tmp_path: Path) -> None:
    store = ResultStore(tmp_path / "results")
    _day(seeded, store)
    first = _tables(seeded)
    assert first["qa.runs"].height == 1 and first["qa.scores"].height > 0
    assert first["core.recordings"]["status"].to_list() == ["quarantined", "quarantined"]
    assert first["core.merged_results"]["step"].sort().to_list() == ["qa", "themes", "transcription"]
    scored_days = warehouse.query(seeded, "select distinct cast(timezone('Asia/Tokyo', i.created_at::timestamptz)"
                                          " as date) d from qa.scores join core.interactions i using (interaction_id)")
    assert scored_days["d"].to_list() == [DAY]  # the partition's interactions only

    _day(seeded, store)  # the same day again: new inputs staged (nothing pending), merged, nothing changes
    again = _tables(seeded)
    _assert_same({**first, "core.merged_results": again["core.merged_results"]}, again)
    assert again["core.merged_results"].height == 6  # each step's new (empty) inputs, recorded once

    for step in ("transcription", "qa", "themes"):  # merging the same finished results again: nothing
        assert steps._merge(_connect(seeded), store, step, DAY.isoformat(),
                            store.latest(steps.inputs_step(step), DAY.isoformat()), None)["merged"] is False
    _assert_same(again, _tables(seeded))


def test_a_duplicate_worker_result_is_merged_once(seeded: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference.duckdb"
    reference.write_bytes(seeded.read_bytes())
    _day(reference, ResultStore(tmp_path / "single"))
    store = ResultStore(tmp_path / "results")
    _day(seeded, store, compute_twice=True)  # two workers finished the same inputs
    assert len(store.finished("qa", DAY.isoformat())) == 2
    _assert_same(_tables(reference), _tables(seeded))


def test_a_half_written_result_is_never_merged_and_the_rerun_completes_it(seeded: Path, tmp_path: Path) -> None:
    store, day, connect = ResultStore(tmp_path / "results"), DAY.isoformat(), _connect(seeded)
    steps.stage_transcription(connect, store, day, "Asia/Tokyo", TranscribeOptions())
    steps.merge_transcription(connect, store, day, TranscribeOptions())  # nothing merged yet
    steps.stage_scoring(connect, store, day, "Asia/Tokyo", load_all())
    killed = steps.compute_scores(store, day, load_all())
    killed.path.unlink()  # the worker died before its manifest: parquet files without _SUCCESS
    assert list(killed.path.parent.glob(f"{killed.attempt}.*.parquet"))
    before = _tables(seeded)
    assert steps.merge_scores(connect, store, day) == {"merged": False,
                                                       "reason": "no finished result for the latest inputs"}
    _assert_same(before, _tables(seeded))

    torn = steps.compute_scores(store, day, load_all())  # a manifest whose file was cut short (a torn copy)
    scores_file = torn.path.parent / torn.tables["scores"]["file"]
    scores_file.write_bytes(scores_file.read_bytes()[:-100])
    with pytest.raises(IncompleteResult, match="not the file its manifest"):
        steps.merge_scores(connect, store, day)
    _assert_same(before, _tables(seeded))
    torn.path.unlink()

    completed = steps.compute_scores(store, day, load_all())  # the re-run's worker
    assert steps.merge_scores(connect, store, day)["result"] == completed.attempt
    assert warehouse.query(seeded, "select count(*) n from qa.runs")["n"].item() == 1
    assert warehouse.query(seeded, "select count(*) n from qa.scores")["n"].item() == completed.tables["scores"]["rows"]


def test_compute_steps_have_no_warehouse_and_writer_steps_run_on_the_warehouse_queue() -> None:
    from pipelines.defs.cluster import CLUSTER_ASSETS, WRITER

    compute = {a.key.path[-1]: a for a in CLUSTER_ASSETS if a.key.path[-1].endswith("_results")}
    assert set(compute) == {"transcription_results", "qa_results", "theme_results"}
    for name, asset in compute.items():
        assert "warehouse" not in asset.required_resource_keys, name
        assert asset.op.tags.get("dagster-celery/queue") is None, name  # any worker
    for asset in CLUSTER_ASSETS:
        if asset.key.path[-1] not in compute:
            assert "warehouse" in asset.required_resource_keys and asset.op.tags.items() >= WRITER.items(), asset.key
