"""Two processes writing the warehouse one after the other never lose a commit at the handover.

The parallel backfill once left one quarantined recording 'new' (tests/e2e/test_backfill.py). The cause:
``duckdb.connect`` reads the file's header before it takes DuckDB's file lock, so a process opening while another
is closing (checkpointing) got the lock afterwards and worked from the header it had read before that checkpoint;
its own checkpoint then dropped the other process's last commit. Here the race is made certain instead of rare:
the second process runs under strace with its read-write open of the file delayed (after DuckDB's header reads,
before its lock) until the first process has committed, checkpointed and closed. ``warehouse.connect`` takes
Koe's writer lock before DuckDB touches the file, so the second process's header read comes after the close.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import warehouse

REPO = Path(__file__).resolve().parents[3]
WRITE = (
    "import sys, time\n"
    "from warehouse.connection import connect_when_free\n"
    "from warehouse.transcripts import quarantine_recording\n"
    "with connect_when_free(sys.argv[1]) as conn:\n"
    "    quarantine_recording(conn, sys.argv[2], sys.argv[2] + '.wav', 'file not found')\n"
    "    print('committed', flush=True)\n"
    "    time.sleep(float(sys.argv[3]))\n"
)
HOLD_SECONDS = 2.0  # the first writer holds its committed connection this long, then closes (checkpoint)


def _strace_works() -> bool:
    """strace is installed and may trace here (a container can forbid ptrace)."""
    return shutil.which("strace") is not None and subprocess.run(
        ["strace", "-qq", "-o", "/dev/null", "true"], capture_output=True, check=False).returncode == 0


@pytest.mark.skipif(not _strace_works(), reason="needs strace allowed to trace (make browser-deps installs it)")
def test_a_writer_opening_while_another_closes_keeps_both_commits(tmp_path: Path) -> None:
    db = tmp_path / "koe.duckdb"
    with warehouse.connect(db) as conn:
        conn.register("koe_fixture", pl.DataFrame({"recording_id": ["R1", "R2"], "path": ["R1.wav", "R2.wav"]}))
        conn.execute("insert into core.recordings by name select * from koe_fixture")
    first = subprocess.Popen([sys.executable, "-c", WRITE, str(db), "R1", str(HOLD_SECONDS)], cwd=REPO,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "committed"
        # DuckDB opens the file twice read-only (its header) and then read-write (its lock): delay the third open
        # past the first writer's close, so a header read before the close is what the second writer works from.
        delay = f"inject=openat:delay_enter={int((HOLD_SECONDS + 1.5) * 1e6)}:when=3"
        second = subprocess.run(["strace", "-f", "-qq", "-o", str(tmp_path / "strace.log"), "-P", str(db),
                                 "-e", "trace=openat", "-e", delay, sys.executable, "-c", WRITE, str(db), "R2", "0"],
                                cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
        assert second.returncode == 0, second.stderr[-2000:]
        assert first.wait(timeout=60) == 0
    finally:
        first.kill()
    statuses = warehouse.query(db, "select recording_id, status from core.recordings order by recording_id").rows()
    assert statuses == [("R1", "quarantined"), ("R2", "quarantined")]


def test_in_memory_databases_take_no_writer_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``:memory:`` is each process's own database (the dashboard's queries use one): two processes never wait for
    each other, and no lock file appears in the working folder."""
    monkeypatch.chdir(tmp_path)
    hold = "import time, warehouse\nwith warehouse.connect(':memory:'):\n    print('open', flush=True)\n    time.sleep(30)\n"
    other = subprocess.Popen([sys.executable, "-c", hold], cwd=tmp_path, stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "open"
        with warehouse.connect(":memory:") as conn:
            assert conn.execute("select 42").fetchall() == [(42,)]
    finally:
        other.kill()
    assert list(tmp_path.iterdir()) == []
