"""The only place in Koe that opens DuckDB connections."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import duckdb
import polars as pl

from warehouse.settings import warehouse_path


@contextmanager
def connect(
    path: str | os.PathLike[str] | None = None, *, read_only: bool = False, migrate: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (creating and migrating it unless ``read_only``) and close it afterwards.

    DuckDB allows one read-write process per file, so keep connections short-lived.
    """
    target = warehouse_path(path)
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    conn = duckdb.connect(str(target), read_only=read_only)
    try:
        conn.execute("set TimeZone = 'UTC'")
        if migrate and not read_only:
            from warehouse.migrate import apply_migrations

            apply_migrations(conn)
        yield conn
    finally:
        conn.close()


def read(
    conn: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> pl.DataFrame:
    """Run a SELECT with bound ``$name`` parameters and return a polars frame."""
    return conn.sql(sql, params=dict(params) if params else None).pl()


def query(path: str | os.PathLike[str] | None, sql: str, params: Mapping[str, Any] | None = None) -> pl.DataFrame:
    """Open the warehouse read-only, run one SELECT, close it: the pattern for readers outside the pipeline."""
    with connect(path, read_only=True) as conn:
        return read(conn, sql, params)
