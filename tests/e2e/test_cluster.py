"""The write-once daily job on a real Celery cluster: Redis and two workers started here, a 3-day backfill (stage,
transcription, merge, QA scoring, theme assignment, merge) whose warehouse equals, table by table, the same days
run in process. Calls have no audio file (each day quarantines its own recordings): no Whisper model is loaded."""

import shutil
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

import warehouse
from pipelines.backfill import backfill
from pipelines.cluster import LocalCluster, reconstructable_cluster_job, run_config
from pipelines.defs.cluster import CLUSTER_ASSETS, ResultsResource
from pipelines.defs.resources import SettingsResource, WarehouseResource
from tests.e2e.test_backfill import CALLS_PER_DAY, DAYS, _seed

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(shutil.which("redis-server") is None,
                                                  reason="redis-server is not installed (make test installs it)")]
TABLES = {
    "qa.scores": "select interaction_id, rubric_id, rubric_version, input_hash, score, critical_failed from qa.scores",
    "qa.answers": "select interaction_id, rubric_id, criterion_id, answer, points from qa.answers",
    "qa.evidence": "select * exclude (run_id) from qa.evidence",
    "qa.runs": "select interactions, rubric_ids from qa.runs",
    "themes.theme_assignments": "select interaction_id, theme_id, round(similarity, 5) s, method"
                                " from themes.theme_assignments",
    "core.recordings": "select recording_id, status from core.recordings",
    "core.transcriptions": "select recording_id, status, reason from core.transcriptions",
    "quarantine": "select kind, source_file, reason from quarantine",
    "core.merged_results": "select step, day, row_count from core.merged_results",
}


def _tables(path: Path) -> dict[str, pl.DataFrame]:
    return {name: warehouse.query(path, f"{sql} order by all") for name, sql in TABLES.items()}


def test_celery_backfill_equals_an_in_process_run(tmp_path: Path, monkeypatch) -> None:
    db, reference = tmp_path / "koe.duckdb", tmp_path / "in_process" / "koe.duckdb"
    monkeypatch.setenv("KOE_WAREHOUSE", str(db))
    monkeypatch.setenv("KOE_RESULTS", str(tmp_path / "results"))
    (tmp_path / "dagster").mkdir()
    keys = [d.isoformat() for d in DAYS]
    env = {"KOE_WAREHOUSE": str(db), "KOE_RESULTS": str(tmp_path / "results")}
    with LocalCluster(workers=2, folder=tmp_path / "cluster", env=env) as cluster, \
            dg.instance_for_test(temp_dir=str(tmp_path / "dagster")) as instance:
        _seed(db, tmp_path / "audio")  # while the workers start
        reference.parent.mkdir()
        shutil.copy(db, reference)
        cluster.wait_ready(timeout=180)
        results = backfill(reconstructable_cluster_job("celery"), keys, instance, parallel_runs=len(keys),
                           run_config=run_config("celery", cluster.broker))
        workers = {str(e.dagster_event.event_specific_data.metadata["Celery worker"].value)  # type: ignore[union-attr]
                   for r in instance.get_run_records() for e in instance.all_logs(r.dagster_run.run_id)
                   if e.dagster_event and e.dagster_event.is_engine_event and e.message.endswith("in celery worker")}
    assert results == dict.fromkeys(keys, True), f"worker logs in {cluster.folder}"
    assert {w.split("@")[0] for w in workers} == {"koe-1", "koe-2"}  # both workers took steps

    resources = {"warehouse": WarehouseResource(path=str(reference)), "koe_settings": SettingsResource(),
                 "results": ResultsResource(root=str(tmp_path / "in_process" / "results"))}
    for key in keys:
        assert dg.materialize(CLUSTER_ASSETS, partition_key=key, resources=resources).success

    merged, expected = _tables(db), _tables(reference)
    assert merged["core.recordings"]["status"].to_list() == ["quarantined"] * len(DAYS) * CALLS_PER_DAY
    assert merged["qa.scores"].height and merged["themes.theme_assignments"].filter(
        pl.col("method") == "incremental").height == 4 * len(DAYS)  # each new day's documents assigned
    assert merged["core.merged_results"].height == 3 * len(DAYS)  # transcription, qa, themes once per day
    for name in TABLES:
        assert merged[name].equals(expected[name]), f"{name} differs from the in-process run"
    assert merged["core.merged_results"]["day"].unique().sort().to_list() == DAYS
