"""Outbound, self-service and customer-health callbacks (issue 21): every value from the client checked by
dashboards.payloads, every number from dashboards.queries.contact_types (formulas in transforms/kpis.py and
transforms/customer_health.py), shown with its unit."""

from __future__ import annotations

import dash
import plotly.graph_objects as go
import polars as pl
from dash import Input, Output, html

from dashboards import display, ids, payloads
from dashboards.callbacks.common import FILTER_INPUTS, filters_from
from dashboards.components import empty_state_id, format_value
from dashboards.config import current_config
from dashboards.empty_states import charts_say_why, why_nobody_at_risk
from dashboards.figures import said_if_empty, say_why
from dashboards.i18n import t
from dashboards.queries import contact_types as queries
from dashboards.queries import open_snapshot
from health.schema import default_config

DIRECTION_COLUMNS = ["direction", "contacts", "handled", "aht_seconds", "answer_rate", "fcr_rate", "transfer_rate",
                     "csat_pct"]
CAMPAIGN_COLUMNS = ["campaign", "attempts", "connect_rate", "right_party_rate", "conversions", "conversion_rate",
                    "callbacks_requested", "do_not_call", "aht_seconds"]
AGENT_COLUMNS = ["agent_name", "attempts", "connect_rate", "conversion_rate", "calls_per_agent_hour", "aht_seconds"]
FOLLOWUP_COLUMNS = ["disposition", "campaign", "customer_key", "called_at", "attempt", "agent_name", "interaction_id"]
QUEUE_COLUMNS = ["channel", "queue", "entered", "contained", "containment_rate", "handoff_rate",
                 "self_service_seconds_before_handoff", "bot_repeat_rate"]
REASON_COLUMNS = ["channel", "handoff_reason", "handed_off", "share_of_handoffs"]
SELF_SERVICE_TILES = ("entered", "containment_rate", "handoff_rate", "self_service_seconds_before_handoff",
                      "bot_repeat_rate")
WEIGHT_COLUMNS = ["component", "weight", "free", "cap", "max_points"]
CUSTOMER_COLUMNS = ["customer_key", "health", "health_change", "risk_points", "risk_breakdown", "last_contact_at",
                    "interaction_id"]
MOVEMENT_CUSTOMERS = 10


def _link(interaction_id: object) -> str:
    return f"[{interaction_id}](/interactions/{interaction_id})" if interaction_id else "—"


def _table(frame: pl.DataFrame, columns: list[str], lang: str, links: tuple[str, ...] = ()) -> tuple[list, list]:
    if frame.is_empty():
        return [], display.columns(columns, lang, links)
    rows = display.rows(frame.select(columns), lang)
    for row in rows:
        for link in links:
            row[link] = _link(row[link])
    return rows, display.columns(columns, lang, links)


def _figure(title: str) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(title={"text": title, "x": 0, "font": {"size": 14}}, height=320, template="plotly_white",
                         margin={"l": 48, "r": 16, "t": 36, "b": 40},
                         font={"family": "Noto Sans CJK JP, Noto Sans JP, sans-serif"})
    return figure


def _hours_figure(hours: pl.DataFrame, lang: str) -> go.Figure:
    figure = _figure(t("col_connect_rate", lang) + " (%)")
    if not hours.is_empty():
        figure.add_bar(x=[f"{h}:00" for h in hours["hour"]], y=hours["connect_rate"].to_list(),
                       text=[format_value(v, "connect_rate", lang) for v in hours["connect_rate"]],
                       name=t("col_connect_rate", lang), marker_color="#1f6feb")
    figure.update_yaxes(ticksuffix="%", rangemode="tozero")
    return said_if_empty(figure, lang)


def _movement_figure(history: pl.DataFrame, lang: str) -> go.Figure:
    figure = _figure(t("col_health", lang))
    for key in history["customer_key"].unique(maintain_order=True).to_list() if not history.is_empty() else []:
        part = history.filter(pl.col("customer_key") == key)
        figure.add_scatter(x=[d.isoformat() for d in part["scored_on"]], y=part["health"].to_list(), name=key,
                           mode="lines+markers")
    figure.update_xaxes(tickformat="%m/%d")
    figure.update_yaxes(range=[0, 105])
    return said_if_empty(figure, lang)


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.OUTBOUND_DIRECTION, "rowData"), Output(ids.OUTBOUND_DIRECTION, "columnDefs"),
        Output(ids.OUTBOUND_CAMPAIGNS, "rowData"), Output(ids.OUTBOUND_CAMPAIGNS, "columnDefs"),
        Output(ids.OUTBOUND_AGENTS, "rowData"), Output(ids.OUTBOUND_AGENTS, "columnDefs"),
        Output(ids.OUTBOUND_HOURS, "figure"),
        Output(ids.OUTBOUND_FOLLOWUPS, "rowData"), Output(ids.OUTBOUND_FOLLOWUPS, "columnDefs"),
        Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
    )
    def outbound(lang: object, *filter_values: object) -> tuple:
        """KPIs by direction, campaigns (worst conversion first), agents, connect rate by hour, the two lists."""
        filters, lang = filters_from(*filter_values), payloads.language(lang)
        with open_snapshot(current_config().snapshot_path) as conn:
            by_direction = queries.kpis_by_direction(conn, filters)
            summary = queries.outbound_summary(conn, filters)
            followups = queries.outbound_followups(conn, filters)
            empty = pl.DataFrame()
            hours, = charts_say_why(conn, filters, lang, _hours_figure(summary.get("hours", empty), lang),
                                    page="outbound")
        return (*_table(by_direction, DIRECTION_COLUMNS, lang),
                *_table(summary.get("campaigns", empty), CAMPAIGN_COLUMNS, lang),
                *_table(summary.get("agents", empty), AGENT_COLUMNS, lang), hours,
                *_table(followups, FOLLOWUP_COLUMNS, lang, links=("interaction_id",)))

    @app.callback(
        Output(ids.SELFSERVICE_TILES, "children"), Output(ids.SELFSERVICE_REASONS, "rowData"),
        Output(ids.SELFSERVICE_REASONS, "columnDefs"), Output(ids.SELFSERVICE_QUEUES, "rowData"),
        Output(ids.SELFSERVICE_QUEUES, "columnDefs"), Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
    )
    def self_service(lang: object, *filter_values: object) -> tuple:
        """Containment tiles, the hand-off reasons (most frequent first) and containment per channel and queue."""
        filters, lang = filters_from(*filter_values), payloads.language(lang)
        with open_snapshot(current_config().snapshot_path) as conn:
            parts = queries.self_service(conn, filters)
        if not parts:
            return ([html.P(t("selfservice_empty", lang), className="empty")],
                    *_table(pl.DataFrame(), REASON_COLUMNS, lang), *_table(pl.DataFrame(), QUEUE_COLUMNS, lang))
        total = parts["total"].row(0, named=True)
        tiles = [html.Div([html.Div(display.column_label(name, lang), className="kpi-label"),
                           html.Div(format_value(total[name], name, lang), className="kpi-value",
                                    id=f"selfservice-kpi-{name}")], className="kpi-tile")
                 for name in SELF_SERVICE_TILES]
        return tiles, *_table(parts["reasons"], REASON_COLUMNS, lang), *_table(parts["queues"], QUEUE_COLUMNS, lang)

    @app.callback(
        Output(ids.CUSTOMERS_LIST, "rowData"), Output(ids.CUSTOMERS_LIST, "columnDefs"),
        Output(empty_state_id(ids.CUSTOMERS_LIST), "children"), Output(ids.CUSTOMERS_WEIGHTS, "rowData"), Output(ids.CUSTOMERS_WEIGHTS, "columnDefs"),
        Output(ids.CUSTOMERS_MOVEMENT, "figure"), Output(ids.CUSTOMERS_STATUS, "children"),
        Input(ids.SHELL_LANG, "value"),
    )
    def customers(lang: object) -> tuple:
        """Customers below the at-risk line, lowest health first, where their risk points come from; the weights;
        movement; when nobody is listed, why."""
        lang, config = payloads.language(lang), default_config()
        with open_snapshot(current_config().snapshot_path) as conn:
            at_risk = queries.customers_at_risk(conn, config, current_config().timezone)
            at_risk = at_risk.filter(pl.col("health") < config.at_risk_below) if not at_risk.is_empty() else at_risk
            history = queries.health_history(conn, at_risk.head(MOVEMENT_CUSTOMERS)["customer_key"].to_list()
                                             if not at_risk.is_empty() else [])
            why = why_nobody_at_risk(conn, config.at_risk_below, lang) if at_risk.is_empty() else None
        if not at_risk.is_empty():
            at_risk = at_risk.with_columns(queries.risk_breakdown(at_risk, config, lang))
        rows, columns = _table(at_risk, CUSTOMER_COLUMNS, lang, links=("interaction_id",))
        weights = pl.DataFrame([{"component": getattr(c.label, lang), "weight": c.weight, "free": c.free, "cap": c.cap,
                                 "max_points": c.weight * c.cap} for c in config.components.values()])
        status = t("customers_note", lang).format(days=config.window_days, below=f"{config.at_risk_below:g}")
        movement = _movement_figure(history, lang)
        return (rows, columns, why or dash.no_update, *_table(weights, WEIGHT_COLUMNS, lang),
                say_why(movement, why) if why else movement, status)
