"""Run Koe's Dagster job in this process (what `koe run` and `koe demo` do)."""

from __future__ import annotations

import os
from collections.abc import Callable

import dagster as dg

from pipelines.definitions import build_defs


_QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def _instance() -> dg.DagsterInstance:
    """The persistent instance when DAGSTER_HOME is set (runs then show in `dagster dev`), else a throwaway one."""
    home = os.environ.get("DAGSTER_HOME")
    return dg.DagsterInstance.get() if home and os.path.isdir(home) else dg.DagsterInstance.ephemeral()


def run_koe_job(
    warehouse_path: str = "", landing_dir: str = "", on_step: Callable[[str], None] | None = None
) -> dg.ExecuteInProcessResult:
    """Execute ``koe_job``; ``on_step`` is told each step that finished (for a progress display)."""
    job = build_defs(warehouse_path, landing_dir).resolve_job_def("koe_job")
    with _instance() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=_QUIET)
    for event in result.all_events:
        if on_step and event.is_step_success:
            on_step(event.step_key or "")
        if event.is_step_failure:
            print(f"step failed: {event.step_key}: {event.event_specific_data.error.message.strip()[:500]}")
    return result
