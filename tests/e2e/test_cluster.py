"""The write-once daily job on a real Celery cluster: Redis and two workers started here, a 3-day backfill (stage,
transcription, merge, QA scoring, theme assignment, merge) whose warehouse equals, table by table, the same days
run in process. Calls have no audio file (each day quarantines its own recordings): no Whisper model is loaded.

One day's transcription step is killed mid-partition: its read of the shared results folder stalls on a named pipe
the test holds (a manifest name, so the step's own ``ResultStore.finished`` opens it), and the moment the pipe's
open returns the step is provably running on a worker; the test kills that worker process with SIGKILL. That day
must merge nothing, and a re-run of the day must complete it."""

import os
import shutil
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

import warehouse
from pipelines.backfill import backfill
from pipelines.cluster import LocalCluster, reconstructable_cluster_job, run_config
from pipelines.defs.cluster import CLUSTER_ASSETS, ResultsResource
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.results.steps import TRANSCRIPTION, inputs_step
from pipelines.results.store import MANIFEST_SUFFIX, ResultStore
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


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _descends_from(pid: int, ancestors: set[int]) -> bool:
    while pid > 1:
        if pid in ancestors:
            return True
        pid = _parent(pid)
    return False


def _holders(path: Path) -> set[int]:
    """Processes with ``path`` open (from /proc)."""
    found = set()
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            if os.readlink(fd) == str(path):
                found.add(int(fd.parts[2]))
        except OSError:  # a process or descriptor that went away meanwhile
            continue
    return found


def _kill_the_reader(pipe: Path, cluster: LocalCluster) -> int:
    """Block until a step opens ``pipe`` for reading, SIGKILL that worker process, return its pid."""
    writer = os.open(pipe, os.O_WRONLY)  # returns only once a reader has the pipe open: the step is running
    try:
        workers = {p.pid for p in cluster.processes[1:]}  # [0] is redis-server
        readers = {pid for pid in _holders(pipe) if _descends_from(pid, workers)}
        assert len(readers) == 1, f"readers of {pipe}: {readers}"
        victim = readers.pop()
        os.kill(victim, signal.SIGKILL)
        return victim
    finally:
        os.close(writer)
        pipe.unlink()


def test_celery_backfill_survives_a_killed_worker_and_equals_an_in_process_run(tmp_path: Path, monkeypatch) -> None:
    db, reference = tmp_path / "koe.duckdb", tmp_path / "in_process" / "koe.duckdb"
    results_root = tmp_path / "results"
    monkeypatch.setenv("KOE_WAREHOUSE", str(db))
    monkeypatch.setenv("KOE_RESULTS", str(results_root))
    (tmp_path / "dagster").mkdir()
    keys = [d.isoformat() for d in DAYS]
    killed_day = keys[1]
    pipe = ResultStore(results_root).folder(inputs_step(TRANSCRIPTION), killed_day) / f"0-stalled{MANIFEST_SUFFIX}"
    pipe.parent.mkdir(parents=True)
    os.mkfifo(pipe)
    env = {"KOE_WAREHOUSE": str(db), "KOE_RESULTS": str(results_root)}
    job = reconstructable_cluster_job("celery")
    with LocalCluster(workers=2, folder=tmp_path / "cluster", env=env) as cluster, \
            dg.instance_for_test(temp_dir=str(tmp_path / "dagster")) as instance, ThreadPoolExecutor(1) as killer:
        _seed(db, tmp_path / "audio")  # while the workers start
        reference.parent.mkdir()
        shutil.copy(db, reference)
        cluster.wait_ready(timeout=180)
        config = run_config("celery", cluster.broker)
        victim = killer.submit(_kill_the_reader, pipe, cluster)
        try:
            first = backfill(job, keys, instance, parallel_runs=len(keys), run_config=config)
        finally:
            if not victim.done() and pipe.exists():  # no step ever read the pipe: release the killer (fails)
                os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))
        killed_pid = victim.result(timeout=60)
        failed = next(r for r in instance.get_run_records() if r.dagster_run.tags["dagster/partition"] == killed_day)
        failure = " ".join(str(e.dagster_event.event_specific_data) for e in instance.all_logs(failed.dagster_run.run_id)
                           if e.dagster_event and e.dagster_event.event_type == dg.DagsterEventType.RUN_FAILURE)
        after_kill, finished_after_kill = _tables(db), ResultStore(results_root).finished(TRANSCRIPTION, killed_day)
        rerun = backfill(job, [killed_day], instance, parallel_runs=1, run_config=config)
        workers = {str(e.dagster_event.event_specific_data.metadata["Celery worker"].value)  # type: ignore[union-attr]
                   for r in instance.get_run_records() for e in instance.all_logs(r.dagster_run.run_id)
                   if e.dagster_event and e.dagster_event.is_engine_event and e.message.endswith("in celery worker")}
        assert all(p.poll() is None for p in cluster.processes), "a whole worker died, not one of its processes"

    assert first == {key: key != killed_day for key in keys}, f"worker logs in {cluster.folder}"
    assert "WorkerLostError" in failure and "transcription_results" in failure, (killed_pid, failure)  # that step
    # Nothing of the killed day reached the warehouse or the results folder's finished attempts.
    killed = after_kill["core.merged_results"].filter(pl.col("day").cast(pl.String) == killed_day)
    assert killed.is_empty() and after_kill["core.merged_results"].height == 3 * (len(DAYS) - 1)
    assert finished_after_kill == []
    assert after_kill["core.recordings"]["status"].value_counts().sort("status").rows() == [
        ("new", CALLS_PER_DAY), ("quarantined", CALLS_PER_DAY * (len(DAYS) - 1))]
    assert rerun == {killed_day: True}, f"worker logs in {cluster.folder}"
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
