"""KPI marts read by dashboards and reports."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import SettingsResource, WarehouseResource
from warehouse.checks import table_shape
from warehouse.connection import one_value
from warehouse.incremental import update_kpi_daily


@dg.asset(deps=["core_interactions", "core_surveys"], group_name="marts", kinds={"duckdb"}, pool="duckdb")
def kpi_daily(warehouse: WarehouseResource, koe_settings: SettingsResource) -> dg.MaterializeResult:
    """Contact-center KPI components per local day × channel × queue × team (definitions in docs/kpis.md).

    Only the days that new loads (or the passing of time) can have changed are rebuilt; see warehouse/incremental.py.
    """
    settings = koe_settings.settings()
    params = {"tz": settings.timezone, "sl_seconds": settings.service_level_seconds,
              "fcr_days": settings.fcr_window_days}
    with warehouse.connect() as conn:
        plan, rows = update_kpi_daily(conn, params)
        shape = table_shape(conn, "marts.kpi_daily")
    days = plan.days or (None, None)
    return dg.MaterializeResult(metadata={**table_metadata(shape),
        "mode": "full" if plan.full else "incremental", "rows_written": rows, "first_day_rebuilt": str(days[0]),
        "last_day_rebuilt": str(days[1]), "new_loads": len(plan.new_loads),
    })


@dg.asset_check(asset=kpi_daily, name="offered_adds_up")
def offered_adds_up(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Answered plus abandoned never exceeds offered on any row."""
    with warehouse.connect() as conn:
        bad = one_value(conn, "select count(*) from marts.kpi_daily where answered + abandoned > offered")
    return dg.AssetCheckResult(passed=bad == 0, metadata={"rows_not_adding_up": int(bad)})
