"""Ingest benchmark: Koe's `ingest_file` on N generated tickets vs DuckDB's own `read_csv` of the same file.

Run: .venv/bin/python benchmarks/ingest.py [--rows 1000000] [--repeats 3]
Baseline: `create table t as select * from read_csv(file)` in a fresh DuckDB file, closed (typed load, no
validation, no quarantine, no masking). Target (issues 2 and 17): Koe within 2× of that time, on an idle machine.
Two files: tickets whose subjects repeat 6 texts (issue 2's file), and tickets whose every subject is distinct
(real tickets do not repeat 6 subjects; masking personal data works per distinct text). Each is loaded
``--repeats`` times, baseline and Koe in turn; the figures are medians (wall seconds, and this process's CPU
seconds, which other work on the machine disturbs less; the redaction workers of the distinct file are other
processes, not counted). Koe's time runs from its open warehouse (migrations done) to the warehouse closed, as
the baseline's. Where Koe's time goes: each step's seconds in the last run (wall, on the thread that ran it:
a batch is written while the next one is read and checked, so the steps add up to more than the load).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl

import warehouse
from pipelines.ingest import load as load_module

CHANNELS = np.array(["phone", "email", "chat", "sns", "web_form", "fax", "postal"])
SUBJECTS = np.array(["注文した商品がまだ届きません", "二重請求されています", "ログインできません", "My order hasn't arrived",
                     "I was charged twice", "The item arrived broken"])


# The steps of one load (pipelines/ingest/load.py), by the name it calls them by, in the order they run.
STEPS = ("begin_file", "read_batches", "screen_rows", "redact_frame", "apply_mapping", "split_valid", "has_stored_keys",
         "supersede_earlier_rows", "stale_rows", "write_checked", "file_event_span", "end_file", "log_load")
WORDS = np.array(["注文", "商品", "請求", "ログイン", "解約", "配送", "返品", "パスワード", "order", "refund", "invoice",
                  "delivery", "account", "login", "broken", "late"])


def distinct_subjects(rows: int, rng: np.random.Generator) -> np.ndarray:
    """A different subject per ticket: a template, three words drawn from a small vocabulary and the row number."""
    picks = WORDS[rng.integers(0, len(WORDS), (rows, 3))]
    base = SUBJECTS[rng.integers(0, len(SUBJECTS), rows)]
    return np.array([f"{b}（{a}・{c}・{d}）#{n}" for n, (b, (a, c, d)) in enumerate(zip(base, picks, strict=True))])


def generate_tickets(rows: int, path: Path, seed: int = 1, distinct: bool = False) -> None:
    rng = np.random.default_rng(seed)
    created = (np.datetime64("2025-01-01T00:00:00") + rng.integers(0, 365 * 86400, rows).astype("timedelta64[s]")).astype("datetime64[us]")
    frame = pl.DataFrame({
        "interaction_id": [f"T{n:08d}" for n in range(rows)],
        "channel": CHANNELS[rng.integers(0, len(CHANNELS), rows)],
        "customer_id": [f"C{n:07d}" for n in rng.integers(0, rows // 3, rows)],
        "agent_id": [f"A{n:03d}" for n in rng.integers(1, 500, rows)],
        "queue": np.array(["orders", "billing", "tech"])[rng.integers(0, 3, rows)],
        "created_at": created,
        "first_response_at": created + rng.integers(60, 86400, rows).astype("timedelta64[s]"),
        "talk_seconds": rng.integers(60, 900, rows),
        "subject": distinct_subjects(rows, rng) if distinct else SUBJECTS[rng.integers(0, len(SUBJECTS), rows)],
        "transfers": rng.integers(0, 2, rows),
    }).with_columns(pl.col("created_at", "first_response_at").dt.strftime("%Y-%m-%d %H:%M:%S"))
    frame.write_csv(path)


Timing = tuple[float, float]  # wall seconds, CPU seconds of this process


def _timed(run: Callable[[], Any]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def time_duckdb_read_csv(path: Path, folder: Path) -> Timing:
    def load() -> None:
        conn = duckdb.connect(str(folder / "baseline.duckdb"))
        conn.execute("create table t as select * from read_csv($p)", {"p": str(path)})
        conn.close()
    return _timed(load)


def time_koe_ingest(path: Path, folder: Path, steps: dict[str, float]) -> tuple[Timing, int]:
    """Koe's load of ``path`` into a new warehouse, from opening it (created and migrated before the clock starts)
    to closing it; ``steps`` gets each step's seconds."""
    target = folder / "koe.duckdb"
    with warehouse.connect(target):
        pass
    loaded = 0

    def load() -> None:
        nonlocal loaded
        with warehouse.connect(target, migrate=False) as conn, StepClocks(steps):
            loaded = load_module.ingest_file(conn, "tickets", path).rows_loaded
    return _timed(load), loaded


class StepClocks:
    """Wrap each of ``STEPS`` in ``pipelines.ingest.load`` with a clock adding its seconds to ``steps``."""

    def __init__(self, steps: dict[str, float]) -> None:
        self.steps = steps
        self.originals = {name: getattr(load_module, name) for name in STEPS}

    def __enter__(self) -> None:
        for name, step in self.originals.items():
            setattr(load_module, name, self._reading(step) if name == "read_batches" else self._clocked(name, step))

    def __exit__(self, *exc: object) -> None:
        for name, step in self.originals.items():
            setattr(load_module, name, step)

    def _clocked(self, name: str, step: Callable[..., Any]) -> Callable[..., Any]:
        def clocked(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return step(*args, **kwargs)
            finally:
                self.steps[name] += time.perf_counter() - start
        return clocked

    def _reading(self, step: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        def reading(*args: Any, **kwargs: Any) -> Iterator[Any]:
            batches = step(*args, **kwargs)
            while True:
                start = time.perf_counter()
                batch = next(batches, None)
                self.steps["read_batches"] += time.perf_counter() - start
                if batch is None:
                    return
                yield batch
        return reading


def run_variant(label: str, rows: int, folder: Path, distinct: bool, repeats: int) -> None:
    csv = folder / f"tickets_{label}.csv"
    generate_tickets(rows, csv, distinct=distinct)
    load_before = os.getloadavg()[0]
    baselines, koes, loaded = [], [], 0
    for _ in range(repeats):
        for stale in folder.glob("*.duckdb*"):
            stale.unlink()
        steps: dict[str, float] = defaultdict(float)
        baselines.append(time_duckdb_read_csv(csv, folder))
        timing, loaded = time_koe_ingest(csv, folder, steps)
        koes.append(timing)
    for stale in folder.glob("*.duckdb*"):
        stale.unlink()
    base_wall, base_cpu = (statistics.median(t[i] for t in baselines) for i in (0, 1))
    koe_wall, koe_cpu = (statistics.median(t[i] for t in koes) for i in (0, 1))
    print(f"== {label}: {rows:,} rows ({csv.stat().st_size / 1e6:.0f} MB CSV); median of {repeats} runs; load average"
          f" before {load_before:.1f}, after {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"duckdb read_csv (baseline): {base_wall:6.2f} s  {rows / base_wall:12,.0f} rows/s  CPU {base_cpu:6.2f} s"
          f"  (runs: {', '.join(f'{t[0]:.2f}' for t in baselines)} s)")
    print(f"koe ingest:                 {koe_wall:6.2f} s  {loaded / koe_wall:12,.0f} rows/s  CPU {koe_cpu:6.2f} s"
          f"  (runs: {', '.join(f'{t[0]:.2f}' for t in koes)} s; {loaded:,} loaded)")
    workers = " (this process only: the redaction workers' CPU is not counted)" if distinct else ""
    print(f"ratio koe / baseline: {koe_wall / base_wall:.2f}x wall (target <= 2.00x), {koe_cpu / base_cpu:.2f}x CPU"
          + workers)
    shares = "  ".join(f"{name} {seconds:.2f}" for name, seconds in steps.items())
    print(f"where the time goes (seconds per step, last run of {koes[-1][0]:.2f} s): {shares}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run_variant("6 repeated subjects", args.rows, Path(tmp), distinct=False, repeats=args.repeats)
        run_variant("every subject distinct", args.rows, Path(tmp), distinct=True, repeats=args.repeats)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"peak RSS {peak_gb:.2f} GB")


if __name__ == "__main__":
    main()
