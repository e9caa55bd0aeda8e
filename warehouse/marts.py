"""Reading marts and bookkeeping for the CLI and reports (read-only)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

import polars as pl

from warehouse.connection import connect, read
from warehouse.sql import statement


def kpi_components(path: str | os.PathLike[str] | None, day_from: date | None, day_to: date | None) -> pl.DataFrame:
    """``marts.kpi_daily`` rows for an inclusive day range (open ends allowed)."""
    with connect(path, read_only=True) as conn:
        return read(
            conn,
            "select * from marts.kpi_daily where day >= coalesce($day_from, date '0001-01-01')"
            " and day <= coalesce($day_to, date '9999-12-31') order by day",
            {"day_from": day_from, "day_to": day_to},
        )


@dataclass(frozen=True)
class LoadStatus:
    tables: pl.DataFrame
    quarantine: pl.DataFrame
    checks: pl.DataFrame
    loads: pl.DataFrame


def load_status(path: str | os.PathLike[str] | None, check_names: list[str]) -> LoadStatus:
    """Tables, quarantine by problem, the cross-field checks' counts (``check_names``) and the last loads (with
    each input kind's latest)."""
    with connect(path, read_only=True) as conn:
        tables = read(conn, "select schema_name || '.' || table_name as table_name, estimated_size as rows"
                            " from duckdb_tables() where schema_name in ('core', 'marts') order by 1")
        quarantine = read(conn, statement("loads/quarantine_summary"))
        checks = read(conn, statement("loads/check_counts"), {"checks": check_names})
        loads = read(conn, statement("loads/last_loads"))
    return LoadStatus(tables, quarantine, checks, loads)
