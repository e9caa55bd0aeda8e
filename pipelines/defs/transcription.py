"""Call transcription and conversation metrics as Dagster assets."""

import dagster as dg

import warehouse as warehouse_module
import warehouse.transcripts as store
from pipelines.defs.partitions import call_days, partition_day
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.speech.batch import transcribe_pending
from pipelines.speech.masking import write_masked_recordings
from pipelines.speech.options import configured_options
from transforms.conversation import conversation_metrics as compute_conversation_metrics
from warehouse.audio_files import masked_audio_dir


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
    day = partition_day(context)  # no key: every recording not yet done

    def progress(done: int, total: int, recording_id: str) -> None:
        context.log.info(f"transcription {done}/{total}: {recording_id}")

    settings = koe_settings.settings()
    options = configured_options(config.engine, config.model, settings.vocabulary, settings.decoding_prompt,
                              settings.acoustic_check)
    cache = warehouse_module.cache_dir(warehouse.resolved_path)  # joined/converted weights, next to the file
    result = transcribe_pending(warehouse.connect, day, settings.timezone, options, cache, progress,
                                settings.redact_names_of)
    return dg.MaterializeResult(metadata={
        "day": day or "all", "recordings_in_scope": result.in_scope, "transcribed_count": result.transcribed,
        "skipped_already_transcribed": result.skipped, "quarantined_count": result.quarantined,
        "audio_seconds": round(result.audio_seconds, 1), "processing_seconds": round(result.processing_seconds, 1),
        "realtime_factor": round(result.realtime_factor or 0.0, 3), "turns_written": result.turns_written,
        "engine": options.engine, "model": options.model,
        "options_hash": ", ".join(f"{language}: {options.options_hash(language)}" for language in options.languages),
        "quarantine_reasons": dg.MetadataValue.md("\n".join(f"- {r}" for r in result.reasons) or "none"),
    })


@dg.asset(deps=[call_transcripts, "message_sentiment"], group_name="transcription", kinds={"duckdb", "polars"})
def conversation_metrics(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Per-call talk, silence, hold, overlap, speaking rate and customer sentiment from the transcript turns.

    Incremental (calls whose metrics are missing or older than their transcription) and not partitioned: it sits
    between the daily ``call_transcripts`` and the daily ``qa_scores`` / ``theme_assignments``, because Dagster
    cannot run a partitioned asset after another partitioned one without a partition key, as ``koe_job`` does. So a
    day's backfill run (pipelines/backfill.py) runs it too, and it computes what that run (or another) transcribed.
    """
    with warehouse.connect() as conn:
        turns, calls = store.transcript_turns(conn, stale_only=True)
    metrics = compute_conversation_metrics(turns, calls)  # the turns' stored sentiment (asset message_sentiment)
    with warehouse.connect() as conn:
        written = store.replace_conversation_metrics(conn, metrics)
    return dg.MaterializeResult(metadata={"row_count": written})


@dg.asset(deps=[call_transcripts], group_name="transcription", kinds={"duckdb", "wav"})
def masked_recordings(warehouse: WarehouseResource, koe_settings: SettingsResource) -> dg.MaterializeResult:
    """The audio the dashboard serves: each accepted recording with its spoken personal data silenced.

    Not partitioned, like ``conversation_metrics``: it writes the copies that are missing or whose spans changed.
    """
    folder = masked_audio_dir(warehouse.resolved_path)
    result = write_masked_recordings(warehouse.connect, koe_settings.settings().resolved_audio_root, folder)
    return dg.MaterializeResult(metadata={
        "written": result.written, "unchanged": result.unchanged, "stale_removed": result.removed,
        "masked_seconds": round(result.masked_seconds, 1), "folder": str(folder),
        "refused": dg.MetadataValue.md("\n".join(f"- {r}" for r in result.refused) or "none"),
    })
