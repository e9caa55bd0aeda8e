"""The outbound, self-service and customer-health marts (issue 21; formulas in docs/kpis.md).

Outbound and self-service marts are rebuilt in full from core (a few rows per day); customer health is computed from
``marts.customer_contacts`` (pseudonymous keys) with the weights of health/customer_health.yaml.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from health.schema import load_config
from transforms.customer_health import score, scoring_moments
from transforms.sql import sql
from warehouse.build import data_as_of, rebuild_table
from warehouse.connection import read, registered, transaction


def rebuild_outbound_marts(conn: duckdb.DuckDBPyConnection, timezone: str) -> dict[str, int]:
    """Outbound calls per hour, campaign and agent; agents' calling time; the do-not-call / callback lists."""
    return {
        "outbound_hourly": rebuild_table(conn, "marts.outbound_hourly", "marts/outbound_hourly", {"timezone": timezone}),
        "outbound_agent_daily": rebuild_table(conn, "marts.outbound_agent_daily", "marts/outbound_agent_daily",
                                              {"timezone": timezone}),
        "outbound_followups": rebuild_table(conn, "marts.outbound_followups", "marts/outbound_followups"),
    }


def rebuild_self_service_daily(conn: duckdb.DuckDBPyConnection, timezone: str, fcr_window_days: int) -> int:
    """Bot / IVR containment, hand-offs and their reasons, repeats after a resolved session."""
    params = {"timezone": timezone, "fcr_days": fcr_window_days, "as_of": data_as_of(conn)}
    return rebuild_table(conn, "marts.self_service_daily", "marts/self_service_daily", params)


def rebuild_customer_health(conn: duckdb.DuckDBPyConnection, timezone: str, config_path: Path | None = None) -> int:
    """Score every customer with a contact in the window, on the data's last day and weekly before it."""
    config = load_config(config_path)
    as_of = data_as_of(conn)
    moments = scoring_moments(as_of, config) if as_of is not None else []
    components = read(conn, sql("marts/customer_health"),
                      {"moments": moments, "window_days": config.window_days, "timezone": timezone})
    scored = score(components, config)
    with registered(conn, "koe_customer_health", scored), transaction(conn):
        conn.execute("delete from marts.customer_health")
        conn.execute("insert into marts.customer_health by name select * from koe_customer_health")
    return scored.height
