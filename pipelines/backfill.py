"""Backfill daily partitions of the heavy assets: one Dagster run per day, several runs at once.

This is what Dagster's backfill daemon does (one run per partition, launched in parallel up to the run queue's
limit); here it runs without a daemon, for the CLI and tests. Every run uses the multiprocess executor, so the
steps are separate processes. They share one DuckDB file, which allows one writer process at a time: Koe's
assets compute outside the connection and open it with ``warehouse.connection.connect_when_free`` for short
writes, so parallel runs take turns instead of failing. The runs hold the warehouse's run lock *shared*
(``WarehouseResource.share_run_lock``): together with each other, never alongside a whole ``koe_job`` run.

The daily job has every partitioned asset: ``call_transcripts`` → ``message_sentiment`` (each new customer turn's
sentiment, stored once) → ``conversation_metrics`` → ``qa_scores``, and
``theme_assignments`` (the day's new documents to the existing themes; fit them first with ``complaint_themes``).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import dagster as dg

ROOT = Path(__file__).resolve().parents[1]
PARTITION_TAG = "dagster/partition"
PRELOAD_MODULES = ["pipelines.defs.transcription", "pipelines.defs.sentiment", "pipelines.defs.qa", "pipelines.defs.themes",
                   "transforms.themes.fit"]


def _partitioned_job(name: str, assets: list[dg.AssetsDefinition]) -> dg.JobDefinition:
    """A job of ``assets``; warehouse and settings come from the environment (``KOE_WAREHOUSE``, ...)."""
    from pipelines.defs.resources import SettingsResource, WarehouseResource

    job = dg.define_asset_job(name, selection=assets)
    defs = dg.Definitions(assets=assets, jobs=[job], resources={
        "warehouse": WarehouseResource(share_run_lock=True), "koe_settings": SettingsResource(),
    })
    return defs.resolve_job_def(name)


def transcription_backfill_job() -> dg.JobDefinition:
    """``call_transcripts`` by day."""
    from pipelines.defs.transcription import call_transcripts

    return _partitioned_job("transcription_backfill", [call_transcripts])


def daily_backfill_job() -> dg.JobDefinition:
    """Every daily-partitioned asset by day: transcripts, their customer turns' sentiment and conversation metrics,
    QA scores, theme assignment — the tables the daily ``koe_job`` writes for those days."""
    from pipelines.defs.qa import qa_scores
    from pipelines.defs.sentiment import message_sentiment
    from pipelines.defs.themes import theme_assignments
    from pipelines.defs.transcription import call_transcripts, conversation_metrics

    return _partitioned_job("daily_backfill", [call_transcripts, message_sentiment, conversation_metrics, qa_scores,
                                               theme_assignments])


def reconstructable_transcription_job() -> dg.ReconstructableJob:
    """The transcription job as step subprocesses rebuild it (by module and function name, from the repository root)."""
    return dg.build_reconstructable_job(
        __name__, transcription_backfill_job.__name__, reconstructor_working_directory=str(ROOT)
    )


def reconstructable_daily_job() -> dg.ReconstructableJob:
    """The daily job as step subprocesses rebuild it."""
    return dg.build_reconstructable_job(__name__, daily_backfill_job.__name__, reconstructor_working_directory=str(ROOT))


def backfill(
    job: dg.ReconstructableJob,
    partition_keys: Sequence[str],
    instance: dg.DagsterInstance,
    *,
    parallel_runs: int = 2,
    steps_per_run: int = 2,
    on_done: Callable[[str, bool], None] | None = None,
    run_config: dict | None = None,
) -> dict[str, bool]:
    """Run ``job`` once per partition key, ``parallel_runs`` runs at a time (each in its own process, as run
    launchers do); {partition key: run succeeded}. ``run_config`` replaces the multiprocess executor's (e.g. the
    Celery executor's, ``pipelines.cluster.run_config``)."""
    spawn = multiprocessing.get_context("spawn")
    results: dict[str, bool] = {}
    with ProcessPoolExecutor(max_workers=parallel_runs, mp_context=spawn) as pool:
        runs = {pool.submit(run_partition, job, instance.root_directory, key, steps_per_run, run_config): key
                for key in partition_keys}
        for done in as_completed(runs):
            results[runs[done]] = done.result()
            if on_done:
                on_done(runs[done], results[runs[done]])
    return {key: results[key] for key in partition_keys}


def run_partition(job: dg.ReconstructableJob, instance_home: str, key: str, steps: int,
                  run_config: dict | None = None) -> bool:
    """One partition's run with the multiprocess executor (in a worker process of ``backfill``), on the instance
    whose home is ``instance_home`` (its ``root_directory``: reopened from its ``dagster.yaml`` there, through
    Dagster's public ``DagsterInstance.local_temp(tempdir=...)``, as a run worker does from ``DAGSTER_HOME``).

    Steps start from a forkserver that imported the asset modules once per worker, instead of a fresh interpreter
    importing Dagster, polars, scikit-learn, ... for every step of every day (seconds each).
    """
    start = {"forkserver": {"preload_modules": PRELOAD_MODULES}}
    config = run_config if run_config is not None else {"execution": {"config": {"multiprocess": {"max_concurrent": steps, "start_method": start}}}}
    with dg.DagsterInstance.local_temp(tempdir=instance_home) as instance:
        return dg.execute_job(job, instance, run_config=config, tags={PARTITION_TAG: key}).success
