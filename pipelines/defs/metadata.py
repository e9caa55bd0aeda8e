"""Dagster's standard table metadata for an asset that is a warehouse table: row count, column schema, table name."""

from __future__ import annotations

import dagster as dg

from warehouse.checks import TableShape


def table_metadata(shape: TableShape) -> dict[str, object]:
    """``dagster/row_count``, ``dagster/column_schema`` and ``dagster/table_name``, shown in the asset catalog."""
    return {
        "dagster/row_count": shape.rows,
        "dagster/column_schema": dg.TableSchema(columns=[dg.TableColumn(name, kind) for name, kind in shape.columns]),
        "dagster/table_name": shape.table,
    }
