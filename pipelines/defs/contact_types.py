"""Outbound campaigns, self-service (bot / IVR) and customer health marts (issue 21; docs/kpis.md)."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.resources import SettingsResource, WarehouseResource
from warehouse.contact_types import rebuild_customer_health, rebuild_outbound_marts, rebuild_self_service_daily


@dg.asset(deps=["core_interactions", "customer_contacts"], group_name="marts", kinds={"duckdb"}, pool="duckdb")
def outbound_marts(warehouse: WarehouseResource, koe_settings: SettingsResource) -> dg.MaterializeResult:
    """Outbound attempts, connects, right-party contacts and conversions per hour, campaign and agent; agents'
    calling time; the do-not-call and callback-requested lists."""
    with warehouse.connect() as conn:
        rows = rebuild_outbound_marts(conn, koe_settings.settings().timezone)
    return dg.MaterializeResult(metadata={f"{name}_rows": count for name, count in rows.items()})


@dg.asset(deps=["core_interactions", "theme_assignments"], group_name="marts", kinds={"duckdb"}, pool="duckdb")
def self_service_daily(warehouse: WarehouseResource, koe_settings: SettingsResource) -> dg.MaterializeResult:
    """Bot / IVR containment, hand-offs with their reasons, time in self-service, repeats after resolved sessions."""
    settings = koe_settings.settings()
    with warehouse.connect() as conn:
        rows = rebuild_self_service_daily(conn, settings.timezone, settings.fcr_window_days)
    return dg.MaterializeResult(metadata={"rows": rows})


@dg.asset(deps=["customer_contacts", "core_surveys", "conversation_metrics"], group_name="marts", kinds={"duckdb"},
          pool="duckdb")
def customer_health(warehouse: WarehouseResource, koe_settings: SettingsResource) -> dg.MaterializeResult:
    """Each customer's health (100 − weighted risk points of health/customer_health.yaml), weekly for movement."""
    with warehouse.connect() as conn:
        rows = rebuild_customer_health(conn, koe_settings.settings().timezone)
    return dg.MaterializeResult(metadata={"rows": rows})
