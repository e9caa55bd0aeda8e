"""Call transcription and conversation metrics as Dagster assets."""

import dagster as dg

import warehouse as warehouse_module
import warehouse.transcripts as store
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.speech.batch import transcribe_pending
from pipelines.speech.options import TranscribeOptions
from transforms.conversation import conversation_metrics as compute_conversation_metrics

call_days = dg.DailyPartitionsDefinition(start_date="2024-01-01", timezone="Asia/Tokyo", end_offset=1)


class TranscriptionConfig(dg.Config):
    engine: str = "faster-whisper"  # or openai-whisper (the reference; 2-5x slower on CPU)
    model: str = "base"  # packaged model name, CTranslate2 folder or openai-whisper checkpoint path


@dg.asset(
    deps=["core_recordings", "core_interactions", "core_messages"],
    partitions_def=call_days,
    retry_policy=dg.RetryPolicy(max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL),
    group_name="transcription",
    kinds={"duckdb", "whisper"},
)
def call_transcripts(
    context: dg.AssetExecutionContext, config: TranscriptionConfig, warehouse: WarehouseResource,
    koe_settings: SettingsResource,
) -> dg.MaterializeResult:
    """Speaker-attributed turns of call recordings (Whisper, offline), each audio transcribed once per model."""
    day = context.partition_key if context.has_partition_key else None  # no key: every recording not yet done

    def progress(done: int, total: int, recording_id: str) -> None:
        context.log.info(f"transcription {done}/{total}: {recording_id}")

    options = TranscribeOptions(engine=config.engine, model=config.model)
    cache = warehouse_module.cache_dir(warehouse.resolved_path)  # joined/converted weights, next to the file
    result = transcribe_pending(warehouse.connect, day, koe_settings.settings().timezone, options, cache, progress)
    return dg.MaterializeResult(metadata={
        "day": day or "all", "recordings_in_scope": result.in_scope, "transcribed_count": result.transcribed,
        "skipped_already_transcribed": result.skipped, "quarantined_count": result.quarantined,
        "audio_seconds": round(result.audio_seconds, 1), "processing_seconds": round(result.processing_seconds, 1),
        "realtime_factor": round(result.realtime_factor or 0.0, 3), "turns_written": result.turns_written,
        "engine": options.engine, "model": options.model, "options_hash": options.options_hash(),
        "quarantine_reasons": dg.MetadataValue.md("\n".join(f"- {r}" for r in result.reasons) or "none"),
    })


@dg.asset(deps=[call_transcripts], group_name="transcription", kinds={"duckdb", "polars"})
def conversation_metrics(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Per-call talk, silence, hold, overlap, speaking rate and customer sentiment from the transcript turns."""
    with warehouse.connect() as conn:
        turns, calls = store.transcript_turns(conn)
        metrics = compute_conversation_metrics(turns, calls)
        written = store.replace_conversation_metrics(conn, metrics)
    return dg.MaterializeResult(metadata={"row_count": written})
