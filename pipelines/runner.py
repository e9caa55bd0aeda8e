"""Run Koe's Dagster job in this process (what `koe run` and `koe demo` do), reporting steps as they finish."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

import dagster as dg
from dagster_shared.error import SerializableErrorInfo

from pipelines.definitions import build_defs
from warehouse.run_lock import run_lock

StepCallback = Callable[[str, bool], None]  # (step key, succeeded)


class _StepEvents(logging.Handler):
    """Turns Dagster's step success/failure events into callbacks while the run goes on."""

    def __init__(self, on_step: StepCallback) -> None:
        super().__init__(level=logging.DEBUG)
        self.on_step = on_step

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "dagster_meta", {}).get("dagster_event")
        if event is not None and (event.is_step_success or event.is_step_failure):
            self.on_step(event.step_key or "", bool(event.is_step_success))


def _progress_logger(on_step: StepCallback) -> dg.LoggerDefinition:
    def build(_: dg.InitLoggerContext) -> logging.Logger:
        logger = logging.getLogger("koe.run_progress")
        logger.handlers = [_StepEvents(on_step)]
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        return logger

    return dg.LoggerDefinition(build, description="Step progress for the koe CLI.")


def _instance() -> dg.DagsterInstance:
    """The persistent instance when DAGSTER_HOME is set (runs then show in `dagster dev`), else a throwaway one."""
    home = os.environ.get("DAGSTER_HOME")
    return dg.DagsterInstance.get() if home and os.path.isdir(home) else dg.DagsterInstance.ephemeral()


def run_koe_job(
    warehouse_path: str = "", landing_dir: str = "", on_step: StepCallback | None = None
) -> dg.ExecuteInProcessResult:
    """Execute ``koe_job``; ``on_step`` hears of each step as it finishes.

    Raises ``RunLockedError`` at once when another run is using the same warehouse.
    """
    job = build_defs(warehouse_path, landing_dir).resolve_job_def("koe_job")
    job = job.with_logger_defs({"koe_progress": _progress_logger(on_step or (lambda key, ok: None))})
    with run_lock(warehouse_path or None), _instance() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config={"loggers": {"koe_progress": {}}})
    for event in result.all_events:
        if event.is_step_failure:
            print(f"step failed: {event.step_key}: {_root_cause(event.step_failure_data.error)}")
    return result


def _root_cause(error: SerializableErrorInfo | None) -> str:
    """The innermost error's message: Dagster's own wrapper ("Error occurred while executing op …") says not why."""
    if error is None:
        return "no error recorded"
    while error.cause is not None:
        error = error.cause
    return error.message.strip()[:500]
