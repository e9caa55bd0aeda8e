"""KPI marts read by dashboards and reports."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.resources import SettingsResource, WarehouseResource
from warehouse.build import data_as_of, data_day_range, rebuild_table


@dg.asset(deps=["core_interactions", "core_surveys"], group_name="marts", kinds={"duckdb"})
def kpi_daily(warehouse: WarehouseResource, koe_settings: SettingsResource) -> dg.MaterializeResult:
    """Contact-center KPI components per local day × channel × queue × team (definitions in docs/kpis.md)."""
    settings = koe_settings.settings()
    with warehouse.connect() as conn:
        days = data_day_range(conn, settings.timezone)
        if days is None:
            return dg.MaterializeResult(metadata={"row_count": 0})
        params = {"tz": settings.timezone, "sl_seconds": settings.service_level_seconds,
                  "fcr_days": settings.fcr_window_days, "as_of": data_as_of(conn)}
        rows = rebuild_table(conn, "marts.kpi_daily", "marts/kpi_daily", params, days=days)
    return dg.MaterializeResult(metadata={"row_count": rows, "first_day": str(days[0]), "last_day": str(days[1])})


@dg.asset_check(asset=kpi_daily, name="offered_adds_up")
def offered_adds_up(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Answered plus abandoned never exceeds offered on any row."""
    with warehouse.connect() as conn:
        bad = conn.execute("select count(*) from marts.kpi_daily where answered + abandoned > offered").fetchone()[0]
    return dg.AssetCheckResult(passed=bad == 0, metadata={"rows_not_adding_up": int(bad)})
