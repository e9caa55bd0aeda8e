"""Rebuild derived tables from the SELECT-only SQL in ``transforms/sql``, atomically."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import duckdb

from transforms.sql import sql
from warehouse.connection import one_row, one_value, transaction
from warehouse.sql import statement

_TABLE = re.compile(r"^(core|marts)\.[a-z_]+$")


def rebuild_table(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    model: str,
    params: Mapping[str, Any] | None = None,
    *,
    days: tuple[date, date] | None = None,
    full: bool = False,
) -> int:
    """Replace ``table``'s rows with the result of ``transforms/sql/<model>.sql``; return the rows written.

    With ``days`` only rows whose ``day`` falls in that inclusive range are replaced (the model must take
    ``$day_from``/``$day_to``), so a daily update touches only the new days; with ``full`` as well, every old
    row goes first (a full build over the data's whole day range).
    """
    if not _TABLE.match(table):
        raise ValueError(f"not a rebuildable table: {table}")
    bound = dict(params or {})
    if days is not None:
        bound.update(day_from=days[0], day_to=days[1])
    with transaction(conn):
        if days is None or full:
            conn.execute(f"delete from {table}")
        else:
            conn.execute(f"delete from {table} where day between $day_from and $day_to",
                         {"day_from": days[0], "day_to": days[1]})
        written = one_value(conn, f"insert into {table} by name {sql(model)}", bound)
    return int(written)


def data_day_range(conn: duckdb.DuckDBPyConnection, tz: str) -> tuple[date, date] | None:
    """First and last local day with any interaction or survey (None for an empty warehouse)."""
    row = one_row(conn, statement("marts/data_day_range"), {"tz": tz})
    return None if row[0] is None else (row[0], row[1])


def data_as_of(conn: duckdb.DuckDBPyConnection) -> Any:
    """The latest timestamp in the data (naive UTC): 'now' for backlog, SLA and the FCR window."""
    return conn.execute(
        "select max(t) from (select max(created_at) t from core.interactions"
        " union all select max(resolved_at) from core.interactions union all select max(responded_at) from core.surveys)"
    ).fetchall()[0][0]  # fetchall: no unfinished result left on the connection for a following conn.sql
