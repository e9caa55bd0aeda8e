"""Backfill daily partitions of the heavy assets: one Dagster run per day, several runs at once.

This is what Dagster's backfill daemon does (one run per partition, launched in parallel up to the run queue's
limit); here it runs without a daemon, for the CLI and tests. Every run uses the multiprocess executor, so the
steps are separate processes. They share one DuckDB file, which allows one writer process at a time: Koe's
assets compute outside the connection and open it with ``warehouse.connection.connect_when_free`` for short
writes, so parallel runs take turns instead of failing.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import dagster as dg
from dagster._core.instance.ref import InstanceRef

ROOT = Path(__file__).resolve().parents[1]
PARTITION_TAG = "dagster/partition"


def transcription_backfill_job() -> dg.JobDefinition:
    """``call_transcripts`` by day; warehouse and settings come from the environment (``KOE_WAREHOUSE``, ...)."""
    from pipelines.defs.resources import SettingsResource, WarehouseResource
    from pipelines.defs.transcription import call_transcripts

    job = dg.define_asset_job("transcription_backfill", selection=[call_transcripts])
    defs = dg.Definitions(assets=[call_transcripts], jobs=[job],
                          resources={"warehouse": WarehouseResource(), "koe_settings": SettingsResource()})
    return defs.resolve_job_def("transcription_backfill")


def reconstructable_transcription_job() -> dg.ReconstructableJob:
    """The job as step subprocesses rebuild it (by module and function name, from the repository root)."""
    return dg.build_reconstructable_job(
        __name__, transcription_backfill_job.__name__, reconstructor_working_directory=str(ROOT)
    )


def backfill(
    job: dg.ReconstructableJob,
    partition_keys: Sequence[str],
    instance: dg.DagsterInstance,
    *,
    parallel_runs: int = 2,
    steps_per_run: int = 2,
    on_done: Callable[[str, bool], None] | None = None,
) -> dict[str, bool]:
    """Run ``job`` once per partition key, ``parallel_runs`` runs at a time (each in its own process, as run
    launchers do); {partition key: run succeeded}."""
    spawn = multiprocessing.get_context("spawn")
    results: dict[str, bool] = {}
    with ProcessPoolExecutor(max_workers=parallel_runs, mp_context=spawn) as pool:
        runs = {pool.submit(run_partition, job, instance.get_ref(), key, steps_per_run): key for key in partition_keys}
        for done in as_completed(runs):
            results[runs[done]] = done.result()
            if on_done:
                on_done(runs[done], results[runs[done]])
    return {key: results[key] for key in partition_keys}


def run_partition(job: dg.ReconstructableJob, instance_ref: InstanceRef, key: str, steps: int) -> bool:
    """One partition's run with the multiprocess executor (in a worker process of ``backfill``)."""
    config = {"execution": {"config": {"multiprocess": {"max_concurrent": steps}}}}
    with dg.DagsterInstance.from_ref(instance_ref) as instance:
        return dg.execute_job(job, instance, run_config=config, tags={PARTITION_TAG: key}).success
