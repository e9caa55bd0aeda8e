"""One pipeline run per warehouse at a time: a lock file next to the DuckDB file.

DuckDB lets only one process write a file at a time, but a run opens many short connections, so two runs would
interleave their steps (one rebuilding marts from the other's half-loaded files). The run lock makes a second run
wait (serialize) or be refused. It is an OS file lock (``flock``): a killed run releases it with its process, so a
crash never leaves a stale lock. Within one thread the lock is re-entrant (the runner holds it, and so do the
Dagster resources of the run it starts).

Partition runs of a backfill hold it *shared* (``shared=True``): they touch disjoint days in short write
transactions, so they run together, but never alongside a whole run, which holds it exclusively.
"""

from __future__ import annotations

import fcntl
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from warehouse.settings import warehouse_path


class RunLockedError(RuntimeError):
    """Another Koe run holds the warehouse."""


def lock_path(path: str | os.PathLike[str] | None = None) -> Path:
    target = warehouse_path(path)
    return target.with_name(target.name + ".run.lock")


def _lock(path: Path) -> FileLock:
    # One instance per path and process; re-entrant in the thread that holds it, exclusive for other threads.
    return FileLock(path, is_singleton=True)


@contextmanager
def run_lock(path: str | os.PathLike[str] | None = None, wait_seconds: float = 0, *, shared: bool = False) -> Iterator[None]:
    """Hold the warehouse's run lock; wait up to ``wait_seconds`` for another run, then raise ``RunLockedError``.

    ``shared``: held together with other shared holders (parallel partition runs), exclusive of a whole run.
    """
    file = lock_path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    if shared:
        with _shared_lock(file, wait_seconds, path):
            yield
        return
    lock = _lock(file)
    first = not lock.is_locked
    try:
        lock.acquire(timeout=wait_seconds)
    except Timeout:
        raise RunLockedError(f"another Koe run is using {warehouse_path(path)} ({_holder(file)}); "
                             f"waited {wait_seconds:g} s — try again when it has finished") from None
    try:
        if first:
            _holder_file(file).write_text(f"pid {os.getpid()} on {socket.gethostname()} since "
                                          f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC", encoding="utf-8")
        yield
    finally:
        lock.release()


@contextmanager
def _shared_lock(file: Path, wait_seconds: float, path: str | os.PathLike[str] | None) -> Iterator[None]:
    """``flock(LOCK_SH)`` on the file ``FileLock`` locks exclusively (filelock uses ``flock`` too and keeps the file)."""
    fd = os.open(file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline, pause = time.monotonic() + wait_seconds, 0.05
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() + pause > deadline:
                    raise RunLockedError(f"another Koe run is using {warehouse_path(path)} ({_holder(file)}); "
                                         f"waited {wait_seconds:g} s — try again when it has finished") from None
                time.sleep(pause)
                pause = min(pause * 2, 1.0)
        _holder_file(file).write_text(f"pid {os.getpid()} on {socket.gethostname()} (partition run) since "
                                      f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC", encoding="utf-8")
        yield
    finally:
        os.close(fd)  # releases the flock


def _holder_file(file: Path) -> Path:
    return file.with_name(file.name + ".holder")


def _holder(file: Path) -> str:
    """Who holds the lock, as the holder wrote it (best effort: only for the error message)."""
    try:
        return _holder_file(file).read_text(encoding="utf-8")
    except OSError:
        return "holder unknown"
