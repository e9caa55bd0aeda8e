"""Ingest benchmark: Koe's `ingest_file` on N generated tickets vs DuckDB's own `read_csv` of the same file.

Run: .venv/bin/python benchmarks/ingest.py [--rows 1000000]
Baseline: `create table t as select * from read_csv(file)` in a fresh DuckDB file (typed load, no validation,
no quarantine, no masking). Target (issues 2 and 17): Koe within 2× of that time. Two files: tickets whose
subjects repeat 6 texts (issue 2's file), and tickets whose every subject is distinct (real tickets do not repeat
6 subjects; masking personal data works per distinct text). For each, a profiled load of up to 200,000 of the same
kind of rows prints where Koe's time goes (each step's share of the load under cProfile, whose overhead inflates
Python-heavy steps).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

import warehouse
from pipelines.ingest.load import ingest_file

CHANNELS = np.array(["phone", "email", "chat", "sns", "web_form", "fax", "postal"])
SUBJECTS = np.array(["注文した商品がまだ届きません", "二重請求されています", "ログインできません", "My order hasn't arrived",
                     "I was charged twice", "The item arrived broken"])


# The steps of one load (pipelines/ingest/load.py), by function name, in the order they run.
STEPS = ("read_batches", "screen_rows", "redact_frame", "apply_mapping", "split_valid", "stale_rows", "write_checked",
         "log_load")
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


def time_duckdb_read_csv(path: Path, folder: Path) -> float:
    conn = duckdb.connect(str(folder / "baseline.duckdb"))
    start = time.perf_counter()
    conn.execute("create table t as select * from read_csv($p)", {"p": str(path)})
    conn.close()
    return time.perf_counter() - start


def time_koe_ingest(path: Path, folder: Path) -> tuple[float, int]:
    with warehouse.connect(folder / "koe.duckdb") as conn:
        start = time.perf_counter()
        result = ingest_file(conn, "tickets", path)
        elapsed = time.perf_counter() - start
    return elapsed, result.rows_loaded


def profile_koe_ingest(path: Path, folder: Path) -> dict[str, float]:
    """Cumulative seconds of each step of one load (``STEPS``) and the whole load, under cProfile."""
    profiler = cProfile.Profile()
    with warehouse.connect(folder / "profiled.duckdb") as conn:
        profiler.runcall(ingest_file, conn, "tickets", path)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]  # {(file, line, name): (cc, nc, tt, ct, callers)}
    steps = {name: 0.0 for name in (*STEPS, "ingest_file")}
    for (_, _, name), (_, _, _, cumulative, _) in stats.items():
        if name in steps:
            steps[name] += cumulative
    return steps


def run_variant(label: str, rows: int, folder: Path, distinct: bool) -> None:
    csv = folder / f"tickets_{label}.csv"
    generate_tickets(rows, csv, distinct=distinct)
    baseline = time_duckdb_read_csv(csv, folder)
    koe, loaded = time_koe_ingest(csv, folder)
    sample = folder / f"sample_{label}.csv"  # profiling is slow: a sample of at most 200,000 rows
    generate_tickets(min(rows, 200_000), sample, distinct=distinct)
    steps = profile_koe_ingest(sample, folder)
    for stale in folder.glob("*.duckdb*"):
        stale.unlink()
    print(f"== {label}: {rows:,} rows ({csv.stat().st_size / 1e6:.0f} MB CSV)")
    print(f"duckdb read_csv (baseline): {baseline:6.2f} s  {rows / baseline:12,.0f} rows/s")
    print(f"koe ingest:                 {koe:6.2f} s  {loaded / koe:12,.0f} rows/s  ({loaded:,} loaded)")
    print(f"ratio koe / baseline: {koe / baseline:.2f}x (target <= 2.00x)")
    total = steps.pop("ingest_file")
    shares = "  ".join(f"{name} {seconds / total:.0%}" for name, seconds in steps.items())
    print(f"where the time goes (profiled load of {min(rows, 200_000):,} rows, {total:.2f} s): {shares}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run_variant("6 repeated subjects", args.rows, Path(tmp), distinct=False)
        run_variant("every subject distinct", args.rows, Path(tmp), distinct=True)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"peak RSS {peak_gb:.2f} GB")


if __name__ == "__main__":
    main()
