"""Derived core tables and the checks that guard core data."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import WarehouseResource
from pipelines.ingest.landing import LOAD_ORDER
from transforms.ingest.schemas import input_kind
from warehouse.build import rebuild_table
from warehouse.checks import duplicate_keys, quarantine_rate, row_count, table_shape

QUARANTINE_RATE_LIMIT = 0.05  # more than 5 % of a kind's rows rejected means an export changed shape


@dg.asset(deps=["core_interactions", "core_surveys"], group_name="core", kinds={"duckdb"}, pool="duckdb")
def core_customers(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per customer: first and last contact, number of contacts."""
    with warehouse.connect() as conn:
        rebuild_table(conn, "core.customers", "core/customers")
        shape = table_shape(conn, "core.customers")
    return dg.MaterializeResult(metadata=table_metadata(shape))


@dg.asset_check(asset="core_interactions", name="has_rows", blocking=True)
def interactions_have_rows(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Every later step needs contacts; the other kinds may legitimately be empty (no surveys, no recordings)."""
    with warehouse.connect() as conn:
        count = row_count(conn, "core.interactions")
    return dg.AssetCheckResult(passed=count > 0, metadata={"dagster/row_count": count})


def _core_checks(kind: str) -> list[dg.AssetChecksDefinition]:
    asset = f"core_{kind}"
    key = input_kind(kind).key

    @dg.asset_check(asset=asset, name="unique_key", blocking=True)
    def unique_key(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect() as conn:
            duplicates = duplicate_keys(conn, f"core.{kind}", key)
        return dg.AssetCheckResult(passed=duplicates == 0, metadata={"duplicate_keys": duplicates})

    @dg.asset_check(asset=asset, name="quarantine_rate")
    def quarantine_under_limit(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect() as conn:
            rate = quarantine_rate(conn, kind)
        return dg.AssetCheckResult(passed=rate <= QUARANTINE_RATE_LIMIT,
                                   metadata={"quarantine_rate": rate, "limit": QUARANTINE_RATE_LIMIT})

    return [unique_key, quarantine_under_limit]


core_checks = [check for kind in LOAD_ORDER for check in _core_checks(kind)]
