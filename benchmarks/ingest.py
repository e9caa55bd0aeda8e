"""Ingest benchmark: Koe's `ingest_file` on N generated tickets vs DuckDB's own `read_csv` of the same file.

Run: .venv/bin/python benchmarks/ingest.py [--rows 1000000]
Baseline: `create table t as select * from read_csv(file)` in a fresh DuckDB file (typed load, no validation,
no quarantine, no raw history). Target (issue 2): Koe within 2× of that time. Also printed, for scale: DuckDB
alone storing the file as text and typed (the two layers Koe keeps), with no checking at all.
"""

from __future__ import annotations

import argparse
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


def generate_tickets(rows: int, path: Path, seed: int = 1) -> None:
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
        "subject": SUBJECTS[rng.integers(0, len(SUBJECTS), rows)],
        "transfers": rng.integers(0, 2, rows),
    }).with_columns(pl.col("created_at", "first_response_at").dt.strftime("%Y-%m-%d %H:%M:%S"))
    frame.write_csv(path)


def time_duckdb_read_csv(path: Path, folder: Path) -> float:
    conn = duckdb.connect(str(folder / "baseline.duckdb"))
    start = time.perf_counter()
    conn.execute("create table t as select * from read_csv($p)", {"p": str(path)})
    conn.close()
    return time.perf_counter() - start


def time_duckdb_two_layers(path: Path, folder: Path) -> float:
    """DuckDB alone keeping what Koe keeps, without any checking: the file as text (raw) and typed (core)."""
    conn = duckdb.connect(str(folder / "two_layers.duckdb"))
    start = time.perf_counter()
    conn.execute("create table raw_rows as select * from read_csv($p, all_varchar = true)", {"p": str(path)})
    conn.execute("create table core_rows as select * from read_csv($p)", {"p": str(path)})
    conn.close()
    return time.perf_counter() - start


def time_koe_ingest(path: Path, folder: Path) -> tuple[float, int]:
    with warehouse.connect(folder / "koe.duckdb") as conn:
        start = time.perf_counter()
        result = ingest_file(conn, "tickets", path)
        elapsed = time.perf_counter() - start
    return elapsed, result.rows_loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv = folder / "tickets.csv"
        generate_tickets(args.rows, csv)
        csv_mb = csv.stat().st_size / 1e6
        baseline = time_duckdb_read_csv(csv, folder)
        two_layers = time_duckdb_two_layers(csv, folder)
        koe, loaded = time_koe_ingest(csv, folder)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"rows: {args.rows:,} ({csv_mb:.0f} MB CSV)")
    print(f"duckdb read_csv (baseline): {baseline:6.2f} s  {args.rows / baseline:12,.0f} rows/s")
    print(f"koe ingest:                 {koe:6.2f} s  {loaded / koe:12,.0f} rows/s  ({loaded:,} loaded)")
    print(f"ratio koe / baseline: {koe / baseline:.2f}x (target <= 2.00x)   peak RSS {peak_gb:.2f} GB")
    print(f"for scale: DuckDB alone writing the file twice, as text (raw) and typed (core), no checks: "
          f"{two_layers:.2f} s = {two_layers / baseline:.2f}x the baseline (Koe / that: {koe / two_layers:.2f}x)")


if __name__ == "__main__":
    main()
