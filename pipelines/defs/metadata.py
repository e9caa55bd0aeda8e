"""Dagster's standard table metadata for an asset that is a warehouse table: row count, column schema, table name."""

from __future__ import annotations

import dagster as dg

from warehouse.checks import TableShape


def table_metadata(shape: TableShape) -> dict[str, dg.MetadataValue]:
    """``dagster/row_count``, ``dagster/column_schema`` and ``dagster/table_name``, shown in the asset catalog."""
    schema = dg.TableSchema(columns=[dg.TableColumn(name, kind) for name, kind in shape.columns])
    return {
        "dagster/row_count": dg.MetadataValue.int(shape.rows),
        "dagster/column_schema": dg.MetadataValue.table_schema(schema),
        "dagster/table_name": dg.MetadataValue.text(shape.table),
    }
