"""Outbound, self-service and customer-health pages (issue 21): marts rolled up with transforms.kpis, scoped by role."""

from __future__ import annotations

import duckdb
import polars as pl

from dashboards.queries.base import Filters, present_tables, read, where
from dashboards.queries.names import with_agent_names
from health.schema import HealthConfig
from transforms.customer_health import component_points, movement, points_column
from transforms.kpis import roll_up, roll_up_flows

OUTBOUND_FLOWS = ["attempts", "connects", "right_party_contacts", "conversions", "callbacks_requested", "do_not_call",
                  "handle_seconds_sum", "handle_timed"]
SELF_SERVICE_FLOWS = ["entered", "contained", "handed_off", "handoff_self_service_seconds_sum", "bot_resolved",
                      "bot_resolved_repeat"]


def _local(column: pl.Expr, timezone: str) -> pl.Expr:
    """A naive UTC time column as local wall time (what every screen shows)."""
    return column.dt.replace_time_zone("UTC").dt.convert_time_zone(timezone).dt.replace_time_zone(None)


def _present(conn: duckdb.DuckDBPyConnection, table: str) -> bool:
    return table in present_tables(conn)


def _outbound_rows(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    if not _present(conn, "marts.outbound_hourly"):
        return pl.DataFrame()
    clause, params = where(filters, dimensions=("team",), agent_column="agent_id", team_column="team")
    return read(conn, f"select * from marts.outbound_hourly where {clause}", params)


def outbound_summary(conn: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, pl.DataFrame]:
    """Per campaign, per agent (with calls per agent hour), per local hour (best hours by connect rate)."""
    rows = _outbound_rows(conn, filters)
    if rows.is_empty():
        return {}
    clause, params = where(filters, dimensions=("team",), agent_column="agent_id", team_column="team")
    hours = read(conn, f"select agent_id, sum(calls)::bigint as calls, sum(calling_seconds) as calling_seconds"
                       f" from marts.outbound_agent_daily where {clause} group by agent_id", params)
    agents = roll_up_flows(rows, ["agent_id"], OUTBOUND_FLOWS).join(
        roll_up_flows(hours, ["agent_id"], ["calls", "calling_seconds"]).drop("calls", "calling_seconds"),
        on="agent_id", how="left")
    return {
        "campaigns": roll_up_flows(rows, ["campaign"], OUTBOUND_FLOWS).sort("conversion_rate", nulls_last=True),
        "agents": with_agent_names(conn, agents),
        "hours": roll_up_flows(rows, ["hour"], OUTBOUND_FLOWS).sort("hour"),
        "total": roll_up_flows(rows, [], OUTBOUND_FLOWS),
    }


def outbound_followups(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """The do-not-call and callback-requested lists (pseudonymous customers), calls placed in the period."""
    if not _present(conn, "marts.outbound_followups"):
        return pl.DataFrame()
    clause, params = where(filters, day_column=None, dimensions=("team",), agent_column="agent_id",
                           team_column="team", created_column="called_at")
    rows = read(conn, f"select disposition, campaign, customer_key, called_at, attempt, agent_id, interaction_id"
                      f" from marts.outbound_followups where {clause} order by disposition desc, called_at desc", params)
    return with_agent_names(conn, rows.with_columns(_local(pl.col("called_at"), filters.timezone)))


def kpis_by_direction(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Every KPI of marts.kpi_daily split inbound / outbound."""
    clause, params = where(filters, dimensions=("channel", "queue", "team", "direction"))
    return roll_up(read(conn, f"select * from marts.kpi_daily where {clause}", params), ["direction"])


def self_service(conn: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, pl.DataFrame]:
    """Containment and hand-offs per channel and queue, and the hand-off reasons per channel (chat: what the bot
    could not handle; phone: what callers went past the IVR for)."""
    if not _present(conn, "marts.self_service_daily"):
        return {}
    clause, params = where(filters, dimensions=("channel", "queue"))
    rows = read(conn, f"select * from marts.self_service_daily where {clause}", params)
    if rows.is_empty():
        return {}
    reasons = roll_up_flows(rows.filter(pl.col("handed_off") > 0), ["channel", "handoff_reason"], ["handed_off"])
    share = pl.col("handed_off") * 100 / pl.col("handed_off").sum().over("channel")  # of the channel's hand-offs
    return {
        "queues": roll_up_flows(rows, ["channel", "queue"], SELF_SERVICE_FLOWS).sort("entered", descending=True),
        "reasons": reasons.with_columns(share.alias("share_of_handoffs"))
        .sort(["channel", "handed_off"], descending=[False, True]),
        "total": roll_up_flows(rows, [], SELF_SERVICE_FLOWS),
    }


def health_computed(conn: duckdb.DuckDBPyConnection) -> bool:
    """Whether the customer-health stage has scored anyone (the list is empty before it has)."""
    return _present(conn, "marts.customer_health") and bool(
        conn.execute("select count(*) from marts.customer_health").fetchall()[0][0])


def customers_at_risk(conn: duckdb.DuckDBPyConnection, config: HealthConfig, timezone: str) -> pl.DataFrame:
    """Customers on the latest scoring day, lowest health first, each component's points, the change in a week and
    their latest contact (the link to the timeline)."""
    if not _present(conn, "marts.customer_health"):
        return pl.DataFrame()
    health = read(conn, "select * from marts.customer_health", {})
    if health.is_empty():
        return health
    latest = component_points(movement(health), config)
    last_contact = read(conn, "select customer_key, arg_max(interaction_id, created_at) as interaction_id"
                              " from marts.customer_contacts group by customer_key", {})
    shown = ["customer_key", "health", "health_change", "risk_points",
             *(points_column(name) for name in config.components), "last_contact_at"]
    return latest.join(last_contact, on="customer_key", how="left").select(*shown, "interaction_id").sort(
        "health", "health_change").with_columns(_local(pl.col("last_contact_at"), timezone))


def risk_breakdown(at_risk: pl.DataFrame, config: HealthConfig, lang: str) -> pl.Series:
    """Per customer, where their risk points come from in words, largest first, components with no points left
    out: 「同じテーマの再問い合わせ 30 · 低いCSAT (1〜2) 24」. One readable column in place of a column per component,
    so the list fits the page; the weights table beside it says how each component is counted."""
    labels = {points_column(name): getattr(c.label, lang) for name, c in config.components.items()}
    shown = []
    for row in at_risk.select(list(labels)).iter_rows(named=True):
        parts = sorted(((points, column) for column, points in row.items() if points), key=lambda p: (-p[0], p[1]))
        shown.append(" · ".join(f"{labels[column]} {points:g}" for points, column in parts) or "—")
    return pl.Series("risk_breakdown", shown, dtype=pl.String)


def health_history(conn: duckdb.DuckDBPyConnection, customer_keys: list[str]) -> pl.DataFrame:
    """Health per scoring day of the given customers (the movement chart)."""
    if not customer_keys or not _present(conn, "marts.customer_health"):
        return pl.DataFrame()
    return read(conn, "select customer_key, scored_on, health from marts.customer_health"
                      " where list_contains($keys, customer_key) order by scored_on", {"keys": customer_keys})
