"""Two pipeline runs on one warehouse are refused (the CLI runner) or serialized (Dagster runs), never interleaved."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg
import pytest

import warehouse
from pipelines.defs.resources import WarehouseResource
from pipelines.runner import run_koe_job
from warehouse.run_lock import RunLockedError, lock_path, run_lock

REPO = Path(__file__).resolve().parents[3]
HOLD = "import sys, time\nfrom warehouse.run_lock import run_lock\nwith run_lock(sys.argv[1], shared=sys.argv[3] == '1'):\n" \
       "    print('held', flush=True)\n    time.sleep(float(sys.argv[2]))\n"


@pytest.fixture
def other_run() -> Iterator[Callable[..., subprocess.Popen]]:
    """Start another process that holds the warehouse's run lock for ``seconds`` (``shared``: as a partition run)."""
    started: list[subprocess.Popen] = []

    def start(db: Path, seconds: float, shared: bool = False) -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds), "1" if shared else "0"],
                                   cwd=REPO, stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "held"
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()
        process.wait()


@dg.asset
def touch_warehouse(warehouse: WarehouseResource) -> None:
    with warehouse.connect() as conn:
        conn.execute("insert into load_log (load_id, kind, source_file, source_sha256, status, started_at)"
                     " values ('x', 'agents', 'f', 's', 'loaded', now()::timestamp)")


def _materialize(db: Path, wait: float) -> dg.ExecuteInProcessResult:
    return dg.materialize([touch_warehouse], raise_on_error=False, resources={
        "warehouse": WarehouseResource(path=str(db), run_lock_wait_seconds=wait)})


def test_a_second_run_is_refused_naming_the_holder(tmp_path: Path, other_run) -> None:
    db = tmp_path / "w.duckdb"
    holder = other_run(db, 30)
    started = time.monotonic()
    with pytest.raises(RunLockedError, match=f"pid {holder.pid} on"), run_lock(db):
        pass
    with pytest.raises(RunLockedError, match="another Koe run is using"):
        run_koe_job(str(db), str(tmp_path / "landing"))
    assert time.monotonic() - started < 5
    assert not db.exists()  # the refused run did not even open the warehouse


def test_a_dagster_run_waits_for_the_other_run_then_proceeds(tmp_path: Path, other_run) -> None:
    db = tmp_path / "w.duckdb"
    other_run(db, 1.5)
    started = time.monotonic()
    result = _materialize(db, wait=30)
    assert result.success and time.monotonic() - started >= 1.0
    assert warehouse.query(db, "select count(*) from load_log").item() == 1


def test_a_dagster_run_gives_up_after_its_wait(tmp_path: Path, other_run) -> None:
    db = tmp_path / "w.duckdb"
    other_run(db, 30)
    result = _materialize(db, wait=0.3)
    assert not result.success
    assert not db.exists()


def test_a_killed_run_releases_the_lock(tmp_path: Path, other_run) -> None:
    db = tmp_path / "w.duckdb"
    holder = other_run(db, 60)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with run_lock(db, wait_seconds=2):
        assert lock_path(db).exists()


def test_the_run_holding_the_lock_can_run_its_own_steps(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with run_lock(db):
        assert _materialize(db, wait=0).success  # re-entrant: the resource takes the lock the runner holds


def test_another_thread_is_serialized(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    order: list[str] = []

    def second() -> None:
        with run_lock(db, wait_seconds=10):
            order.append("second")

    with run_lock(db):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        order.append("first done")
    thread.join(10)
    assert order == ["first done", "second"]


def test_partition_runs_share_the_lock_with_each_other_but_not_with_a_whole_run(tmp_path: Path, other_run) -> None:
    db = tmp_path / "w.duckdb"
    partition_run = other_run(db, 30, shared=True)
    with run_lock(db, wait_seconds=1, shared=True):  # a second partition run of the backfill goes ahead
        pass
    with pytest.raises(RunLockedError, match=r"\(partition run\)"), run_lock(db):
        pass  # a whole run is refused while a backfill runs
    partition_run.kill()
    partition_run.wait()
    other_run(db, 30)  # a whole run: partition runs wait for it, then give up
    with pytest.raises(RunLockedError), run_lock(db, wait_seconds=0.3, shared=True):
        pass
