"""Data-quality measurements used by the pipeline's asset checks."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from warehouse.connection import one_row, one_value

_CHECKABLE = {f"core.{t}": k for t, k in (("interactions", ("interaction_id",)), ("messages", ("message_id",)),
                                           ("surveys", ("survey_id",)), ("agents", ("agent_id",)),
                                           ("recordings", ("recording_id",)), ("names", ("kind", "code")),
                                           ("customers", ("customer_id",)))}


def _table(name: str) -> str:
    if name not in _CHECKABLE:
        raise ValueError(f"not a checkable table: {name}")
    return name


def row_count(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(one_value(conn, f"select count(*) from {_table(table)}"))


def duplicate_keys(conn: duckdb.DuckDBPyConnection, table: str, key: tuple[str, ...]) -> int:
    """How many keys (``key``: the table's natural key, all its columns) ``table`` holds more than once."""
    if _CHECKABLE[_table(table)] != key:
        raise ValueError(f"{', '.join(key)} is not the key of {table}")
    columns = ", ".join(key)
    sql = f"select count(*) from (select {columns} from {table} group by {columns} having count(*) > 1)"
    return int(one_value(conn, sql))


def quarantine_rate(conn: duckdb.DuckDBPyConnection, kind: str) -> float:
    """Share of rows of this kind rejected, over all loads (a reloaded load counts once, as its reload)."""
    read, rejected = one_row(
        conn,
        "select coalesce(sum(rows_read), 0), coalesce(sum(rows_quarantined), 0) from load_log"
        " where kind = $kind and status <> 'reloaded'",
        {"kind": kind},
    )
    return float(rejected) / float(read) if read else 0.0


@dataclass(frozen=True)
class TableShape:
    """A warehouse table's rows and columns (name, DuckDB type), for the orchestrator's catalog."""

    table: str
    rows: int
    columns: list[tuple[str, str]]


def table_shape(conn: duckdb.DuckDBPyConnection, table: str) -> TableShape:
    """Rows and columns of ``schema.table``; the name must be an existing table (it is looked up, never pasted)."""
    schema, _, name = table.partition(".")
    columns = conn.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_schema = $schema and table_name = $name order by ordinal_position",
        {"schema": schema, "name": name},
    ).fetchall()
    if not columns:
        raise ValueError(f"no such table: {table}")
    rows = one_value(conn, f'select count(*) from "{schema}"."{name}"')
    return TableShape(table, int(rows), [(str(c), str(t)) for c, t in columns])
