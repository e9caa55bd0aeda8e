"""The customers' timelines under pseudonymous keys, for the dashboard."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.resources import SettingsResource, WarehouseResource
from warehouse.customers import load_secret, rebuild_customer_contacts, secret_path


@dg.asset(deps=["core_customers", "core_surveys", "qa_harassment_flags", "theme_assignments"], group_name="marts",
          kinds={"duckdb"}, pool="duckdb")
def customer_contacts(warehouse: WarehouseResource, koe_settings: SettingsResource) -> dg.MaterializeResult:
    """Every contact of a known customer under a keyed-hash customer key, with the repeat-contact chain."""
    secret = load_secret(secret_path(warehouse.path or None))
    with warehouse.connect() as conn:
        rows = rebuild_customer_contacts(conn, secret, koe_settings.settings().fcr_window_days)
    return dg.MaterializeResult(metadata={"rows": rows})
