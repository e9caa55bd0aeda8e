"""Dashboard marts, UI reviews imported into the QA tables, and the read-only snapshot the dashboard reads."""

from __future__ import annotations

from datetime import timedelta

import dagster as dg

from pipelines.defs.resources import SettingsResource, WarehouseResource
from warehouse import app_store, review_store
from warehouse.publish import publish_snapshot, rebuild_dashboard_marts


@dg.asset(deps=["core_interactions", "core_surveys"], group_name="marts", kinds={"duckdb"}, pool="duckdb")
def dashboard_marts(warehouse: WarehouseResource, koe_settings: SettingsResource) -> dg.MaterializeResult:
    """Contacts per local 30-minute interval and handled contacts per agent and day, for the dashboard."""
    settings = koe_settings.settings()
    with warehouse.connect() as conn:
        rows = rebuild_dashboard_marts(conn, settings.timezone, settings.service_level_seconds)
    return dg.MaterializeResult(metadata={f"{name}_rows": count for name, count in rows.items()})


@dg.asset(deps=["qa_scores"], group_name="qa", kinds={"duckdb", "sqlite"}, pool="duckdb")
def qa_ui_reviews(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Criterion overrides, disputes and their decisions, and "needs tuning" marks submitted in the dashboard,
    appended to qa.reviews, qa.dispute_events and qa.criterion_tuning."""
    store = app_store.app_store_path(warehouse.path or None)
    with warehouse.connect() as conn:
        counts = app_store.import_pending(conn, store)
        counts["decisions"] = review_store.import_decisions(conn, store)
        counts["tuning"] = review_store.import_tuning(conn, store)
    return dg.MaterializeResult(metadata=counts)


@dg.asset(
    deps=["kpi_daily", dashboard_marts, qa_ui_reviews, "qa_review_queue", "qa_harassment_flags", "theme_trends", "masked_recordings",
          "contact_rules", "customer_contacts", "outbound_marts", "self_service_daily", "customer_health", "core_names"],
    group_name="dashboard",
    kinds={"duckdb"},
    pool="duckdb",
    # The nightly run publishes by 02:xx; a snapshot older than a day and a bit means the pipeline has stopped.
    freshness_policy=dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=26), warn_window=timedelta(hours=25)),
)
def published_marts(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Read-only snapshot of the marts, redacted drill-down tables, QA and themes results, swapped in atomically."""
    with warehouse.connect() as conn:
        snapshot = publish_snapshot(conn, warehouse.path or None)
    return dg.MaterializeResult(metadata={"path": str(snapshot.path), **{k: int(v) for k, v in snapshot.tables.items()}})
