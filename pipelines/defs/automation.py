"""The job that runs everything, its nightly schedule, and the landing-folder sensor."""

from __future__ import annotations

import dagster as dg

from pipelines.ingest.landing import landing_fingerprint
from warehouse.settings import load_settings

# One process writes the DuckDB file at a time, so steps run in process, one after another.
koe_job = dg.define_asset_job(
    "koe_job",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("cluster"),  # the write-once days: by partition
    executor_def=dg.in_process_executor,
    description="Load new landing files, rebuild core and marts, score, transcribe, cluster and publish.",
)

nightly_schedule = dg.ScheduleDefinition(
    name="koe_nightly", job=koe_job, cron_schedule="0 2 * * *", execution_timezone=load_settings().timezone,
)  # 02:00 in KOE_TIMEZONE, read when the code location loads


@dg.sensor(job=koe_job, minimum_interval_seconds=60)
def landing_sensor(context: dg.SensorEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    """Starts a run when files in the landing folder are added or changed."""
    fingerprint = landing_fingerprint(load_settings().landing_dir)
    if not fingerprint:
        return dg.SkipReason("the landing folder is empty")
    if fingerprint == context.cursor:
        return dg.SkipReason("no new or changed files")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
