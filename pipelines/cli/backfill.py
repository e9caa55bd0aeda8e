"""``koe backfill``: the daily-partitioned assets for a range of days, one Dagster run per day, several in parallel."""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Annotated

import dagster as dg
import typer
from rich.console import Console
from rich.progress import Progress

from pipelines.backfill import backfill as run_backfill
from pipelines.backfill import reconstructable_daily_job, reconstructable_transcription_job
from pipelines.cli.main import app
from pipelines.cluster import EXECUTORS, reconstructable_cluster_job, run_config


@app.command()
def backfill(
    first_day: Annotated[str, typer.Argument(help="First JST day, YYYY-MM-DD.")],
    last_day: Annotated[str, typer.Argument(help="Last JST day, YYYY-MM-DD (inclusive).")],
    parallel: Annotated[int, typer.Option(help="Days (runs) at a time; each run uses the multiprocess executor.")] = 2,
    warehouse_path: Annotated[str | None, typer.Option("--warehouse", help="DuckDB file (default KOE_WAREHOUSE).")] = None,
    transcription_only: Annotated[bool, typer.Option(help="Only call_transcripts (not metrics, QA, themes).")] = False,
    write_once: Annotated[bool, typer.Option(help="Stage each day, compute it with no warehouse connection into the "
                                             "results folder, merge it once (docs/scaling.md).")] = False,
    executor: Annotated[str, typer.Option(help="With --write-once: in_process, multiprocess or celery.")
                        ] = "multiprocess",
    broker: Annotated[str, typer.Option(help="Celery broker (make cluster starts one).")] = "redis://127.0.0.1:6379/0",
    results: Annotated[str | None, typer.Option(help="Results folder (default KOE_RESULTS or results/ next to the "
                                                "warehouse); every worker must reach it.")] = None,
) -> None:
    """Backfill FIRST_DAY..LAST_DAY into the warehouse (runs recorded in $DAGSTER_HOME): call transcripts, customer-turn
    sentiment, conversation metrics, QA scores and theme assignment of each day's new documents to the existing themes."""
    start, end = date.fromisoformat(first_day), date.fromisoformat(last_day)
    if end < start:
        raise typer.BadParameter("LAST_DAY is before FIRST_DAY")
    if executor not in EXECUTORS or (executor != "multiprocess" and not write_once):
        raise typer.BadParameter(f"--executor {executor}: one of {', '.join(EXECUTORS)}, other than multiprocess only"
                                 " with --write-once")
    if warehouse_path:
        os.environ["KOE_WAREHOUSE"] = warehouse_path  # read by the runs' step processes
    if results:
        os.environ["KOE_RESULTS"] = results
    days = [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]
    console = Console(stderr=True)
    with Progress(console=console) as progress, dg.DagsterInstance.get() as instance:
        task = progress.add_task("backfilling days", total=len(days))
        if write_once:
            job, config = reconstructable_cluster_job(executor), run_config(executor, broker)
        else:
            job = reconstructable_transcription_job() if transcription_only else reconstructable_daily_job()
            config = None
        outcome = run_backfill(job, days, instance, parallel_runs=parallel, run_config=config,
                               on_done=lambda day, ok: progress.advance(task))
    failed = [day for day, ok in outcome.items() if not ok]
    console.print(f"{len(days) - len(failed)}/{len(days)} days done" + (f"; failed: {', '.join(failed)}" if failed else ""))
    raise typer.Exit(1 if failed else 0)
