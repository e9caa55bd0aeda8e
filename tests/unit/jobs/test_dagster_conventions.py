"""Dagster conventions: raw is the parent of core, writers share the duckdb pool, standard table metadata."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.definitions import build_defs
from pipelines.defs.core import core_customers
from pipelines.defs.resources import WarehouseResource

WRITERS = ["core_interactions", "core_customers", "kpi_daily", "dashboard_marts", "published_marts"]


def _graph():  # noqa: ANN202 — Dagster's asset graph class is not public API
    return build_defs().resolve_asset_graph()


def test_raw_assets_are_parents_of_core() -> None:
    graph = _graph()
    for kind in ("interactions", "messages", "surveys", "agents", "recordings"):
        assert dg.AssetKey(f"raw_{kind}") in graph.get(dg.AssetKey(f"core_{kind}")).parent_keys


def test_warehouse_writers_are_in_the_duckdb_pool_and_the_snapshot_has_a_freshness_policy() -> None:
    graph = _graph()
    for name in WRITERS:
        node = graph.get(dg.AssetKey(name))
        assert node.pools == {"duckdb"}, name
    assert graph.get(dg.AssetKey("published_marts")).freshness_policy is not None


def test_table_assets_report_row_count_and_schema(warehouse_file: Path) -> None:
    result = dg.materialize([core_customers], resources={"warehouse": WarehouseResource(path=str(warehouse_file))})
    metadata = result.asset_materializations_for_node("core_customers")[0].metadata
    assert metadata["dagster/row_count"].value == 0
    assert metadata["dagster/table_name"].value == "core.customers"
    columns = [column.name for column in metadata["dagster/column_schema"].schema.columns]
    assert "customer_id" in columns
