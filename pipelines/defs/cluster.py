"""The daily heavy steps as "compute anywhere, write once" assets (pipelines/results), for a cluster of workers.

Per day: ``transcription_inputs`` → ``transcription_results`` → ``transcripts_merged`` → ``scoring_inputs`` →
``qa_results`` and ``theme_results`` → ``scores_merged``. The ``*_results`` steps hold no warehouse connection (their
resources are the results folder and the settings); the others are the writer's short turns and carry the Celery
queue tag ``warehouse``, so with the Celery executor they run only on the worker(s) next to the DuckDB file while
any worker takes the compute. The same assets run with the in-process and multiprocess executors
(``pipelines.cluster``), and the in-place daily assets (``call_transcripts``, ``qa_scores``, ``theme_assignments``)
stay for one-machine runs.
"""

import os
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

import warehouse as warehouse_module
from pipelines.defs.partitions import call_days
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.defs.transcription import TranscriptionConfig
from pipelines.results import steps
from pipelines.results.store import ResultStore
from pipelines.speech.options import TranscribeOptions, configured_options
from qa_rubrics import load_all

WRITER = {"dagster-celery/queue": "warehouse"}  # steps that open the warehouse: only where the DuckDB file is
GROUP = "cluster"


class ResultsResource(dg.ConfigurableResource):
    """The shared results folder. Empty ``root``: ``KOE_RESULTS`` or ``results/`` next to the warehouse file."""

    root: str = ""

    def store(self) -> ResultStore:
        default = warehouse_module.warehouse_path(None).parent / "results"
        return ResultStore(self.root or os.environ.get("KOE_RESULTS") or default)


def _options(config: TranscriptionConfig, koe_settings: SettingsResource) -> TranscribeOptions:
    settings = koe_settings.settings()
    return configured_options(config.engine, config.model, settings.vocabulary, settings.decoding_prompt,
                              settings.acoustic_check)


@dg.asset(deps=["core_recordings", "core_interactions"], partitions_def=call_days, group_name=GROUP, op_tags=WRITER,
          kinds={"duckdb", "parquet"})
def transcription_inputs(context: dg.AssetExecutionContext, config: TranscriptionConfig, warehouse: WarehouseResource,
                         koe_settings: SettingsResource, results: ResultsResource) -> dg.MaterializeResult:
    """The day's recordings and the audio already transcribed, staged for any worker."""
    staged = steps.stage_transcription(warehouse.connect, results.store(), context.partition_key,
                                       koe_settings.settings().timezone, _options(config, koe_settings))
    return dg.MaterializeResult(metadata={"attempt": staged.attempt, "recordings": staged.tables["recordings"]["rows"]})


@dg.asset(deps=[transcription_inputs], partitions_def=call_days, group_name=GROUP, kinds={"whisper", "parquet"},
          retry_policy=dg.RetryPolicy(max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL))
def transcription_results(context: dg.AssetExecutionContext, config: TranscriptionConfig,
                          koe_settings: SettingsResource, results: ResultsResource) -> dg.MaterializeResult:
    """The day's recordings transcribed and redacted, as Parquet in the results folder (no warehouse connection)."""
    cache = Path(os.environ.get("KOE_MODEL_CACHE") or warehouse_module.cache_dir(None))
    done = steps.compute_transcription(results.store(), context.partition_key, _options(config, koe_settings), cache,
                                       koe_settings.settings().redact_names_of)
    rows = {table: entry["rows"] for table, entry in done.tables.items()}
    return dg.MaterializeResult(metadata={"attempt": done.attempt, "transcriptions": rows["transcriptions"],
                                          "missing_audio": rows["missing"]})


@dg.asset(deps=[transcription_results], partitions_def=call_days, group_name=GROUP, op_tags=WRITER,
          kinds={"duckdb"})
def transcripts_merged(context: dg.AssetExecutionContext, config: TranscriptionConfig, warehouse: WarehouseResource,
                       koe_settings: SettingsResource, results: ResultsResource) -> dg.MaterializeResult:
    """The day's transcription result merged once; then transcript turns and conversation metrics."""
    summary = steps.merge_transcription(warehouse.connect, results.store(), context.partition_key,
                                        _options(config, koe_settings), koe_settings.settings().redact_names_of)
    return dg.MaterializeResult(metadata=summary)


@dg.asset(deps=[transcripts_merged, "core_messages", "core_surveys", "complaint_themes"], partitions_def=call_days,
          group_name=GROUP, op_tags=WRITER, kinds={"duckdb", "parquet"})
def scoring_inputs(context: dg.AssetExecutionContext, warehouse: WarehouseResource, koe_settings: SettingsResource,
                   results: ResultsResource) -> dg.MaterializeResult:
    """The day's interactions to score and documents to assign, staged for any worker."""
    summary = steps.stage_scoring(warehouse.connect, results.store(), context.partition_key,
                                  koe_settings.settings().timezone, load_all())
    return dg.MaterializeResult(metadata=summary)


@dg.asset(deps=[scoring_inputs], partitions_def=call_days, group_name=GROUP, kinds={"polars", "parquet"})
def qa_results(context: dg.AssetExecutionContext, results: ResultsResource) -> dg.MaterializeResult:
    """QA scores of the day's staged interactions (no warehouse connection)."""
    done = steps.compute_scores(results.store(), context.partition_key, load_all())
    return dg.MaterializeResult(metadata={"attempt": done.attempt, "scores": done.tables["scores"]["rows"]})


@dg.asset(deps=[scoring_inputs], partitions_def=call_days, group_name=GROUP, kinds={"python", "parquet"})
def theme_results(context: dg.AssetExecutionContext, results: ResultsResource) -> dg.MaterializeResult:
    """The day's new documents assigned to the existing themes (no warehouse connection)."""
    done = steps.compute_theme_assignments(results.store(), context.partition_key)
    return dg.MaterializeResult(metadata={"attempt": done.attempt, "assignments": done.tables["assignments"]["rows"],
                                          "no_themes_yet": done.meta["no_themes_yet"]})


@dg.asset(deps=[qa_results, theme_results], partitions_def=call_days, group_name=GROUP, op_tags=WRITER,
          kinds={"duckdb"})
def scores_merged(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                  results: ResultsResource) -> dg.MaterializeResult:
    """The day's QA run and theme assignments merged once."""
    store, day = results.store(), context.partition_key
    run_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    qa, themes = steps.merge_scores(warehouse.connect, store, day), steps.merge_theme_assignments(
        warehouse.connect, store, day, run_at)
    return dg.MaterializeResult(metadata={**{f"qa_{k}": v for k, v in qa.items()},
                                          **{f"themes_{k}": v for k, v in themes.items()}})


CLUSTER_ASSETS = [transcription_inputs, transcription_results, transcripts_merged, scoring_inputs, qa_results,
                  theme_results, scores_merged]

# The same days from the Dagster UI or its backfill daemon (one run per day; the code location's executor).
daily_write_once_job = dg.define_asset_job("daily_write_once", selection=dg.AssetSelection.groups(GROUP))
