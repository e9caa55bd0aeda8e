"""Backfill benchmark: 30 daily partitions of the daily job (transcription, QA scoring, theme assignment), runs in
parallel vs one at a time.

Run: .venv/bin/python benchmarks/backfill.py [--days 30] [--calls-per-day 20] [--parallel 2] [--baseline-days N]

Each day has calls whose audio is missing (quarantined: no Whisper model is loaded) and a few chat turns that
QA scoring scores, so every partition does real Dagster work (run, step processes, warehouse reads and writes
through the lock-waiting connection): this measures orchestration and the shared-DuckDB-writer cost, not
transcription speed (see benchmarks/transcription.py).
Baseline: the same backfill with one run at a time, in the same process tree and warehouse size.

It also times the write-once daily job (pipelines/defs/cluster.py: stage, compute with no warehouse
connection, merge once) with the multiprocess executor and with Dagster's Celery executor on a local Redis and
``--celery-workers`` workers (each one task at a time), the same days and runs in parallel (``--no-write-once``
skips it; without ``redis-server`` only the multiprocess executor is timed). The workers' start is not timed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import dagster as dg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import warehouse
from pipelines.backfill import backfill, reconstructable_daily_job
from pipelines.cluster import LocalCluster, reconstructable_cluster_job, run_config
from warehouse.sql import statement

FIRST_DAY = date(2026, 10, 1)


def seed(path: Path, days: int, calls_per_day: int) -> None:
    """``calls_per_day`` phone calls on each day from FIRST_DAY (10:00 JST onwards), recordings pointing nowhere."""
    with warehouse.connect(path) as conn:
        conn.execute(
            "insert into core.interactions (interaction_id, channel, direction, language, created_at)"
            " select 'C' || n, 'phone', 'inbound', 'ja', $start + to_days(n // $per) + to_minutes(n % $per)"
            " from range($total) t(n)",
            {"start": FIRST_DAY, "per": calls_per_day, "total": days * calls_per_day},
        )
        conn.execute("insert into core.recordings (recording_id, interaction_id, path)"
                     " select interaction_id, interaction_id, '/nonexistent/' || interaction_id || '.wav'"
                     " from core.interactions")
        conn.execute(statement("backfill_messages", "benchmarks.sql"))  # so each day's QA scoring has real work


def timed_backfill(folder: Path, days: int, calls_per_day: int, parallel: int, executor: str | None = None,
                   workers: int = 0) -> tuple[float, int]:
    """Wall seconds and number of successful runs for a fresh warehouse and Dagster instance in ``folder``: the
    daily job (``executor`` None) or the write-once job on ``executor`` (celery: ``workers`` local workers)."""
    folder.mkdir()
    os.environ["KOE_WAREHOUSE"] = str(folder / "koe.duckdb")
    os.environ["KOE_RESULTS"] = str(folder / "results")
    seed(folder / "koe.duckdb", days, calls_per_day)
    keys = [(FIRST_DAY + timedelta(days=n)).isoformat() for n in range(days)]
    env = {"KOE_WAREHOUSE": os.environ["KOE_WAREHOUSE"], "KOE_RESULTS": os.environ["KOE_RESULTS"]}
    cluster = LocalCluster(workers=workers, folder=folder / "cluster", env=env) if executor == "celery" else None
    with dg.instance_for_test(temp_dir=str(folder)) as instance:
        if cluster:
            cluster.start().wait_ready(timeout=180)
        try:
            job = reconstructable_cluster_job(executor) if executor else reconstructable_daily_job()
            config = run_config(executor, cluster.broker if cluster else None) if executor else None
            start = time.perf_counter()  # workers are up (a cluster's are long-lived): their start is not timed
            results = backfill(job, keys, instance, parallel_runs=parallel, run_config=config)
            elapsed = time.perf_counter() - start
        finally:
            if cluster:
                cluster.stop()
    quarantined = warehouse.query(folder / "koe.duckdb",
                                  "select count(*) from core.recordings where status = 'quarantined'").item()
    scored = warehouse.query(folder / "koe.duckdb", "select count(distinct interaction_id) from qa.scores").item()
    if quarantined != days * calls_per_day or scored != days * calls_per_day:
        raise RuntimeError(f"{quarantined} recordings handled and {scored} contacts scored of {days * calls_per_day}")
    return elapsed, sum(results.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--calls-per-day", type=int, default=20)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--baseline-days", type=int, help="days for the one-at-a-time baseline (default: --days)")
    parser.add_argument("--write-once", action=argparse.BooleanOptionalAction, default=True,
                        help="also the write-once job: multiprocess and Celery executors")
    parser.add_argument("--celery-workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    baseline_days = args.baseline_days or args.days
    write_once: list[tuple[str, float, int]] = []
    with tempfile.TemporaryDirectory(prefix="koe-backfill-") as tmp:
        serial, _ = timed_backfill(Path(tmp) / "serial", baseline_days, args.calls_per_day, 1)
        parallel, ok = timed_backfill(Path(tmp) / "parallel", args.days, args.calls_per_day, args.parallel)
        if args.write_once:
            runs = [("multiprocess executor", "multiprocess", 0)] + [
                (f"Celery executor, {n} worker{'s' * (n > 1)}", "celery", n) for n in args.celery_workers
                if shutil.which("redis-server")]
            for label, executor, workers in runs:
                seconds, done = timed_backfill(Path(tmp) / f"write_once_{executor}_{workers}", args.days,
                                               args.calls_per_day, args.parallel, executor, workers)
                write_once.append((label, seconds, done))
    serial_rate, parallel_rate = baseline_days / serial * 60, args.days / parallel * 60
    print(f"backfill: daily partitions x {args.calls_per_day} calls (transcription, QA scoring, theme "
          "assignment), multiprocess executor, one DuckDB file")
    print(f"one run at a time (baseline), {baseline_days} days: {serial:7.1f} s  ({serial_rate:.2f} partitions/min)")
    print(f"{args.parallel} runs in parallel, {args.days} days:        {parallel:7.1f} s  ({parallel_rate:.2f} partitions/min;"
          f" {ok}/{args.days} runs succeeded)")
    print(f"speed-up parallel / one at a time: {parallel_rate / serial_rate:.2f}x on {len(os.sched_getaffinity(0))} cores")
    for label, seconds, done in write_once:
        print(f"write-once job, {label}, {args.parallel} runs in parallel, {args.days} days: {seconds:7.1f} s"
              f"  ({args.days / seconds * 60:.2f} partitions/min; {done}/{args.days} runs succeeded)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
