"""The only place in Koe that opens DuckDB connections."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from filelock import FileLock, Timeout

from warehouse.settings import warehouse_path


@contextmanager
def connect(
    path: str | os.PathLike[str] | None = None, *, read_only: bool = False, migrate: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (creating and migrating it unless ``read_only``) and close it afterwards.

    A read-only open of a warehouse that misses this version's migrations raises ``WarehouseOutdatedError``
    (it cannot migrate, and its queries would fail on missing columns).

    DuckDB allows one read-write process per file, so keep connections short-lived. A read-write open first takes
    the warehouse's writer lock (``writer_lock``) and gives it back only after the connection is closed.
    """
    target = warehouse_path(path)
    with ExitStack() as stack:
        if not read_only and not str(target).startswith(":memory:"):  # an in-memory database is this process's own
            target.parent.mkdir(parents=True, exist_ok=True)
            stack.enter_context(writer_lock(target))
        conn = duckdb.connect(str(target), read_only=read_only)
        stack.callback(conn.close)  # before the writer lock is released: the close's checkpoint lands first
        conn.execute("set TimeZone = 'UTC'")
        if migrate and not read_only:
            from warehouse.migrate import apply_migrations

            apply_migrations(conn)
        elif migrate:
            from warehouse.migrate import require_current_schema

            require_current_schema(conn, target)
        yield conn


@contextmanager
def writer_lock(target: Path) -> Iterator[None]:
    """Hold ``<warehouse>.write.lock`` from before DuckDB opens the file until after it has closed it.

    DuckDB's own lock is not enough between processes: ``duckdb.connect`` reads the file's header *before* it takes
    its lock, so a process that opens while another one is closing (checkpointing) can get the lock afterwards and
    work from the header it read before that checkpoint. Its own checkpoint then drops the other process's last
    commit — a parallel backfill lost one quarantined recording's status this way (reproduced with the open delayed
    between the header read and the lock: tests/unit/scale/test_writer_handover.py). Busy: raises the
    ``duckdb.IOException`` a held DuckDB lock raises, so ``connect_when_free`` waits its turn the same way.
    Re-entrant for the whole process (nested connections share one DuckDB instance).
    """
    lock = FileLock(target.with_name(target.name + ".write.lock"), thread_local=False, is_singleton=True)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise duckdb.IOException(f'Could not set lock on file "{target}": another process has the warehouse open '
                                 "for writing") from None
    try:
        yield
    finally:
        lock.release()


def read(
    conn: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> pl.DataFrame:
    """Run a SELECT with bound ``$name`` parameters and return a polars frame."""
    return conn.sql(sql, params=dict(params) if params else None).pl()


def one_row(conn: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> tuple[Any, ...]:
    """The one row a statement answers (a count, an aggregate, ``insert ... returning``).

    DuckDB's ``fetchone()`` gives ``None`` when there is no row; for these statements that is a bug, so it is
    raised here with the statement named rather than surfacing later as ``'NoneType' is not subscriptable``.
    """
    row = conn.execute(sql, params).fetchone()
    if row is None:
        raise LookupError(f"expected one row, got none from: {' '.join(sql.split())[:200]}")
    return row


def one_value(conn: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> Any:
    """The first column of the one row a statement answers (``select count(*) ...``)."""
    return one_row(conn, sql, params)[0]


def query(path: str | os.PathLike[str] | None, sql: str, params: Mapping[str, Any] | None = None) -> pl.DataFrame:
    """Open the warehouse read-only, run one SELECT, close it: the pattern for readers outside the pipeline."""
    with connect(path, read_only=True) as conn:
        return read(conn, sql, params)


def _is_lock_conflict(error: duckdb.Error) -> bool:
    return "lock" in str(error).lower()


@contextmanager
def connect_when_free(
    path: str | os.PathLike[str] | None = None, *, timeout_seconds: float = 600.0, first_wait: float = 0.05
) -> Iterator[duckdb.DuckDBPyConnection]:
    """``connect`` for parallel writers: while another process holds the file, wait and retry with backoff.

    DuckDB allows one read-write process per file, so parallel Dagster steps (partitions) take turns for their
    short write transactions; do heavy compute before opening, not while holding the connection.
    """
    deadline = time.monotonic() + timeout_seconds
    wait = first_wait
    with ExitStack() as stack:
        while True:
            try:
                conn = stack.enter_context(connect(path))
                break
            except duckdb.IOException as error:
                if not _is_lock_conflict(error) or time.monotonic() + wait > deadline:
                    raise
                time.sleep(wait * random.uniform(0.5, 1.5))
                wait = min(wait * 2, 2.0)
        yield conn


@contextmanager
def registered(conn: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> Iterator[str]:
    """Expose ``frame`` to SQL as view ``name`` for the duration of the block."""
    conn.register(name, frame)
    try:
        yield name
    finally:
        conn.unregister(name)


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Everything inside lands together or not at all: commit on success, roll back on any error (also on
    KeyboardInterrupt, so an interrupted load leaves nothing half-written)."""
    conn.execute("begin transaction")
    try:
        yield conn
    except BaseException:
        conn.execute("rollback")
        raise
    conn.execute("commit")
