"""Backfill benchmark: 30 daily partitions of ``call_transcripts``, runs in parallel vs one at a time.

Run: .venv/bin/python benchmarks/backfill.py [--days 30] [--calls-per-day 20] [--parallel 2]

Each day has calls whose audio is missing, so every partition does real Dagster work (run, step subprocess,
warehouse reads, quarantine writes through the lock-waiting connection) without a Whisper model: this measures
orchestration and the shared-DuckDB-writer cost, not transcription speed (see benchmarks/transcription.py).
Baseline: the same backfill with one run at a time, in the same process tree and warehouse size.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import dagster as dg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import warehouse  # noqa: E402
from pipelines.backfill import backfill, reconstructable_transcription_job  # noqa: E402

FIRST_DAY = date(2026, 10, 1)


def seed(path: Path, days: int, calls_per_day: int) -> None:
    """``calls_per_day`` phone calls on each day from FIRST_DAY (10:00 JST onwards), recordings pointing nowhere."""
    with warehouse.connect(path) as conn:
        conn.execute(
            "insert into core.interactions (interaction_id, channel, direction, created_at)"
            " select 'C' || n, 'phone', 'inbound', $start + to_days(n // $per) + to_minutes(n % $per)"
            " from range($total) t(n)",
            {"start": FIRST_DAY, "per": calls_per_day, "total": days * calls_per_day},
        )
        conn.execute("insert into core.recordings (recording_id, interaction_id, path)"
                     " select interaction_id, interaction_id, '/nonexistent/' || interaction_id || '.wav'"
                     " from core.interactions")


def timed_backfill(folder: Path, days: int, calls_per_day: int, parallel: int) -> tuple[float, int]:
    """Wall seconds and number of successful runs for a fresh warehouse and Dagster instance in ``folder``."""
    folder.mkdir()
    os.environ["KOE_WAREHOUSE"] = str(folder / "koe.duckdb")
    seed(folder / "koe.duckdb", days, calls_per_day)
    keys = [(FIRST_DAY + timedelta(days=n)).isoformat() for n in range(days)]
    with dg.instance_for_test(temp_dir=str(folder)) as instance:
        start = time.perf_counter()
        results = backfill(reconstructable_transcription_job(), keys, instance, parallel_runs=parallel)
        elapsed = time.perf_counter() - start
    quarantined = warehouse.query(folder / "koe.duckdb",
                                  "select count(*) from core.recordings where status = 'quarantined'").item()
    if quarantined != days * calls_per_day:
        raise RuntimeError(f"{quarantined} of {days * calls_per_day} recordings handled")
    return elapsed, sum(results.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--calls-per-day", type=int, default=20)
    parser.add_argument("--parallel", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="koe-backfill-") as tmp:
        serial, _ = timed_backfill(Path(tmp) / "serial", args.days, args.calls_per_day, 1)
        parallel, ok = timed_backfill(Path(tmp) / "parallel", args.days, args.calls_per_day, args.parallel)
    print(f"backfill: {args.days} daily partitions x {args.calls_per_day} calls, multiprocess executor, one DuckDB file")
    print(f"one run at a time (baseline): {serial:7.1f} s  ({serial / args.days:.1f} s per partition)")
    print(f"{args.parallel} runs in parallel:         {parallel:7.1f} s  ({ok}/{args.days} runs succeeded)")
    print(f"ratio parallel / serial: {parallel / serial:.2f}x  (speed-up {serial / parallel:.2f}x on "
          f"{len(os.sched_getaffinity(0))} cores)")


if __name__ == "__main__":
    main()
