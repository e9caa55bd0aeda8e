"""Categories and alerts from rules/*.yaml (docs/rules.md)."""

from __future__ import annotations

import dagster as dg

from pipelines.alerting import deliver_alerts, evaluate_rules
from pipelines.defs.resources import SettingsResource, WarehouseResource
from rules import load_all


@dg.asset(deps=["qa_harassment_flags", "theme_trends", "dashboard_marts", "conversation_metrics", "core_messages",
                "message_sentiment"],
          group_name="rules", kinds={"duckdb", "polars"}, pool="duckdb")
def contact_rules(warehouse: WarehouseResource, koe_settings: SettingsResource) -> dg.MaterializeResult:
    """Contacts tagged with the rules' categories and the alerts they raise (each alert once, ever)."""
    from transforms.sentiment import score_texts  # only for messages with no stored sentiment

    counts = evaluate_rules(warehouse.connect, load_all(), koe_settings.settings(), score_texts)
    return dg.MaterializeResult(metadata=counts)


@dg.asset(deps=[contact_rules], group_name="rules", kinds={"smtp", "webhook"})
def alert_deliveries(warehouse: WarehouseResource, koe_settings: SettingsResource) -> dg.MaterializeResult:
    """New alerts sent by e-mail (KOE_ALERT_EMAIL_TO) and webhook (KOE_ALERT_WEBHOOK_URLS), exactly once per target."""
    return dg.MaterializeResult(metadata=deliver_alerts(warehouse.connect, koe_settings.settings()))
