"""Kill tests: a run killed with SIGKILL mid-load or mid-transform leaves every file's load and every table as
before that run or as after it, never in between; re-running finishes the work without duplicates."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import warehouse
from pipelines.demo.contact_center import DemoConfig
from pipelines.demo.generate import write_demo
from pipelines.runner import run_koe_job

REPO = Path(__file__).resolve().parents[2]
# Prints 'reading' when it starts, 'writing' when a batch's rows start to be written (inside the file's transaction)
# and 'written' after; with KOE_TEST_HOLD=N it holds the transaction open after the N-th batch is written, so a kill
# timed from that batch's 'writing' or 'written' lands inside the transaction however fast the machine is.
INGEST = ("import os, sys, time\nfrom pathlib import Path\nimport warehouse\nimport pipelines.ingest.load as load\n"
          "write, batches = load.write_checked, []\n"
          "def announced(*args):\n    print('writing', flush=True)\n    result = write(*args)\n"
          "    batches.append(1)\n    print('written', flush=True)\n"
          "    time.sleep(60 if str(len(batches)) == os.environ.get('KOE_TEST_HOLD') else 0)\n"
          "    return result\n"
          "load.write_checked = announced\n"
          "if len(sys.argv) > 3:  # stream the file in batches of argv[3] rows, as big files are\n"
          "    import functools\n    from pipelines.ingest.batches import read_batches\n"
          "    load.read_batches = functools.partial(read_batches, batch_rows=int(sys.argv[3]), whole_file_bytes=0)\n"
          "with warehouse.connect(sys.argv[1]) as conn:\n    print('reading', flush=True)\n"
          "    load.ingest_file(conn, 'interactions', Path(sys.argv[2]))\n")
RUN = ("import sys\nfrom pipelines.runner import run_koe_job\n"
       "run_koe_job(sys.argv[1], sys.argv[2], on_step=lambda step, ok: print(step, flush=True))\n")


def _killed_after(script: str, line: str, seconds: float, *args: Path | int, times: int = 1) -> list[str]:
    """Run ``script`` in a new process; SIGKILL it ``seconds`` after it prints ``line`` ``times`` times; return
    what it printed."""
    process = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], cwd=REPO, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env={**os.environ, "KOE_TEST_HOLD": str(times)})
    printed = []
    while printed.count(line) < times and process.poll() is None:
        printed.append(process.stdout.readline().strip())
    time.sleep(seconds)
    process.send_signal(signal.SIGKILL)
    out, _ = process.communicate()
    return printed + out.split()


def _tickets(path: Path, rows: int, first: int) -> None:
    rng = np.random.default_rng(first)
    pl.DataFrame({
        "interaction_id": [f"K{n:08d}" for n in range(first, first + rows)],
        "channel": np.array(["phone", "email", "chat"])[rng.integers(0, 3, rows)],
        "created_at": [f"2026-11-{1 + n % 20:02d} {n % 24:02d}:{n % 60:02d}:00" for n in range(rows)],
        "subject": np.array(["荷物が届きません", "I was charged twice", "ログインできません"])[rng.integers(0, 3, rows)],
        "talk_seconds": rng.integers(30, 900, rows),
    }).write_csv(path)


def _load_state(db: Path) -> tuple[int, int, int, int]:
    """(core rows, core rows naming their file row, loaded files, distinct ids) for the interactions."""
    return warehouse.query(db, "select (select count(*) from core.interactions), (select count(*) from"
                               " core.interactions where source_row is not null),"
                               " (select count(*) from load_log where status = 'loaded'),"
                               " (select count(distinct interaction_id) from core.interactions)").row(0)


@pytest.mark.e2e
def test_ingest_killed_mid_load_keeps_the_file_whole_or_absent(tmp_path: Path) -> None:
    db, small, big = tmp_path / "w.duckdb", tmp_path / "day1.csv", tmp_path / "day2.csv"
    _tickets(small, 1_000, 0)
    _tickets(big, 100_000, 500)  # overlaps the first file by 500 ids: those rows are replaced, not doubled
    with warehouse.connect(db) as conn:
        from pipelines.ingest.load import ingest_file
        ingest_file(conn, "interactions", small)
    before, after = (1_000, 1_000, 1, 1_000), (100_500, 100_500, 2, 100_500)
    for line, seconds in (("reading", 0.0), ("writing", 0.05), ("written", 0.0)):  # parsing, writing, before commit
        printed = _killed_after(INGEST, line, seconds, db, big)
        assert line in printed
        assert _load_state(db) == before, f"killed {seconds} s after {line!r}: {_load_state(db)}"
    printed = _killed_after(INGEST, "writing", 0.05, db, big, 20_000, times=3)  # batches 1-2 written, 3 going
    assert printed.count("writing") == 3 and _load_state(db) == before
    subprocess.run([sys.executable, "-c", INGEST, db, big], cwd=REPO, check=True, capture_output=True)
    assert _load_state(db) == after


def _fingerprint(db: Path) -> dict[str, int]:
    """Rows per table in core/marts/qa/themes, and load-log and quarantine rows per input kind."""
    tables = warehouse.query(db, "select schema_name || '.' || table_name as t from duckdb_tables()"
                                 " where schema_name in ('core', 'marts', 'qa', 'themes')")["t"].to_list()
    counts = {t: warehouse.query(db, f"select count(*) from {t}").item() for t in tables}
    for table in ("load_log", "quarantine"):
        for kind, rows in warehouse.query(db, f"select kind, count(*) from {table} group by kind").rows():
            counts[f"{table}:{kind}"] = rows
    return counts


def _add_second_delivery(landing: Path, scratch: Path) -> None:
    """A later export (new seed and days, overlapping ids), written next to the first with new file names."""
    files = write_demo(scratch, DemoConfig(seed=8, days=3, contacts_per_weekday=40,
                                               end_date=DemoConfig().end_date, recorded_calls=0))
    for kind, path in files.items():
        shutil.copy(path, landing / kind / f"second_{path.name}")


@pytest.mark.e2e
def test_whole_job_killed_mid_transform_then_rerun(tmp_path: Path) -> None:
    landing, before_db, after_db, db = (tmp_path / n for n in ("landing", "before.duckdb", "after.duckdb", "k.duckdb"))
    write_demo(landing, DemoConfig(days=3, contacts_per_weekday=40, recorded_calls=0))
    assert run_koe_job(str(before_db), str(landing)).success
    _add_second_delivery(landing, tmp_path / "scratch")
    shutil.copy(before_db, after_db)
    assert run_koe_job(str(after_db), str(landing)).success
    before, after = _fingerprint(before_db), _fingerprint(after_db)
    assert before != after
    shutil.copy(before_db, db)
    # Killed mid-load, mid-QA/transcription/themes, and mid-report/publish; each run resumes what the last left.
    for step, seconds in (("load_interactions", 0.1), ("qa_scores", 0.3), ("kpi_daily", 0.2)):
        printed = _killed_after(RUN, step, seconds, db, landing)
        assert step in printed and "published_marts" not in printed, printed
        state = _fingerprint(db)
        between = {k: (before.get(k, 0), v, after.get(k, 0)) for k, v in state.items()
                   if v not in (before.get(k, 0), after.get(k, 0))}
        assert not between, f"killed {seconds} s after {step} (steps done: {printed}): {between}"
    assert run_koe_job(str(db), str(landing)).success
    # QA keeps one scoring run per job run (history), so a resumed chain has more qa.* rows than one clean run.
    final = {k: v for k, v in _fingerprint(db).items() if not k.startswith("qa.")}
    assert final == {k: v for k, v in after.items() if not k.startswith("qa.")}
